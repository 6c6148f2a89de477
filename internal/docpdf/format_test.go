package docpdf

import (
	"fmt"
	"strings"
	"testing"
)

// TestRender_Signers measures a 上行文: the 发文字号 flush left indented
// 1 字 on the line of the last 签发人, the names right-aligned 1 字 from
// the right edge, two per line.
func TestRender_Signers(t *testing.T) {
	t.Parallel()
	r := mustRender(t, Document{
		IssuerMark: "某县人民政府文件",
		Number:     "某政发〔2026〕3号",
		Signers:    []string{"张三", "李四", "王五"},
		Title:      "某县人民政府关于2025年工作情况的报告",
		MainTo:     "市人民政府：",
		Body:       "现将我县2025年工作情况报告如下。",
	})
	ras := r.mustRaster(t, 0)
	red := ras.rows(isRed, 0, PageWidthMM, TopMM, 160, 0)
	if len(red) < 2 {
		t.Fatalf("found %d red bands, want the 标志 and the red line", len(red))
	}
	mark, rule := red[0], red[len(red)-1]
	near(t, "标志 top edge", mark.top, TopMM+MarkTopBelowTypeTopMM, tolMM)

	first := r.mustFindLine(t, 0, "签发人")
	near(t, "first 签发人 line top (2 lines below the 标志)", first.YMin, mark.bottom+2*LinePitchMM, tolMM)
	near(t, "签发人 names right (1 字)", first.XMax, TypeRightMM-CharPitchMM, tolMM)
	num := r.mustFindLine(t, 0, "某政发")
	near(t, "发文字号 left (1 字)", num.XMin, LeftMM+CharPitchMM, tolMM)
	last := r.mustFindLine(t, 0, "王五")
	top, _ := cjkTop(num)
	near(t, "发文字号 on the last 签发人 line", top, last.YMin, 0.3)
	near(t, "second 签发人 line", last.YMin-first.YMin, LinePitchMM, 0.3)
	if w := r.mustFindLine(t, 0, "李四"); w.YMin != first.YMin {
		t.Errorf("李四 is not on the first 签发人 line (two names per line)")
	}
	ink := ras.rows(isDark, num.XMin, num.XMax, num.YMin, rule.top-0.2, 0)
	if len(ink) == 0 {
		t.Fatal("no ink for the 发文字号")
	}
	near(t, "red line below the 发文字号", (rule.top+rule.bottom)/2-ink[len(ink)-1].bottom, RuleBelowNumberMM, 0.5)
}

// TestRender_JointMark checks a joint 标志: stacked names justified to one
// width, the suffix to their right and vertically centred on them.
func TestRender_JointMark(t *testing.T) {
	t.Parallel()
	r := mustRender(t, Document{
		IssuerNames: []string{"中共某县委办公室", "某县人民政府办公室"},
		MarkSuffix:  "文件",
		Number:      "某委办发〔2026〕5号",
		Title:       "关于开展安全生产大检查的通知",
		Body:        "各乡镇党委和人民政府，县直各单位要认真组织开展安全生产大检查。",
	})
	red := r.mustRaster(t, 0).rows(isRed, 0, PageWidthMM, TopMM, 160, 0)
	if len(red) == 0 {
		t.Fatal("no red ink on page 1")
	}
	near(t, "joint 标志 top edge", red[0].top, TopMM+MarkTopBelowTypeTopMM, tolMM)
	a := r.mustFindLine(t, 0, "中共某县委办公室")
	b := r.mustFindLine(t, 0, "某县人民政府办公室")
	s := r.mustFindLine(t, 0, "文件")
	near(t, "names left aligned", a.XMin, b.XMin, 0.5)
	near(t, "names justified to one width", a.XMax, b.XMax, 0.5)
	near(t, "suffix vertically centred", (s.YMin+s.YMax)/2, (a.YMin+b.YMax)/2, tolMM)
	if s.XMin < b.XMax {
		t.Errorf("suffix starts at %.1f mm, left of the names' end %.1f", s.XMin, b.XMax)
	}
	if a.XMin < LeftMM-0.5 || s.XMax > TypeRightMM+0.5 {
		t.Errorf("joint 标志 spans %.1f–%.1f mm, outside the 版心", a.XMin, s.XMax)
	}
}

// TestRender_Formats checks what the special formats change (section 10).
func TestRender_Formats(t *testing.T) {
	t.Parallel()
	base := Document{
		Number: "某政办函〔2026〕7号", Title: "关于商请支持森林防火工作的函", MainTo: "某县林业局：",
		Body: "为做好春季森林防火工作，现商请贵局给予支持。", Signature: []string{"某县人民政府办公室"},
		WrittenDate: "2026年3月5日", CC: "县应急管理局。", PrintingUnit: "某县人民政府办公室", PrintingDate: "2026年3月6日",
	}
	tests := []struct {
		name       string
		format     Format
		mark       string
		markTop    float64
		redRules   int     // red bands at least 100 mm long on page 1
		ruleLen    float64 // their length
		ruleCentre float64 // and horizontal centre
		pageNumber bool    // page 1 carries "— 1 —"
		recordRule int     // black 版记 rules on the last page
		line       string  // a line that must be present
		lineLeft   float64
	}{
		{"general", FormatGeneral, "某县人民政府办公室文件", TopMM + MarkTopBelowTypeTopMM, 1, TypeWidthMM, LeftMM + TypeWidthMM/2, true, 3, "某县林业局：", LeftMM},
		{"letter", FormatLetter, "某县人民政府办公室", LetterMarkTopMM, 4, LetterRuleLengthMM, PageWidthMM / 2, false, 0, "抄送：县应急管理局。", LeftMM + footerChar},
		{"order", FormatOrder, "某县人民政府令", TopMM + OrderMarkTopBelowTypeTopMM, 0, 0, 0, true, 3, "分送：县应急管理局。", LeftMM + footerChar},
		{"minutes", FormatMinutes, "某县人民政府常务会议纪要", TopMM + MarkTopBelowTypeTopMM, 1, TypeWidthMM, LeftMM + TypeWidthMM/2, true, 3, "出席：", LeftMM + 2*CharPitchMM},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := base
			d.Format, d.IssuerMark = tt.format, tt.mark
			if tt.format == FormatMinutes {
				d.Present = "张三、李四、王五"
			}
			r := mustRender(t, d)
			ras := r.mustRaster(t, 0)
			red := ras.rows(isRed, 0, PageWidthMM, 0, PageHeightMM, 0)
			if len(red) == 0 {
				t.Fatal("no red ink on page 1")
			}
			near(t, "标志 top edge", red[0].top, tt.markTop, tolMM)
			rules := ras.rows(isRed, 0, PageWidthMM, 0, PageHeightMM, 100)
			if len(rules) != tt.redRules {
				t.Fatalf("%d red rules, want %d: %+v", len(rules), tt.redRules, rules)
			}
			for i, b := range rules {
				near(t, fmt.Sprintf("red rule %d length", i+1), b.right-b.left, tt.ruleLen, tolMM)
				near(t, fmt.Sprintf("red rule %d centre", i+1), (b.left+b.right)/2, tt.ruleCentre, tolMM)
			}
			hasNumber := false
			for _, l := range r.pages[0].Lines {
				hasNumber = hasNumber || l.Text == "—1—"
			}
			if hasNumber != tt.pageNumber {
				t.Errorf("page 1 number printed = %v, want %v", hasNumber, tt.pageNumber)
			}
			last := len(r.pages) - 1
			black := r.mustRaster(t, last).rows(isDark, 0, PageWidthMM, TopMM, TypeBottomMM+3, 150)
			if len(black) != tt.recordRule {
				t.Errorf("%d black 版记 rules on the last page, want %d", len(black), tt.recordRule)
			}
			l := r.mustFindLine(t, last, tt.line)
			near(t, tt.line+" left", l.XMin, tt.lineLeft, tolMM)
		})
	}
}

// TestRender_RecordPlacement grows the body line by line: the 版记 always
// ends on the 版心 bottom of the last page and never overlaps the text; when
// it does not fit it moves to a page of its own.
func TestRender_RecordPlacement(t *testing.T) {
	t.Parallel()
	para := strings.Repeat("各单位要认真贯彻落实本通知要求确保工作取得实效", 2) // 46 characters: 2 lines
	for _, n := range []int{9, 10, 11, 12} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			t.Parallel()
			d := sampleDoc()
			d.Body = strings.TrimSuffix(strings.Repeat(para+"\n", n), "\n")
			r := mustRender(t, d)
			last := len(r.pages) - 1
			rules := r.mustRaster(t, last).rows(isDark, 0, PageWidthMM, TopMM, TypeBottomMM+3, 150)
			if len(rules) != 3 {
				t.Fatalf("%d 版记 rules on the last page, want 3", len(rules))
			}
			near(t, "last rule bottom", rules[2].bottom, TypeBottomMM, 0.5)
			for _, l := range r.pages[last].Lines {
				if l.YMax < rules[0].top || l.YMin > TypeBottomMM {
					continue
				}
				if strings.Contains(l.Text, "抄送") || strings.Contains(l.Text, "印发") || strings.Contains(l.Text, "县人武部") || l.YMin > rules[1].bottom {
					continue
				}
				t.Errorf("line %q (%.1f–%.1f mm) overlaps the 版记 starting at %.1f mm", l.Text, l.YMin, l.YMax, rules[0].top)
			}
		})
	}
}
