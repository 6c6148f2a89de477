package calendar_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/calendar"
)

// notice2027 restates lunar-go's 2027 data as an administrator's notice.
const notice2027 = `# 国务院办公厅关于2027年部分节假日安排的通知
年份: 2027
来源: 国务院办公厅关于2027年部分节假日安排的通知
发布日期: 2026-11-05

放假: 2027-01-01 至 2027-01-03 元旦
放假: 2027-02-05 至 2027-02-13 春节
上班: 2027-01-31 春节调休
上班: 2027-02-14 春节调休
放假: 2027-04-03 至 2027-04-05 清明节
放假: 2027-05-01 至 2027-05-05 劳动节
上班: 2027-05-08 劳动节调休
放假: 2027-06-09 端午节
放假: 2027-09-15 中秋节
放假: 2027-10-01 至 2027-10-07 国庆节
上班: 2027-09-26 国庆节调休
上班: 2027-10-09 国庆节调休
`

func TestParseNotice(t *testing.T) {
	got, err := calendar.ParseNotice(strings.NewReader(notice2027))
	if err != nil {
		t.Fatal(err)
	}
	builtin := calendar.Builtin()[2]
	if diff := cmp.Diff(dates(builtin.Off), dates(got.Off)); diff != "" {
		t.Errorf("off (-builtin +notice):\n%s", diff)
	}
	if diff := cmp.Diff(dates(builtin.Workday), dates(got.Workday)); diff != "" {
		t.Errorf("workday (-builtin +notice):\n%s", diff)
	}
	want := calendar.Year{
		Year:    2027,
		Source:  "国务院办公厅关于2027年部分节假日安排的通知",
		Issued:  "2026-11-05",
		Off:     got.Off,
		Workday: got.Workday,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	if got.Off[3].Name != "春节" || got.Workday[0].Name != "春节调休" {
		t.Errorf("names: %v, %v", got.Off[3], got.Workday[0])
	}
}

func dates(nds []calendar.NamedDate) []string {
	var out []string
	for _, nd := range nds {
		out = append(out, nd.Date.String())
	}
	slices.Sort(out)
	return out
}

func TestParseNoticeSyntax(t *testing.T) {
	// BOM, ASCII aliases in any case, full-width colon and spaces, "..",
	// ranges without blanks, names with spaces, no 发布日期.
	in := "\uFEFF  # 注释\r\nYEAR: 2027\r\nsource：某通知\r\nOff: 2027-01-01..2027-01-02 元旦\r\n" +
		"放假：2027-02-05至2027-02-06　春节 假期\r\nwork : 2027-01-31 春节调休\r\n"
	got, err := calendar.ParseNotice(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := calendar.Year{
		Year:   2027,
		Source: "某通知",
		Off: append(days("2027-01-01", "2027-01-02", "元旦"),
			days("2027-02-05", "2027-02-06", "春节 假期")...),
		Workday: days("2027-01-31", "2027-01-31", "春节调休"),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestParseNoticeErrors(t *testing.T) {
	const head = "年份: 2027\n来源: 通知\n" // lines 1–2
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"bad date", head + "放假: 2027-01-01 元旦\n上班: 2027/1/31 春节调休\n",
			[]string{"第 4 行：日期格式应为 2027-01-31，收到“2027/1/31”"}},
		{"date that does not exist", head + "放假: 2027-02-29 春节\n",
			[]string{"第 3 行：日期不存在：2027-02-29"}},
		{"bad key", head + "放假: 2027-01-01 元旦\n假期: 2027-01-02 元旦\n",
			[]string{"第 4 行：未知的项目“假期”，可用：年份、来源、发布日期、放假、上班"}},
		{"no colon", head + "放假 2027-01-01 元旦\n", []string{
			"第 3 行：应为“项目: 内容”的形式，例如“放假: 2027-01-01 至 2027-01-03 元旦”",
			"通知文件：缺少“放假: ”行"}},
		{"range reversed", head + "放假: 2027-01-03 至 2027-01-01 元旦\n",
			[]string{"第 3 行：日期范围颠倒：2027-01-03 晚于 2027-01-01"}},
		{"range too long", head + "放假: 2027-01-01 至 2027-10-01 元旦\n",
			[]string{"第 3 行：日期范围 2027-01-01 至 2027-10-01 共 274 天，超过 31 天，请检查"}},
		{"range with a dash", head + "放假: 2027-02-05 - 2027-02-13 春节\n",
			[]string{"第 3 行：名称“- 2027-02-13 春节”中含有日期；日期区间请用“至”或“..”连接"}},
		{"missing end", head + "放假: 2027-02-05 至\n", []string{"第 3 行：“至”后缺少结束日期"}},
		{"missing name", head + "放假: 2027-02-05\n", []string{"第 3 行：缺少节日名称，例如“2027-02-05 春节”"}},
		{"day both off and work", head + "放假: 2027-02-05 至 2027-02-13 春节\n\n上班: 2027-02-06 春节调休\n",
			[]string{"第 5 行：2027-02-06 已在第 3 行列为放假日，不能再列为上班日"}},
		{"day off twice", head + "放假: 2027-02-05 至 2027-02-13 春节\n放假: 2027-02-13 至 2027-02-14 春节\n",
			[]string{"第 4 行：2027-02-13 已在第 3 行列为放假日，不能再列为放假日"}},
		{"make-up day on a Wednesday", head + "放假: 2027-01-01 元旦\n上班: 2027-01-06 元旦调休\n",
			[]string{"第 4 行：调休上班日 2027-01-06 是周三，应为周六或周日"}},
		{"date outside the year", head + "放假: 2026-12-31 至 2027-01-01 元旦\n",
			[]string{"第 3 行：日期不在 2027 年内"}},
		{"year twice, bad year", "年份: 2027\n年份: 2028\n来源: x\n放假: 2027-01-01 元旦\n",
			[]string{"第 2 行：“年份”重复，第 1 行已给出"}},
		{"year not a number", "年份: 二〇二七\n来源: x\n放假: 2027-01-01 元旦\n",
			[]string{"第 1 行：年份应为四位数字，例如 2027，收到“二〇二七”"}},
		{"missing items", "# 空\n", []string{
			"通知文件：缺少“年份: ”一行", "通知文件：缺少“来源: ”一行（通知标题）", "通知文件：缺少“放假: ”行"}},
		{"not UTF-8", head + "放假: 2027-01-01 \xd4\xaa\xb5\xa9\n", // 元旦 in GBK
			[]string{"第 3 行：不是 UTF-8 文本，请把文件另存为 UTF-8 编码", "通知文件：缺少“放假: ”行"}},
		{"issued bad", head + "发布日期: 2026-11-31\n放假: 2027-01-01 元旦\n",
			[]string{"第 3 行：日期不存在：2026-11-31"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := calendar.ParseNotice(strings.NewReader(tt.in))
			if diff := cmp.Diff(strings.Join(tt.want, "\n"), errString(err)); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			var le *calendar.LineError
			if !errors.As(err, &le) {
				t.Errorf("error is not a *LineError: %v", err)
			}
		})
	}
}
