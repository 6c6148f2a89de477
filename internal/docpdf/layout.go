package docpdf

import "image"

// ruleOp draws a horizontal line centred on y.
type ruleOp struct {
	x0, x1, y, width float64 // mm
	color            rgb
}

// imageOp draws an image into a rectangle (mm, top-left corner).
type imageOp struct {
	img        image.Image
	x, y, w, h float64
}

// page is one laid-out page: what to draw, and where the 主体 flow
// stands on it.
type page struct {
	texts  []textOp
	rules  []ruleOp
	images []imageOp
	number int // printed page number; 0 prints none

	origin float64 // y of the top of grid line 0 of the flow
	slots  int     // flow lines that fit
	used   int     // flow lines used
	bottom float64 // lowest point of the content, mm
}

// newPage is a continuation page: the flow uses the full 22-line grid.
func newPage() *page {
	return &page{origin: TopMM, slots: LinesPerPage, bottom: TopMM}
}

// firstPage is the first page, whose flow starts at y (below the 版头) and
// keeps the line pitch down to the bottom of the 版心.
func firstPage(y float64) *page {
	n := int((TypeBottomMM-y)/LinePitchMM + 1e-6)
	return &page{origin: y, slots: max(n, 0), bottom: y}
}

// draw adds l with the top of its line box at top.
func (p *page) draw(l line, top float64) {
	p.texts = append(p.texts, l.ops(top+l.ascent())...)
}

// flowLine is a line of the 主体: one or more segments set on the same
// grid line.
type flowLine struct {
	segs []line
	gap  int  // blank grid lines before it (dropped at the top of a page)
	glue bool // keep on the same page as the previous line
	// extra draws what is anchored to the line (seals) given the top of
	// its line box, and returns the lowest y it reaches.
	extra func(p *page, top float64) float64
}

// flowOf turns wrapped lines into flow lines, the first one gap lines
// below what precedes it.
func flowOf(ls []line, gap int, glue bool) []flowLine {
	out := make([]flowLine, len(ls))
	for i, l := range ls {
		out[i] = flowLine{segs: []line{l}}
	}
	if len(out) > 0 {
		out[0].gap, out[0].glue = gap, glue
	}
	return out
}

// paginate places the flow on the grid, starting on first and adding
// continuation pages as needed. Lines glued together move to the next page
// as a whole when they do not fit.
func paginate(first *page, lines []flowLine) []*page {
	pages := []*page{first}
	cur := first
	next := func() {
		cur = newPage()
		pages = append(pages, cur)
	}
	for i := 0; i < len(lines); {
		j := i + 1
		for j < len(lines) && lines[j].glue {
			j++
		}
		need := 0
		for k, fl := range lines[i:j] {
			if k > 0 || cur.used > 0 {
				need += fl.gap
			}
			need++
		}
		if cur.used > 0 && cur.used+need > cur.slots {
			next()
		}
		for _, fl := range lines[i:j] {
			gap := fl.gap
			if cur.used == 0 {
				gap = 0
			}
			if cur.used+gap+1 > cur.slots {
				next()
				gap = 0
			}
			cur.used += gap
			top := cur.origin + float64(cur.used)*LinePitchMM
			for _, l := range fl.segs {
				cur.draw(l, top)
			}
			cur.bottom = max(cur.bottom, top+LinePitchMM)
			if fl.extra != nil {
				cur.bottom = max(cur.bottom, fl.extra(cur, top))
			}
			cur.used++
		}
		i = j
	}
	return pages
}
