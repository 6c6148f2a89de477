package docpdf

import (
	"fmt"
	"math"
	"strings"
)

// indent2 is the 2 字 paragraph indent of body text.
const indent2 = 2 * CharPitchMM

// mainBody lays out the 主体 from the title to the 附注 as flow lines.
func (lo *layout) mainBody() ([]flowLine, error) {
	d := lo.doc
	var out []flowLine
	gap := 0 // blank lines before the next element
	add := func(ls []flowLine) {
		out = append(out, ls...)
	}
	title, err := lo.title()
	if err != nil {
		return nil, err
	}
	if len(title) > 0 {
		add(title)
		gap = 1
	}
	if d.MainTo != "" {
		cs, err := lo.fs.cells(d.MainTo, body())
		if err != nil {
			return nil, err
		}
		add(flowOf(wrap(cs, LeftMM, LeftMM, TypeRightMM, gridTrack()), gap, false))
		gap = 0
	}
	first := true
	for _, para := range strings.Split(d.Body, "\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		cs, err := lo.paragraph(para)
		if err != nil {
			return nil, err
		}
		// The first body line stays with the 主送 above it.
		add(flowOf(wrap(cs, LeftMM+indent2, LeftMM, TypeRightMM, gridTrack()), gap, first && d.MainTo != ""))
		gap, first = 0, false
	}
	if len(out) > 0 {
		gap = 1
	}
	att, err := lo.attachments(gap)
	if err != nil {
		return nil, err
	}
	if len(att) > 0 {
		add(att)
		gap = 1
	}
	if d.Format == FormatMinutes {
		att, err := lo.attendance(gap)
		if err != nil {
			return nil, err
		}
		if len(att) > 0 {
			add(att)
			gap = 1
		}
	}
	sig, err := lo.signature(gap)
	if err != nil {
		return nil, err
	}
	if len(sig) > 0 {
		// Keep the last line of text with the 署名 (no page of 署名 alone).
		if n := len(out); n > 1 {
			out[n-1].glue = true
		}
		add(sig)
	}
	if d.Note != "" {
		cs, err := lo.fs.cells("（"+d.Note+"）", body())
		if err != nil {
			return nil, err
		}
		add(flowOf(wrap(cs, LeftMM+indent2, LeftMM, TypeRightMM, gridTrack()), 0, false))
	}
	return out, nil
}

// title sets the 标题 in 2号小标宋, centred; "\n" forces breaks and long
// parts are split into lines of about equal length.
func (lo *layout) title() ([]flowLine, error) {
	var ls []line
	st := style{xiaoBiaoSong, TitleSizePt, black}
	for _, part := range strings.Split(lo.doc.Title, "\n") {
		cs, err := lo.fs.cells(strings.TrimSpace(part), st)
		if err != nil {
			return nil, err
		}
		if len(cs) == 0 {
			continue
		}
		total := widthOf(cs, 0)
		n := math.Ceil(total / TypeWidthMM)
		var set []line
		for w := total / n; ; w += mm(TitleSizePt) / 2 {
			set = wrap(cs, 0, 0, min(w+mm(TitleSizePt)/2, TypeWidthMM), 0)
			if float64(len(set)) <= n || w >= TypeWidthMM {
				break
			}
		}
		for _, l := range set {
			l.tc = 0 // balanced lines are not justified
			ls = append(ls, centred(l))
		}
	}
	fl := flowOf(ls, 0, false)
	for i := 1; i < len(fl); i++ {
		fl[i].glue = true
	}
	return fl, nil
}

// headingLevel returns 1 for "一、…", 2 for "（一）…", else 0.
func headingLevel(p string) int {
	isNum := func(r rune) bool { return strings.ContainsRune("一二三四五六七八九十", r) }
	rs := []rune(p)
	i := 0
	open := len(rs) > 0 && rs[0] == '（'
	if open {
		i++
	}
	start := i
	for i < len(rs) && isNum(rs[i]) {
		i++
	}
	switch {
	case i == start || i >= len(rs):
		return 0
	case !open && rs[i] == '、':
		return 1
	case open && rs[i] == '）':
		return 2
	}
	return 0
}

// paragraph resolves a body paragraph: a heading is set in 黑体 (level 1)
// or 楷体 (level 2) up to its first "。", the rest in 仿宋.
func (lo *layout) paragraph(p string) ([]cell, error) {
	lvl := headingLevel(p)
	if lvl == 0 {
		return lo.fs.cells(p, body())
	}
	st := heading()
	if lvl == 2 {
		st.role = kai
	}
	head, rest := p, ""
	if i := strings.Index(p, "。"); i >= 0 {
		head, rest = p[:i+len("。")], p[i+len("。"):]
	}
	a, err := lo.fs.cells(head, st)
	if err != nil {
		return nil, err
	}
	b, err := lo.fs.cells(rest, body())
	if err != nil {
		return nil, err
	}
	return append(a, b...), nil
}

// attachments sets the 附件说明: "附件：名称", or "附件：1.名称" with the next
// items under "1." and wrapped names under the first character of the name.
func (lo *layout) attachments(gap int) ([]flowLine, error) {
	names := lo.doc.Attachments
	if len(names) == 0 {
		return nil, nil
	}
	label, err := lo.fs.cells("附件：", body())
	if err != nil {
		return nil, err
	}
	tc := gridTrack()
	left := LeftMM + indent2
	var out []flowLine
	for i, n := range names {
		num := ""
		if len(names) > 1 {
			num = fmt.Sprintf("%d.", i+1)
		}
		numCells, err := lo.fs.cells(num, body())
		if err != nil {
			return nil, err
		}
		nameCells, err := lo.fs.cells(strings.TrimSpace(n), body())
		if err != nil {
			return nil, err
		}
		x0 := left + widthOf(label, tc)
		cs := append(numCells, nameCells...)
		if i == 0 {
			x0 = left
			cs = append(append([]cell{}, label...), cs...)
		}
		nameX := left + widthOf(label, tc) + widthOf(numCells, tc)
		g := 0
		if i == 0 {
			g = gap
		}
		out = append(out, flowOf(wrap(cs, x0, nameX, TypeRightMM, tc), g, false)...)
	}
	return out, nil
}

// attendance sets the 纪要 lists: "出席：" in 黑体, indented 2 字, the names
// in 仿宋 wrapping under the first name (10.3).
func (lo *layout) attendance(gap int) ([]flowLine, error) {
	d := lo.doc
	var out []flowLine
	for _, a := range []struct{ label, names string }{{"出席：", d.Present}, {"请假：", d.Absent}, {"列席：", d.Attending}} {
		if a.names == "" {
			continue
		}
		label, err := lo.fs.cells(a.label, heading())
		if err != nil {
			return nil, err
		}
		names, err := lo.fs.cells(a.names, body())
		if err != nil {
			return nil, err
		}
		x1 := LeftMM + indent2 + widthOf(label, gridTrack())
		out = append(out, flowOf(wrap(append(label, names...), LeftMM+indent2, x1, TypeRightMM, gridTrack()), gap, false)...)
		gap = 0
	}
	return out, nil
}
