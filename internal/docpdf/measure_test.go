package docpdf

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// tolMM is the tolerance of every position check (GB/T 9704 allows ±1 mm
// on the margins).
const tolMM = 1.0

// near fails the test when got is further than tol from want.
func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.2f mm, want %.2f ± %.1f mm", what, got, want, tol)
	}
}

func TestRender_PageSize(t *testing.T) {
	t.Parallel()
	r := mustRender(t, sampleDoc())
	out := mustRun(t, "pdfinfo", r.path)
	m := regexp.MustCompile(`Page size:\s+([\d.]+) x ([\d.]+) pts`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo printed no page size:\n%s", out)
	}
	w, _ := strconv.ParseFloat(string(m[1]), 64)
	h, _ := strconv.ParseFloat(string(m[2]), 64)
	near(t, "page width", mm(w), 210, tolMM)
	near(t, "page height", mm(h), 297, tolMM)
	if len(r.pages) < 3 {
		t.Fatalf("sample document has %d pages, want at least 3", len(r.pages))
	}
	for i, p := range r.pages {
		near(t, fmt.Sprintf("page %d width", i+1), p.Width, 210, tolMM)
		near(t, fmt.Sprintf("page %d height", i+1), p.Height, 297, tolMM)
	}
}

// TestRender_Banner measures the 版头 of page 1: the 标志's top edge, the
// 发文字号 two lines below it, the red line 4 mm below the 发文字号 and as
// wide as the 版心, the title two lines below the red line.
func TestRender_Banner(t *testing.T) {
	t.Parallel()
	r := mustRender(t, sampleDoc())
	r.saveArtifact(t, "docpdf-first-page.png")
	ras := r.mustRaster(t, 0)

	urgent := r.mustFindLine(t, 0, "特急")
	near(t, "紧急程度 left", urgent.XMin, LeftMM, tolMM)
	near(t, "紧急程度 top", urgent.YMin, TopMM, tolMM)

	red := ras.rows(isRed, 0, PageWidthMM, TopMM, 160, 0)
	if len(red) < 2 {
		t.Fatalf("found %d red bands on page 1, want the 标志 and the red line", len(red))
	}
	mark := red[0]
	near(t, "标志 top edge", mark.top, 72, tolMM)
	if mark.left < LeftMM-tolMM || mark.right > TypeRightMM+tolMM {
		t.Errorf("标志 spans %.1f–%.1f mm, outside the 版心", mark.left, mark.right)
	}
	near(t, "标志 centre", (mark.left+mark.right)/2, LeftMM+TypeWidthMM/2, tolMM)

	rules := ras.rows(isRed, 0, PageWidthMM, TopMM, 160, 100)
	if len(rules) != 1 {
		t.Fatalf("found %d red separator lines, want 1: %+v", len(rules), rules)
	}
	rule := rules[0]
	ruleY := (rule.top + rule.bottom) / 2
	near(t, "red line left", rule.left, LeftMM, tolMM)
	near(t, "red line length", rule.right-rule.left, TypeWidthMM, tolMM)
	if th := rule.bottom - rule.top; th < 0.15 || th > 0.6 {
		t.Errorf("red line is %.2f mm thick, want 0.18–0.35 mm (0.5–1 pt)", th)
	}

	num := r.mustFindLine(t, 0, "某政办发")
	near(t, "发文字号 top (2 lines below the 标志)", num.YMin, mark.bottom+2*LinePitchMM, tolMM)
	near(t, "发文字号 centre", (num.XMin+num.XMax)/2, LeftMM+TypeWidthMM/2, tolMM)
	ink := ras.rows(isDark, num.XMin, num.XMax, num.YMin, rule.top-0.2, 0)
	if len(ink) == 0 {
		t.Fatal("no ink found for the 发文字号")
	}
	near(t, "red line below the 发文字号", ruleY-ink[len(ink)-1].bottom, RuleBelowNumberMM, 0.5)

	title := r.mustFindLine(t, 0, "关于做好")
	near(t, "title top (2 lines below the red line)", title.YMin, ruleY+2*LinePitchMM, tolMM)
	near(t, "title centre", (title.XMin+title.XMax)/2, LeftMM+TypeWidthMM/2, tolMM)
	mainTo := r.mustFindLine(t, 0, "各乡镇人民政府，县政府各部门：")
	near(t, "主送 left", mainTo.XMin, LeftMM, tolMM)
}

// TestRender_BodyGrid checks that text sits on the 22 × 28 grid: the
// continuation page starts at the 版心 top, lines are one 行 apart and flush
// left at 订口, and that page numbers sit 7 mm below the 版心, left on even
// pages and right on odd ones.
func TestRender_BodyGrid(t *testing.T) {
	t.Parallel()
	r := mustRender(t, sampleDoc())
	p := r.pages[1]
	if len(p.Lines) < 5 {
		t.Fatalf("page 2 has %d lines", len(p.Lines))
	}
	near(t, "first line on page 2, top", p.Lines[0].YMin, TopMM, tolMM)
	left := PageWidthMM
	for _, l := range p.Lines {
		if l.YMin > TypeBottomMM {
			continue // the page number
		}
		left = min(left, l.XMin)
		// Word boxes take their height from the first glyph's font: measure
		// a word set in the Chinese font, not in the Latin one.
		top, ok := cjkTop(l)
		if !ok {
			continue
		}
		k := math.Round((top - TopMM) / LinePitchMM)
		near(t, fmt.Sprintf("line %q top", l.Text), top, TopMM+k*LinePitchMM, 0.3)
		if l.XMax > TypeRightMM+CharPitchMM+tolMM {
			t.Errorf("line %q ends at %.1f mm, past the 版心", l.Text, l.XMax)
		}
	}
	near(t, "body left edge", left, LeftMM, tolMM)

	for i := range r.pages {
		n := i + 1
		l := r.mustFindLine(t, i, fmt.Sprintf("—%d—", n))
		if n%2 == 0 {
			near(t, fmt.Sprintf("page number %d left", n), l.XMin, LeftMM+footerChar, tolMM)
		} else {
			near(t, fmt.Sprintf("page number %d right", n), l.XMax, TypeRightMM-footerChar, tolMM)
		}
		if n != 2 {
			continue
		}
		dash := l.Words[0]
		bands := r.mustRaster(t, i).rows(isDark, dash.XMin, dash.XMax, TypeBottomMM, 285, 0)
		if len(bands) != 1 {
			t.Fatalf("page number dash: %d ink bands, want 1", len(bands))
		}
		near(t, "page number 一字线 below the 版心", (bands[0].top+bands[0].bottom)/2-TypeBottomMM, PageNumberBelowTypeMM, 0.5)
	}
}

// TestRender_Record measures the 版记 on the last page: three separators
// as wide as the 版心, the last on the 版心 bottom; 抄送 indented 1 字 with
// wrapped names after the colon; 印发机关 and date on the last row.
func TestRender_Record(t *testing.T) {
	t.Parallel()
	r := mustRender(t, sampleDoc())
	last := len(r.pages) - 1
	rules := r.mustRaster(t, last).rows(isDark, 0, PageWidthMM, TopMM, TypeBottomMM+3, 150)
	if len(rules) != 3 {
		t.Fatalf("found %d 版记 separators, want 3: %+v", len(rules), rules)
	}
	for i, b := range rules {
		near(t, fmt.Sprintf("separator %d left", i+1), b.left, LeftMM, tolMM)
		near(t, fmt.Sprintf("separator %d length", i+1), b.right-b.left, TypeWidthMM, tolMM)
	}
	near(t, "last separator bottom", rules[2].bottom, TypeBottomMM, 0.5)

	cc := r.mustFindLine(t, last, "抄送：")
	near(t, "抄送 left (1 字)", cc.XMin, LeftMM+footerChar, tolMM)
	if cc.YMin < rules[0].bottom || cc.YMax > rules[1].top {
		t.Errorf("抄送 line %.1f–%.1f mm is not between the first two separators", cc.YMin, cc.YMax)
	}
	wrapped := r.mustFindLine(t, last, "县人武部。")
	near(t, "抄送 continuation left (after the colon)", wrapped.XMin, LeftMM+4*footerChar, tolMM)
	if cc.XMax > TypeRightMM-footerChar+0.5 && !endsHanging(cc.Text) {
		t.Errorf("抄送 line ends at %.1f mm, want at most %.1f (1 字 right indent)", cc.XMax, TypeRightMM-footerChar)
	}

	var unit, date *bboxLine
	for _, l := range r.pages[last].Lines {
		if l.YMin > rules[1].bottom && l.YMax < TypeBottomMM {
			for _, w := range l.Words {
				switch w.Text {
				case "某县人民政府办公室":
					unit = &bboxLine{Text: w.Text, XMin: w.XMin, YMin: w.YMin, XMax: w.XMax, YMax: w.YMax}
				case "2026年3月6日印发":
					date = &bboxLine{Text: w.Text, XMin: w.XMin, YMin: w.YMin, XMax: w.XMax, YMax: w.YMax}
				}
			}
		}
	}
	if unit == nil || date == nil {
		t.Fatalf("no 印发 row between the last two separators: unit %v, date %v", unit, date)
	}
	near(t, "印发机关 left (1 字)", unit.XMin, LeftMM+footerChar, tolMM)
	near(t, "印发日期 right (1 字)", date.XMax, TypeRightMM-footerChar, tolMM)
	near(t, "印发 row, same line", unit.YMin, date.YMin, tolMM)
	if date.YMax > TypeBottomMM || date.YMax < TypeBottomMM-LinePitchMM {
		t.Errorf("印发 row bottom at %.1f mm, want just above the 版心 bottom %.0f", date.YMax, TypeBottomMM)
	}
}

// cjkTop is the top of the first word of l that starts with a Chinese
// character.
func cjkTop(l bboxLine) (float64, bool) {
	for _, w := range l.Words {
		if r := []rune(w.Text); len(r) > 0 && r[0] >= 0x2E80 {
			return w.YMin, true
		}
	}
	return 0, false
}

// endsHanging reports whether s ends with punctuation allowed to hang past the
// right edge.
func endsHanging(s string) bool {
	r := []rune(s)
	return len(r) > 0 && strings.ContainsRune("，。、；：？！", r[len(r)-1])
}
