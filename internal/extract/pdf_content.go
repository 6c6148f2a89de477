package extract

import (
	"bytes"
	"io"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// pdfMatrix is [a b c d e f], mapping (x, y) to (ax+cy+e, bx+dy+f).
type pdfMatrix [6]float64

var identity = pdfMatrix{1, 0, 0, 1, 0, 0}

// mul returns m×n: m applied first.
func (m pdfMatrix) mul(n pdfMatrix) pdfMatrix {
	return pdfMatrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func translate(x, y float64) pdfMatrix { return pdfMatrix{1, 0, 0, 1, x, y} }

// pdfGState is the part of the graphics state that positions text.
type pdfGState struct {
	ctm                  pdfMatrix
	font                 *pdfFont
	size, tc, tw, th, tl float64
}

// pdfPage interprets the content streams of a page and its forms.
type pdfPage struct {
	d       *pdfDoc
	w       *textWriter
	gs      pdfGState
	stack   []pdfGState
	tm, tlm pdfMatrix
	forms   int // form XObjects run on this page
	// The end of the last text shown, in device space, to infer breaks.
	lastX, lastY, lastSize float64
	started                bool
	lastRune               rune
	// The start and text of the last string shown, to drop fake bold.
	prevX, prevY float64
	prevText     string
}

// run interprets one content stream with its resources.
func (p *pdfPage) run(data []byte, res pdfDict, depth int) error {
	l := newPDFLexer(bytes.NewReader(data), 0)
	var ops []any
	for n := 0; ; n++ {
		if n%4096 == 0 {
			if err := p.d.ctx.Err(); err != nil {
				return err
			}
		}
		v, err := l.object(false, 0)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return nil // a damaged stream ends the page, not the file
		}
		op, ok := v.(pdfKeyword)
		if !ok {
			if len(ops) < 64 {
				ops = append(ops, v)
			}
			continue
		}
		if err := p.op(l, string(op), ops, res, depth); err != nil {
			return err
		}
		ops = ops[:0]
	}
}

func num(ops []any, i int) float64 {
	if i < len(ops) {
		v, _ := pdfNumber(ops[i])
		return v
	}
	return 0
}

func (p *pdfPage) op(l *pdfLexer, op string, ops []any, res pdfDict, depth int) error {
	d := p.d
	switch op {
	case "q":
		if len(p.stack) < pdfStackDepth {
			p.stack = append(p.stack, p.gs)
		}
	case "Q":
		if n := len(p.stack); n > 0 {
			p.gs, p.stack = p.stack[n-1], p.stack[:n-1]
		}
	case "cm":
		if len(ops) == 6 {
			var m pdfMatrix
			for i := range m {
				m[i] = num(ops, i)
			}
			p.gs.ctm = m.mul(p.gs.ctm)
		}
	case "BT":
		p.tm, p.tlm = identity, identity
	case "Tf":
		if len(ops) == 2 {
			name, _ := ops[0].(pdfName)
			fonts, _ := d.resolve(res["Font"]).(pdfDict)
			p.gs.font, p.gs.size = d.font(fonts[name]), num(ops, 1)
		}
	case "Tc":
		p.gs.tc = num(ops, 0)
	case "Tw":
		p.gs.tw = num(ops, 0)
	case "Tz":
		p.gs.th = num(ops, 0) / 100
	case "TL":
		p.gs.tl = num(ops, 0)
	case "Td", "TD":
		if op == "TD" {
			p.gs.tl = -num(ops, 1)
		}
		p.tlm = translate(num(ops, 0), num(ops, 1)).mul(p.tlm)
		p.tm = p.tlm
	case "Tm":
		if len(ops) == 6 {
			for i := range p.tm {
				p.tm[i] = num(ops, i)
			}
			p.tlm = p.tm
		}
	case "T*":
		p.tlm = translate(0, -p.gs.tl).mul(p.tlm)
		p.tm = p.tlm
	case "Tj", "'", "\"":
		if op != "Tj" {
			if op == "\"" && len(ops) == 3 {
				p.gs.tw, p.gs.tc = num(ops, 0), num(ops, 1)
			}
			p.tlm = translate(0, -p.gs.tl).mul(p.tlm)
			p.tm = p.tlm
		}
		if len(ops) > 0 {
			s, _ := ops[len(ops)-1].(pdfString)
			return p.show(s)
		}
	case "TJ":
		if len(ops) == 0 {
			break
		}
		arr, _ := ops[0].(pdfArray)
		for _, v := range arr {
			if s, ok := v.(pdfString); ok {
				if err := p.show(s); err != nil {
					return err
				}
			} else if n, ok := pdfNumber(v); ok {
				p.tm = translate(-n/1000*p.gs.size*p.gs.th, 0).mul(p.tm)
			}
		}
	case "Do":
		if len(ops) == 1 && depth < 8 && p.forms < 1000 {
			name, _ := ops[0].(pdfName)
			xobjs, _ := d.resolve(res["XObject"]).(pdfDict)
			if s, ok := d.resolve(xobjs[name]).(*pdfStream); ok && s.dict["Subtype"] == pdfName("Form") {
				p.forms++
				return p.form(s, res, depth)
			}
		}
	case "ID":
		return l.skipInlineImage()
	}
	return nil
}

// form runs a form XObject (letterheads, stamps and tables are often forms).
func (p *pdfPage) form(s *pdfStream, res pdfDict, depth int) error {
	data, err := p.d.decode(s)
	if err != nil {
		return p.d.fatal // an unsupported filter skips the form
	}
	saved := p.gs
	if m, ok := p.d.resolve(s.dict["Matrix"]).(pdfArray); ok && len(m) == 6 {
		var fm pdfMatrix
		for i := range fm {
			fm[i], _ = pdfNumber(p.d.resolve(m[i]))
		}
		p.gs.ctm = fm.mul(p.gs.ctm)
	}
	if r, ok := p.d.resolve(s.dict["Resources"]).(pdfDict); ok {
		res = r
	}
	err = p.run(data, res, depth+1)
	p.gs = saved
	return err
}

// show writes the text of a string operand, inferring a line break from a
// change of baseline and a space from a gap after the previous text.
func (p *pdfPage) show(s pdfString) error {
	f := p.gs.font
	if f == nil {
		f = &pdfFont{dw: 500, simple: p.d.simpleEncoding(nil)}
		p.gs.font = f
	}
	gs := &p.gs
	start := p.tm.mul(gs.ctm)
	text := f.text([]byte(s), func(w float64, space bool) {
		tx := (w*gs.size + gs.tc) * gs.th
		if space {
			tx += gs.tw * gs.th
		}
		p.tm = translate(tx, 0).mul(p.tm)
	})
	end := p.tm.mul(gs.ctm)
	size := math.Abs(gs.size) * math.Hypot(start[2], start[3])
	if size == 0 {
		size = 1
	}
	x, y := start[4], start[5]
	if text == "" {
		return nil
	}
	// Writers fake bold by showing a string twice, a fraction of a point apart.
	if text == p.prevText && math.Abs(x-p.prevX) < size/5 && math.Abs(y-p.prevY) < size/5 {
		return nil
	}
	p.prevX, p.prevY, p.prevText = x, y, text
	first, _ := utf8.DecodeRuneInString(text)
	var sep string
	if p.started {
		lineSize := max(size, p.lastSize)
		// Chinese text has no spaces, and justified or spaced-out lines
		// ("姓　　名") must stay searchable: only a wide gap separates two
		// CJK characters.
		wordGap := 0.15
		if isCJK(p.lastRune) && isCJK(first) {
			wordGap = 1
		}
		switch gap := x - p.lastX; {
		case math.Abs(y-p.lastY) > lineSize/2:
			sep = "\n"
		case gap > lineSize*wordGap:
			sep = " "
		}
	}
	p.started = true
	p.lastX, p.lastY, p.lastSize = end[4], end[5], size
	p.lastRune, _ = utf8.DecodeLastRuneInString(text)
	return p.w.WriteString(sep + foldGlyphs(text))
}

// foldGlyphs maps the look-alike code points that ToUnicode CMaps often give
// (a font's glyph for 工 is also its glyph for the Kangxi radical ⼯, and
// Chrome names the radical) to the characters people search for: Kangxi and
// CJK radicals, CJK compatibility ideographs and Latin ligatures (ﬁ), by
// NFKC. Other characters are left alone: NFKC would also turn full-width
// punctuation into ASCII.
func foldGlyphs(s string) string {
	fold := func(r rune) bool {
		return (r >= 0x2e80 && r <= 0x2fdf) || (r >= 0xf900 && r <= 0xfaff) ||
			(r >= 0xfb00 && r <= 0xfb06) || (r >= 0x2f800 && r <= 0x2fa1f)
	}
	if strings.IndexFunc(s, fold) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if u, ok := radicals[r]; ok {
			b.WriteRune(u)
		} else if fold(r) {
			b.WriteString(norm.NFKC.String(string(r)))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// radicals maps the CJK Radicals Supplement, which NFKC leaves alone, to the
// equivalent unified ideographs (Unicode's EquivalentUnifiedIdeograph.txt).
var radicals = func() map[rune]rune {
	from := []rune("⺁⺂⺃⺄⺅⺆⺇⺈⺉⺊⺋⺌⺍⺎⺏⺐⺑⺒⺓⺔⺕⺖⺗⺘⺙⺛⺜⺝⺞⺟⺠⺡⺢⺣⺤⺥⺦⺧⺨⺩⺪⺫⺬⺭⺮⺯⺰⺱⺲⺳⺴⺵⺶⺷⺸⺹⺺⺻⺼⺽⺾⺿⻀⻁⻂⻃⻄⻅⻆⻇⻈⻉⻊⻋⻌⻍⻎⻏⻐⻑⻒⻓⻔⻕⻖⻗⻘⻙⻚⻛⻜⻝⻞⻟⻠⻡⻢⻣⻤⻥⻦⻧⻨⻩⻪⻫⻬⻭⻮⻯⻰⻱⻲⻳")
	to := []rune("厂乛乚乙亻冂𠘨刀刂卜㔾小小兀尣尢𡯂巳幺彑𫜹忄心扌攵旡日月歺母民氵氺灬爫爫丬牛犭王𤴔目示礻𥫗糹纟罓罒㓁冗𦉫羊𦍌𦍋耂肀聿肉𦥑艹艹艹虎衤覀西见角𧢲讠贝𧾷车辶辶辶邑钅長镸长门𨸏阝雨青韦页风飞食𩙿飠饣𩠐马骨鬼鱼鸟卤麦黄黾斉齐歯齿竜龙龜亀龟")
	m := make(map[rune]rune, len(from))
	for i, r := range from {
		m[r] = to[i]
	}
	return m
}()

func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
}
