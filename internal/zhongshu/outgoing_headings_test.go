package zhongshu_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

func TestBodyHeadings(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []zhongshu.Heading
	}{
		{name: "empty"},
		{name: "plain paragraphs", body: "为做好工作，现通知如下。\n请认真贯彻执行。"},
		{name: "four levels", body: "现通知如下。\n一、总体要求\n（一）指导思想。\n1.坚持问题导向。\n（1）排查隐患。",
			want: []zhongshu.Heading{
				{Level: 1, Marker: "一、", Text: "总体要求", Para: 2},
				{Level: 2, Marker: "（一）", Text: "指导思想。", Para: 3},
				{Level: 3, Marker: "1.", Text: "坚持问题导向。", Para: 4},
				{Level: 4, Marker: "（1）", Text: "排查隐患。", Para: 5},
			}},
		{name: "indentation and blank lines", body: "\n　　一、总体要求\n\n  （二） 主要任务\r\n\t3．具体措施",
			want: []zhongshu.Heading{
				{Level: 1, Marker: "一、", Text: "总体要求", Para: 1},
				{Level: 2, Marker: "（二）", Text: "主要任务", Para: 2},
				{Level: 3, Marker: "3．", Text: "具体措施", Para: 3},
			}},
		{name: "Chinese numerals up to 99", body: "十、甲\n十一、乙\n二十、丙\n九十九、丁\n（十二）戊",
			want: []zhongshu.Heading{
				{Level: 1, Marker: "十、", Text: "甲", Para: 1},
				{Level: 1, Marker: "十一、", Text: "乙", Para: 2},
				{Level: 1, Marker: "二十、", Text: "丙", Para: 3},
				{Level: 1, Marker: "九十九、", Text: "丁", Para: 4},
				{Level: 2, Marker: "（十二）", Text: "戊", Para: 5},
			}},
		{name: "half-width brackets and digits", body: "(一)甲\n(2)乙\n（３）丙\n１２.丁",
			want: []zhongshu.Heading{
				{Level: 2, Marker: "(一)", Text: "甲", Para: 1},
				{Level: 4, Marker: "(2)", Text: "乙", Para: 2},
				{Level: 4, Marker: "（３）", Text: "丙", Para: 3},
				{Level: 3, Marker: "１２.", Text: "丁", Para: 4},
			}},
		{name: "1、 is level 3", body: "1、加强领导",
			want: []zhongshu.Heading{{Level: 3, Marker: "1、", Text: "加强领导", Para: 1}}},
		{name: "heading without text", body: "一、",
			want: []zhongshu.Heading{{Level: 1, Marker: "一、", Para: 1}}},
		{name: "not headings", body: "1.5亿元用于基础设施建设。\n2026年全县经济平稳运行。\n12345热线运行良好。\n" +
			"100.内容\n01.内容\n一是加强领导。\n十一五期间。\n一二、错\n十十、错\n一十、错\n（一、错\n（1错\n(a)错\n" +
			"一，错\n第一、错\n3、4月份\n（2026）年"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, zhongshu.BodyHeadings(tt.body)); diff != "" {
				t.Errorf("BodyHeadings mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParagraphLevel(t *testing.T) {
	tests := []struct {
		p    string
		want int
	}{
		{"", 0},
		{"为做好工作，现通知如下。", 0},
		{"一、总体要求", 1},
		{"　　二十、其他", 1},
		{"（一）指导思想", 2},
		{"(三)指导思想", 2},
		{"1.坚持问题导向", 3},
		{"2．坚持问题导向", 3},
		{"3、坚持问题导向", 3},
		{"（1）排查", 4},
		{"(10)排查", 4},
		{"1.5亿元", 0},
		{"（100）排查", 0},
	}
	for _, tt := range tests {
		if got := zhongshu.ParagraphLevel(tt.p); got != tt.want {
			t.Errorf("ParagraphLevel(%q) = %d, want %d", tt.p, got, tt.want)
		}
	}
}

// TestCheckHeadings runs the 结构层次 checks through CheckOutgoing on an
// otherwise clean document.
func TestCheckHeadings(t *testing.T) {
	w := func(rule, msg string) zhongshu.Finding {
		return zhongshu.Finding{Rule: rule, Field: "body", Message: msg}
	}
	tests := []struct {
		name string
		body string
		want []zhongshu.Finding
	}{
		{name: "four levels in order", body: "现通知如下。\n一、甲\n（一）乙\n1.丙\n（1）丁\n（2）戊\n2.己\n（二）庚\n二、辛\n（一）壬"},
		{name: "first heading may be deeper", body: "现通知如下。\n1.甲\n2.乙\n（1）丙"},
		{name: "level skipped", body: "现通知如下。\n一、甲\n正文。\n1.乙\n2.丙",
			want: []zhongshu.Finding{w("heading_skip", "第4段“1.”：结构层次应依次使用“一、”“（一）”“1.”“（1）”，此处跳过了“（一）”一层")}},
		{name: "two levels skipped", body: "一、甲\n（1）乙",
			want: []zhongshu.Finding{w("heading_skip", "第2段“（1）”：结构层次应依次使用“一、”“（一）”“1.”“（1）”，此处跳过了“（一）”一层")}},
		{name: "number skipped", body: "一、甲\n三、乙\n四、丙",
			want: []zhongshu.Finding{w("heading_sequence", "第2段“三、”：序号不连续，应为“二、”")}},
		{name: "deeper numbers restart", body: "一、甲\n（一）乙\n二、丙\n（二）丁",
			want: []zhongshu.Finding{w("heading_sequence", "第4段“（二）”：序号不连续，应为“（一）”")}},
		{name: "first number not one", body: "（二）甲",
			want: []zhongshu.Finding{w("heading_sequence", "第1段“（二）”：序号不连续，应为“（一）”")}},
		{name: "dunhao after digit", body: "一、甲\n（一）乙\n1、丙",
			want: []zhongshu.Finding{w("heading_dunhao", "第3段“1、”：层次序数“1.”后用圆点，不用顿号")}},
		{name: "half-width brackets", body: "一、甲\n(一)乙\n1.丙\n(1)丁",
			want: []zhongshu.Finding{
				w("heading_bracket", "第2段“(一)”：序数应使用全角括号，如“（一）”"),
				w("heading_bracket", "第4段“(1)”：序数应使用全角括号，如“（1）”"),
			}},
		{name: "punctuation after marker", body: "一、甲\n（一）、乙",
			want: []zhongshu.Finding{w("heading_punct", "第2段“（一）”：序数后不再加标点")}},
		{name: "several at once", body: "一、甲\n1、乙\n3.丙",
			want: []zhongshu.Finding{
				w("heading_skip", "第2段“1、”：结构层次应依次使用“一、”“（一）”“1.”“（1）”，此处跳过了“（一）”一层"),
				w("heading_dunhao", "第2段“1、”：层次序数“1.”后用圆点，不用顿号"),
				w("heading_sequence", "第3段“3.”：序号不连续，应为“2.”"),
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := cleanNotice()
			d.Body = tt.body
			if diff := cmp.Diff(tt.want, zhongshu.CheckOutgoing(d, ruleEnv())); diff != "" {
				t.Errorf("findings mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
