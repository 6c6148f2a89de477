package docpdf

import "strings"

// layout holds what every layout step needs.
type layout struct {
	doc Document
	fs  *fontSet
}

// setLine sets s in st as one line starting at x with tracking tc.
func (lo *layout) setLine(s string, st style, x, tc float64) (line, error) {
	cs, err := lo.fs.cells(s, st)
	if err != nil {
		return line{}, err
	}
	return line{cells: cs, x: x, tc: tc}, nil
}

// centred moves l so that it is centred in the 版心.
func centred(l line) line {
	l.x = LeftMM + (TypeWidthMM-l.width()+l.tc)/2
	return l
}

// inkTopBase returns the baseline that puts the ink top of l at y.
func inkTopBase(l line, y float64) float64 {
	t, _, ok := l.ink(0)
	if !ok {
		return y + l.ascent()
	}
	return y - t
}

// banner lays out the 版头 on the first page and returns the y at which
// the 主体 (the title) starts.
func (lo *layout) banner(p *page) (float64, error) {
	d := lo.doc
	switch d.Format {
	case FormatLetter:
		return lo.letterBanner(p)
	case FormatOrder:
		bottom, err := lo.mark(p, TopMM+OrderMarkTopBelowTypeTopMM)
		if err != nil {
			return 0, err
		}
		top := bottom + 2*LinePitchMM
		if d.Number == "" {
			return top, nil
		}
		l, err := lo.setLine(d.Number, body(), 0, gridTrack())
		if err != nil {
			return 0, err
		}
		p.draw(centred(l), top)
		return top + 3*LinePitchMM, nil
	}
	if d.Urgency != "" {
		l, err := lo.setLine(d.Urgency, heading(), LeftMM, gridTrack())
		if err != nil {
			return 0, err
		}
		p.draw(l, TopMM)
	}
	bottom, err := lo.mark(p, TopMM+MarkTopBelowTypeTopMM)
	if err != nil {
		return 0, err
	}
	ruleY := bottom + 2*LinePitchMM
	if d.Number != "" || len(d.Signers) > 0 {
		numBottom, err := lo.numberBlock(p, bottom+2*LinePitchMM)
		if err != nil {
			return 0, err
		}
		ruleY = numBottom + RuleBelowNumberMM
	}
	p.rules = append(p.rules, ruleOp{LeftMM, TypeRightMM, ruleY, mm(RedRuleWidthPt), red})
	return ruleY + 2*LinePitchMM, nil
}

// mark draws the 发文机关标志 in red 小标宋 with its ink top at y, as large as
// fits the 版心 width up to 初号, and returns its ink bottom.
func (lo *layout) mark(p *page, y float64) (float64, error) {
	d := lo.doc
	if len(d.IssuerNames) > 0 {
		return lo.jointMark(p, y)
	}
	if d.IssuerMark == "" {
		return y, nil
	}
	st := style{xiaoBiaoSong, 1, red}
	l, err := lo.setLine(d.IssuerMark, st, 0, 0)
	if err != nil {
		return 0, err
	}
	size := min(MarkMaxSizePt, TypeWidthMM/l.width())
	for i := range l.cells {
		l.cells[i].size = size
	}
	l = centred(l)
	base := inkTopBase(l, y)
	p.texts = append(p.texts, l.ops(base)...)
	_, bottom, _ := l.ink(base)
	return bottom, nil
}

// jointMark draws a joint 标志: the issuers' names stacked and justified to
// one width, MarkSuffix ("文件") to their right, vertically centred.
func (lo *layout) jointMark(p *page, y float64) (float64, error) {
	d := lo.doc
	st := style{xiaoBiaoSong, 1, red}
	const maxSize = 36.0 // stacked names are set smaller than a single 标志
	const gapEm = 0.6    // between the names and the suffix
	var names []line
	widest := 0.0
	for _, n := range d.IssuerNames {
		l, err := lo.setLine(n, st, 0, 0)
		if err != nil {
			return 0, err
		}
		names = append(names, l)
		widest = max(widest, l.width())
	}
	suffix, err := lo.setLine(d.MarkSuffix, st, 0, 0)
	if err != nil {
		return 0, err
	}
	size := min(maxSize, TypeWidthMM/(widest+mm(gapEm)+suffix.width()))
	resize := func(l *line) {
		for i := range l.cells {
			l.cells[i].size = size
		}
	}
	resize(&suffix)
	widest *= size
	x0 := LeftMM + (TypeWidthMM-widest-mm(gapEm*size)-suffix.width())/2
	top, bottom := y, y
	base := 0.0
	for i := range names {
		l := &names[i]
		resize(l)
		l.x = x0
		if n := len(l.cells); n > 1 {
			l.tc = (widest - l.width()) / float64(n-1)
		}
		if i == 0 {
			base = inkTopBase(*l, y)
		} else {
			base += mm(size * 1.25)
		}
		p.texts = append(p.texts, l.ops(base)...)
		_, b, _ := l.ink(base)
		bottom = max(bottom, b)
	}
	if len(suffix.cells) > 0 {
		suffix.x = x0 + widest + mm(gapEm*size)
		t, b, _ := suffix.ink(0)
		sb := (top+bottom)/2 - (t+b)/2
		p.texts = append(p.texts, suffix.ops(sb)...)
		bottom = max(bottom, sb+b)
	}
	return bottom, nil
}

// numberBlock draws the 发文字号 and the 签发人 lines from y (the top of the
// first line) and returns the ink bottom of the 发文字号.
func (lo *layout) numberBlock(p *page, y float64) (float64, error) {
	d := lo.doc
	num, err := lo.setLine(d.Number, body(), 0, gridTrack())
	if err != nil {
		return 0, err
	}
	numTop := y
	if len(d.Signers) == 0 {
		num = centred(num)
	} else {
		num.x = LeftMM + CharPitchMM
		numTop, err = lo.signers(p, y)
		if err != nil {
			return 0, err
		}
	}
	p.draw(num, numTop)
	_, bottom, ok := num.ink(numTop + num.ascent())
	if !ok {
		bottom = numTop + num.ascent()
	}
	return bottom, nil
}

// signers draws "签发人：" and the names, two per line, right-aligned 1 字
// from the right edge, and returns the top of the last line.
func (lo *layout) signers(p *page, y float64) (float64, error) {
	label, err := lo.setLine("签发人：", body(), 0, gridTrack())
	if err != nil {
		return 0, err
	}
	kaiStyle := style{kai, BodySizePt, black}
	var rows [][]line
	colW := 0.0
	for i := 0; i < len(lo.doc.Signers); i += 2 {
		var row []line
		w := 0.0
		for _, n := range lo.doc.Signers[i:min(i+2, len(lo.doc.Signers))] {
			l, err := lo.setLine(strings.TrimSpace(n), kaiStyle, 0, gridTrack())
			if err != nil {
				return 0, err
			}
			if len(row) > 0 {
				w += CharPitchMM
			}
			l.x = w
			w += l.width()
			row = append(row, l)
		}
		colW = max(colW, w)
		rows = append(rows, row)
	}
	colX := TypeRightMM - CharPitchMM - colW
	label.x = colX - label.width()
	top := y
	for i, row := range rows {
		top = y + float64(i)*LinePitchMM
		if i == 0 {
			p.draw(label, top)
		}
		for _, l := range row {
			l.x += colX
			p.draw(l, top)
		}
	}
	return top, nil
}

// letterBanner lays out the 信函格式 版头 (10.1): the name 30 mm from the
// page top, red double lines, urgency left and number right below them.
func (lo *layout) letterBanner(p *page) (float64, error) {
	d := lo.doc
	bottom, err := lo.mark(p, LetterMarkTopMM)
	if err != nil {
		return 0, err
	}
	x0 := (PageWidthMM - LetterRuleLengthMM) / 2
	x1 := x0 + LetterRuleLengthMM
	const thick, thin, gap = 0.8, 0.3, 0.6
	y := bottom + RuleBelowNumberMM
	p.rules = append(p.rules,
		ruleOp{x0, x1, y + thick/2, thick, red},
		ruleOp{x0, x1, y + thick + gap + thin/2, thin, red})
	low := PageHeightMM - LetterBottomRuleAboveMM
	p.rules = append(p.rules,
		ruleOp{x0, x1, low - thick/2, thick, red},
		ruleOp{x0, x1, low - thick - gap - thin/2, thin, red})
	top := y + thick + gap + thin + mm(BodySizePt)*7/8
	if d.Urgency == "" && d.Number == "" {
		return top + 2*LinePitchMM, nil
	}
	if d.Urgency != "" {
		l, err := lo.setLine(d.Urgency, heading(), LeftMM, gridTrack())
		if err != nil {
			return 0, err
		}
		p.draw(l, top)
	}
	if d.Number != "" {
		l, err := lo.setLine(d.Number, body(), 0, gridTrack())
		if err != nil {
			return 0, err
		}
		l.x = TypeRightMM - l.width() + l.tc
		p.draw(l, top)
	}
	return top + 3*LinePitchMM, nil
}
