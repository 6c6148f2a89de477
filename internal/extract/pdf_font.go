package extract

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// pdfCMap is a ToUnicode CMap: codes (1–4 bytes) to text.
type pdfCMap struct {
	spaces [][2]pdfString // codespace ranges
	chars  map[uint64]string
	ranges []pdfRange // sorted by key(lo)
}

type pdfRange struct {
	lo, hi uint64 // keys: byte length << 32 | code
	base   []rune // text of lo; later codes increment the last rune
	array  []string
}

func cmapKey(code []byte) uint64 {
	var k uint64
	for _, c := range code {
		k = k<<8 | uint64(c)
	}
	return uint64(len(code))<<32 | k
}

// utf16Text decodes a UTF-16BE CMap destination.
func utf16Text(s pdfString) []rune {
	u := make([]uint16, len(s)/2)
	for i := range u {
		u[i] = uint16(s[2*i])<<8 | uint16(s[2*i+1])
	}
	return utf16.Decode(u)
}

func parseCMap(data []byte) *pdfCMap {
	m := &pdfCMap{chars: map[uint64]string{}}
	l := newPDFLexer(bytes.NewReader(data), 0)
	var ops []any
	for {
		v, err := l.object(false, 0)
		if err != nil {
			break
		}
		kw, ok := v.(pdfKeyword)
		if !ok {
			ops = append(ops, v)
			continue
		}
		switch kw {
		case "endcodespacerange":
			for i := 0; i+1 < len(ops); i += 2 {
				lo, ok1 := ops[i].(pdfString)
				hi, ok2 := ops[i+1].(pdfString)
				if ok1 && ok2 && len(lo) == len(hi) && len(lo) > 0 && len(lo) <= 4 {
					m.spaces = append(m.spaces, [2]pdfString{lo, hi})
				}
			}
		case "endbfchar":
			for i := 0; i+1 < len(ops); i += 2 {
				src, ok1 := ops[i].(pdfString)
				dst, ok2 := ops[i+1].(pdfString)
				if ok1 && ok2 && len(src) > 0 && len(src) <= 4 {
					m.chars[cmapKey([]byte(src))] = string(utf16Text(dst))
				}
			}
		case "endbfrange":
			for i := 0; i+2 < len(ops); i += 3 {
				lo, ok1 := ops[i].(pdfString)
				hi, ok2 := ops[i+1].(pdfString)
				if !ok1 || !ok2 || len(lo) != len(hi) || len(lo) == 0 || len(lo) > 4 {
					continue
				}
				r := pdfRange{lo: cmapKey([]byte(lo)), hi: cmapKey([]byte(hi))}
				switch dst := ops[i+2].(type) {
				case pdfString:
					r.base = utf16Text(dst)
				case pdfArray:
					for _, v := range dst {
						s, _ := v.(pdfString)
						r.array = append(r.array, string(utf16Text(s)))
					}
				}
				if r.lo <= r.hi {
					m.ranges = append(m.ranges, r)
				}
			}
		}
		ops = ops[:0]
	}
	sort.Slice(m.ranges, func(i, j int) bool { return m.ranges[i].lo < m.ranges[j].lo })
	return m
}

// codeLen returns the byte length of the code at the start of s.
func (m *pdfCMap) codeLen(s []byte, fallback int) int {
	if len(m.spaces) == 0 {
		return fallback
	}
	n := len(m.spaces[0][0])
	same := true
	for _, sp := range m.spaces {
		same = same && len(sp[0]) == n
	}
	if same {
		// One code length (Identity-H style): no need to match the ranges,
		// which writers often declare narrower than the codes they use.
		return n
	}
	for n := 1; n <= 4 && n <= len(s); n++ {
		for _, sp := range m.spaces {
			if len(sp[0]) != n {
				continue
			}
			in := true
			for i := range n {
				in = in && s[i] >= sp[0][i] && s[i] <= sp[1][i]
			}
			if in {
				return n
			}
		}
	}
	return fallback
}

func (m *pdfCMap) lookup(code []byte) (string, bool) {
	k := cmapKey(code)
	if s, ok := m.chars[k]; ok {
		return s, true
	}
	i := sort.Search(len(m.ranges), func(i int) bool { return m.ranges[i].lo > k }) - 1
	if i < 0 || k > m.ranges[i].hi {
		return "", false
	}
	r := m.ranges[i]
	off := int(k - r.lo)
	if r.array != nil {
		if off < len(r.array) {
			return r.array[off], true
		}
		return "", false
	}
	if len(r.base) == 0 {
		return "", false
	}
	text := slices.Clone(r.base)
	text[len(text)-1] += rune(off)
	return string(text), true
}

// pdfFont maps the codes of a font to text and glyph widths.
type pdfFont struct {
	twoByte bool                // a composite (Type0) font
	toUni   *pdfCMap            // ToUnicode, if any
	simple  *[256]string        // simple font encoding, with Differences
	decoder func([]byte) string // predefined CJK CMaps of Type0 fonts without ToUnicode
	widths  map[int64]float64   // per code (simple) or CID (Identity CMaps), in glyph space
	dw      float64             // default width, 1/1000 em
	scale   float64             // glyph space to text space: 1/1000 but in Type3 fonts
}

func (d *pdfDoc) font(ref any) *pdfFont {
	key := ref
	if _, ok := ref.(pdfRef); !ok {
		key = fmt.Sprintf("%p", ref) // a direct dictionary: cache by identity
	}
	if f, ok := d.fonts[key]; ok {
		return f
	}
	dict, _ := d.resolve(ref).(pdfDict)
	f := &pdfFont{widths: map[int64]float64{}, dw: 500, scale: 0.001}
	d.fonts[key] = f
	if dict == nil {
		return f
	}
	if s, ok := d.resolve(dict["ToUnicode"]).(*pdfStream); ok {
		if data, err := d.decode(s); err == nil {
			f.toUni = parseCMap(data)
		}
	}
	if dict["Subtype"] == pdfName("Type0") {
		f.twoByte, f.dw = true, 1000
		enc, _ := d.resolve(dict["Encoding"]).(pdfName)
		f.decoder = predefinedCMap(string(enc))
		if desc, ok := d.resolve(dict["DescendantFonts"]).(pdfArray); ok && len(desc) > 0 {
			if cid, ok := d.resolve(desc[0]).(pdfDict); ok {
				if dw, ok := pdfNumber(d.resolve(cid["DW"])); ok {
					f.dw = dw
				}
				d.cidWidths(f, cid)
			}
		}
		return f
	}
	if fm, ok := d.resolve(dict["FontMatrix"]).(pdfArray); ok && dict["Subtype"] == pdfName("Type3") && len(fm) == 6 {
		if a, ok := pdfNumber(d.resolve(fm[0])); ok && a != 0 {
			f.scale = math.Abs(a)
		}
	}
	first, _ := d.resolve(dict["FirstChar"]).(int64)
	if ws, ok := d.resolve(dict["Widths"]).(pdfArray); ok {
		for i, w := range ws {
			if v, ok := pdfNumber(d.resolve(w)); ok {
				f.widths[first+int64(i)] = v
			}
		}
	}
	f.simple = d.simpleEncoding(d.resolve(dict["Encoding"]))
	return f
}

// cidWidths reads a CIDFont's W array: "c [w1 w2 …]" and "c1 c2 w".
func (d *pdfDoc) cidWidths(f *pdfFont, cid pdfDict) {
	w, _ := d.resolve(cid["W"]).(pdfArray)
	for i := 0; i < len(w) && len(f.widths) < 1<<16; {
		c, _ := d.resolve(w[i]).(int64)
		if i+1 < len(w) {
			if list, ok := d.resolve(w[i+1]).(pdfArray); ok {
				for j, v := range list {
					f.widths[c+int64(j)], _ = pdfNumber(d.resolve(v))
				}
				i += 2
				continue
			}
		}
		if i+2 >= len(w) {
			break
		}
		last, _ := d.resolve(w[i+1]).(int64)
		v, _ := pdfNumber(d.resolve(w[i+2]))
		for c2 := c; c2 <= last && c2-c < 1<<16; c2++ {
			f.widths[c2] = v
		}
		i += 3
	}
}

func pdfNumber(v any) (float64, bool) {
	switch n := v.(type) {
	case int64:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

// predefinedCMap decodes the CMaps of Chinese fonts that PDF readers must
// know without ToUnicode (ISO 32000-1 §9.7.5.2).
func predefinedCMap(name string) func([]byte) string {
	switch {
	case strings.HasPrefix(name, "GB"): // GB-EUC-H, GBK-EUC-H, GBKp-EUC-H, GBK2K-H …
		return func(b []byte) string {
			s, _ := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
			return string(s)
		}
	case strings.HasPrefix(name, "Uni") && (strings.Contains(name, "UCS2") || strings.Contains(name, "UTF16")):
		return func(b []byte) string { return string(utf16Text(pdfString(b))) }
	}
	return nil
}

// simpleEncoding builds the code → text table of a simple font: a base
// encoding (WinAnsi unless MacRoman is named) patched by Differences.
func (d *pdfDoc) simpleEncoding(enc any) *[256]string {
	var table [256]string
	base := charmap.Windows1252
	name, _ := enc.(pdfName)
	dict, _ := enc.(pdfDict)
	if dict != nil {
		name, _ = d.resolve(dict["BaseEncoding"]).(pdfName)
	}
	if name == "MacRomanEncoding" {
		base = charmap.Macintosh
	}
	for c := range table {
		if c >= 0x20 {
			table[c] = string(base.DecodeByte(byte(c)))
		}
	}
	diffs, _ := d.resolve(dict["Differences"]).(pdfArray)
	code := int64(0)
	for _, v := range diffs {
		switch v := d.resolve(v).(type) {
		case int64:
			code = v
		case pdfName:
			if code >= 0 && code < 256 {
				table[code] = glyphText(string(v))
			}
			code++
		}
	}
	return &table
}

// glyphNames covers the glyph names of Differences arrays that are not a
// single letter or a uniXXXX/uXXXX name.
var glyphNames = map[string]string{
	"space": " ", "exclam": "!", "quotedbl": "\"", "numbersign": "#", "dollar": "$",
	"percent": "%", "ampersand": "&", "quoteright": "’", "quotesingle": "'",
	"parenleft": "(", "parenright": ")", "asterisk": "*", "plus": "+", "comma": ",",
	"hyphen": "-", "period": ".", "slash": "/", "zero": "0", "one": "1", "two": "2",
	"three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
	"nine": "9", "colon": ":", "semicolon": ";", "less": "<", "equal": "=",
	"greater": ">", "question": "?", "at": "@", "bracketleft": "[", "backslash": "\\",
	"bracketright": "]", "asciicircum": "^", "underscore": "_", "quoteleft": "‘",
	"grave": "`", "braceleft": "{", "bar": "|", "braceright": "}", "asciitilde": "~",
	"bullet": "•", "endash": "–", "emdash": "—", "quotedblleft": "“",
	"quotedblright": "”", "ellipsis": "…", "fi": "fi", "fl": "fl", "ff": "ff",
	"ffi": "ffi", "ffl": "ffl", "minus": "−", "degree": "°", "copyright": "©",
	"registered": "®", "trademark": "™", "section": "§", "paragraph": "¶",
	"periodcentered": "·", "multiply": "×", "divide": "÷", "nbspace": " ",
}

func glyphText(name string) string {
	if s, ok := glyphNames[name]; ok {
		return s
	}
	if len(name) == 1 {
		return name
	}
	// uniXXXX (a sequence of such is a ligature: take the first) or uXXXX[XX].
	hexa, ok := strings.CutPrefix(name, "uni")
	if ok && len(hexa) >= 4 {
		hexa = hexa[:4]
	} else if hexa, ok = strings.CutPrefix(name, "u"); !ok || len(hexa) < 4 || len(hexa) > 6 {
		return ""
	}
	if v, err := strconv.ParseUint(hexa, 16, 32); err == nil && v <= unicode.MaxRune {
		return string(rune(v))
	}
	return "" // subset names such as g12 carry no text
}

// text decodes a shown string; for each code it calls glyph with the code's
// width in em and whether it is a single-byte space (for Tw).
func (f *pdfFont) text(s []byte, glyph func(w float64, space bool)) string {
	var b strings.Builder
	if f.toUni == nil && f.decoder != nil {
		b.WriteString(f.decoder(s))
	}
	fallback := 1
	if f.twoByte {
		fallback = 2
	}
	for len(s) > 0 {
		n := fallback
		if f.toUni != nil {
			n = f.toUni.codeLen(s, fallback)
		} else if f.decoder != nil && s[0] < 0x80 {
			n = 1
		}
		n = min(n, len(s))
		code := s[:n]
		s = s[n:]
		var c int64
		for _, x := range code {
			c = c<<8 | int64(x)
		}
		w := f.dw / 1000
		if gw, ok := f.widths[c]; ok {
			w = gw * f.scale
		}
		glyph(w, n == 1 && code[0] == ' ')
		if f.toUni != nil {
			if t, ok := f.toUni.lookup(code); ok {
				b.WriteString(t)
				continue
			}
		}
		if f.simple != nil && n == 1 {
			b.WriteString(f.simple[code[0]])
		}
	}
	return b.String()
}
