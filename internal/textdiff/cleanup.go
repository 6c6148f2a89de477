package textdiff

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// merge normalizes ops: it drops empty ops, joins neighbours of the same
// kind, gathers each run of changes between two equalities into one
// deletion followed by one insertion, and moves text common to the start
// or end of that deletion and insertion into the equalities around them.
func merge(ops []Op) []Op {
	out := make([]Op, 0, len(ops))
	var del, ins strings.Builder
	equal := func(s string) {
		if s == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Kind == KindEqual {
			out[n-1].Text += s
			return
		}
		out = append(out, Op{KindEqual, s})
	}
	flush := func() {
		d, i := del.String(), ins.String()
		del.Reset()
		ins.Reset()
		p := commonPrefixString(d, i)
		equal(d[:p])
		d, i = d[p:], i[p:]
		s := commonSuffixString(d, i)
		suffix := d[len(d)-s:]
		d, i = d[:len(d)-s], i[:len(i)-s]
		if d != "" {
			out = append(out, Op{KindDelete, d})
		}
		if i != "" {
			out = append(out, Op{KindInsert, i})
		}
		equal(suffix)
	}
	for _, op := range ops {
		switch op.Kind {
		case KindEqual:
			flush()
			equal(op.Text)
		case KindDelete:
			del.WriteString(op.Text)
		case KindInsert:
			ins.WriteString(op.Text)
		}
	}
	flush()
	return out
}

// commonPrefixString returns the length in bytes of the longest common
// prefix of a and b that ends on a rune boundary.
func commonPrefixString(a, b string) int {
	n := min(len(a), len(b))
	p := 0
	for p < n && a[p] == b[p] {
		p++
	}
	for p > 0 && p < len(a) && !utf8.RuneStart(a[p]) {
		p--
	}
	return p
}

// commonSuffixString returns the length in bytes of the longest common
// suffix of a and b that starts on a rune boundary.
func commonSuffixString(a, b string) int {
	n := min(len(a), len(b))
	s := 0
	for s < n && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	for s > 0 && !utf8.RuneStart(a[len(a)-s]) {
		s--
	}
	return s
}

// cleanupSemantic removes short equalities that split a larger change, so
// that a rewritten phrase reads as one deletion and one insertion: "原则同意"
// → "完全赞同" should not come out as four single-character edits around a
// chance "同". An equality goes when it is no longer than the largest
// change on each side of it. This is the first pass of diff-match-patch's
// diff_cleanupSemantic.
func cleanupSemantic(ops []Op) []Op {
	changed := false
	var equalities []int // indices in ops of the equalities seen
	var last string      // the text of the latest equality, "" if none
	var ins1, del1, ins2, del2 int
	for p := 0; p < len(ops); p++ {
		if ops[p].Kind == KindEqual {
			equalities = append(equalities, p)
			ins1, del1, ins2, del2 = ins2, del2, 0, 0
			last = ops[p].Text
			continue
		}
		n := utf8.RuneCountInString(ops[p].Text)
		if ops[p].Kind == KindInsert {
			ins2 += n
		} else {
			del2 += n
		}
		if last == "" {
			continue
		}
		if l := utf8.RuneCountInString(last); l > max(ins1, del1) || l > max(ins2, del2) {
			continue
		}
		// Turn the equality into a deletion and an insertion of its text.
		q := equalities[len(equalities)-1]
		ops = slices.Insert(ops, q, Op{KindDelete, last})
		ops[q+1].Kind = KindInsert
		// Drop it and the equality before it, which must be judged again.
		equalities = equalities[:len(equalities)-1]
		if len(equalities) > 0 {
			equalities = equalities[:len(equalities)-1]
		}
		p = -1
		if len(equalities) > 0 {
			p = equalities[len(equalities)-1]
		}
		ins1, del1, ins2, del2 = 0, 0, 0, 0
		last = ""
		changed = true
	}
	if changed {
		return merge(ops)
	}
	return ops
}
