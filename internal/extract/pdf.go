package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The PDF reader is written here rather than imported: pdfcpu extracts no
// text, and github.com/ledongthuc/pdf (which does map ToUnicode CMaps)
// inflates streams without any bound and panics on malformed input, while a
// Flate bomb is a few kilobytes.
//
// It reads the cross-reference table or stream (rebuilding it by scanning for
// "n g obj" when it is broken), object streams, the page tree, and the content
// streams of pages and form XObjects; the codes shown by Tj, TJ, ' and " are
// mapped to Unicode through the font's ToUnicode CMap, a predefined GB or UCS-2
// CMap, or a simple font's encoding. Line breaks and word spaces are inferred
// from text positions. Encrypted files are refused; images, annotations and
// form field values are not read.
//
// Files: pdf.go (file structure, streams), pdf_lex.go (syntax), pdf_font.go
// (fonts, CMaps), pdf_content.go (content streams).

// PDF object types. Numbers are int64 or float64, booleans bool, null nil.
type (
	pdfName    string
	pdfString  string // raw bytes
	pdfKeyword string // operators and delimiters: "<<", "[", "obj", "Tj" …
	pdfArray   []any
	pdfDict    map[pdfName]any
	pdfRef     struct{ num, gen int64 }
	pdfStream  struct {
		dict   pdfDict
		off, n int64 // raw data in the file
	}
)

const (
	pdfMaxDepth   = 64              // nesting of arrays/dicts, page tree, forms
	pdfMaxScan    = MaxContentBytes // file size up to which a broken file is repaired
	pdfStackDepth = 256             // q/Q nesting
)

var (
	errPDFSyntax  = errors.New("pdf: syntax error")
	errPDFFilter  = errors.New("pdf: unsupported filter")
	errPDFNoPages = errors.New("pdf: no page tree")
	// errPDFEncrypted is returned for any encrypted file: files with an
	// empty user password (copy protection only) could be decrypted, but the
	// standard security handler is not worth its code for search alone.
	errPDFEncrypted = &Error{Message: msgPDFEncrypted}
)

// pdfXref is a cross-reference entry: an offset in the file, or the index of
// an object inside an object stream.
type pdfXref struct {
	off        int64
	stm, index int64
	free       bool
	inStm      bool
}

// pdfDoc is an open PDF file.
type pdfDoc struct {
	ctx     context.Context
	r       io.ReaderAt
	size    int64
	budget  *budget
	xref    map[int64]pdfXref
	trailer pdfDict
	cache   map[int64]any
	loading map[int64]bool
	objStms map[int64]*pdfObjStm
	fatal   error // errTooLarge or ctx.Err(), seen while resolving
	fonts   map[any]*pdfFont
	// repaired is set when the cross-reference was rebuilt by scanning.
	repaired bool
}

// pdfObjStm is a decoded object stream.
type pdfObjStm struct {
	data  []byte
	first int64
	offs  []int64
}

func (d *pdfDoc) lexer(off int64) *pdfLexer {
	return newPDFLexer(io.NewSectionReader(d.r, off, d.size-off), off)
}

func openPDF(ctx context.Context, r io.ReaderAt, size int64) (*pdfDoc, error) {
	d := &pdfDoc{
		ctx: ctx, r: r, size: size, budget: newBudget(),
		xref: map[int64]pdfXref{}, cache: map[int64]any{}, loading: map[int64]bool{},
		objStms: map[int64]*pdfObjStm{}, fonts: map[any]*pdfFont{},
	}
	return d, d.open()
}

// open reads the cross-reference data, repairing it when needed.
func (d *pdfDoc) open() error {
	err := d.readXref()
	if err == nil {
		// A stale table (offsets shifted by an editor) breaks at once: check
		// that the catalog and page tree load before trusting it.
		if root, ok := d.resolve(d.trailer["Root"]).(pdfDict); ok {
			if _, ok := d.resolve(root["Pages"]).(pdfDict); ok {
				return nil
			}
		}
		err = errPDFNoPages
	}
	if errors.Is(err, errTooLarge) || errors.Is(err, errPDFEncrypted) {
		return err
	}
	return d.repair()
}

func (d *pdfDoc) readXref() error {
	tail := make([]byte, min(d.size, 4096))
	if _, err := d.r.ReadAt(tail, d.size-int64(len(tail))); err != nil && err != io.EOF {
		return err
	}
	i := bytes.LastIndex(tail, []byte("startxref"))
	if i < 0 {
		return fmt.Errorf("%w: no startxref", errPDFSyntax)
	}
	f := strings.Fields(string(tail[i+len("startxref"):]))
	if len(f) == 0 {
		return fmt.Errorf("%w: bad startxref", errPDFSyntax)
	}
	off, err := strconv.ParseInt(f[0], 10, 64)
	seen := map[int64]bool{}
	for err == nil && off > 0 && !seen[off] && len(seen) < 1024 {
		seen[off] = true
		var trailer pdfDict
		if trailer, err = d.readXrefSection(off); err != nil {
			break
		}
		if d.trailer == nil {
			d.trailer = trailer
		}
		if trailer["Encrypt"] != nil {
			return errPDFEncrypted
		}
		if stm, ok := trailer["XRefStm"].(int64); ok && !seen[stm] {
			// A hybrid file: the stream's entries sit under this table.
			seen[stm] = true
			d.readXrefSection(stm)
		}
		off, _ = trailer["Prev"].(int64)
	}
	if err != nil {
		return err
	}
	if d.trailer == nil || len(d.xref) == 0 {
		return fmt.Errorf("%w: empty cross-reference", errPDFSyntax)
	}
	return nil
}

// add records an entry unless a newer section already did.
func (d *pdfDoc) add(num int64, e pdfXref) {
	if _, ok := d.xref[num]; !ok && num >= 0 {
		d.xref[num] = e
	}
}

// readXrefSection reads a cross-reference table or stream at off and
// returns its trailer dictionary.
func (d *pdfDoc) readXrefSection(off int64) (pdfDict, error) {
	if off < 0 || off >= d.size {
		return nil, fmt.Errorf("%w: xref offset %d", errPDFSyntax, off)
	}
	l := d.lexer(off)
	tok, err := l.token()
	if err != nil {
		return nil, err
	}
	if tok != pdfKeyword("xref") {
		l.back = append(l.back, tok)
		return d.readXrefStream(l)
	}
	for {
		tok, err := l.object(true, 0)
		if err != nil {
			return nil, err
		}
		if tok == pdfKeyword("trailer") {
			v, err := l.object(true, 0)
			t, ok := v.(pdfDict)
			if err != nil || !ok {
				return nil, fmt.Errorf("%w: bad trailer", errPDFSyntax)
			}
			return t, nil
		}
		start, ok1 := tok.(int64)
		count, err := l.token()
		n, ok2 := count.(int64)
		if err != nil || !ok1 || !ok2 || n < 0 || n > 1<<24 {
			return nil, fmt.Errorf("%w: bad xref subsection", errPDFSyntax)
		}
		for i := int64(0); i < n; i++ {
			o, _ := l.token()
			l.token() // generation
			kind, err := l.token()
			if err != nil {
				return nil, err
			}
			eo, _ := o.(int64)
			d.add(start+i, pdfXref{off: eo, free: kind != pdfKeyword("n") || eo <= 0})
		}
	}
}

func (d *pdfDoc) readXrefStream(l *pdfLexer) (pdfDict, error) {
	v, err := d.indirect(l, -1)
	if err != nil {
		return nil, err
	}
	s, ok := v.(*pdfStream)
	if !ok || s.dict["Type"] != pdfName("XRef") {
		return nil, fmt.Errorf("%w: no xref at startxref", errPDFSyntax)
	}
	data, err := d.decode(s)
	if err != nil {
		return nil, err
	}
	w, _ := s.dict["W"].(pdfArray)
	var ws [3]int
	width := 0
	for i := 0; i < len(w) && i < 3; i++ {
		n, _ := w[i].(int64)
		if n < 0 || n > 8 {
			return nil, fmt.Errorf("%w: xref stream W", errPDFSyntax)
		}
		ws[i] = int(n)
		width += int(n)
	}
	index, _ := s.dict["Index"].(pdfArray)
	if len(index) == 0 {
		size, _ := s.dict["Size"].(int64)
		index = pdfArray{int64(0), size}
	}
	if width == 0 {
		return nil, fmt.Errorf("%w: xref stream W", errPDFSyntax)
	}
	for i := 0; i+1 < len(index); i += 2 {
		start, _ := index[i].(int64)
		count, _ := index[i+1].(int64)
		for j := int64(0); j < count && len(data) >= width; j++ {
			var f [3]int64
			p := 0
			for k, n := range ws {
				for range n {
					f[k] = f[k]<<8 | int64(data[p])
					p++
				}
			}
			data = data[width:]
			if ws[0] == 0 {
				f[0] = 1
			}
			switch f[0] {
			case 0:
				d.add(start+j, pdfXref{free: true})
			case 1:
				d.add(start+j, pdfXref{off: f[1]})
			case 2:
				d.add(start+j, pdfXref{inStm: true, stm: f[1], index: f[2]})
			}
		}
	}
	return s.dict, nil
}

var pdfObjHeader = regexp.MustCompile(`(\d+)[\x00\t\n\f\r ]+(\d+)[\x00\t\n\f\r ]+obj\b`)

// repair rebuilds the cross-reference by scanning the file for "n g obj",
// as viewers do for files truncated or edited by hand.
func (d *pdfDoc) repair() error {
	if d.size > pdfMaxScan {
		return fmt.Errorf("%w: file too large to repair", errTooLarge)
	}
	data := make([]byte, d.size)
	if _, err := d.r.ReadAt(data, 0); err != nil && err != io.EOF {
		return err
	}
	if bytes.Contains(data, []byte("/Encrypt")) {
		return errPDFEncrypted
	}
	d.repaired = true
	d.xref, d.cache, d.objStms = map[int64]pdfXref{}, map[int64]any{}, map[int64]*pdfObjStm{}
	for _, m := range pdfObjHeader.FindAllSubmatchIndex(data, -1) {
		num, _ := strconv.ParseInt(string(data[m[2]:m[3]]), 10, 64)
		d.xref[num] = pdfXref{off: int64(m[0])} // the last definition wins
	}
	var trailer pdfDict
	for off := 0; ; {
		i := bytes.Index(data[off:], []byte("trailer"))
		if i < 0 {
			break
		}
		off += i + len("trailer")
		if t, ok := noErr(d.lexer(int64(off)).object(true, 0)).(pdfDict); ok && t["Root"] != nil {
			trailer = t
		}
	}
	// Register the objects inside object streams, then look for the catalog
	// if no trailer names it.
	for _, num := range sortedKeys(d.xref) {
		if err := d.ctx.Err(); err != nil {
			return err
		}
		if v, ok := d.load(num).(*pdfStream); ok && v.dict["Type"] == pdfName("ObjStm") {
			if stm := d.objStm(num); stm != nil {
				for i := 0; 2*i < len(stm.offs); i++ {
					d.add(stm.offs[2*i], pdfXref{inStm: true, stm: num, index: int64(i)})
				}
			}
		}
	}
	if d.fatal != nil {
		return d.fatal
	}
	for _, num := range sortedKeys(d.xref) {
		if v, ok := d.load(num).(pdfDict); ok && trailer == nil && v["Type"] == pdfName("Catalog") {
			trailer = pdfDict{"Root": pdfRef{num, 0}}
		}
	}
	if trailer == nil {
		return errPDFNoPages
	}
	d.trailer = trailer
	return nil
}

func noErr(v any, _ error) any { return v }

func sortedKeys(m map[int64]pdfXref) []int64 {
	keys := make([]int64, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// resolve follows references; a missing or broken object is null.
func (d *pdfDoc) resolve(v any) any {
	for i := 0; i < 32; i++ {
		ref, ok := v.(pdfRef)
		if !ok {
			return v
		}
		v = d.load(ref.num)
	}
	return nil
}

func (d *pdfDoc) load(num int64) any {
	if v, ok := d.cache[num]; ok {
		return v
	}
	e, ok := d.xref[num]
	if !ok || e.free || d.loading[num] {
		return nil
	}
	d.loading[num] = true
	defer delete(d.loading, num)
	var v any
	if e.inStm {
		if stm := d.objStm(e.stm); stm != nil && 2*e.index+1 < int64(len(stm.offs)) {
			off := stm.first + stm.offs[2*e.index+1]
			if off >= 0 && off < int64(len(stm.data)) {
				l := newPDFLexer(bytes.NewReader(stm.data[off:]), 0)
				v = noErr(l.object(true, 0))
			}
		}
	} else {
		v, _ = d.indirect(d.lexer(e.off), num)
	}
	if _, isKeyword := v.(pdfKeyword); isKeyword {
		v = nil
	}
	d.cache[num] = v
	return v
}

// indirect reads "num gen obj …" (num < 0: any number), with its stream.
func (d *pdfDoc) indirect(l *pdfLexer, num int64) (any, error) {
	n, _ := l.token()
	l.token()
	if kw, _ := l.token(); kw != pdfKeyword("obj") || (num >= 0 && n != num) {
		return nil, fmt.Errorf("%w: object %d not found", errPDFSyntax, num)
	}
	v, err := l.object(true, 0)
	if err != nil {
		return nil, err
	}
	dict, ok := v.(pdfDict)
	if !ok {
		return v, nil
	}
	if tok, _ := l.token(); tok != pdfKeyword("stream") {
		return v, nil
	}
	if c, err := l.readByte(); err == nil && c == '\r' {
		if c, err := l.readByte(); err == nil && c != '\n' {
			l.unreadByte()
		}
	} else if err == nil && c != '\n' {
		l.unreadByte()
	}
	s := &pdfStream{dict: dict, off: l.pos}
	s.n, _ = d.resolve(dict["Length"]).(int64)
	if !d.endstreamAt(s.off + s.n) {
		s.n = d.findEndstream(s.off)
	}
	return s, nil
}

func (d *pdfDoc) endstreamAt(off int64) bool {
	if off < 0 || off > d.size {
		return false
	}
	buf := make([]byte, 32)
	n, _ := d.r.ReadAt(buf, off)
	return bytes.HasPrefix(bytes.TrimLeft(buf[:n], "\x00\t\n\f\r "), []byte("endstream"))
}

// findEndstream returns the length of the stream data starting at off when
// its /Length is wrong: up to the next "endstream" and its end-of-line.
func (d *pdfDoc) findEndstream(off int64) int64 {
	buf := make([]byte, 1<<20)
	for pos := off; pos < d.size && pos-off < MaxContentBytes; pos += int64(len(buf) - 16) {
		n, _ := d.r.ReadAt(buf, pos)
		if i := bytes.Index(buf[:n], []byte("endstream")); i >= 0 {
			data := buf[:i]
			if bytes.HasSuffix(data, []byte("\r\n")) {
				data = data[:len(data)-2]
			} else if bytes.HasSuffix(data, []byte("\n")) || bytes.HasSuffix(data, []byte("\r")) {
				data = data[:len(data)-1]
			}
			return pos + int64(len(data)) - off
		}
		if n < len(buf) {
			break
		}
	}
	return d.size - off
}

func (d *pdfDoc) objStm(num int64) *pdfObjStm {
	if stm, ok := d.objStms[num]; ok {
		return stm
	}
	d.objStms[num] = nil // no recursion through a broken file
	s, ok := d.load(num).(*pdfStream)
	if !ok {
		return nil
	}
	data, err := d.decode(s)
	if err != nil {
		return nil
	}
	n, _ := s.dict["N"].(int64)
	first, _ := s.dict["First"].(int64)
	l := newPDFLexer(bytes.NewReader(data), 0)
	stm := &pdfObjStm{data: data, first: first}
	for i := int64(0); i < 2*n && i < 1<<20; i++ {
		v, err := l.token()
		o, ok := v.(int64)
		if err != nil || !ok {
			break
		}
		stm.offs = append(stm.offs, o)
	}
	d.objStms[num] = stm
	return stm
}

// extractPDF writes the text layer of every page, a blank line between pages.
func extractPDF(ctx context.Context, r io.ReaderAt, size int64, w *textWriter) error {
	head := make([]byte, min(size, 1024))
	if _, err := r.ReadAt(head, 0); err != nil && err != io.EOF {
		return err
	}
	if !bytes.Contains(head, []byte("%PDF-")) {
		return fmt.Errorf("%w: no %%PDF header", errPDFSyntax)
	}
	d, err := openPDF(ctx, r, size)
	if err != nil {
		return err
	}
	root, _ := d.resolve(d.trailer["Root"]).(pdfDict)
	return d.walk(root["Pages"], nil, map[int64]bool{}, 0, func(page, res pdfDict) error {
		p := &pdfPage{d: d, w: w, gs: pdfGState{ctm: identity, th: 1}}
		var data []byte
		contents := d.resolve(page["Contents"])
		if s, ok := contents.(*pdfStream); ok {
			contents = pdfArray{s}
		}
		arr, _ := contents.(pdfArray)
		for _, c := range arr {
			// Streams of one page may split an operator between them.
			if s, ok := d.resolve(c).(*pdfStream); ok {
				if b, err := d.decode(s); err == nil {
					data = append(append(data, b...), '\n')
				} else if d.fatal != nil {
					return d.fatal
				}
			}
		}
		if err := p.run(data, res, 0); err != nil {
			return err
		}
		if d.fatal != nil {
			return d.fatal
		}
		return w.WriteString("\n\n")
	})
}

// walk visits the leaves of the page tree in order, passing inherited
// resources down.
func (d *pdfDoc) walk(node any, res pdfDict, seen map[int64]bool, depth int, visit func(page, res pdfDict) error) error {
	if ref, ok := node.(pdfRef); ok {
		if seen[ref.num] {
			return nil
		}
		seen[ref.num] = true
	}
	dict, ok := d.resolve(node).(pdfDict)
	if !ok || depth > pdfMaxDepth {
		return nil
	}
	if err := d.ctx.Err(); err != nil {
		return err
	}
	if r, ok := d.resolve(dict["Resources"]).(pdfDict); ok {
		res = r
	}
	kids, ok := d.resolve(dict["Kids"]).(pdfArray)
	if !ok || dict["Type"] == pdfName("Page") {
		return visit(dict, res)
	}
	for _, kid := range kids {
		if err := d.walk(kid, res, seen, depth+1, visit); err != nil {
			return err
		}
	}
	return nil
}
