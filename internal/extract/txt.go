package extract

import (
	"bytes"
	"context"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// extractTXT reads a plain-text file. Windows in a Chinese locale still saves
// GBK ("ANSI") and UTF-16LE ("Unicode") text, so the encoding is chosen by BOM
// first, then by UTF-8 validity, with GB18030 (a superset of GBK and GB2312)
// as the fallback.
func extractTXT(ctx context.Context, r io.ReaderAt, size int64, w *textWriter) error {
	// Every encoding here spends at most 4 bytes on a character, so a prefix
	// of 4*max bytes holds max characters; the slack covers a BOM.
	limit := min(size, MaxContentBytes)
	if w.max > 0 {
		limit = min(limit, 4*int64(w.max)+8)
	}
	data, err := io.ReadAll(io.NewSectionReader(r, 0, limit))
	if err != nil {
		return err
	}
	truncated := limit < size
	if err := ctx.Err(); err != nil {
		return err
	}
	var text string
	switch {
	case bytes.HasPrefix(data, []byte{0xef, 0xbb, 0xbf}):
		text = string(trimPartialUTF8(data[3:], truncated))
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}), bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		if truncated && len(data)%2 == 1 {
			data = data[:len(data)-1]
		}
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		b, err := dec.Bytes(data)
		if err != nil {
			return err
		}
		text = string(b)
	default:
		if u := trimPartialUTF8(data, truncated); utf8.Valid(u) {
			text = string(u)
			break
		}
		// The GB18030 decoder maps invalid sequences to U+FFFD instead of
		// failing; a sequence cut by the prefix lies past max characters.
		b, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			return err
		}
		text = string(b)
	}
	return w.WriteString(text)
}

// trimPartialUTF8 drops an incomplete UTF-8 sequence at the end of a prefix
// that was cut from a longer file.
func trimPartialUTF8(b []byte, truncated bool) []byte {
	if !truncated {
		return b
	}
	for i := 1; i <= utf8.UTFMax && i <= len(b); i++ {
		if c := b[len(b)-i]; utf8.RuneStart(c) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return b[:len(b)-i]
			}
			break
		}
	}
	return b
}
