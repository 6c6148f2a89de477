package docpdf

import (
	"errors"
	"math"
	"strings"
)

// sealGapMM separates joint seals: they may not touch (7.3.5.1).
const sealGapMM = 2.0

// signature sets the 署名 and 成文日期, with the seals when the document
// is sealed, gap blank lines below the text.
func (lo *layout) signature(gap int) ([]flowLine, error) {
	d := lo.doc
	if len(d.Signature) == 0 && d.WrittenDate == "" {
		return nil, nil
	}
	var sigs []line
	for _, s := range d.Signature {
		l, err := lo.setLine(strings.TrimSpace(s), body(), 0, gridTrack())
		if err != nil {
			return nil, err
		}
		sigs = append(sigs, l)
	}
	date, err := lo.setLine(d.WrittenDate, body(), 0, gridTrack())
	if err != nil {
		return nil, err
	}
	switch {
	case d.Format == FormatOrder:
		return lo.orderSignature(sigs, date, gap)
	case d.Sealed && d.Format != FormatMinutes && len(sigs) > 0:
		return lo.sealedSignature(sigs, date, gap)
	}
	return unsealedSignature(sigs, date, gap), nil
}

// visible is the width of l without the tracking after its last glyph.
func visible(l line) float64 {
	if len(l.cells) == 0 {
		return 0
	}
	return l.width() - l.tc
}

// unsealedSignature follows 7.3.5.2: 署名 right-indented 2 字, the date on
// the next line starting 2 字 right of the 署名; a longer date is
// right-indented 2 字 and the 署名 starts 2 字 left of it.
func unsealedSignature(sigs []line, date line, gap int) []flowLine {
	right := TypeRightMM - 2*CharPitchMM
	sigW := 0.0
	for _, s := range sigs {
		sigW = max(sigW, visible(s))
	}
	sigLeft := right - sigW
	dateLeft := sigLeft + 2*CharPitchMM
	if dateLeft+visible(date) > right {
		dateLeft = right - visible(date)
		sigLeft = min(sigLeft, dateLeft-2*CharPitchMM)
	}
	var out []flowLine
	for i, s := range sigs {
		s.x = sigLeft + sigW - visible(s) // right edges aligned
		g := 0
		if i == 0 {
			g = gap
		}
		out = append(out, flowLine{segs: []line{s}, gap: g, glue: true})
	}
	if len(date.cells) > 0 {
		date.x = dateLeft
		g := 0
		if len(out) == 0 {
			g = gap
		}
		out = append(out, flowLine{segs: []line{date}, gap: g, glue: true})
	}
	return out
}

// sealedSignature follows 7.3.5.1: the date right-indented 4 字, each 署名
// centred under its seal, the last seal centred over the last 署名 and the
// date, the first seals' tops one line below the text. The 署名 line is 2
// blank lines below the text so that 署名 and date sit just below the seal's
// centre. Joint seals stand side by side, not touching, in rows aligned on
// the date when one row does not fit the 版心.
func (lo *layout) sealedSignature(sigs []line, date line, gap int) ([]flowLine, error) {
	date.x = TypeRightMM - 4*CharPitchMM - visible(date)
	centre := date.x + visible(date)/2
	if len(date.cells) == 0 {
		centre = TypeRightMM - 4*CharPitchMM - SealDiameterMM/2
	}
	sigW := 0.0
	for _, s := range sigs {
		sigW = max(sigW, visible(s))
	}
	half := max(SealDiameterMM, sigW) / 2
	step := max(SealDiameterMM+sealGapMM, sigW+CharPitchMM)
	if centre-half < LeftMM-1e-6 || centre+half > TypeRightMM+1e-6 {
		return nil, errors.New("docpdf: the 署名 and seal do not fit in the 版心 width")
	}
	perRow := 1 + int((centre-half-LeftMM)/step+1e-9)
	rowGap := int(math.Ceil((SealDiameterMM+sealGapMM)/LinePitchMM)) - 1
	var out []flowLine
	for start := 0; start < len(sigs); start += perRow {
		row := sigs[start:min(start+perRow, len(sigs))]
		var imgs []imageOp
		for i := range row {
			c := centre - float64(len(row)-1-i)*step
			row[i].x = c - visible(row[i])/2
			img, err := sealImage(lo.fs.role[song], lo.doc.Signature[start+i], SealDiameterMM)
			if err != nil {
				return nil, err
			}
			imgs = append(imgs, imageOp{img: img, x: c - SealDiameterMM/2, w: SealDiameterMM, h: SealDiameterMM})
		}
		fl := flowLine{segs: row, gap: rowGap, glue: true}
		if start == 0 {
			fl.gap = max(gap, 2)
		}
		fl.extra = func(p *page, top float64) float64 {
			y := max(top-2*LinePitchMM, p.origin) // the seal's top: one line below the text
			for _, im := range imgs {
				im.y = y
				p.images = append(p.images, im)
			}
			return y + SealDiameterMM
		}
		out = append(out, fl)
	}
	if len(date.cells) > 0 {
		out = append(out, flowLine{segs: []line{date}, glue: true})
	}
	return out, nil
}

// orderSignature follows 7.3.5.3 for the order format: the 签名章 (here the
// signer's name in 楷体, red when sealed) right-indented 4 字 two lines below
// the text with the 职务 2 字 to its left, the date on the next line
// right-indented 4 字.
func (lo *layout) orderSignature(sigs []line, date line, gap int) ([]flowLine, error) {
	right := TypeRightMM - 4*CharPitchMM
	var segs []line
	if len(sigs) > 0 {
		st := style{kai, BodySizePt, black}
		if lo.doc.Sealed {
			st.color = red
		}
		name, err := lo.setLine(strings.TrimSpace(lo.doc.Signature[0]), st, 0, gridTrack())
		if err != nil {
			return nil, err
		}
		name.x = right - visible(name)
		segs = append(segs, name)
		if lo.doc.SignatoryTitle != "" {
			t, err := lo.setLine(lo.doc.SignatoryTitle, body(), 0, gridTrack())
			if err != nil {
				return nil, err
			}
			t.x = name.x - 2*CharPitchMM - visible(t)
			segs = append(segs, t)
		}
	}
	var out []flowLine
	if len(segs) > 0 {
		out = append(out, flowLine{segs: segs, gap: max(gap, 2), glue: true})
	}
	if len(date.cells) > 0 {
		date.x = right - visible(date)
		g := 0
		if len(out) == 0 {
			g = gap
		}
		out = append(out, flowLine{segs: []line{date}, gap: g, glue: true})
	}
	return out, nil
}
