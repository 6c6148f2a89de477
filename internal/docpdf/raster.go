package docpdf

import (
	"image"
	"math"
	"sort"
)

// fill paints the polygons (pixel coordinates, y down) into a coverage
// mask with the nonzero winding rule, anti-aliased with sub-scanlines and
// exact horizontal coverage. It is the small rasteriser behind the seal,
// which is drawn as an image so that its characters are not extracted as
// text.
func fill(mask *image.Alpha, polys [][]vec) {
	type edge struct {
		a, b vec
		dir  int
	}
	var edges []edge
	for _, p := range polys {
		for i := range p {
			a, b := p[i], p[(i+1)%len(p)]
			if a.y == b.y {
				continue
			}
			e := edge{a, b, 1}
			if a.y > b.y {
				e = edge{b, a, -1}
			}
			edges = append(edges, e)
		}
	}
	sort.Slice(edges, func(i, j int) bool { return edges[i].a.y < edges[j].a.y })

	const sub = 5
	w, h := mask.Rect.Dx(), mask.Rect.Dy()
	cov := make([]float64, w+1)
	type cross struct {
		x   float64
		dir int
	}
	var xs []cross
	var active []edge
	next := 0
	for y := 0; y < h; y++ {
		clear(cov)
		for s := range sub {
			sy := float64(y) + (float64(s)+0.5)/sub
			// Keep only the edges crossing this sub-scanline.
			for next < len(edges) && edges[next].a.y <= sy {
				active = append(active, edges[next])
				next++
			}
			kept := active[:0]
			for _, e := range active {
				if sy < e.b.y {
					kept = append(kept, e)
				}
			}
			active = kept
			xs = xs[:0]
			for _, e := range active {
				x := e.a.x + (sy-e.a.y)*(e.b.x-e.a.x)/(e.b.y-e.a.y)
				xs = append(xs, cross{x, e.dir})
			}
			sort.Slice(xs, func(i, j int) bool { return xs[i].x < xs[j].x })
			wind := 0
			for i, c := range xs {
				wind += c.dir
				if wind != 0 && i+1 < len(xs) {
					span(cov, c.x, xs[i+1].x, 1.0/sub)
				}
			}
		}
		for x := range w {
			a := math.Min(cov[x], 1) * 255
			mask.Pix[y*mask.Stride+x] = uint8(math.Round(a))
		}
	}
}

// span adds weight w of coverage over [x0, x1) to the row.
func span(cov []float64, x0, x1, w float64) {
	maxX := float64(len(cov) - 1)
	x0, x1 = math.Max(0, math.Min(x0, maxX)), math.Max(0, math.Min(x1, maxX))
	if x1 <= x0 {
		return
	}
	i0, i1 := int(x0), int(x1)
	if i0 == i1 {
		cov[i0] += (x1 - x0) * w
		return
	}
	cov[i0] += (float64(i0+1) - x0) * w
	for i := i0 + 1; i < i1; i++ {
		cov[i] += w
	}
	cov[i1] += (x1 - float64(i1)) * w
}

// circle is a polygon approximating a circle; reverse makes it wind the
// other way, cutting a hole under the nonzero rule.
func circle(cx, cy, r float64, reverse bool) []vec {
	const n = 360
	out := make([]vec, n)
	for i := range n {
		t := 2 * math.Pi * float64(i) / n
		if reverse {
			t = -t
		}
		out[i] = vec{cx + r*math.Cos(t), cy + r*math.Sin(t)}
	}
	return out
}

// star is a five-point star with one point up.
func star(cx, cy, r float64) []vec {
	inner := r * math.Sin(math.Pi/10) / math.Sin(7*math.Pi/10)
	out := make([]vec, 10)
	for i := range 10 {
		rr := r
		if i%2 == 1 {
			rr = inner
		}
		t := -math.Pi/2 + float64(i)*math.Pi/5
		out[i] = vec{cx + rr*math.Cos(t), cy + rr*math.Sin(t)}
	}
	return out
}
