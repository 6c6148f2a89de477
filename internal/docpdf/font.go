package docpdf

import (
	"errors"
	"fmt"
	"os"

	"github.com/signintech/gopdf/fontmaker/core"
)

// role is what a piece of text is set in.
type role int

const (
	fangSong role = iota
	hei
	kai
	xiaoBiaoSong
	song
	numRoles
)

// face is one loaded TrueType font: its metrics for layout and its bytes
// for embedding. Lengths are in em (1 = the font size) with y pointing up.
type face struct {
	family  string // name registered with gopdf
	data    []byte
	upem    float64
	ascent  float64 // as written to the PDF FontDescriptor (poppler uses it)
	descent float64 // negative
	cmap    map[int]uint
	widths  []uint
	glyf    uint   // offset of the glyf table
	loca    []uint // glyph offsets inside glyf
}

// fontSet holds a face per role plus the optional Latin face.
type fontSet struct {
	faces []*face // distinct faces, in registration order
	role  [numRoles]*face
	latin *face
}

// loadFonts reads the font files, once per distinct path.
func loadFonts(f Fonts) (*fontSet, error) {
	if f.FangSong == "" {
		return nil, errors.New("docpdf: Fonts.FangSong is required")
	}
	set := &fontSet{}
	byPath := map[string]*face{}
	load := func(path string) (*face, error) {
		if fc, ok := byPath[path]; ok {
			return fc, nil
		}
		fc, err := readFace(path, fmt.Sprintf("f%d", len(set.faces)))
		if err != nil {
			return nil, err
		}
		byPath[path] = fc
		set.faces = append(set.faces, fc)
		return fc, nil
	}
	paths := [numRoles]string{f.FangSong, f.Hei, f.Kai, f.XiaoBiaoSong, f.Song}
	for r, p := range paths {
		if p == "" {
			p = f.FangSong
		}
		fc, err := load(p)
		if err != nil {
			return nil, err
		}
		set.role[r] = fc
	}
	if f.Latin != "" {
		fc, err := load(f.Latin)
		if err != nil {
			return nil, err
		}
		set.latin = fc
	}
	return set, nil
}

func readFace(path, family string) (*face, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("docpdf: read font: %w", err)
	}
	var p core.TTFParser
	if err := p.ParseFontData(data); err != nil {
		return nil, fmt.Errorf("docpdf: parse font %s: %w", path, err)
	}
	glyf, ok := p.GetTables()["glyf"]
	if !ok {
		return nil, fmt.Errorf("docpdf: font %s has no glyf table (only TrueType outlines are supported)", path)
	}
	upem := float64(p.UnitsPerEm())
	return &face{
		family:  family,
		data:    data,
		upem:    upem,
		ascent:  float64(p.Ascender()) / upem,
		descent: float64(p.Descender()) / upem,
		cmap:    p.Chars(),
		widths:  p.Widths(),
		glyf:    glyf.Offset,
		loca:    p.LocaTable,
	}, nil
}

// gid returns the glyph index of r, or false if the font lacks it.
func (f *face) gid(r rune) (uint, bool) {
	g, ok := f.cmap[int(r)]
	return g, ok && g != 0
}

// has reports whether the font has a glyph for r.
func (f *face) has(r rune) bool {
	_, ok := f.gid(r)
	return ok
}

// advance is the advance width of r in em.
func (f *face) advance(r rune) float64 {
	g, ok := f.gid(r)
	if !ok || int(g) >= len(f.widths) {
		return 0
	}
	return float64(f.widths[g]) / f.upem
}

// pick returns the face that sets r in role ro: the Latin face for ASCII
// when there is one, else the role's face, else the Latin face.
func (s *fontSet) pick(ro role, r rune) (*face, error) {
	if s.latin != nil && r >= 0x20 && r < 0x7F && s.latin.has(r) {
		return s.latin, nil
	}
	if fc := s.role[ro]; fc.has(r) {
		return fc, nil
	}
	if s.latin != nil && s.latin.has(r) {
		return s.latin, nil
	}
	return nil, fmt.Errorf("docpdf: no font has a glyph for %q (U+%04X); set Fonts.Latin or use a fuller font", r, r)
}
