package extract

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// pdfLexer reads tokens and objects from a PDF file or decoded stream.
type pdfLexer struct {
	r    *bufio.Reader
	pos  int64 // offset of the next unread byte
	back []any // pushed-back tokens, last first
	// scratch and words save allocations: see regular and word.
	scratch []byte
	words   map[string]string
}

func newPDFLexer(r io.Reader, pos int64) *pdfLexer {
	return &pdfLexer{r: bufio.NewReaderSize(r, 4096), pos: pos}
}

func (l *pdfLexer) readByte() (byte, error) {
	c, err := l.r.ReadByte()
	if err == nil {
		l.pos++
	}
	return c, err
}

func (l *pdfLexer) unreadByte() {
	if l.r.UnreadByte() == nil {
		l.pos--
	}
}

func isPDFSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isPDFDelim(c byte) bool { return strings.IndexByte("()<>[]{}/%", c) >= 0 }

// token returns the next token, io.EOF at the end.
func (l *pdfLexer) token() (any, error) {
	if n := len(l.back); n > 0 {
		t := l.back[n-1]
		l.back = l.back[:n-1]
		return t, nil
	}
	c, err := l.readByte()
	for ; err == nil; c, err = l.readByte() {
		if c == '%' {
			for err == nil && c != '\n' && c != '\r' {
				c, err = l.readByte()
			}
		} else if !isPDFSpace(c) {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	switch c {
	case '(':
		return l.literal()
	case '<':
		if c, err := l.readByte(); err == nil && c == '<' {
			return pdfKeyword("<<"), nil
		} else if err == nil {
			l.unreadByte()
		}
		return l.hexString()
	case '>':
		if c, err := l.readByte(); err == nil && c == '>' {
			return pdfKeyword(">>"), nil
		} else if err == nil {
			l.unreadByte()
		}
		return pdfKeyword(">"), nil
	case '[', ']', '{', '}', ')':
		return pdfKeyword(string(c)), nil
	case '/':
		return pdfName(l.word(l.regular(c, true))), nil
	}
	b := l.regular(c, false)
	if c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9') {
		if n, ok := parseInt(b); ok {
			return n, nil
		}
		if f, err := strconv.ParseFloat(string(b), 64); err == nil {
			return f, nil
		}
	}
	return pdfKeyword(l.word(b)), nil
}

// parseInt parses an optionally signed run of at most 18 digits.
func parseInt(b []byte) (int64, bool) {
	neg := false
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		neg, b = b[0] == '-', b[1:]
	}
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// word returns b as a string, sharing the strings of repeated operators and
// names: content streams are mostly the same few words.
func (l *pdfLexer) word(b []byte) string {
	if s, ok := l.words[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(l.words) < 4096 {
		if l.words == nil {
			l.words = map[string]string{}
		}
		l.words[s] = s
	}
	return s
}

// regular reads the run of regular characters that starts with first (the
// slash of a name is not part of it). In names, #xx is a byte in hex. The
// result is valid until the next call.
func (l *pdfLexer) regular(first byte, name bool) []byte {
	b := l.scratch[:0]
	if !name {
		b = append(b, first)
	}
	for {
		c, err := l.readByte()
		if err != nil {
			break
		}
		if isPDFSpace(c) || isPDFDelim(c) {
			l.unreadByte()
			break
		}
		if name && c == '#' {
			if h, err := l.r.Peek(2); err == nil {
				var v [1]byte
				if _, err := hex.Decode(v[:], h); err == nil {
					l.r.Discard(2)
					l.pos += 2
					c = v[0]
				}
			}
		}
		b = append(b, c)
	}
	l.scratch = b
	return b
}

func (l *pdfLexer) literal() (any, error) {
	var b []byte
	depth := 1
	for {
		c, err := l.readByte()
		if err != nil {
			return pdfString(b), nil // unterminated: keep what there is
		}
		switch c {
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return pdfString(b), nil
			}
		case '\\':
			if c, err = l.readByte(); err != nil {
				return pdfString(b), nil
			}
			switch c {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r', '\n':
				if d, err := l.readByte(); err == nil && !(c == '\r' && d == '\n') {
					l.unreadByte()
				}
				continue // line continuation
			default:
				if c >= '0' && c <= '7' {
					v := int(c - '0')
					for i := 0; i < 2; i++ {
						d, err := l.readByte()
						if err != nil || d < '0' || d > '7' {
							if err == nil {
								l.unreadByte()
							}
							break
						}
						v = v*8 + int(d-'0')
					}
					c = byte(v)
				}
			}
		}
		b = append(b, c)
	}
}

func (l *pdfLexer) hexString() (any, error) {
	var digits []byte
	for {
		c, err := l.readByte()
		if err != nil || c == '>' {
			break
		}
		if (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') {
			digits = append(digits, c)
		}
	}
	if len(digits)%2 == 1 {
		digits = append(digits, '0')
	}
	b := make([]byte, len(digits)/2)
	hex.Decode(b, digits)
	return pdfString(b), nil
}

// object reads one object; refs enables "n g R" (never in content streams).
// A keyword is returned as is: it is an operator or a structural word.
func (l *pdfLexer) object(refs bool, depth int) (any, error) {
	if depth > pdfMaxDepth {
		return nil, fmt.Errorf("%w: nesting too deep", errPDFSyntax)
	}
	tok, err := l.token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case pdfKeyword:
		switch t {
		case "null":
			return nil, nil
		case "true", "false":
			return t == "true", nil
		case "[":
			var a pdfArray
			for {
				v, err := l.object(refs, depth+1)
				if err != nil {
					return a, err
				}
				if v == pdfKeyword("]") {
					return a, nil
				}
				a = append(a, v)
			}
		case "<<":
			d := pdfDict{}
			for {
				k, err := l.object(refs, depth+1)
				if err != nil || k == pdfKeyword(">>") {
					return d, err
				}
				key, ok := k.(pdfName)
				if !ok {
					continue // junk between entries
				}
				v, err := l.object(refs, depth+1)
				if err != nil {
					return d, err
				}
				if v == pdfKeyword(">>") {
					return d, nil
				}
				d[key] = v
			}
		}
	case int64:
		if !refs {
			return t, nil
		}
		t2, err := l.token()
		if err != nil {
			return t, nil
		}
		if gen, ok := t2.(int64); ok {
			t3, err := l.token()
			if err == nil && t3 == pdfKeyword("R") {
				return pdfRef{t, gen}, nil
			}
			if err == nil {
				l.back = append(l.back, t3)
			}
		}
		l.back = append(l.back, t2)
	}
	return tok, nil
}

// skipInlineImage skips the data of an inline image after its ID operator,
// through the "EI" that follows a white-space and precedes one (or the end).
func (l *pdfLexer) skipInlineImage() error {
	var b0, b1 byte
	for {
		c, err := l.readByte()
		if err != nil {
			return err
		}
		if isPDFSpace(b0) && b1 == 'E' && c == 'I' {
			next, err := l.r.Peek(1)
			if err != nil || isPDFSpace(next[0]) || isPDFDelim(next[0]) {
				return nil
			}
		}
		b0, b1 = b1, c
	}
}
