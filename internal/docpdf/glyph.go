package docpdf

import (
	"encoding/binary"
	"fmt"
	"math"
)

// box is an axis-aligned rectangle.
type box struct{ x0, y0, x1, y1 float64 }

func (b box) union(o box) box {
	return box{math.Min(b.x0, o.x0), math.Min(b.y0, o.y0), math.Max(b.x1, o.x1), math.Max(b.y1, o.y1)}
}

// vec is a point.
type vec struct{ x, y float64 }

// glyphData returns the glyf record of glyph g (empty for blank glyphs).
func (f *face) glyphData(g uint) []byte {
	if int(g)+1 >= len(f.loca) {
		return nil
	}
	start, end := f.glyf+f.loca[g], f.glyf+f.loca[g+1]
	if end <= start || int(end) > len(f.data) {
		return nil
	}
	return f.data[start:end]
}

// ink returns the bounding box of r's outline in em (y up), or false for
// a blank or missing glyph. The 发文机关标志 and the page number are placed
// by their ink, since that is what a ruler on the printed page measures.
func (f *face) ink(r rune) (box, bool) {
	g, ok := f.gid(r)
	if !ok {
		return box{}, false
	}
	d := f.glyphData(g)
	if len(d) < 10 {
		return box{}, false
	}
	s := func(i int) float64 { return float64(int16(binary.BigEndian.Uint16(d[i:]))) / f.upem }
	return box{s(2), s(4), s(6), s(8)}, true
}

// inkOf is the union of the ink boxes of the runes of s set in f.
func (f *face) inkOf(s string) (box, bool) {
	var b box
	found := false
	for _, r := range s {
		gb, ok := f.ink(r)
		if !ok {
			continue
		}
		if !found {
			b, found = gb, true
			continue
		}
		b = b.union(gb)
	}
	return b, found
}

// outline returns the contours of r's glyph in em (y up), each flattened
// to a closed polygon. Used to draw the seal's characters as pixels.
func (f *face) outline(r rune) ([][]vec, error) {
	g, ok := f.gid(r)
	if !ok {
		return nil, fmt.Errorf("docpdf: no glyph for %q", r)
	}
	return f.glyphOutline(g, 0)
}

func (f *face) glyphOutline(g uint, depth int) ([][]vec, error) {
	d := f.glyphData(g)
	if len(d) < 10 {
		return nil, nil
	}
	n := int(int16(binary.BigEndian.Uint16(d)))
	if n >= 0 {
		return f.simpleOutline(d, n)
	}
	if depth > 4 {
		return nil, fmt.Errorf("docpdf: composite glyph %d nested too deep", g)
	}
	return f.compositeOutline(d, depth)
}

// errGlyph reports a glyf record that ends early.
func errGlyph() error { return fmt.Errorf("docpdf: truncated glyph outline") }

func (f *face) simpleOutline(d []byte, n int) ([][]vec, error) {
	u16 := func(i int) int { return int(binary.BigEndian.Uint16(d[i:])) }
	p := 10
	if len(d) < p+2*n+2 {
		return nil, errGlyph()
	}
	ends := make([]int, n)
	for i := range ends {
		ends[i] = u16(p + 2*i)
	}
	p += 2 * n
	p += 2 + u16(p) // instructions
	if n == 0 {
		return nil, nil
	}
	count := ends[n-1] + 1
	flags := make([]byte, 0, count)
	for len(flags) < count {
		if p >= len(d) {
			return nil, errGlyph()
		}
		fl := d[p]
		p++
		flags = append(flags, fl)
		if fl&8 != 0 { // repeat
			if p >= len(d) {
				return nil, errGlyph()
			}
			for k := 0; k < int(d[p]) && len(flags) < count; k++ {
				flags = append(flags, fl)
			}
			p++
		}
	}
	coords := func(short, same byte) ([]float64, error) {
		out := make([]float64, count)
		v := 0
		for i, fl := range flags {
			switch {
			case fl&short != 0:
				if p >= len(d) {
					return nil, errGlyph()
				}
				dv := int(d[p])
				p++
				if fl&same == 0 {
					dv = -dv
				}
				v += dv
			case fl&same == 0:
				if p+1 >= len(d) {
					return nil, errGlyph()
				}
				v += int(int16(binary.BigEndian.Uint16(d[p:])))
				p += 2
			}
			out[i] = float64(v) / f.upem
		}
		return out, nil
	}
	xs, err := coords(2, 16)
	if err != nil {
		return nil, err
	}
	ys, err := coords(4, 32)
	if err != nil {
		return nil, err
	}
	var contours [][]vec
	start := 0
	for _, end := range ends {
		if end < start || end >= count {
			return nil, errGlyph()
		}
		pts := make([]vec, 0, end-start+1)
		on := make([]bool, 0, end-start+1)
		for i := start; i <= end; i++ {
			pts = append(pts, vec{xs[i], ys[i]})
			on = append(on, flags[i]&1 != 0)
		}
		contours = append(contours, flattenQuad(pts, on))
		start = end + 1
	}
	return contours, nil
}

// flattenQuad turns a TrueType contour (on-curve and off-curve quadratic
// control points) into a polygon.
func flattenQuad(pts []vec, on []bool) []vec {
	n := len(pts)
	if n == 0 {
		return nil
	}
	mid := func(a, b vec) vec { return vec{(a.x + b.x) / 2, (a.y + b.y) / 2} }
	// Start at an on-curve point (or the midpoint of two off-curve ones).
	first := -1
	for i := range on {
		if on[i] {
			first = i
			break
		}
	}
	var startPt vec
	if first < 0 {
		startPt, first = mid(pts[n-1], pts[0]), 0
	} else {
		startPt = pts[first]
		first++
	}
	const steps = 6
	out := []vec{startPt}
	cur := startPt
	var ctrl *vec
	for k := 0; k < n; k++ {
		i := (first + k) % n
		p := pts[i]
		if on[i] {
			if ctrl != nil {
				out = appendQuad(out, cur, *ctrl, p, steps)
				ctrl = nil
			} else {
				out = append(out, p)
			}
			cur = p
			continue
		}
		if ctrl != nil {
			m := mid(*ctrl, p)
			out = appendQuad(out, cur, *ctrl, m, steps)
			cur = m
		}
		c := p
		ctrl = &c
	}
	if ctrl != nil {
		out = appendQuad(out, cur, *ctrl, startPt, steps)
	}
	return out
}

func appendQuad(out []vec, a, c, b vec, steps int) []vec {
	for s := 1; s <= steps; s++ {
		t := float64(s) / float64(steps)
		u := 1 - t
		out = append(out, vec{u*u*a.x + 2*u*t*c.x + t*t*b.x, u*u*a.y + 2*u*t*c.y + t*t*b.y})
	}
	return out
}

func (f *face) compositeOutline(d []byte, depth int) ([][]vec, error) {
	const (
		argWords = 0x1
		argsXY   = 0x2
		scale    = 0x8
		more     = 0x20
		xyScale  = 0x40
		twoByTwo = 0x80
	)
	var out [][]vec
	p := 10
	for {
		if p+4 > len(d) {
			return nil, errGlyph()
		}
		flags := binary.BigEndian.Uint16(d[p:])
		g := uint(binary.BigEndian.Uint16(d[p+2:]))
		p += 4
		var dx, dy float64
		if flags&argWords != 0 {
			if p+4 > len(d) {
				return nil, errGlyph()
			}
			dx, dy = float64(int16(binary.BigEndian.Uint16(d[p:]))), float64(int16(binary.BigEndian.Uint16(d[p+2:])))
			p += 4
		} else {
			if p+2 > len(d) {
				return nil, errGlyph()
			}
			dx, dy = float64(int8(d[p])), float64(int8(d[p+1]))
			p += 2
		}
		if flags&argsXY == 0 { // point matching: rare, treat as no offset
			dx, dy = 0, 0
		}
		a, b, c, e := 1.0, 0.0, 0.0, 1.0
		f2 := func() float64 { v := float64(int16(binary.BigEndian.Uint16(d[p:]))) / 16384; p += 2; return v }
		switch {
		case flags&scale != 0 && p+2 <= len(d):
			a = f2()
			e = a
		case flags&xyScale != 0 && p+4 <= len(d):
			a, e = f2(), f2()
		case flags&twoByTwo != 0 && p+8 <= len(d):
			a, b, c, e = f2(), f2(), f2(), f2()
		}
		sub, err := f.glyphOutline(g, depth+1)
		if err != nil {
			return nil, err
		}
		ox, oy := dx/f.upem, dy/f.upem
		for _, ct := range sub {
			t := make([]vec, len(ct))
			for i, v := range ct {
				t[i] = vec{a*v.x + c*v.y + ox, b*v.x + e*v.y + oy}
			}
			out = append(out, t)
		}
		if flags&more == 0 {
			return out, nil
		}
	}
}
