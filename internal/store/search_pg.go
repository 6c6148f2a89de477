package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/zhongshu-oa/zhongshu/internal/search"
)

// SearchWindow is how many of the newest documents a PostgreSQL search
// reads in order, checking each, before it asks the GIN indexes. GIN
// returns every candidate of a term unordered, and a phrase's candidates
// must each be rechecked against their (TOASTed) vectors: for a common term
// that is hundreds of thousands of rows to find the newest twenty. Walking
// the newest documents finds them after a few hundred; the index is left
// for terms too rare to be met that way, whose candidates are few.
const SearchWindow = 2048

// pgWindow is the newest-documents window of one PostgreSQL search: its
// size (negative: none) and its lowest id, found on first use.
type pgWindow struct {
	size  int
	low   int64
	all   bool // the window holds every document
	found bool
}

// pgPass collects up to req.Max visible matches of one pass (title only,
// or anywhere), newest first: from the window of the newest documents,
// then, when the matches there were common, from a wider window sized to
// what is still missing, and last from the GIN indexes for everything
// older.
func (tx *Tx) pgPass(ctx context.Context, w *pgWindow, req SearchRequest, title bool, common string,
	cargs []any) ([]SearchHit, error) {
	match, margs := pgMatch(req.Query, title)
	limit := req.Max
	var out []SearchHit
	below := int64(-1) // the GIN pass reads ids below this; -1: all
	if w.size > 0 {
		if !w.found {
			err := tx.queryRow(ctx, `SELECT id FROM search_docs ORDER BY id DESC LIMIT 1 OFFSET ?`, w.size-1).Scan(&w.low)
			switch {
			case err == sql.ErrNoRows:
				w.all = true
			case err != nil:
				return nil, fmt.Errorf("store.Search: %w", err)
			}
			w.found = true
		}
		// In the window the body pass needs no vector: the exact checks
		// in common decide (and the bodies' vectors are TOASTed); the
		// title's vectors are small and inline.
		wcond, wargs := common, cargs
		if title {
			wcond, wargs = match+` AND `+common, append(slices.Clone(margs), cargs...)
		}
		hs, err := tx.searchHits(ctx, pgWindowFrom(false)+wcond, append([]any{w.low}, wargs...), "d.id", limit)
		if err != nil {
			return nil, err
		}
		out = hs
		if len(out) >= limit || w.all {
			return out, nil
		}
		below = w.low
		need := limit - len(out)
		if rate := float64(len(hs)) / float64(w.size); rate*float64(below) > 4*float64(need) {
			// Common enough that the index would return many times what
			// is missing: read on, as far as the rate says it takes.
			low := max(below-min(int64(2*float64(need)/rate), 1<<18), 0)
			hs, err := tx.searchHits(ctx, pgWindowFrom(true)+wcond, append([]any{low, below}, wargs...), "d.id", need)
			if err != nil {
				return nil, err
			}
			out = append(out, hs...)
			if len(out) >= limit || low == 0 {
				return out, nil
			}
			below = low
		}
	}
	cond, args := match+` AND `+common, append(slices.Clone(margs), cargs...)
	if below >= 0 {
		cond, args = `d.id < ? AND `+cond, append([]any{below}, args...)
	}
	// "d.id + 0": ordered by id, but not through its index, so that the
	// planner takes the GIN indexes rather than walking the table.
	hs, err := tx.searchHits(ctx, `FROM search_docs d WHERE `+cond, args, "d.id + 0", limit-len(out))
	if err != nil {
		return nil, err
	}
	return append(out, hs...), nil
}

// pgWindowFrom is the FROM … WHERE start of a walk of the newest documents
// from an id on (below another with upper), newest first. The subquery
// with OFFSET 0 is a fence: the planner cannot push the match into it, so
// it walks the primary key and stops at the limit — left to itself it
// estimated a title phrase at 26 rows, took the GIN index and rechecked
// 29,327 candidates (200 ms instead of 30).
func pgWindowFrom(upper bool) string {
	bound := ""
	if upper {
		bound = ` AND id < ?`
	}
	return `FROM (SELECT id, module, ref_id, title, numbers, kind, party, status, urgency, at, url, norm, tbi, tuni
		FROM search_docs WHERE id >= ?` + bound + ` ORDER BY id DESC OFFSET 0) d WHERE `
}

// pgMatch is the condition that the terms occur in the title (its own
// vectors) or anywhere, as phrases of their tokens.
func pgMatch(q search.Query, titleOnly bool) (string, []any) {
	var conds []string
	var args []any
	for _, t := range q.Terms {
		for _, p := range t.Parts {
			quoted := make([]string, len(p.Tokens))
			for i, tok := range p.Tokens {
				quoted[i] = "'" + tok + "'"
			}
			col := p.Field // bi or uni; the title's own: tbi, tuni
			if titleOnly {
				col = "t" + col
			}
			conds = append(conds, `d.`+col+` @@ to_tsquery('simple', ?)`)
			args = append(args, strings.Join(quoted, " <-> "))
		}
	}
	return strings.Join(conds, " AND "), args
}
