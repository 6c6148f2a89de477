// Package extract pulls the plain text out of attachments (.txt, .docx, .xlsx,
// .pdf with a text layer, .ofd) so that the search index can cover them.
//
// It is pure: no database, no HTTP, no temporary files. Every reader is bounded
// (MaxContentBytes of uncompressed content, MaxZipEntries archive entries, the
// caller's maxRunes of output) and honours ctx, because attachments are
// untrusted uploads and extraction runs in a background job. A file that
// cannot be read yields a *Error with a Chinese message that the UI can show
// next to the attachment; it is never fatal to the caller.
package extract

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// Limits applied to every file.
const (
	// MaxContentBytes caps the uncompressed bytes read from one file: the whole
	// of a .txt, the XML parts of a .docx/.ofd/.xlsx, the decoded streams of a
	// .pdf. It is the zip-bomb and Flate-bomb guard.
	MaxContentBytes = 64 << 20
	// MaxZipEntries caps the entries of a .docx, .xlsx or .ofd archive.
	MaxZipEntries = 10000
)

// ErrUnsupported is returned for a format that Text cannot read. Legacy OLE2
// formats (.doc, .xls, .ppt and the WPS Office .wps, .et, .dps) are among them:
// they need a binary parser that is not worth its risk for search alone.
var ErrUnsupported = errors.New("extract: unsupported file format")

// Error reports a file that is in a supported format but cannot be read:
// corrupt, encrypted or too large. Message is in Chinese and safe to show to
// users; Err is the cause, for logs.
type Error struct {
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Err == nil {
		return e.Message
	}
	return e.Message + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// Messages of the *Error values returned by Text.
const (
	msgCorrupt      = "文件已损坏，无法读取"
	msgTooLarge     = "文件内容过大，超出提取上限"
	msgPDFEncrypted = "PDF 文件已加密，无法提取文字"
	msgOLE          = "文件已加密或为旧版 Office 格式，无法提取文字"
)

var (
	// errTooLarge is returned by readers that hit MaxContentBytes or MaxZipEntries.
	errTooLarge = errors.New("content limit exceeded")
	// errFull unwinds an extractor once maxRunes characters have been written;
	// it is not an error for the caller.
	errFull = errors.New("rune limit reached")
	// errPanic marks a recovered panic, a bug to fix.
	errPanic = errors.New("panic")
)

type extractor func(ctx context.Context, r io.ReaderAt, size int64, w *textWriter) error

// extractorFor returns the extractor for a file name's extension, or nil.
func extractorFor(name string) extractor {
	switch strings.ToLower(path.Ext(name)) {
	case ".txt":
		return extractTXT
	case ".docx":
		return extractDOCX
	case ".xlsx":
		return extractXLSX
	case ".pdf":
		return extractPDF
	case ".ofd":
		return extractOFD
	}
	return nil
}

// Supported reports whether Text can read a file named name.
func Supported(name string) bool { return extractorFor(name) != nil }

// Text returns the plain text of a file named name (the extension decides the
// format), reading at most MaxContentBytes of content and returning at most
// maxRunes characters of text (maxRunes <= 0: no limit but MaxContentBytes).
// It returns ErrUnsupported for other formats (.doc, .xls, .wps, .et …), a
// *Error when the file cannot be read (corrupt, encrypted, over the limits),
// and ctx.Err() when ctx is done; the text is empty whenever err is not nil.
//
// Lines end with "\n"; table cells are separated by "\t"; spaces are
// collapsed and blank lines too, to one. An empty string with a nil error
// means the file has no text (a scanned PDF, an empty sheet). Text keeps no
// state between calls and is safe for concurrent use.
func Text(ctx context.Context, name string, r io.ReaderAt, size int64, maxRunes int) (_ string, err error) {
	fn := extractorFor(name)
	if fn == nil {
		return "", fmt.Errorf("%w: %q", ErrUnsupported, path.Ext(name))
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	// The parsers are written not to panic on any input, but a crash in a
	// background job would take the server down with it: a panic is a
	// corrupt file.
	defer func() {
		if p := recover(); p != nil {
			err = &Error{Message: msgCorrupt, Err: fmt.Errorf("%w: %v", errPanic, p)}
		}
	}()
	w := &textWriter{max: maxRunes}
	err = fn(ctx, r, size, w)
	if err != nil && !errors.Is(err, errFull) {
		return "", classify(ctx, err)
	}
	return w.String(), nil
}

// classify turns an extractor's error into what Text returns.
func classify(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	var e *Error
	switch {
	case errors.As(err, &e), errors.Is(err, ErrUnsupported):
		return err
	case errors.Is(err, errTooLarge):
		return &Error{Message: msgTooLarge, Err: err}
	default:
		return &Error{Message: msgCorrupt, Err: err}
	}
}

// textWriter accumulates normalized text up to max runes. Its methods
// return errFull once the limit is reached, so extractors can stop early.
type textWriter struct {
	b        strings.Builder
	n, max   int
	newlines int    // consecutive newlines at the end of b
	pending  string // spaces and tabs inside a line, written before the next rune
}

// WriteString appends s: "\r\n" and "\r" become "\n", other control
// characters are dropped, runs of spaces collapse to one, whitespace at the
// start (spaces only) and end of lines is dropped, and more than two
// consecutive newlines collapse to two.
func (w *textWriter) WriteString(s string) error {
	if w.full() {
		return errFull
	}
	for i, c := range s {
		if c == '\r' {
			if i+1 < len(s) && s[i+1] == '\n' {
				continue
			}
			c = '\n'
		}
		if err := w.writeRune(c); err != nil {
			return err
		}
	}
	return nil
}

func (w *textWriter) full() bool { return w.max > 0 && w.n >= w.max }

func (w *textWriter) writeRune(c rune) error {
	switch {
	case c == '\n':
		w.pending = ""
		if w.b.Len() == 0 || w.newlines >= 2 {
			return nil
		}
		w.newlines++
		return w.put(c)
	case c == utf8.RuneError || c == '\u00a0':
		c = ' ' // invalid bytes, no-break spaces
	case c == '\t':
		w.pending = strings.TrimRight(w.pending, " ") + "\t"
		return nil
	case c < ' ' || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\ufeff' || c == '\u200b':
		return nil
	}
	if c == ' ' {
		if w.pending == "" && w.b.Len() > 0 && w.newlines == 0 {
			w.pending = " "
		}
		return nil
	}
	for _, p := range w.pending {
		if err := w.put(p); err != nil {
			return err
		}
	}
	w.pending = ""
	w.newlines = 0
	return w.put(c)
}

func (w *textWriter) put(c rune) error {
	if w.full() {
		return errFull
	}
	w.b.WriteRune(c)
	w.n++
	return nil
}

// String returns the text written so far, without trailing newlines.
func (w *textWriter) String() string { return strings.TrimRight(w.b.String(), "\n") }

// decodeCharset is the xml.Decoder CharsetReader: OFD and some WPS files
// declare GB-family or UTF-16 encodings that encoding/xml cannot read alone.
func decodeCharset(charset string, r io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "gbk", "gb2312", "gb18030", "cp936", "x-gbk":
		return simplifiedchinese.GB18030.NewDecoder().Reader(r), nil
	case "utf-16", "utf-16le", "utf-16be":
		return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder().Reader(r), nil
	case "us-ascii", "ascii", "iso-8859-1", "latin1":
		return r, nil
	}
	return nil, fmt.Errorf("unsupported XML charset %q", charset)
}

// budget is the count of uncompressed bytes a file may still yield.
type budget struct{ left int64 }

func newBudget() *budget { return &budget{left: MaxContentBytes} }

// reader returns r limited by the budget: reading past it fails with errTooLarge.
func (b *budget) reader(r io.Reader) io.Reader { return &budgetReader{r: r, b: b} }

type budgetReader struct {
	r io.Reader
	b *budget
}

func (br *budgetReader) Read(p []byte) (int, error) {
	if br.b.left <= 0 {
		// Exactly at the limit: fine if the content ends here.
		var one [1]byte
		if n, err := br.r.Read(one[:]); n == 0 && err != nil {
			return 0, err
		}
		return 0, errTooLarge
	}
	if int64(len(p)) > br.b.left {
		p = p[:br.b.left]
	}
	n, err := br.r.Read(p)
	br.b.left -= int64(n)
	return n, err
}

// oleMagic starts OLE2 compound files: legacy .doc/.xls/.wps/.et, and
// password-protected OOXML, which Office wraps in OLE2.
var oleMagic = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}

func isOLE2(r io.ReaderAt) bool {
	var head [8]byte
	_, err := r.ReadAt(head[:], 0)
	return err == nil && bytes.Equal(head[:], oleMagic)
}

// archive is a zip package (.docx, .ofd) whose parts are read within one budget.
type archive struct {
	files  map[string]*zip.File // by cleaned name
	folded map[string]*zip.File // by lower-case cleaned name: producers are sloppy
	budget *budget
}

func openArchive(r io.ReaderAt, size int64) (*archive, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, err
	}
	if len(zr.File) > MaxZipEntries {
		return nil, fmt.Errorf("%w: %d zip entries", errTooLarge, len(zr.File))
	}
	a := &archive{
		files:  make(map[string]*zip.File, len(zr.File)),
		folded: make(map[string]*zip.File, len(zr.File)),
		budget: newBudget(),
	}
	for _, f := range zr.File {
		name := cleanPart(f.Name)
		a.files[name] = f
		a.folded[strings.ToLower(name)] = f
	}
	return a, nil
}

// cleanPart normalizes a part name: no leading slash, forward slashes only.
func cleanPart(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	return strings.TrimPrefix(path.Clean("/"+name), "/")
}

// open opens the part named name, or fails with an error wrapping fs.ErrNotExist.
func (a *archive) open(name string) (io.ReadCloser, error) {
	name = cleanPart(name)
	f, ok := a.files[name]
	if !ok {
		f, ok = a.folded[strings.ToLower(name)]
	}
	if !ok {
		return nil, fmt.Errorf("part %q: %w", name, fs.ErrNotExist)
	}
	if f.UncompressedSize64 > uint64(a.budget.left) {
		return nil, fmt.Errorf("%w: part %q is %d bytes", errTooLarge, name, f.UncompressedSize64)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("part %q: %w", name, err)
	}
	return struct {
		io.Reader
		io.Closer
	}{a.budget.reader(rc), rc}, nil
}

// has reports whether the archive holds the part named name.
func (a *archive) has(name string) bool {
	name = cleanPart(name)
	_, ok := a.files[name]
	if !ok {
		_, ok = a.folded[strings.ToLower(name)]
	}
	return ok
}

// newXMLDecoder returns a decoder for an untrusted XML part. encoding/xml
// never fetches external entities and caps nesting depth itself.
func newXMLDecoder(r io.Reader) *xml.Decoder {
	d := xml.NewDecoder(r)
	d.CharsetReader = decodeCharset
	return d
}
