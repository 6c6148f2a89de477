package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/search"
)

// SearchFilter narrows a search. Zero fields do not filter.
type SearchFilter struct {
	Modules    []string
	Kind       string
	Party      string // starts with
	Status     string
	MinUrgency int
	From, To   time.Time // the document's date in [From, To)
}

// SearchRequest is one search: what to find, among what, seen by whom.
type SearchRequest struct {
	Query  search.Query
	Filter SearchFilter
	// Keys are the viewer's access keys; a document is visible when one of
	// its keys is among them.
	Keys []string
	// Max is how many hits to collect (the result pages and facets come from
	// these); at most MaxSearchHits.
	Max int
	// ScanUpTo is how many visible documents a viewer may have for the
	// search to read them instead of the index's matches: 0 is FewVisible,
	// a negative number never (tests use it to exercise both plans).
	ScanUpTo int
	// Window is how many of the newest documents PostgreSQL reads in order
	// before it asks the GIN indexes: 0 is SearchWindow, a negative number
	// none (tests use small windows to exercise every stage).
	Window int
}

// MaxSearchHits bounds what one search collects.
const MaxSearchHits = 1000

// SearchHit is a visible matching document, without its body.
type SearchHit struct {
	ID      int64
	Module  string
	RefID   int64
	Title   string
	Numbers string
	Kind    string
	Party   string
	Status  string
	Urgency int
	At      time.Time
	URL     string
	Where   string // "number", "title" or "body": where it matched, in rank order
}

const searchHitColumns = `d.id, d.module, d.ref_id, d.title, d.numbers, d.kind, d.party, d.status, d.urgency, d.at, d.url`

// Search returns up to req.Max visible documents matching req, ranked: a
// number match first, then title matches, then matches elsewhere, each
// newest first. Only documents the viewer may see are read past the access
// check, so nothing about the others — not even their count — comes back.
func (tx *Tx) Search(ctx context.Context, req SearchRequest) ([]SearchHit, error) {
	if req.Max <= 0 || req.Max > MaxSearchHits {
		req.Max = MaxSearchHits
	}
	if req.Query.Empty() || len(req.Keys) == 0 {
		return nil, nil
	}
	var hits []SearchHit
	seen := map[int64]bool{}
	add := func(hs []SearchHit, where string) {
		for _, h := range hs {
			if !seen[h.ID] && len(hits) < req.Max {
				seen[h.ID] = true
				h.Where = where
				hits = append(hits, h)
			}
		}
	}
	pg := tx.dialect.name() == "postgres"
	if pg && tx.tx != nil {
		// Plan each search for its own terms and keys: after five runs a
		// cached statement may switch to a generic plan, which for these
		// queries walks the whole table newest-first (a unit's search took
		// 3 s instead of 50 ms at 1 M documents, BENCHMARKS.md).
		if _, err := tx.exec(ctx, `SET LOCAL plan_cache_mode = force_custom_plan`); err != nil {
			return nil, fmt.Errorf("store.Search: %w", err)
		}
	}
	visible, small, err := tx.fewVisible(ctx, req.Keys, req.ScanUpTo)
	if err != nil {
		return nil, err
	}
	common, args := req.conditions(pg, true, true)
	if key := req.Query.NumberKey; key != "" {
		// The number key is the match: 收〔2026〕1 finds 收〔2026〕0001,
		// although the text differs.
		cond, nargs := req.conditions(pg, false, true)
		hs, err := tx.searchHits(ctx, `FROM search_numbers n JOIN search_docs d ON d.id = n.doc_id WHERE n.key = ? AND `+cond,
			append([]any{key}, nargs...), "d.id", req.Max)
		if err != nil {
			return nil, err
		}
		add(hs, "number")
	}
	if small {
		// Few documents visible (a unit's people): read them, newest first,
		// in slices until enough match, instead of walking the
		// matches of a common term past thousands the viewer may not see.
		// The ids come from the viewer's own keys: no access check again.
		own, oargs := req.conditions(pg, true, false)
		var hs []SearchHit
		read := 0
		for size := 256; len(hs) < req.Max; {
			part, err := visible.take(ctx, size)
			if err != nil {
				return nil, err
			}
			if len(part) == 0 {
				break
			}
			got, err := tx.searchHits(ctx, `FROM search_docs d WHERE d.id IN (`+placeholders(len(part))+`) AND `+own,
				append(int64Args(part), oargs...), "d.id", req.Max-len(hs))
			if err != nil {
				return nil, err
			}
			hs, read = append(hs, got...), read+len(part)
			// The next slice: as many as the rate met so far says the rest
			// needs, and a quarter more. Every document of a slice is read
			// (the engine sorts the slice, then takes the limit), so a slice
			// far larger than needed costs what it holds.
			rate := max(float64(len(hs))/float64(read), 0.01)
			size = min(max(int(float64(req.Max-len(hs))/rate*1.25), 64), 4096)
		}
		var title, body []SearchHit
		for _, h := range hs {
			if titleHas(h, req.Query) {
				title = append(title, h)
			} else {
				body = append(body, h)
			}
		}
		add(title, "title")
		add(body, "body")
		return hits, nil
	}
	win := pgWindow{size: req.Window}
	if win.size == 0 {
		win.size = SearchWindow
	}
	for _, where := range []string{"title", "body"} {
		if len(hits) >= req.Max {
			break
		}
		var hs []SearchHit
		if pg {
			hs, err = tx.pgPass(ctx, &win, req, where == "title", common, args)
		} else {
			from, margs := sqliteMatch(req.Query, where == "title")
			hs, err = tx.searchHits(ctx, from+` AND `+common, append(margs, args...), "f.rowid", req.Max)
		}
		if err != nil {
			return nil, err
		}
		add(hs, where)
	}
	return hits, nil
}

// int64Keys turns keys into query arguments.
func int64Keys(keys []string) []any {
	out := make([]any, len(keys))
	for i, k := range keys {
		out[i] = k
	}
	return out
}

// titleHas reports whether every term occurs in the hit's title or numbers.
func titleHas(h SearchHit, q search.Query) bool {
	t := search.Normalize(h.Title + "\n" + h.Numbers)
	for _, term := range q.Terms {
		if !strings.Contains(t, term.Text) {
			return false
		}
	}
	return true
}

// sqliteMatch is the FROM … WHERE start of a match on the title only (its
// own full-text table) or on title and body; FTS5 returns rowids in order,
// so that, ordered by rowid, the scan stops as soon as enough visible hits
// are found.
func sqliteMatch(q search.Query, titleOnly bool) (string, []any) {
	var expr []string
	for _, t := range q.Terms {
		for _, p := range t.Parts {
			cols := "{title_" + p.Field + " " + p.Field + "}"
			if titleOnly {
				cols = "{" + p.Field + "}"
			}
			expr = append(expr, cols+` : "`+strings.Join(p.Tokens, " ")+`"`)
		}
	}
	table := "search_fts"
	if titleOnly {
		table = "search_title_fts"
	}
	return `FROM ` + table + ` f JOIN search_docs d ON d.id = f.rowid WHERE ` + table + ` MATCH ?`,
		[]any{strings.Join(expr, " AND ")}
}

// conditions are the exact-substring checks (with terms), the filters and
// the access check every hit must pass.
func (req SearchRequest) conditions(pg, terms, access bool) (string, []any) {
	// The access check first: it is one probe of search_access's primary
	// key, whereas the substring checks read the document's normalised text
	// (often on overflow pages) — a term common in what the viewer may not
	// see is then rejected without reading those.
	conds := []string{"TRUE"}
	var args []any
	if access {
		conds = []string{`EXISTS (SELECT 1 FROM search_access a WHERE a.doc_id = d.id AND a.key IN (` +
			placeholders(len(req.Keys)) + `))`}
		args = int64Keys(req.Keys)
	}
	for _, t := range req.Query.Terms {
		if !terms {
			break
		}
		if pg {
			conds = append(conds, `strpos(d.norm, ?) > 0`)
		} else {
			conds = append(conds, `instr(d.norm, ?) > 0`)
		}
		args = append(args, t.Text)
	}
	f := req.Filter
	if len(f.Modules) > 0 {
		conds = append(conds, `d.module IN (`+placeholders(len(f.Modules))+`)`)
		for _, m := range f.Modules {
			args = append(args, m)
		}
	}
	if f.Kind != "" {
		conds, args = append(conds, `d.kind = ?`), append(args, f.Kind)
	}
	if f.Party != "" {
		conds, args = append(conds, `d.party LIKE ? ESCAPE '\'`), append(args, likePrefix(f.Party))
	}
	if f.Status != "" {
		conds, args = append(conds, `d.status = ?`), append(args, f.Status)
	}
	if f.MinUrgency > 0 {
		conds, args = append(conds, `d.urgency >= ?`), append(args, f.MinUrgency)
	}
	if !f.From.IsZero() {
		conds, args = append(conds, `d.at >= ?`), append(args, dbTime(f.From))
	}
	if !f.To.IsZero() {
		conds, args = append(conds, `d.at < ?`), append(args, dbTime(f.To))
	}
	return strings.Join(conds, " AND "), args
}

func (tx *Tx) searchHits(ctx context.Context, from string, args []any, order string, limit int) ([]SearchHit, error) {
	var out []SearchHit
	err := tx.each(ctx, `SELECT `+searchHitColumns+` `+from+` ORDER BY `+order+` DESC LIMIT ?`, append(args, limit),
		func(rows *sql.Rows) error {
			var h SearchHit
			if err := rows.Scan(&h.ID, &h.Module, &h.RefID, &h.Title, &h.Numbers, &h.Kind, &h.Party, &h.Status, &h.Urgency,
				&h.At, &h.URL); err != nil {
				return err
			}
			h.At = h.At.UTC()
			out = append(out, h)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store.Search: %w", err)
	}
	return out, nil
}

// SearchBodies returns the bodies of documents ids, for snippets.
func (tx *Tx) SearchBodies(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	err := tx.each(ctx, `SELECT id, body FROM search_docs WHERE id IN (`+placeholders(len(ids))+`)`, int64Args(ids),
		func(rows *sql.Rows) error {
			var id int64
			var body string
			if err := rows.Scan(&id, &body); err != nil {
				return err
			}
			out[id] = body
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store.SearchBodies: %w", err)
	}
	return out, nil
}
