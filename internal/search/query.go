package search

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Field names of the token streams.
const (
	FieldBigrams  = "bi"
	FieldUnigrams = "uni"
)

// Part is an index lookup: Tokens, consecutive in Field.
type Part struct {
	Field  string
	Tokens []string
}

// Term is one thing the user asked for. A document matches a term when
// every part matches in the index and the term's Text occurs in the
// document's normalised text (Normalize) — the index finds the candidates,
// the substring check makes the match exact.
type Term struct {
	Text   string // normalised, for the substring check and highlighting
	Phrase bool   // it was quoted
	Parts  []Part
}

// Query is a parsed search: its terms, all of which must match, and the
// number key when the whole query is a 发文字号 or 收文号.
type Query struct {
	Terms     []Term
	NumberKey string
}

// Empty reports whether there is nothing to search for.
func (q Query) Empty() bool { return len(q.Terms) == 0 }

// MaxTerms and MaxQuery bound a query.
const (
	MaxTerms = 8
	MaxQuery = 100 // characters
)

// Parse reads a query: terms separated by spaces are ANDed; text in double
// quotes (" or “ ”) is one exact phrase, spaces included. Terms with
// nothing to look up (punctuation only) are dropped.
func Parse(q string) Query {
	q = strings.TrimSpace(q)
	if utf8.RuneCountInString(q) > MaxQuery {
		q = string([]rune(q)[:MaxQuery])
	}
	var out Query
	out.NumberKey = NumberKey(q)
	type piece struct {
		text   string
		phrase bool
	}
	var raw []piece
	q = strings.NewReplacer("“", `"`, "”", `"`, "＂", `"`).Replace(q)
	for len(q) > 0 {
		q = strings.TrimLeft(q, " \t\u3000")
		if q == "" {
			break
		}
		if q[0] == '"' {
			end := strings.IndexByte(q[1:], '"')
			if end < 0 { // an unclosed quote runs to the end
				raw = append(raw, piece{q[1:], true})
				break
			}
			raw = append(raw, piece{q[1 : 1+end], true})
			q = q[end+2:]
			continue
		}
		end := strings.IndexAny(q, " \t\u3000\"")
		if end < 0 {
			end = len(q)
		}
		raw = append(raw, piece{q[:end], false})
		q = q[end:]
	}
	for _, r := range raw {
		t := Term{Text: Normalize(strings.TrimSpace(r.text)), Phrase: r.phrase}
		for _, seg := range segments(r.text) {
			switch {
			case !seg.han:
				t.Parts = append(t.Parts, Part{Field: FieldBigrams, Tokens: []string{seg.text}})
			case utf8.RuneCountInString(seg.text) == 1:
				t.Parts = append(t.Parts, Part{Field: FieldUnigrams, Tokens: []string{seg.text}})
			default:
				t.Parts = append(t.Parts, Part{Field: FieldBigrams, Tokens: bigrams(seg.text)})
			}
		}
		if len(t.Parts) > 0 && len(out.Terms) < MaxTerms {
			out.Terms = append(out.Terms, t)
		}
	}
	return out
}

var (
	openBrackets  = "〔[［【﹝（(〈「〖〘"
	closeBrackets = "〕]］】﹞）)〉」〗〙"
)

// Normalize is the form both documents and queries are compared in: full
// width folded, Latin lower-cased, and every kind of bracket written as
// 〔 〕, so that 县政办发[2026]3号 finds 县政办发〔2026〕3号.
func Normalize(s string) string {
	s = strings.ToLower(fold(s))
	return strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune(openBrackets, r):
			return '〔'
		case strings.ContainsRune(closeBrackets, r):
			return '〕'
		}
		return r
	}, s)
}

var numberRE = regexp.MustCompile(`^(\p{Han}+)\s*〔\s*(\d{4})\s*〕\s*(?:第)?\s*0*(\d+)\s*号?$`)

// NumberKey returns the key of a document number — a 发文字号 such as
// 县政办发〔2026〕12号 or a 收文号 such as 收〔2026〕0012 — in whatever
// brackets, widths and zero-padding it is written, or "" when s is not one.
// Two writings of one number have the same key.
func NumberKey(s string) string {
	m := numberRE.FindStringSubmatch(Normalize(strings.TrimSpace(s)))
	if m == nil {
		return ""
	}
	n, err := strconv.Atoi(m[3])
	if err != nil || n == 0 {
		return ""
	}
	return m[1] + "〔" + m[2] + "〕" + strconv.Itoa(n)
}
