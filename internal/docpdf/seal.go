package docpdf

import (
	"image"
	"image/color"
	"math"
)

// Seal drawing. The seal is a stand-in for the organ's electronic seal: a
// red ring, a five-point star in the centre and the organ's name along the
// upper arc in 宋体, the layout of a Chinese government seal. It is drawn as
// a half-transparent image so that the 署名 and date stay legible under it
// and its characters do not pollute the text layer.
const (
	sealDPI       = 400
	sealRingMM    = 1.2  // ring thickness
	sealTextGapMM = 0.9  // ring to the top of the characters
	sealCharMM    = 6.4  // character height
	sealStarRatio = 0.34 // star radius over seal radius
	sealAlpha     = 0.88
)

// sealImage draws the seal of the organ name for a seal of diameter d mm.
func sealImage(f *face, name string, d float64) (image.Image, error) {
	px := int(math.Ceil(d / 25.4 * sealDPI))
	scale := float64(px) / d // pixels per mm
	c := float64(px) / 2
	r := d / 2

	polys := [][]vec{
		circle(c, c, (r-0.05)*scale, false),
		circle(c, c, (r-0.05-sealRingMM)*scale, true),
		star(c, c, r*sealStarRatio*scale),
	}

	ref, ok := f.inkOf("国")
	if !ok {
		ref = box{0, -0.1, 1, 0.9}
	}
	runes := []rune(name)
	n := len(runes)
	if n > 0 {
		top := r - sealRingMM - sealTextGapMM // radius of the characters' tops
		mid := top - sealCharMM/2
		span := math.Min(math.Max(float64(n)*25, 110), 220) * math.Pi / 180
		step := span / float64(n)
		// Narrow the characters when the arc is crowded, as seal carvers do.
		charW := math.Min(sealCharMM*0.95, step*mid*0.9)
		emH := sealCharMM / (ref.y1 - ref.y0) // mm per em vertically
		for i, ch := range runes {
			contours, err := f.outline(ch)
			if err != nil {
				return nil, err
			}
			adv := f.advance(ch)
			emW := charW / math.Max(adv, 1e-3)
			theta := -span/2 + (float64(i)+0.5)*step
			sin, cos := math.Sincos(theta)
			for _, ct := range contours {
				poly := make([]vec, len(ct))
				for k, v := range ct {
					lx := (v.x - adv/2) * emW
					ly := top - sealCharMM + (v.y-ref.y0)*emH
					// Rotate clockwise by theta (y up), then to pixels (y down).
					x, y := lx*cos+ly*sin, -lx*sin+ly*cos
					poly[k] = vec{c + x*scale, c - y*scale}
				}
				polys = append(polys, poly)
			}
		}
	}

	mask := image.NewAlpha(image.Rect(0, 0, px, px))
	fill(mask, polys)
	img := image.NewNRGBA(mask.Rect)
	cr, cg, cb := red.parts()
	for i, a := range mask.Pix {
		if a == 0 {
			continue
		}
		img.SetNRGBA(i%px, i/px, color.NRGBA{cr, cg, cb, uint8(float64(a) * sealAlpha)})
	}
	return img, nil
}
