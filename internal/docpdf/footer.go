package docpdf

import "fmt"

// record is the laid-out 版记: rows of 4号 text between separators, drawn
// upwards from the bottom of the 版心 of the last page.
type record struct {
	rows  [][]line // each row: one or more segments on one line
	cc    int      // number of 抄送 rows (the first rows)
	rules bool     // draw the separators (not in the letter format)
	// ascent and descent of 4号 text, to centre it in its row (mm)
	ascent, descent float64
}

// height is the vertical space the 版记 needs: one grid line per row.
func (r record) height() float64 { return float64(len(r.rows)) * LinePitchMM }

// record sets the 版记 (7.4): "抄送：" rows indented 1 字 on both sides with
// wrapped names aligned after the colon, a thin rule, the 印发机关 left and
// "…印发" right, thick rules first and last. The letter format has only
// the 抄送 rows, without rules (10.1).
func (lo *layout) record() (record, error) {
	d := lo.doc
	fc := lo.fs.role[fangSong]
	r := record{
		rules:   d.Format != FormatLetter,
		ascent:  mm(fc.ascent * FooterSizePt),
		descent: mm(-fc.descent * FooterSizePt),
	}
	if d.CC != "" {
		label := "抄送："
		if d.Format == FormatOrder {
			label = "分送："
		}
		lc, err := lo.fs.cells(label, footer())
		if err != nil {
			return r, err
		}
		names, err := lo.fs.cells(d.CC, footer())
		if err != nil {
			return r, err
		}
		left := LeftMM + footerChar
		for _, l := range wrap(append(lc, names...), left, left+widthOf(lc, 0), TypeRightMM-footerChar, 0) {
			r.rows = append(r.rows, []line{l})
		}
		r.cc = len(r.rows)
	}
	if d.Format == FormatLetter || (d.PrintingUnit == "" && d.PrintingDate == "") {
		return r, nil
	}
	unit, err := lo.setLine(d.PrintingUnit, footer(), LeftMM+footerChar, 0)
	if err != nil {
		return r, err
	}
	date := ""
	if d.PrintingDate != "" {
		date = d.PrintingDate + "印发"
	}
	dl, err := lo.setLine(date, footer(), 0, 0)
	if err != nil {
		return r, err
	}
	dl.x = TypeRightMM - footerChar - dl.width()
	r.rows = append(r.rows, []line{unit, dl})
	return r, nil
}

// placeRecord draws the 版记 at the bottom of the last page, or of a new
// page when it does not fit under the content. The last thick rule lies
// inside the 版心 with its lower edge on the 版心's bottom edge.
func placeRecord(pages []*page, r record) []*page {
	if len(r.rows) == 0 {
		return pages
	}
	last := pages[len(pages)-1]
	top := TypeBottomMM - r.height()
	if last.bottom > top+1e-6 {
		last = newPage()
		pages = append(pages, last)
	}
	for i, row := range r.rows {
		rowTop := top + float64(i)*LinePitchMM
		base := rowTop + (LinePitchMM-r.ascent-r.descent)/2 + r.ascent
		for _, l := range row {
			last.texts = append(last.texts, l.ops(base)...)
		}
	}
	if !r.rules {
		return pages
	}
	rule := func(y, w float64) {
		last.rules = append(last.rules, ruleOp{LeftMM, TypeRightMM, y, w, black})
	}
	rule(top+ThickRuleMM/2, ThickRuleMM)
	if r.cc > 0 && r.cc < len(r.rows) {
		rule(top+float64(r.cc)*LinePitchMM, ThinRuleMM)
	}
	rule(TypeBottomMM-ThickRuleMM/2, ThickRuleMM)
	return pages
}

// numberPages sets the page numbers (7.5): "— N —" in 4号宋体, the 一字线
// PageNumberBelowTypeMM below the 版心, odd pages right and even pages left,
// 1 字 in from the edge. The letter format's first page has none.
func (lo *layout) numberPages(pages []*page) error {
	for i, p := range pages {
		n := i + 1
		if lo.doc.Format == FormatLetter && n == 1 {
			continue
		}
		l, err := lo.setLine(fmt.Sprintf("— %d —", n), style{song, FooterSizePt, black}, 0, 0)
		if err != nil {
			return err
		}
		if n%2 == 1 {
			l.x = TypeRightMM - footerChar - l.width()
		} else {
			l.x = LeftMM + footerChar
		}
		dash, _ := lo.fs.cells("—", style{song, FooterSizePt, black})
		base := TypeBottomMM + PageNumberBelowTypeMM + mm(FooterSizePt)*0.35
		if len(dash) == 1 {
			if b, ok := dash[0].f.ink('—'); ok {
				base = TypeBottomMM + PageNumberBelowTypeMM + mm((b.y0+b.y1)/2*FooterSizePt)
			}
		}
		p.texts = append(p.texts, l.ops(base)...)
		p.number = n
	}
	return nil
}
