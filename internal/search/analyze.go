// Package search turns Chinese text and queries into index terms without a
// dictionary: overlapping character bigrams for runs of Chinese characters
// (as Lucene's CJK analyzer does), single characters for 1-character
// queries, and lower-cased words for Latin letters and digits. A query
// term is found by its bigrams as a phrase, then confirmed as an exact
// substring, so recall is full and results are exact for 1-, 2- and
// 3+-character queries alike. It is pure: the store keeps the index in the
// database engine (SQLite FTS5, PostgreSQL tsvector).
package search

import (
	"strings"
	"unicode"
)

// Fields are the two token streams of one text: Bigrams holds the bigrams
// of each Chinese run (a run of one character stands as itself) and the
// Latin/digit words, in text order, so that consecutive bigrams of a query
// are a phrase; Unigrams holds each Chinese character once, for
// 1-character queries.
type Fields struct {
	Bigrams  string
	Unigrams string
}

// isHan reports whether r belongs to the Chinese runs that are cut into
// bigrams (Han ideographs, and the kana/hangul that the same rule serves).
func isHan(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Hangul, r)
}

// isWord reports whether r belongs to a Latin or digit word.
func isWord(r rune) bool {
	return (r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r))) ||
		(unicode.IsLetter(r) && !isHan(r)) || unicode.IsDigit(r)
}

// segment is a run of Chinese characters or one word.
type segment struct {
	text string
	han  bool
}

// segments cuts s into Chinese runs and words; everything else separates.
// Full-width letters and digits are folded to ASCII and words are lower-cased.
func segments(s string) []segment {
	s = fold(s)
	var out []segment
	var cur []rune
	han := false
	flush := func() {
		if len(cur) > 0 {
			out = append(out, segment{text: string(cur), han: han})
			cur = cur[:0]
		}
	}
	for _, r := range s {
		switch {
		case isHan(r):
			if !han {
				flush()
			}
			han = true
			cur = append(cur, r)
		case isWord(r):
			if han {
				flush()
			}
			han = false
			cur = append(cur, unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return out
}

// fold turns full-width ASCII (Ａ, ０) into ASCII and the ideographic space
// into a space.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000:
			return ' '
		}
		return r
	}, s)
}

// bigrams returns the overlapping bigrams of a Chinese run (the run itself
// when it has one character).
func bigrams(run string) []string {
	rs := []rune(run)
	if len(rs) < 2 {
		return []string{run}
	}
	out := make([]string, 0, len(rs)-1)
	for i := 0; i+1 < len(rs); i++ {
		out = append(out, string(rs[i:i+2]))
	}
	return out
}

// Analyze returns the index fields of text.
func Analyze(text string) Fields {
	var bi, uni strings.Builder
	for _, seg := range segments(text) {
		if !seg.han {
			addToken(&bi, seg.text)
			continue
		}
		for _, b := range bigrams(seg.text) {
			addToken(&bi, b)
		}
		for _, r := range seg.text {
			addToken(&uni, string(r))
		}
	}
	return Fields{Bigrams: bi.String(), Unigrams: uni.String()}
}

func addToken(b *strings.Builder, tok string) {
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	b.WriteString(tok)
}
