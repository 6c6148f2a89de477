package web_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// postFile posts a file in the multipart form a browser sends from the
// import page.
func (e *env) postFile(c *http.Client, path, filename string, data []byte) *http.Response {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", filename)
	if err != nil {
		e.t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", e.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.Do(req)
	if err != nil {
		e.t.Fatalf("POST %s: %v", path, err)
	}
	return resp
}

// xlsxRows opens an .xlsx body and returns the rows of its first sheet.
func xlsxRows(t *testing.T, resp *http.Response) [][]string {
	t.Helper()
	defer resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("status %d, Content-Type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	data, _ := io.ReadAll(resp.Body)
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

// fillTemplate downloads the import template as wenshu and replaces its
// example with rows, from A2.
func fillTemplate(t *testing.T, e *env, c *http.Client, rows [][]any) []byte {
	t.Helper()
	resp := e.get(c, "/incoming/import/template")
	defer resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), "xlsx") {
		t.Fatalf("template: status %d, %q", resp.StatusCode, resp.Header.Get("Content-Disposition"))
	}
	data, _ := io.ReadAll(resp.Body)
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	sheet := x.GetSheetName(0)
	header, err := x.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.RemoveRow(sheet, 2); err != nil { // the example
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range header[0] {
		col[h] = i
	}
	for i, r := range rows {
		cells := make([]any, len(header[0]))
		for j := 0; j+1 < len(r); j += 2 {
			cells[col[r[j].(string)]] = r[j+1]
		}
		if err := x.SetSheetRow(sheet, fmt.Sprintf("A%d", i+2), &cells); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestIncomingImportPage(t *testing.T) {
	e := newEnv(t)
	wenshu := e.login("wenshu")
	body := readBody(e.get(wenshu, "/incoming/import"))
	for _, want := range []string{zhongshu.NonClassifiedWarning, `href="/incoming/import/template"`, `enctype="multipart/form-data"`} {
		if !strings.Contains(body, want) {
			t.Errorf("import page lacks %q", want)
		}
	}
	day := time.Now().AddDate(0, 0, -2).Format("2006-01-02")
	data := fillTemplate(t, e, wenshu, [][]any{
		{"收文日期", day, "来文机关", "市人民政府办公室", "来文字号", "市政办发[2026]95号", "标题", "关于做好导入测试工作的通知",
			"紧急程度", "特急", "阅件/办件", "办件", "拟办人", "zhuren"},
		{"收文日期", day, "来文机关", "市统计局", "标题", "关于导入测试数据的通报", "阅件/办件", "阅件"},
	})
	resp := e.postFile(wenshu, "/incoming/import", "登记簿.xlsx", data)
	body = readBody(resp)
	if resp.StatusCode != 200 || !strings.Contains(body, "已导入 2 件，收文号 ") || !strings.Contains(body, `href="/incoming"`) ||
		!strings.Contains(body, "六角括号") {
		t.Fatalf("good file: status %d\n%s", resp.StatusCode, body)
	}
	l, err := e.app.FindIncomingDocs(t.Context(), e.actor("wenshu"), store.IncomingFilter{Text: "导入测试"}, app.Page{})
	if err != nil || l.Total != 2 {
		t.Fatalf("imported: %d, %v", l.Total, err)
	}
	first, last := l.Docs[1].Number, l.Docs[0].Number // newest first; same day, so by id
	if !strings.Contains(body, fmt.Sprintf("收文号 %s 至 %s", first, last)) {
		t.Errorf("page does not name %s–%s", first, last)
	}

	// A bad file imports nothing and shows every problem.
	bad := fillTemplate(t, e, wenshu, [][]any{
		{"收文日期", day, "来文机关", "市国家保密局", "标题", "关于某事项的通知", "密级", "秘密"},
		{"收文日期", day, "来文机关", "市财政局"},
	})
	resp = e.postFile(wenshu, "/incoming/import", "bad.xlsx", bad)
	body = readBody(resp)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "未导入任何收文") ||
		!strings.Contains(body, zhongshu.ClassifiedMessage) || !strings.Contains(body, "请填写标题") {
		t.Errorf("bad file: status %d\n%s", resp.StatusCode, body)
	}
	if l, _ := e.app.FindIncomingDocs(t.Context(), e.actor("wenshu"), store.IncomingFilter{Sender: "市国家保密局"}, app.Page{}); l.Total != 0 {
		t.Errorf("a bad file imported %d documents", l.Total)
	}

	// No file, a file of another kind, someone else.
	resp = e.postForm(wenshu, "/incoming/import", url.Values{})
	if body := readBody(resp); resp.StatusCode != 400 || !strings.Contains(body, "请选择要导入的") {
		t.Errorf("empty form: status %d", resp.StatusCode)
	}
	resp = e.postFile(wenshu, "/incoming/import", "登记簿.xls", []byte("x"))
	if body := readBody(resp); resp.StatusCode != 400 || !strings.Contains(body, "另存为 .xlsx") {
		t.Errorf(".xls: status %d", resp.StatusCode)
	}
	zhuren := e.login("zhuren")
	if resp := e.postFile(zhuren, "/incoming/import", "登记簿.xlsx", data); resp.StatusCode != 403 {
		t.Errorf("zhuren imports: status %d", resp.StatusCode)
	}
}

func TestIncomingExportPage(t *testing.T) {
	e := newEnv(t)
	wenshu := e.login("wenshu")
	day := time.Now().AddDate(0, 0, -1).Format("2006-01-02")
	data := fillTemplate(t, e, wenshu, [][]any{
		{"收文日期", day, "来文机关", "市人民政府办公室", "标题", "关于导出测试甲的通知", "紧急程度", "加急"},
		{"收文日期", day, "来文机关", "市人民政府办公室", "标题", "关于导出测试乙的通知"},
		{"收文日期", day, "来文机关", "市统计局", "标题", "关于导出测试丙的通报", "阅件/办件", "阅件"},
	})
	if resp := e.postFile(wenshu, "/incoming/import", "x.xlsx", data); resp.StatusCode != 200 {
		t.Fatalf("import: %d\n%s", resp.StatusCode, readBody(resp))
	}

	// The list's filters: 导出测试 from 市人民政府办公室, 加急 and up.
	rows := xlsxRows(t, e.get(wenshu, "/incoming/export?"+url.Values{"q": {"导出测试"}, "sender": {"市人民政府"}, "urgency": {"urgent"}}.Encode()))
	if len(rows) != 2 || rows[0][0] != "收文号" || rows[0][5] != "标题" {
		t.Fatalf("export rows = %v", rows)
	}
	want := []string{day, "市人民政府办公室", "", "通知", "关于导出测试甲的通知", "加急", "办件", "已登记", "王建国"}
	if diff := cmp.Diff(want, rows[1][1:10]); diff != "" {
		t.Errorf("row (-want +got):\n%s", diff)
	}
	rows = xlsxRows(t, e.get(wenshu, "/incoming/export?q="+url.QueryEscape("导出测试")))
	if len(rows) != 4 {
		t.Errorf("unfiltered export: %d rows", len(rows)-1)
	}
	// A unit that none of them reached exports none of them.
	rows = xlsxRows(t, e.get(e.login("fgj.lly"), "/incoming/export?q="+url.QueryEscape("导出测试")))
	if len(rows) != 1 {
		t.Errorf("fgj.lly exported %d of wenshu's documents", len(rows)-1)
	}
	// Bad filters are refused.
	if resp := e.get(wenshu, "/incoming/export?urgency=x"); resp.StatusCode != 400 {
		t.Errorf("bad filter: status %d", resp.StatusCode)
	}
}
