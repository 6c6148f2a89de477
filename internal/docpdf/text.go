package docpdf

import (
	"strings"
	"unicode"
)

// style is how a run of text is set: font role, size in points, colour.
type style struct {
	role  role
	size  float64
	color rgb
}

// Common styles.
func body() style    { return style{fangSong, BodySizePt, black} }
func footer() style  { return style{fangSong, FooterSizePt, black} }
func heading() style { return style{hei, BodySizePt, black} }

// cell is one character resolved to the face that sets it.
type cell struct {
	r      rune
	f      *face
	size   float64 // pt
	color  rgb
	ascent float64 // ascent of the role's face in em: lines align on it
}

// width is the advance of c in millimetres.
func (c cell) width() float64 { return mm(c.f.advance(c.r) * c.size) }

// cells resolves s, set in st, to faces. Line breaks, tabs and other
// control whitespace are dropped (breaking lines is the layout's business),
// and so is a space no font can set.
func (fs *fontSet) cells(s string, st style) ([]cell, error) {
	out := make([]cell, 0, len(s))
	asc := fs.role[st.role].ascent
	for _, r := range s {
		if unicode.IsSpace(r) && r != '\u3000' && r != ' ' {
			continue
		}
		f, err := fs.pick(st.role, r)
		if err != nil && r == ' ' {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, cell{r: r, f: f, size: st.size, color: st.color, ascent: asc})
	}
	return out, nil
}

// widthOf is the advance of cells with tracking tc (mm) after each glyph.
func widthOf(cs []cell, tc float64) float64 {
	w := 0.0
	for _, c := range cs {
		w += c.width() + tc
	}
	return w
}

// line is one line of set text: its cells, the x of its first glyph and
// the tracking added after every glyph (mm).
type line struct {
	cells []cell
	x     float64
	tc    float64
}

// width is the advance of the whole line.
func (l line) width() float64 { return widthOf(l.cells, l.tc) }

// ascent is the distance from the line's top to its baseline in mm.
func (l line) ascent() float64 {
	a := 0.0
	for _, c := range l.cells {
		a = max(a, mm(c.ascent*c.size))
	}
	return a
}

// Kinsoku (避头尾) classes.
const (
	noStart = "，。、；：？！）》」』〕】〗”’…—·%‰℃,.;:?!)]}"
	noEnd   = "（《「『〔【〖“‘([{"
	hangs   = "，。、；：？！" // may hang past the right edge (Word's 允许标点溢出边界)
)

// sticks reports whether a and b must stay on one line: runs of ASCII
// letters and digits (numbers, years) are not broken.
func sticks(a, b rune) bool {
	word := func(r rune) bool { return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.') }
	return word(a) && word(b)
}

// breakable reports whether a line may end after cs[k-1] and the next start at cs[k].
func breakable(cs []cell, k int) bool {
	a, b := cs[k-1].r, cs[k].r
	return !strings.ContainsRune(noStart, b) && !strings.ContainsRune(noEnd, a) && !sticks(a, b)
}

// wrap sets cs in lines: the first line between x0 and right, the others
// between x1 and right, all with tracking tc. Every line but the last is
// justified to the full width, as Word's 两端对齐 does; a closing comma or
// full stop that would start a line hangs past the right edge instead.
func wrap(cs []cell, x0, x1, right, tc float64) []line {
	const eps = 1e-6
	var lines []line
	for i := 0; i < len(cs); {
		x := x1
		if len(lines) == 0 {
			x = x0
		}
		avail := right - x
		w, j := 0.0, i
		for j < len(cs) && w+cs[j].width()+tc <= avail+eps {
			w += cs[j].width() + tc
			j++
		}
		if j == len(cs) {
			lines = append(lines, line{cells: cs[i:], x: x, tc: tc})
			break
		}
		if j == i { // a single glyph wider than the line
			j++
		}
		hung := false
		if j < len(cs) && j > i+1 && !breakable(cs, j) {
			if strings.ContainsRune(hangs, cs[j].r) && (j+1 == len(cs) || breakable(cs, j+1)) {
				j++
				hung = true
			} else {
				k := j - 1
				for k > i+1 && !breakable(cs, k) {
					k--
				}
				if breakable(cs, k) {
					j = k
				}
			}
		}
		l := line{cells: cs[i:j], x: x, tc: tc}
		if !hung {
			if extra := avail - l.width(); extra > eps {
				l.tc += extra / float64(j-i)
			}
		}
		lines = append(lines, l)
		i = j
	}
	return lines
}

// textOp draws a run of glyphs of one face, size and colour.
type textOp struct {
	f       *face
	size    float64 // pt
	color   rgb
	x, base float64 // pen position and baseline, mm from the top-left
	tc      float64 // tracking, mm
	s       string
}

// ops returns the text operations that draw l with its baseline at base.
func (l line) ops(base float64) []textOp {
	var out []textOp
	x := l.x
	for i := 0; i < len(l.cells); {
		c := l.cells[i]
		j := i
		var sb strings.Builder
		start := x
		for j < len(l.cells) && l.cells[j].f == c.f && l.cells[j].size == c.size && l.cells[j].color == c.color {
			sb.WriteRune(l.cells[j].r)
			x += l.cells[j].width() + l.tc
			j++
		}
		out = append(out, textOp{f: c.f, size: c.size, color: c.color, x: start, base: base, tc: l.tc, s: sb.String()})
		i = j
	}
	return out
}

// ink returns the ink box of l drawn at baseline base, in page mm (y down).
func (l line) ink(base float64) (top, bottom float64, ok bool) {
	for _, c := range l.cells {
		b, has := c.f.ink(c.r)
		if !has {
			continue
		}
		t, bt := base-mm(b.y1*c.size), base-mm(b.y0*c.size)
		if !ok {
			top, bottom, ok = t, bt, true
			continue
		}
		top, bottom = min(top, t), max(bottom, bt)
	}
	return top, bottom, ok
}

// gridTrack is the tracking that puts 3号 ideographs on the 28-per-line grid.
func gridTrack() float64 { return CharPitchMM - mm(BodySizePt) }
