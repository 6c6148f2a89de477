// Package textdiff computes the 痕迹保留 (tracked changes) between two
// versions of a draft: which text was kept, inserted or deleted.
//
// Drafts are Chinese prose in paragraphs. Chinese has no spaces between
// words, so words are no unit to compare; Diff works in two stages
// instead. It first compares whole lines (paragraphs), anchoring on
// paragraphs that occur once in each version (patience diff), so that
// untouched paragraphs are matched cheaply and exactly. Each remaining
// block of changed paragraphs is then compared rune by rune with Myers'
// algorithm, and the result is tidied so that a rewritten phrase shows as
// one deletion and one insertion rather than a scatter of single
// characters.
//
// Work and memory are bounded: a block larger than maxBlockRunes runes on
// either side, or one that needs more than a fixed amount of search, is
// reported as deleted and inserted whole rather than compared further.
package textdiff

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Kind says what an Op does.
type Kind string

// The kinds of Op.
const (
	KindEqual  Kind = "equal"  // text in both versions
	KindInsert Kind = "insert" // text only in the new version
	KindDelete Kind = "delete" // text only in the old version
)

// Op is one run of text kept, inserted or deleted.
type Op struct {
	Kind Kind   `json:"kind"`
	Text string `json:"text"`
}

// Limits on the work of one Diff.
const (
	// maxBlockRunes is the largest block of changed paragraphs, in runes
	// on either side, that is compared rune by rune.
	maxBlockRunes = 5000
	// maxBlockLines is the largest block, in lines on either side, that is
	// compared line by line when it is too large to compare by runes.
	maxBlockLines = 5000
	// searchBudget bounds the diagonals Myers' search may visit for one
	// block; past it the rest of the block is replaced whole. It allows
	// about 1,400 runes of scattered edits within one block of changed
	// paragraphs and keeps the worst block to a few milliseconds.
	searchBudget = 1 << 20
)

// Diff returns the changes that turn old into new. Its ops are in text
// order and normalized: none is empty, no two neighbours have the same
// kind, and between two KindEqual ops a KindDelete comes before a
// KindInsert. The KindEqual and KindDelete ops spell old; the KindEqual
// and KindInsert ops spell new. Both texts should be UTF-8: a block with
// invalid UTF-8 is replaced whole rather than compared by runes.
func Diff(old, new string) []Op {
	if old == new {
		if old == "" {
			return nil
		}
		return []Op{{KindEqual, old}}
	}
	d := differ{ids: map[string]int32{}}
	a, b := d.side(old), d.side(new)
	d.lines(a, b)
	return merge(d.ops)
}

// Stats returns the number of runes inserted and deleted by ops.
func Stats(ops []Op) (inserted, deleted int) {
	for _, op := range ops {
		switch op.Kind {
		case KindInsert:
			inserted += utf8.RuneCountInString(op.Text)
		case KindDelete:
			deleted += utf8.RuneCountInString(op.Text)
		}
	}
	return inserted, deleted
}

// Equal reports whether ops change nothing: the two texts are the same.
func Equal(ops []Op) bool {
	for _, op := range ops {
		if op.Kind != KindEqual && op.Text != "" {
			return false
		}
	}
	return true
}

// side is one version split into lines, each keeping its "\n", with each
// line's interned id.
type side struct {
	text []string
	id   []int32
}

func (s side) slice(i, j int) side { return side{s.text[i:j], s.id[i:j]} }

func (s side) joined() string { return strings.Join(s.text, "") }

// differ accumulates the ops of one Diff.
type differ struct {
	ids map[string]int32 // line text → id, shared by both sides
	ops []Op
}

// side splits text into lines and interns them.
func (d *differ) side(text string) side {
	lines := strings.SplitAfter(text, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	s := side{text: lines, id: make([]int32, len(lines))}
	for i, l := range lines {
		id, ok := d.ids[l]
		if !ok {
			id = int32(len(d.ids))
			d.ids[l] = id
		}
		s.id[i] = id
	}
	return s
}

func (d *differ) emit(k Kind, text string) {
	if text != "" {
		d.ops = append(d.ops, Op{k, text})
	}
}

// lines diffs a against b by lines: common lines at either end, then
// lines unique in both as anchors, recursing between them. A block with no
// such anchor goes to block.
func (d *differ) lines(a, b side) {
	p := commonPrefix(a.id, b.id)
	d.emit(KindEqual, a.slice(0, p).joined())
	a, b = a.slice(p, len(a.id)), b.slice(p, len(b.id))
	s := commonSuffix(a.id, b.id)
	suffix := a.slice(len(a.id)-s, len(a.id)).joined()
	a, b = a.slice(0, len(a.id)-s), b.slice(0, len(b.id)-s)

	switch anchors := uniqueAnchors(a.id, b.id); {
	case len(a.id) == 0 || len(b.id) == 0:
		d.emit(KindDelete, a.joined())
		d.emit(KindInsert, b.joined())
	case len(anchors) > 0:
		i, j := 0, 0
		for _, an := range anchors {
			d.lines(a.slice(i, an.i), b.slice(j, an.j))
			d.emit(KindEqual, a.text[an.i])
			i, j = an.i+1, an.j+1
		}
		d.lines(a.slice(i, len(a.id)), b.slice(j, len(b.id)))
	default:
		d.block(a, b)
	}
	d.emit(KindEqual, suffix)
}

// block diffs changed lines that share no unique line: by runes when small
// enough, else by lines and then by runes within each changed run, else
// as a whole.
func (d *differ) block(a, b side) {
	at, bt := a.joined(), b.joined()
	if d.runes(at, bt) {
		return
	}
	if len(a.id) > maxBlockLines || len(b.id) > maxBlockLines || (len(a.id) == 1 && len(b.id) == 1) {
		d.emit(KindDelete, at)
		d.emit(KindInsert, bt)
		return
	}
	budget := searchBudget
	i, j := 0, 0
	var run [2]side // the current run of deleted and inserted lines
	flush := func() {
		if !d.runes(run[0].joined(), run[1].joined()) {
			d.emit(KindDelete, run[0].joined())
			d.emit(KindInsert, run[1].joined())
		}
		run = [2]side{}
	}
	for _, e := range myers(nil, a.id, b.id, &budget) {
		switch e.kind {
		case KindEqual:
			flush()
			d.emit(KindEqual, a.slice(i, i+e.n).joined())
			i, j = i+e.n, j+e.n
		case KindDelete:
			run[0] = a.slice(i-len(run[0].id), i+e.n)
			i += e.n
		case KindInsert:
			run[1] = b.slice(j-len(run[1].id), j+e.n)
			j += e.n
		}
	}
	flush()
}

// runes diffs at against bt rune by rune and reports true, or reports
// false without doing anything if the texts are too long or not UTF-8.
func (d *differ) runes(at, bt string) bool {
	if utf8.RuneCountInString(at) > maxBlockRunes || utf8.RuneCountInString(bt) > maxBlockRunes ||
		!utf8.ValidString(at) || !utf8.ValidString(bt) {
		return false
	}
	ra, rb := []rune(at), []rune(bt)
	budget := searchBudget
	var ops []Op
	i, j := 0, 0
	for _, e := range myers(nil, ra, rb, &budget) {
		switch e.kind {
		case KindEqual:
			ops = append(ops, Op{KindEqual, string(ra[i : i+e.n])})
			i, j = i+e.n, j+e.n
		case KindDelete:
			ops = append(ops, Op{KindDelete, string(ra[i : i+e.n])})
			i += e.n
		case KindInsert:
			ops = append(ops, Op{KindInsert, string(rb[j : j+e.n])})
			j += e.n
		}
	}
	d.ops = append(d.ops, cleanupSemantic(ops)...)
	return true
}

// anchor is a pair of matching lines, a.id[i] == b.id[j].
type anchor struct{ i, j int }

// uniqueAnchors returns the longest run of lines that occur exactly once
// in a and once in b, in the same order in both (the patience diff).
func uniqueAnchors(a, b []int32) []anchor {
	type count struct{ na, nb, j int }
	counts := make(map[int32]*count, len(a))
	for _, id := range a {
		c := counts[id]
		if c == nil {
			c = &count{}
			counts[id] = c
		}
		c.na++
	}
	for j, id := range b {
		if c := counts[id]; c != nil {
			c.nb++
			c.j = j
		}
	}
	var pairs []anchor
	for i, id := range a {
		if c := counts[id]; c.na == 1 && c.nb == 1 {
			pairs = append(pairs, anchor{i, c.j})
		}
	}
	return longestIncreasing(pairs)
}

// longestIncreasing returns a longest subsequence of pairs (ordered by i)
// whose j also increase, by patience sorting in O(n log n).
func longestIncreasing(pairs []anchor) []anchor {
	if len(pairs) == 0 {
		return nil
	}
	tails := []int{}                // tails[k]: index in pairs ending the best run of length k+1
	prev := make([]int, len(pairs)) // back links
	for n, p := range pairs {
		k, _ := slices.BinarySearchFunc(tails, p.j, func(t, j int) int { return pairs[t].j - j })
		prev[n] = -1
		if k > 0 {
			prev[n] = tails[k-1]
		}
		if k == len(tails) {
			tails = append(tails, n)
		} else {
			tails[k] = n
		}
	}
	out := make([]anchor, len(tails))
	for n, k := tails[len(tails)-1], len(tails)-1; k >= 0; n, k = prev[n], k-1 {
		out[k] = pairs[n]
	}
	return out
}
