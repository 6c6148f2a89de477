package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/search"
)

// SearchDoc is one document in the search index, as a module describes it.
type SearchDoc struct {
	ID      int64
	Module  string // e.g. "incoming", "supervision"
	RefID   int64
	Title   string
	Numbers []string // 收文号, 来文字号, 督办编号 … as written
	Body    string   // the text searched besides the title: summary, 批示, attachments' text
	Kind    string   // 文种 or source, for the facet
	Party   string   // 来文机关 or 主办单位, for the facet and the filter
	Status  string
	Urgency int
	At      time.Time // the document's date: newer ranks first
	URL     string
	// Access are the keys of who may see it: "p:<person id>", "u:<unit
	// id>", "r:<role>".
	Access []string
}

// MaxSearchBody is how much of a document's text is kept for the exact
// check and the snippets; the index covers the same text.
const MaxSearchBody = 20000

// IndexSearchDoc puts d in the index, replacing what was there for its
// module and reference. It runs in the module's transaction, so the index
// changes with the document. Modules queue their entries instead
// (QueueSearchDoc), to be written together at the commit.
func (tx *Tx) IndexSearchDoc(ctx context.Context, d *SearchDoc) error {
	var fts []ftsChange
	if err := tx.indexSearchRows(ctx, d, &fts); err != nil {
		return err
	}
	return tx.applyFTS(ctx, fts)
}

// ftsChange is a change to SQLite's full-text tables, which follow the
// rows of search_docs: the entry of rowid is removed, or written from the
// analyzed title and body when write is set.
type ftsChange struct {
	rowid       int64
	write       bool
	title, body search.Fields
}

// indexSearchRows is IndexSearchDoc without the full-text tables of SQLite:
// it writes search_docs, the numbers and the access keys, and appends to
// fts what the full-text tables must do to follow (applyFTS).
//
// The two are apart because SQLite opens a statement savepoint for a
// statement that may abort halfway (a delete that cascades, say), and at
// every savepoint FTS5 flushes its pending terms to a new segment, which
// then is merged: written between other statements, each entry cost a
// flush and a merge at 1 M documents (BENCHMARKS.md, session 14). Written
// after all other statements of a transaction, a batch of entries is
// flushed once, at the commit.
func (tx *Tx) indexSearchRows(ctx context.Context, d *SearchDoc, fts *[]ftsChange) error {
	if r := []rune(d.Body); len(r) > MaxSearchBody {
		d.Body = string(r[:MaxSearchBody])
	}
	numbers := strings.Join(d.Numbers, " ")
	if same, err := tx.updateSearchDoc(ctx, d, numbers); err != nil || same {
		return err
	}
	norm := search.Normalize(d.Title + "\n" + numbers + "\n" + d.Body)
	title := search.Analyze(d.Title + " " + numbers)
	body := search.Analyze(d.Body)
	if err := tx.deleteSearchRows(ctx, d.Module, d.RefID, fts); err != nil {
		return err
	}
	var err error
	if tx.dialect.name() == "postgres" {
		d.ID, err = tx.insert(ctx, `INSERT INTO search_docs (module, ref_id, title, numbers, body, norm, kind, party,
			status, urgency, at, url, bi, uni, tbi, tuni) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
			setweight(to_tsvector('simple', ?), 'A') || to_tsvector('simple', ?),
			setweight(to_tsvector('simple', ?), 'A') || to_tsvector('simple', ?),
			to_tsvector('simple', ?), to_tsvector('simple', ?))`,
			d.Module, d.RefID, d.Title, numbers, d.Body, norm, d.Kind, d.Party, d.Status, d.Urgency, dbTime(d.At), d.URL,
			title.Bigrams, body.Bigrams, title.Unigrams, body.Unigrams, title.Bigrams, title.Unigrams)
	} else {
		d.ID, err = tx.insert(ctx, `INSERT INTO search_docs (module, ref_id, title, numbers, body, norm, kind, party,
			status, urgency, at, url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			d.Module, d.RefID, d.Title, numbers, d.Body, norm, d.Kind, d.Party, d.Status, d.Urgency, dbTime(d.At), d.URL)
		*fts = append(*fts, ftsChange{rowid: d.ID, write: true, title: title, body: body})
	}
	if err != nil {
		return fmt.Errorf("store.IndexSearchDoc(%s %d): %w", d.Module, d.RefID, err)
	}
	seen := map[string]bool{}
	for _, n := range d.Numbers {
		key := search.NumberKey(n)
		if key == "" || seen[key] {
			continue
		}
		seen[key] = true
		if _, err := tx.exec(ctx, `INSERT INTO search_numbers (key, doc_id) VALUES (?, ?)`, key, d.ID); err != nil {
			return fmt.Errorf("store.IndexSearchDoc(%s %d): number: %w", d.Module, d.RefID, err)
		}
	}
	return tx.writeSearchAccess(ctx, d)
}

// applyFTS makes SQLite's full-text tables follow search_docs: removals
// first, then new entries, each in rowid order. FTS5 also flushes its
// pending terms when a change comes for a rowid below the last one it was
// given; in this order it does not. Every rowid removed belonged to a row
// that was there before the changes (a transaction indexes an object once,
// QueueSearchDoc), so removing first is right even when SQLite gives a
// removed rowid to a new row.
func (tx *Tx) applyFTS(ctx context.Context, fts []ftsChange) error {
	slices.SortStableFunc(fts, func(a, b ftsChange) int {
		if a.write != b.write {
			if a.write {
				return 1
			}
			return -1
		}
		return cmp.Compare(a.rowid, b.rowid)
	})
	for _, c := range fts {
		if !c.write {
			if _, err := tx.exec(ctx, `DELETE FROM search_fts WHERE rowid = ?`, c.rowid); err != nil {
				return fmt.Errorf("store: full-text entry %d: %w", c.rowid, err)
			}
			if _, err := tx.exec(ctx, `DELETE FROM search_title_fts WHERE rowid = ?`, c.rowid); err != nil {
				return fmt.Errorf("store: full-text entry %d: %w", c.rowid, err)
			}
			continue
		}
		if _, err := tx.exec(ctx, `INSERT INTO search_fts (rowid, title_bi, title_uni, bi, uni) VALUES (?, ?, ?, ?, ?)`,
			c.rowid, c.title.Bigrams, c.title.Unigrams, c.body.Bigrams, c.body.Unigrams); err != nil {
			return fmt.Errorf("store: full-text entry %d: %w", c.rowid, err)
		}
		if _, err := tx.exec(ctx, `INSERT INTO search_title_fts (rowid, bi, uni) VALUES (?, ?, ?)`,
			c.rowid, c.title.Bigrams, c.title.Unigrams); err != nil {
			return fmt.Errorf("store: full-text entry %d: %w", c.rowid, err)
		}
	}
	return nil
}

// writeSearchAccess writes d's access keys, each once.
func (tx *Tx) writeSearchAccess(ctx context.Context, d *SearchDoc) error {
	seen := map[string]bool{}
	for _, k := range d.Access {
		if seen[k] {
			continue
		}
		seen[k] = true
		if _, err := tx.exec(ctx, `INSERT INTO search_access (doc_id, key) VALUES (?, ?)`, d.ID, k); err != nil {
			return fmt.Errorf("store.IndexSearchDoc(%s %d): access: %w", d.Module, d.RefID, err)
		}
	}
	return nil
}

// updateSearchDoc brings an entry whose text (title, numbers, body) has
// not changed in step without touching the full-text index: the columns
// shown and filtered on, and the access keys when they changed. Most
// workflow actions change a document's status and who sees it, not its
// text, and rewriting the full-text entries was the largest part of an
// action's index cost (BENCHMARKS.md). It reports false when there is no
// entry or the text differs.
func (tx *Tx) updateSearchDoc(ctx context.Context, d *SearchDoc, numbers string) (bool, error) {
	var title, nums, body string
	err := tx.queryRow(ctx, `SELECT id, title, numbers, body FROM search_docs WHERE module = ? AND ref_id = ?`,
		d.Module, d.RefID).Scan(&d.ID, &title, &nums, &body)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store.IndexSearchDoc(%s %d): %w", d.Module, d.RefID, err)
	}
	if title != d.Title || nums != numbers || body != d.Body {
		return false, nil
	}
	if _, err := tx.exec(ctx, `UPDATE search_docs SET kind = ?, party = ?, status = ?, urgency = ?, at = ?, url = ?
		WHERE id = ?`, d.Kind, d.Party, d.Status, d.Urgency, dbTime(d.At), d.URL, d.ID); err != nil {
		return false, fmt.Errorf("store.IndexSearchDoc(%s %d): %w", d.Module, d.RefID, err)
	}
	var have []string
	err = tx.each(ctx, `SELECT key FROM search_access WHERE doc_id = ?`, []any{d.ID}, func(rows *sql.Rows) error {
		var k string
		if err := rows.Scan(&k); err != nil {
			return err
		}
		have = append(have, k)
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store.IndexSearchDoc(%s %d): access: %w", d.Module, d.RefID, err)
	}
	want := slices.Clone(d.Access)
	slices.Sort(want)
	slices.Sort(have)
	if !slices.Equal(slices.Compact(want), have) {
		if _, err := tx.exec(ctx, `DELETE FROM search_access WHERE doc_id = ?`, d.ID); err != nil {
			return false, fmt.Errorf("store.IndexSearchDoc(%s %d): access: %w", d.Module, d.RefID, err)
		}
		if err := tx.writeSearchAccess(ctx, d); err != nil {
			return false, err
		}
	}
	return true, nil
}

// DeleteSearchDoc takes a document out of the index.
func (tx *Tx) DeleteSearchDoc(ctx context.Context, module string, refID int64) error {
	var fts []ftsChange
	if err := tx.deleteSearchRows(ctx, module, refID, &fts); err != nil {
		return err
	}
	return tx.applyFTS(ctx, fts)
}

// deleteSearchRows is DeleteSearchDoc without the full-text tables of
// SQLite, whose removal it appends to fts (see indexSearchRows).
func (tx *Tx) deleteSearchRows(ctx context.Context, module string, refID int64, fts *[]ftsChange) error {
	var id int64
	err := tx.queryRow(ctx, `SELECT id FROM search_docs WHERE module = ? AND ref_id = ?`, module, refID).Scan(&id)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store.DeleteSearchDoc(%s %d): %w", module, refID, err)
	}
	if _, err := tx.exec(ctx, `DELETE FROM search_docs WHERE id = ?`, id); err != nil {
		return fmt.Errorf("store.DeleteSearchDoc(%s %d): %w", module, refID, err)
	}
	if tx.dialect.name() != "postgres" {
		*fts = append(*fts, ftsChange{rowid: id})
	}
	return nil
}

// ClearSearchIndex empties the index (before a rebuild) and returns how
// many documents it held.
func (tx *Tx) ClearSearchIndex(ctx context.Context) (int, error) {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM search_docs`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store.ClearSearchIndex: %w", err)
	}
	stmts := []string{`DELETE FROM search_access`, `DELETE FROM search_numbers`, `DELETE FROM search_docs`}
	if tx.dialect.name() != "postgres" {
		stmts = append(stmts, `DELETE FROM search_fts`, `DELETE FROM search_title_fts`)
	}
	for _, s := range stmts {
		if _, err := tx.exec(ctx, s); err != nil {
			return 0, fmt.Errorf("store.ClearSearchIndex: %w", err)
		}
	}
	return n, nil
}

// CountSearchDocs returns how many objects the index holds.
func (tx *Tx) CountSearchDocs(ctx context.Context) (int, error) {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM search_docs`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store.CountSearchDocs: %w", err)
	}
	return n, nil
}
