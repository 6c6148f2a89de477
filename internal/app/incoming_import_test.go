package app_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/orgimport"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// registerXLSX builds an .xlsx whose first sheet holds rows from A1.
func registerXLSX(t *testing.T, rows [][]any) []byte {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	for i, r := range rows {
		if err := x.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// threeDocs is a valid register: 拟办人 by login name, by name and left to
// the office director (王建国, zhuren).
var threeDocs = [][]any{
	{"收文日期", "来文单位", "文号", "标题", "紧急程度", "阅件/办件", "拟办人", "内容摘要"},
	{"2026-11-20", "市人民政府办公室", "市政办发[2026]90号", "关于做好冬季森林防火工作的通知", "特急", "办件", "liufang", "请于12月10日前报送方案。"},
	{"2026/11/23", "市应急管理局", "市应急函〔2026〕41号", "关于开展安全生产大检查的函", "急件", "办件", "王建国", ""},
	{"2026年11月25日", "市农业农村局", "", "关于报送秋冬种进度的通知", "", "", "", ""},
}

// incomingTodo lists username's open 收文 待办 on doc id by step.
func (f *fixture) incomingTodo(username string, id int64) []string {
	f.t.Helper()
	wl, err := f.app.Work(f.ctx, f.actor(username), zhongshu.WorkTodo, false, app.Page{})
	if err != nil {
		f.t.Fatal(err)
	}
	var out []string
	for _, w := range wl.Items {
		if w.Module == app.IncomingModule && w.RefID == id {
			out = append(out, w.Step)
		}
	}
	return out
}

func (f *fixture) incomingTotal(username string) int {
	f.t.Helper()
	l, err := f.app.FindIncomingDocs(f.ctx, f.actor(username), store.IncomingFilter{}, app.Page{})
	if err != nil {
		f.t.Fatal(err)
	}
	return l.Total
}

func (f *fixture) incomingDoc(id int64) *zhongshu.IncomingDoc {
	f.t.Helper()
	var d *zhongshu.IncomingDoc
	if err := f.db.View(f.ctx, func(tx *store.Tx) (err error) { d, err = tx.FindIncomingByID(f.ctx, id); return err }); err != nil {
		f.t.Fatal(err)
	}
	return d
}

func TestImportIncoming_ValidFile(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		before := f.incomingTotal("wenshu")
		rep, err := f.app.ImportIncoming(f.ctx, f.actor("wenshu"), "收文登记簿.xlsx", bytes.NewReader(registerXLSX(t, threeDocs)))
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK() || rep.Imported() != 3 || rep.Lines != 3 {
			t.Fatalf("report = %+v", rep)
		}
		wantWarnings := []orgimport.RowError{{Line: 2, Column: "来文字号", Message: "发文字号的年份应使用六角括号〔〕，已自动更正"}}
		if diff := cmp.Diff(wantWarnings, rep.Warnings); diff != "" {
			t.Errorf("warnings (-want +got):\n%s", diff)
		}
		if got := f.incomingTotal("wenshu"); got != before+3 {
			t.Errorf("%d documents after the import, want %d", got, before+3)
		}
		first := rep.Docs[0].Seq
		for i, d := range rep.Docs {
			saved := f.incomingDoc(d.ID)
			if saved.Seq != first+i || saved.Number != store.IncomingNumber(2026, first+i) || saved.Status != zhongshu.IncomingRegistered {
				t.Errorf("row %d: %s seq %d status %s, want seq %d registered", i+2, saved.Number, saved.Seq, saved.Status, first+i)
			}
			if got := f.incomingEvents(d.ID); !slices.Equal(got, []string{app.EventImport}) {
				t.Errorf("row %d timeline = %v", i+2, got)
			}
		}
		if rep.FirstNumber() != rep.Docs[0].Number || rep.LastNumber() != rep.Docs[2].Number {
			t.Errorf("numbers %s–%s", rep.FirstNumber(), rep.LastNumber())
		}
		// 待办 for the 拟办人: 刘芳 by login name, 王建国 by name and by default.
		todo := map[string][]string{
			"liufang": f.incomingTodo("liufang", rep.Docs[0].ID),
			"zhuren":  append(f.incomingTodo("zhuren", rep.Docs[1].ID), f.incomingTodo("zhuren", rep.Docs[2].ID)...),
		}
		want := map[string][]string{"liufang": {app.StepIncomingPropose}, "zhuren": {app.StepIncomingPropose, app.StepIncomingPropose}}
		if diff := cmp.Diff(want, todo); diff != "" {
			t.Errorf("待办 (-want +got):\n%s", diff)
		}
		if e := f.lastAudit(); e.Action != "incoming.import" || !e.Success || !strings.Contains(e.Detail, "收文登记簿.xlsx") ||
			!strings.Contains(e.Detail, "共 3 件") {
			t.Errorf("audit = %s %v %q", e.Action, e.Success, e.Detail)
		}

		// The first row registered by hand makes the same document.
		byHand := &zhongshu.IncomingDoc{ReceivedAt: rep.Docs[0].ReceivedAt, SenderName: "市人民政府办公室",
			SenderNumber: "市政办发[2026]90号", Title: "关于做好冬季森林防火工作的通知", Urgency: zhongshu.UrgencyExtra,
			Channel: zhongshu.ChannelPaper, Handling: zhongshu.HandlingAction, ProposerID: f.actor("liufang").ID(),
			Summary: "请于12月10日前报送方案。"}
		warnings, err := f.app.RegisterIncoming(f.ctx, f.actor("wenshu"), byHand, app.ModeRegister)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.Join(warnings, ""), "已登记过1次") {
			t.Errorf("registering the same 来文字号 again: warnings %v", warnings)
		}
		ignore := cmpopts.IgnoreFields(zhongshu.IncomingDoc{}, "ID", "Seq", "Number", "CreatedAt", "UpdatedAt")
		if diff := cmp.Diff(f.incomingDoc(byHand.ID), f.incomingDoc(rep.Docs[0].ID), ignore); diff != "" {
			t.Errorf("imported differs from registered by hand (-hand +imported):\n%s", diff)
		}
	})
}

func TestImportIncoming_InvalidRowsImportNothing(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		before := f.incomingTotal("wenshu")
		data := registerXLSX(t, [][]any{
			{"收文日期", "来文机关", "标题", "密级"},
			{"2026-11-20", "市人民政府办公室", "关于做好冬季森林防火工作的通知", "非密"},
			{"2026-11-20", "市国家安全局", "关于某专项工作的通知", "机密"},
			{"2026-11-21", "市财政局", "", ""},
		})
		rep, err := f.app.ImportIncoming(f.ctx, f.actor("wenshu"), "bad.xlsx", bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		want := []orgimport.RowError{
			{Line: 3, Column: "密级", Message: zhongshu.ClassifiedMessage},
			{Line: 4, Column: "标题", Message: "请填写标题"},
		}
		if diff := cmp.Diff(want, rep.Problems); diff != "" {
			t.Errorf("problems (-want +got):\n%s", diff)
		}
		if rep.OK() || rep.Imported() != 0 {
			t.Errorf("report = %+v", rep)
		}
		if got := f.incomingTotal("wenshu"); got != before {
			t.Errorf("%d documents imported from an invalid file", got-before)
		}
		// The attempt to bring in a 涉密 document is audited as refused.
		if e := f.lastAudit(); e.Action != "incoming.import" || e.Success || !strings.Contains(e.Detail, "第3行") {
			t.Errorf("audit = %s %v %q", e.Action, e.Success, e.Detail)
		}
		// No number was used up: the next registration takes the next one.
		d := newIncoming()
		if _, err := f.app.RegisterIncoming(f.ctx, f.actor("wenshu"), d, app.ModeRegister); err != nil {
			t.Fatal(err)
		}
		if d.Seq != before+1 {
			t.Errorf("next 收文号 %s, want seq %d", d.Number, before+1)
		}
	})
}

func TestImportIncoming_CSV(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		var b strings.Builder
		for _, r := range threeDocs {
			for i, c := range r {
				if i > 0 {
					b.WriteString(",")
				}
				fmt.Fprint(&b, c)
			}
			b.WriteString("\r\n")
		}
		// As Chinese Excel saves it: GB18030.
		gbk, err := simplifiedchinese.GB18030.NewEncoder().String(b.String())
		if err != nil {
			t.Fatal(err)
		}
		rep, err := f.app.ImportIncoming(f.ctx, f.actor("wenshu"), "登记簿.CSV", strings.NewReader(gbk))
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK() || rep.Imported() != 3 {
			t.Fatalf("report = %+v", rep)
		}
		if d := f.incomingDoc(rep.Docs[1].ID); d.Title != "关于开展安全生产大检查的函" || d.Urgency != zhongshu.UrgencyUrgent ||
			d.Kind != zhongshu.KindLetter || d.ProposerID != f.actor("zhuren").ID() {
			t.Errorf("row 3 = %+v", d)
		}
	})
}

func TestImportIncoming_Refused(t *testing.T) {
	f := newFixture(t, "sqlite", true)
	data := registerXLSX(t, threeDocs)
	for _, u := range []string{"zhuren", "xianzhang", "fgj.lly"} {
		_, err := f.app.ImportIncoming(f.ctx, f.actor(u), "x.xlsx", bytes.NewReader(data))
		if zhongshu.ErrorCode(err) != zhongshu.CodeForbidden {
			t.Errorf("%s: %v, want forbidden", u, err)
		}
		if e := f.lastAudit(); e.Action != "incoming.import" || e.Success {
			t.Errorf("%s: audit = %s %v", u, e.Action, e.Success)
		}
	}
	// Files that cannot be used at all.
	tests := map[string]string{
		"no file":      "",
		"not a sheet":  "x.docx",
		"no data rows": "empty.csv",
		"too many":     "big.csv",
	}
	big := "收文日期,来文机关,标题\n" + strings.Repeat("2026-11-20,市政府,关于某事的通知\n", app.MaxImportRows+1)
	for name, file := range tests {
		body := map[string]string{"empty.csv": "收文日期,来文机关,标题\n", "big.csv": big}[file]
		_, err := f.app.ImportIncoming(f.ctx, f.actor("wenshu"), file, strings.NewReader(body))
		if zhongshu.ErrorCode(err) != zhongshu.CodeInvalid {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
}

func TestIncomingImportTemplate(t *testing.T) {
	data, err := app.IncomingImportTemplate()
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, "sqlite", true)
	rep, err := f.app.ImportIncoming(f.ctx, f.actor("wenshu"), "template.xlsx", bytes.NewReader(data))
	if err != nil || !rep.OK() || rep.Imported() != 1 {
		t.Fatalf("template imports as is: %+v, %v", rep, err)
	}
}

// readExport opens an exported .xlsx and returns its rows.
func readExport(t *testing.T, data []byte) [][]string {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows(x.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestExportIncoming(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		rep, err := f.app.ImportIncoming(f.ctx, f.actor("wenshu"), "x.xlsx", bytes.NewReader(registerXLSX(t, threeDocs)))
		if err != nil || !rep.OK() {
			t.Fatalf("import: %+v, %v", rep, err)
		}
		var buf bytes.Buffer
		n, err := f.app.ExportIncoming(f.ctx, f.actor("wenshu"), store.IncomingFilter{}, &buf)
		if err != nil {
			t.Fatal(err)
		}
		rows := readExport(t, buf.Bytes())
		wantHeader := []string{"收文号", "收文日期", "来文机关", "来文字号", "文种", "标题", "紧急程度", "阅/办", "状态", "拟办人",
			"主办单位", "协办单位", "办理时限", "办结日期", "归档号"}
		if diff := cmp.Diff(wantHeader, rows[0]); diff != "" {
			t.Errorf("header (-want +got):\n%s", diff)
		}
		if total := f.incomingTotal("wenshu"); n != total || len(rows) != total+1 {
			t.Errorf("exported %d (%d rows), want all %d", n, len(rows)-1, total)
		}
		// Newest first: the last imported row (received 11-25) leads.
		wantRow := []string{rep.Docs[2].Number, "2026-11-25", "市农业农村局", "", "通知", "关于报送秋冬种进度的通知", "平件",
			"办件", "已登记", "王建国"}
		if diff := cmp.Diff(wantRow, rows[1][:len(wantRow)]); diff != "" {
			t.Errorf("first row (-want +got):\n%s", diff)
		}
		if e := f.lastAudit(); e.Action != "data.export" || !strings.Contains(e.Detail, fmt.Sprint(n)) {
			t.Errorf("audit = %s %q", e.Action, e.Detail)
		}

		// A filter narrows it.
		buf.Reset()
		n, err = f.app.ExportIncoming(f.ctx, f.actor("wenshu"), store.IncomingFilter{Text: "安全生产大检查"}, &buf)
		if rows := readExport(t, buf.Bytes()); err != nil || n != 1 || len(rows) != 2 || rows[1][0] != rep.Docs[1].Number {
			t.Errorf("filtered export: %d, %v, %v", n, rows, err)
		}

		// A unit's liaison gets only what the unit may see: never the
		// documents just registered, which reached nobody outside the office.
		l, err := f.app.FindIncomingDocs(f.ctx, f.actor("fgj.lly"), store.IncomingFilter{}, app.Page{})
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, d := range l.Docs {
			want = append(want, d.Number)
		}
		buf.Reset()
		if _, err := f.app.ExportIncoming(f.ctx, f.actor("fgj.lly"), store.IncomingFilter{}, &buf); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range readExport(t, buf.Bytes())[1:] {
			got = append(got, r[0])
			for _, d := range rep.Docs {
				if r[0] == d.Number {
					t.Errorf("fgj.lly's export holds %s", d.Number)
				}
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("fgj.lly's export (-want +got):\n%s", diff)
		}
		if n := f.incomingTotal("wenshu"); len(got) >= n {
			t.Errorf("fgj.lly exported %d of %d documents", len(got), n)
		}
	})
}
