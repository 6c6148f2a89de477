package docpdf

import (
	"context"
	"errors"
	"io/fs"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fakeFace is a font without a file: ideographs and full-width punctuation
// 1 em wide, ASCII half an em.
func fakeFace() *face {
	f := &face{family: "fake", upem: 1000, ascent: 0.88, descent: -0.12, cmap: map[int]uint{}, widths: []uint{0}}
	add := func(s string, w uint) {
		for _, r := range s {
			f.cmap[int(r)] = uint(len(f.widths))
			f.widths = append(f.widths, w)
		}
	}
	add("政府工作报告县人民办公室关于做好春季森林防火的通知年，。、（）《》", 1000)
	add("0123456789.", 500)
	return f
}

// fakeCells sets s in 3号 with fakeFace.
func fakeCells(f *face, s string) []cell {
	var cs []cell
	for _, r := range s {
		cs = append(cs, cell{r: r, f: f, size: BodySizePt, ascent: f.ascent})
	}
	return cs
}

// repeatTo repeats pattern until n runes.
func repeatTo(pattern string, n int) string {
	p := []rune(pattern)
	out := make([]rune, n)
	for i := range out {
		out[i] = p[i%len(p)]
	}
	return string(out)
}

func TestWrap(t *testing.T) {
	ideographs := repeatTo("政府工作报告县人民办公室关于做好春季森林防火的通知", 200)
	seg := func(a, b int) string { return string([]rune(ideographs)[a:b]) }
	tests := []struct {
		name string
		text string
		want []string
	}{
		{
			name: "100 characters: 26 after the indent, then 28",
			text: seg(0, 100),
			want: []string{seg(0, 26), seg(26, 54), seg(54, 82), seg(82, 100)},
		},
		{
			name: "a comma that would start a line hangs at the end of the previous one",
			text: seg(0, 26) + "，" + "政府",
			want: []string{seg(0, 26) + "，", "政府"},
		},
		{
			name: "an opening bracket does not end a line",
			text: seg(0, 25) + "（政府）",
			want: []string{seg(0, 25), "（政府）"},
		},
		{
			name: "a number is not split",
			text: seg(0, 25) + "2026年",
			want: []string{seg(0, 25), "2026年"},
		},
		{
			name: "half-width digits take half a 字",
			text: "1234" + seg(0, 30),
			want: []string{"1234" + seg(0, 24), seg(24, 30)},
		},
	}
	f := fakeFace()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := wrap(fakeCells(f, tt.text), LeftMM+indent2, LeftMM, TypeRightMM, gridTrack())
			var got []string
			for i, l := range lines {
				var b strings.Builder
				for _, c := range l.cells {
					b.WriteRune(c.r)
				}
				got = append(got, b.String())
				hung := strings.ContainsRune(hangs, l.cells[len(l.cells)-1].r)
				if i < len(lines)-1 && !hung {
					// The grid pitch, not the last glyph's em box, fills the line.
					if end := l.x + l.width(); math.Abs(end-TypeRightMM) > 1e-6 {
						t.Errorf("line %d ends at %.3f mm, want justified to %.3f", i+1, end, TypeRightMM)
					}
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("wrap mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestHeadingLevel(t *testing.T) {
	tests := []struct {
		para string
		want int
	}{
		{"一、总体要求", 1},
		{"十二、其他事项", 1},
		{"（一）落实责任", 2},
		{"（十一）加强宣传", 2},
		{"1.开展排查", 0},
		{"（1）建立台账", 0},
		{"一是加强领导", 0},
		{"（一", 0},
		{"一、", 1},
		{"", 0},
	}
	for _, tt := range tests {
		if got := headingLevel(tt.para); got != tt.want {
			t.Errorf("headingLevel(%q) = %d, want %d", tt.para, got, tt.want)
		}
	}
}

// TestPaginate checks that glued lines move to the next page together and
// that a gap at the top of a page is dropped.
func TestPaginate(t *testing.T) {
	f := fakeFace()
	ln := func(s string, gap int, glue bool) flowLine {
		return flowLine{segs: []line{{cells: fakeCells(f, s), x: LeftMM}}, gap: gap, glue: glue}
	}
	first := firstPage(TypeBottomMM - 3*LinePitchMM) // room for 3 lines
	pages := paginate(first, []flowLine{
		ln("政府", 0, false),
		ln("工作", 0, false),
		ln("报告", 1, false), // would fit alone, but the next line is glued to it
		ln("人民", 0, true),
		ln("县", 0, false),
	})
	type placed struct {
		Page int
		Text string
		Top  float64
	}
	var got []placed
	for i, p := range pages {
		for _, op := range p.texts {
			got = append(got, placed{i + 1, op.s, math.Round((op.base-mm(f.ascent*BodySizePt))*100) / 100})
		}
	}
	r := func(v float64) float64 { return math.Round(v*100) / 100 }
	want := []placed{
		{1, "政府", r(first.origin)},
		{1, "工作", r(first.origin + LinePitchMM)},
		{2, "报告", r(TopMM)},
		{2, "人民", r(TopMM + LinePitchMM)},
		{2, "县", r(TopMM + 2*LinePitchMM)},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("placement mismatch (-want +got):\n%s", diff)
	}
}

func TestRender_Errors(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name      string
		ctx       context.Context
		doc       Document
		fonts     func(t *testing.T) Fonts
		wantIs    error
		wantMatch string
	}{
		{"no FangSong", context.Background(), Document{Title: "通知"}, func(*testing.T) Fonts { return Fonts{} }, nil, "FangSong is required"},
		{"missing font file", context.Background(), Document{Title: "通知"}, func(*testing.T) Fonts { return Fonts{FangSong: "/nonexistent/font.ttf"} }, fs.ErrNotExist, ""},
		{"unknown format", context.Background(), Document{Format: "poster"}, func(*testing.T) Fonts { return Fonts{FangSong: "x"} }, nil, "unknown format"},
		{"cancelled", canceled, Document{Title: "通知"}, func(*testing.T) Fonts { return Fonts{FangSong: "x"} }, context.Canceled, ""},
		{"glyph in no font", context.Background(), Document{Title: "通知\U0001F600"}, mustFonts, nil, "no font has a glyph"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Render(tt.ctx, tt.doc, tt.fonts(t))
			if err == nil {
				t.Fatal("Render succeeded, want an error")
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("Render error %v, want one wrapping %v", err, tt.wantIs)
			}
			if !strings.Contains(err.Error(), tt.wantMatch) {
				t.Errorf("Render error %q, want it to mention %q", err, tt.wantMatch)
			}
		})
	}
}
