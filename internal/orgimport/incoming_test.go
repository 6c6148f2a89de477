package orgimport

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// incomingNow is when the tests import: 2026-11-27 17:00 China time.
var incomingNow = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

func incomingExisting() IncomingExisting {
	return IncomingExisting{Now: incomingNow, People: []Account{
		{ID: 10, Username: "zhuren", Name: "王建国"},
		{ID: 11, Username: "liufang", Name: "刘芳"},
		{ID: 12, Username: "zhangwei", Name: "张伟"},
		{ID: 13, Username: "zhangwei2", Name: "张伟"},
	}}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, chinaTime) }

func TestParseIncomingXLSX(t *testing.T) {
	// Aliased headers in another order, a title row above the header, a
	// date cell (serial number), an extra column and a blank row.
	data := xlsxBytes(t, [][]any{
		{"2026年收文登记簿"},
		{"序号", "收文时间", "来文单位", "文号", "文件标题", "缓急", "份数", "来文方式", "办理性质", "时限", "拟办", "密级", "摘要", "备注"},
		{1, "2026/3/5", " 某某市人民政府办公室 ", "某市府办发[2026]12号", "关于做好春季森林防火工作的通知", "急件", 2, "电子", "办件", "2026年3月20日", "LiuFang", "非密", "请于3月15日前报送方案。", "原件存档"},
		{2, 46090, "某某市财政局", "", "某某市财政局关于2025年决算工作的报告", "", nil, nil, "阅件", nil, nil, nil, nil, nil},
		nil,
		{3, "2026年11月27日 8:30", "某某县总工会", "县工会发〔2026〕3号", "关于开展职工运动会的函", "特急", "", "纸质", "", "", "王建国", "无", "", ""},
	})
	rep, err := ParseIncoming("登记簿.xlsx", bytes.NewReader(data), incomingExisting(), 10)
	if err != nil {
		t.Fatalf("ParseIncoming: %v", err)
	}
	none := zhongshu.SecrecyNone
	want := &IncomingReport{Lines: 3,
		Rows: []IncomingRow{
			{Line: 3, Doc: zhongshu.IncomingDoc{ReceivedAt: day(2026, 3, 5), SenderName: "某某市人民政府办公室",
				SenderNumber: "某市府办发〔2026〕12号", Kind: zhongshu.KindNotice, Title: "关于做好春季森林防火工作的通知",
				Secrecy: none, Urgency: zhongshu.UrgencyUrgent, Copies: 2, Channel: zhongshu.ChannelExchange,
				Handling: zhongshu.HandlingAction, Summary: "请于3月15日前报送方案。\n备注：原件存档",
				DueAt: day(2026, 3, 21), ProposerID: 11}},
			{Line: 4, Doc: zhongshu.IncomingDoc{ReceivedAt: day(2026, 3, 9), SenderName: "某某市财政局",
				Kind: zhongshu.KindReport, Title: "某某市财政局关于2025年决算工作的报告", Secrecy: none, Copies: 1,
				Channel: zhongshu.ChannelPaper, Handling: zhongshu.HandlingRead}},
			{Line: 6, Doc: zhongshu.IncomingDoc{ReceivedAt: time.Date(2026, 11, 27, 8, 30, 0, 0, chinaTime),
				SenderName: "某某县总工会", SenderNumber: "县工会发〔2026〕3号", Kind: zhongshu.KindLetter,
				Title: "关于开展职工运动会的函", Secrecy: none, Urgency: zhongshu.UrgencyExtra, Copies: 1,
				Channel: zhongshu.ChannelPaper, Handling: zhongshu.HandlingAction, ProposerID: 10}},
		},
		Warnings: []RowError{{3, colSenderNo, "发文字号的年份应使用六角括号〔〕，已自动更正"}},
	}
	if diff := cmp.Diff(want, rep); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
}

func TestParseIncomingRowErrors(t *testing.T) {
	const header = "收文日期,来文机关,来文字号,文种,标题,紧急程度,密级,份数,渠道,阅件/办件,办理时限,公开属性,内部标记,拟办人\n"
	tests := []struct {
		name      string
		rows      string
		want      []RowError
		wantValid int
	}{
		{"classified: only that is said", "2026-03-05,,乱写,乱写,,乱写,机密,x,,,,,,\n",
			[]RowError{{2, colSecrecy, zhongshu.ClassifiedMessage}}, 0},
		{"classified with a term", "2026-03-05,市政府,,,关于某事的通知,,秘密★1年,,,,,,,\n",
			[]RowError{{2, colSecrecy, zhongshu.ClassifiedMessage}}, 0},
		{"unknown secrecy counts as classified", "2026-03-05,市政府,,,关于某事的通知,,内部,,,,,,,\n",
			[]RowError{{2, colSecrecy, zhongshu.ClassifiedMessage}}, 0},
		{"非涉密 is not classified", "2026-03-05,市政府,,,关于某事的通知,,非涉密,,,,,,,\n", nil, 1},
		{"missing required", ",,,,,,,,,,,,标记,\n",
			[]RowError{{2, colReceived, "请填写收文日期"}, {2, colSender, "请填写来文机关"}, {2, colDocTitle, "请填写标题"}}, 0},
		{"bad date", "2026-13-05,市政府,,,关于某事的通知,,,,,,,,,\n",
			[]RowError{{2, colReceived, "收文日期不是有效的日期"}}, 0},
		{"unreadable date", "三月五日,市政府,,,关于某事的通知,,,,,,,,,\n",
			[]RowError{{2, colReceived, "收文日期格式不正确，应为2026-03-05、2026/3/5或2026年3月5日"}}, 0},
		{"future date", "2026-11-28,市政府,,,关于某事的通知,,,,,,,,,\n",
			[]RowError{{2, colReceived, "收文日期不能晚于今天"}}, 0},
		{"future time today", "2026-11-27 18:00,市政府,,,关于某事的通知,,,,,,,,,\n",
			[]RowError{{2, colReceived, "收文时间不能晚于现在"}}, 0},
		{"due before received", "2026-03-05,市政府,,,关于某事的通知,,,,,,2026-03-04,,,\n",
			[]RowError{{2, colDue, "办理时限须晚于收文时间"}}, 0},
		{"bad values in column order", "2026-03-05,市政府,市政办〔26〕1号,公函,关于某事的通知,很急,,0,邮寄,办理,下周,公开,,\n",
			[]RowError{
				{2, colSenderNo, "年份应写全4位，如2026"},
				{2, colKind, "文种不正确：公函"},
				{2, colUrgency, "紧急程度应为特急、加急或平件：很急"},
				{2, colCopies, "份数应为1至9999的整数"},
				{2, colChannel, "渠道应为电子公文交换、纸质、传真、系统内发文或其他：邮寄"},
				{2, colHandling, "阅件/办件应填写“阅件”或“办件”：办理"},
				{2, colDue, "办理时限格式不正确，应为2026-03-05、2026/3/5或2026年3月5日"},
				{2, colDisclosure, "公开属性应为主动公开、依申请公开或不予公开：公开"},
			}, 0},
		{"mark too long", "2026-03-05,市政府,,,关于某事的通知,,,,,,,," + strings.Repeat("标", 21) + ",\n",
			[]RowError{{2, colMark, "内部标记不能超过20个字"}}, 0},
		{"unknown proposer", "2026-03-05,市政府,,,关于某事的通知,,,,,,,,,lisi\n",
			[]RowError{{2, colProposer, "拟办人不存在或账号已停用：lisi"}}, 0},
		{"ambiguous proposer", "2026-03-05,市政府,,,关于某事的通知,,,,,,,,,张伟\n",
			[]RowError{{2, colProposer, "姓名“张伟”对应多个账号（zhangwei、zhangwei2），请填写登录名"}}, 0},
		{"good rows stay valid beside bad ones", "2026-03-05,市政府,,,关于某事的通知,,,,,,,,,zhangwei2\n2026-03-05,,,,关于某事的通知,,,,,,,,,\n",
			[]RowError{{3, colSender, "请填写来文机关"}}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := ParseIncoming("x.csv", strings.NewReader(header+tt.rows), incomingExisting(), 0)
			if err != nil {
				t.Fatalf("ParseIncoming: %v", err)
			}
			if diff := cmp.Diff(tt.want, rep.Errors); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
			if len(rep.Rows) != tt.wantValid {
				t.Errorf("%d valid rows, want %d", len(rep.Rows), tt.wantValid)
			}
		})
	}
}

func TestParseIncomingFileErrors(t *testing.T) {
	tests := []struct {
		name, csv string
		max       int
		parts     []string
	}{
		{"no header", "a,b,c\n1,2,3\n", 0, []string{"没有找到表头", "收文日期、来文机关、标题"}},
		{"header lacks a column", "收文日期,来文机关,文号\n2026-03-05,市政府,x\n", 0, []string{"缺少标题"}},
		{"same column twice", "收文日期,来文机关,来文单位,标题\n", 0, []string{"“来文机关”和“来文单位”是同一列"}},
		{"too many rows", "收文日期,来文机关,标题\n2026-03-05,a,b\n2026-03-05,a,b\n2026-03-05,a,b\n", 2, []string{"超过2行"}},
		{"not a register file", "", 0, []string{".txt"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "x.csv"
			if tt.csv == "" {
				name = "x.txt"
			}
			_, err := ParseIncoming(name, strings.NewReader(tt.csv), incomingExisting(), tt.max)
			wantInvalid(t, err, tt.parts...)
		})
	}
}

func TestParseRegisterDate(t *testing.T) {
	tests := []struct {
		in       string
		want     time.Time
		withTime bool
	}{
		{"2026-03-05", day(2026, 3, 5), false},
		{"2026/3/5", day(2026, 3, 5), false},
		{"2026.3.5", day(2026, 3, 5), false},
		{"2026年3月5日", day(2026, 3, 5), false},
		{"２０２６年３月５日", day(2026, 3, 5), false},
		{"20260305", day(2026, 3, 5), false},
		{"46086", day(2026, 3, 5), false},
		{"46086.4375", time.Date(2026, 3, 5, 10, 30, 0, 0, chinaTime), true},
		{"2026-03-05 10:30", time.Date(2026, 3, 5, 10, 30, 0, 0, chinaTime), true},
		{"2026/3/5 10:30:15", time.Date(2026, 3, 5, 10, 30, 15, 0, chinaTime), true},
		{"2026年3月5日 10：30", time.Date(2026, 3, 5, 10, 30, 0, 0, chinaTime), true},
	}
	for _, tt := range tests {
		got, withTime, err := parseRegisterDate(tt.in)
		if err != nil || !got.Equal(tt.want) || withTime != tt.withTime {
			t.Errorf("parseRegisterDate(%q) = %v, %v, %v; want %v, %v", tt.in, got, withTime, err, tt.want, tt.withTime)
		}
	}
	for _, bad := range []string{"26-3-5", "2026-02-30", "1900-01-01", "3月5日", "2026-03-05 25:00", "abc", "2026"} {
		if got, _, err := parseRegisterDate(bad); err == nil {
			t.Errorf("parseRegisterDate(%q) = %v, want an error", bad, got)
		}
	}
}

// The template's example row imports as is, and its notes explain every
// column and warn about 涉密 documents.
func TestIncomingTemplate(t *testing.T) {
	var buf bytes.Buffer
	if err := IncomingTemplate(&buf, 5000); err != nil {
		t.Fatalf("IncomingTemplate: %v", err)
	}
	rep, err := ParseIncoming("template.xlsx", bytes.NewReader(buf.Bytes()), incomingExisting(), 1)
	if err != nil {
		t.Fatalf("ParseIncoming: %v", err)
	}
	if !rep.OK() || len(rep.Rows) != 1 || len(rep.Warnings) != 0 {
		t.Fatalf("template report = %+v", rep)
	}
	want := zhongshu.IncomingDoc{ReceivedAt: day(2026, 3, 5), SenderName: "某某市人民政府办公室",
		SenderNumber: "某市府办发〔2026〕12号", Kind: zhongshu.KindNotice, Title: "关于做好春季森林防火工作的通知",
		Secrecy: zhongshu.SecrecyNone, Urgency: zhongshu.UrgencyUrgent, Copies: 1, Channel: zhongshu.ChannelExchange,
		Handling: zhongshu.HandlingAction, DueAt: day(2026, 3, 21), Summary: "请于3月15日前报送工作方案。"}
	if diff := cmp.Diff(want, rep.Rows[0].Doc); diff != "" {
		t.Errorf("example row (-want +got):\n%s", diff)
	}

	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 2 || got[0] != incomingSheet || got[1] != helpSheet {
		t.Fatalf("sheets = %v", got)
	}
	rows, err := f.GetRows(helpSheet)
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for _, r := range rows {
		text.WriteString(strings.Join(r, "\t") + "\n")
	}
	wantText := []string{zhongshu.NonClassifiedWarning, zhongshu.ClassifiedMessage, "最多5000行", "电子公文交换", "依申请公开", "通知"}
	for _, c := range incomingColumns {
		req := "选填"
		if c.required {
			req = "必填"
		}
		wantText = append(wantText, fmt.Sprintf("%s\t%s\t", c.name, req))
	}
	for _, w := range wantText {
		if !strings.Contains(text.String(), w) {
			t.Errorf("说明 sheet lacks %q", w)
		}
	}
}
