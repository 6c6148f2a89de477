package docpdf

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"
)

// squeeze removes all whitespace.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// TestRender_Text checks that the text layer holds every element in
// reading order: pdftotext's output, without whitespace and page numbers,
// equals the document's text.
func TestRender_Text(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		doc  Document
		want []string
	}{
		{
			name: "sealed 下行文",
			doc:  sampleDoc(),
			want: func() []string {
				d := sampleDoc()
				return []string{d.Urgency, d.IssuerMark, d.Number, d.Title, d.MainTo, d.Body,
					"附件：1." + d.Attachments[0], "2." + d.Attachments[1],
					d.Signature[0], d.WrittenDate, "（" + d.Note + "）",
					"抄送：" + d.CC, d.PrintingUnit, d.PrintingDate + "印发"}
			}(),
		},
		{
			name: "上行文 with 签发人",
			doc: Document{
				IssuerMark:  "某县人民政府文件",
				Number:      "某政发〔2026〕3号",
				Signers:     []string{"张三"},
				Title:       "某县人民政府关于2025年工作情况的报告",
				MainTo:      "市人民政府：",
				Body:        "现将我县2025年工作情况报告如下。\n特此报告。",
				Attachments: []string{"2025年主要经济指标"},
				Signature:   []string{"某县人民政府"},
				WrittenDate: "2026年1月8日",
				Note:        "联系人：李四，电话：1234567",
			},
			want: []string{"某县人民政府文件", "某政发〔2026〕3号", "签发人：张三",
				"某县人民政府关于2025年工作情况的报告", "市人民政府：", "现将我县2025年工作情况报告如下。", "特此报告。",
				"附件：2025年主要经济指标", "某县人民政府", "2026年1月8日", "（联系人：李四，电话：1234567）"},
		},
	}
	pageNumber := regexp.MustCompile(`—\d+—`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := mustRender(t, tt.doc)
			got := pageNumber.ReplaceAllString(squeeze(string(mustRun(t, "pdftotext", "-enc", "UTF-8", r.path, "-"))), "")
			want := squeeze(strings.Join(tt.want, ""))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("extracted text mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRender_LineBreaks checks the 28-character grid: a paragraph of 100
// characters fills its first line after the 2 字 indent with 26 characters,
// then lines of 28, each reaching the right edge of the 版心.
func TestRender_LineBreaks(t *testing.T) {
	t.Parallel()
	const chars = "政府工作报告县人民办公室关于做好春季森林防火的通知"
	var b strings.Builder
	for i := 0; b.Len() == 0 || len([]rune(b.String())) < 100; i++ {
		b.WriteRune([]rune(chars)[i%len([]rune(chars))])
	}
	para := b.String()
	r := mustRender(t, Document{IssuerMark: "某县人民政府办公室文件", Title: "测试", Body: para})
	var lines []bboxLine
	for _, l := range r.pages[0].Lines {
		if strings.HasPrefix(para, l.Text) || (len(lines) > 0 && strings.Contains(para, l.Text) && l.YMin > lines[0].YMin) {
			lines = append(lines, l)
		}
	}
	var got []int
	for _, l := range lines {
		got = append(got, len([]rune(l.Text)))
	}
	if diff := cmp.Diff([]int{26, 28, 28, 18}, got); diff != "" {
		t.Fatalf("characters per line mismatch (-want +got):\n%s", diff)
	}
	near(t, "first line left (2 字 indent)", lines[0].XMin, LeftMM+2*CharPitchMM, 0.5)
	for i, l := range lines[:3] {
		near(t, fmt.Sprintf("line %d right", i+1), l.XMax, TypeRightMM, 0.5)
	}
	near(t, "second line left", lines[1].XMin, LeftMM, 0.5)
	near(t, "line pitch", lines[1].YMin-lines[0].YMin, LinePitchMM, 0.2)
}
