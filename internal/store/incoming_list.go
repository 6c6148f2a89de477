package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// IncomingScope limits a list to the documents routed to one of People or
// Units (DOMAIN.md §2.8), and, with Instructed, those carrying a leader's
// 批示 (the 督查室's source material).
type IncomingScope struct {
	People     []int64
	Units      []int64
	Instructed bool
}

// IncomingFilter selects 收文. Zero fields do not filter.
type IncomingFilter struct {
	Statuses   []zhongshu.IncomingStatus
	MinUrgency zhongshu.Urgency // 加急 includes 特急
	Handling   zhongshu.Handling
	From, To   time.Time // received in [From, To)
	Sender     string    // 来文机关 starting with this
	UnitID     int64     // 承办单位 (主办 or 协办)
	Overdue    bool      // still open and past its 办理时限 at the transaction's time
	Text       string    // in the title, the 收文号 or the 来文字号
	Scope      *IncomingScope
	Offset     int
	Limit      int
}

// MaxIncomingCount is where list totals stop counting: beyond it a page
// says "10000 件以上" instead of scanning a million rows for an exact figure.
const MaxIncomingCount = 10000

func (f IncomingFilter) where(now time.Time) (string, []any) {
	var where []string
	var args []any
	add := func(cond string, a ...any) { where, args = append(where, cond), append(args, a...) }
	if len(f.Statuses) > 0 {
		var a []any
		for _, s := range f.Statuses {
			a = append(a, s)
		}
		add(`i.status IN (`+placeholders(len(a))+`)`, a...)
	}
	if f.MinUrgency > 0 {
		add(`i.urgency >= ?`, f.MinUrgency)
	}
	if f.Handling != "" {
		add(`i.handling = ?`, f.Handling)
	}
	if !f.From.IsZero() {
		add(`i.received_at >= ?`, dbTime(f.From))
	}
	if !f.To.IsZero() {
		add(`i.received_at < ?`, dbTime(f.To))
	}
	if s := strings.TrimSpace(f.Sender); s != "" {
		add(`i.sender_name LIKE ? ESCAPE '\'`, likePrefix(s))
	}
	if f.UnitID != 0 {
		add(`EXISTS (SELECT 1 FROM incoming_assignments a WHERE a.doc_id = i.id AND a.unit_id = ?)`, f.UnitID)
	}
	if f.Overdue {
		// Open as the statuses it is not: the same rows (status is checked
		// to be one of them), in the words of the partial indexes on the
		// open documents (migration 00011), which a planner then uses.
		var closed []string
		for _, s := range zhongshu.AllIncomingStatuses() {
			if !s.Open() {
				closed = append(closed, "'"+string(s)+"'")
			}
		}
		add(`i.status NOT IN (`+strings.Join(closed, ", ")+`) AND i.due_at < ?`, dbTime(now))
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		p := likePattern(t)
		add(`(i.title LIKE ? ESCAPE '\' OR i.number LIKE ? ESCAPE '\' OR i.sender_number LIKE ? ESCAPE '\')`, p, p, p)
	}
	if s := f.Scope; s != nil {
		var sets []string
		if len(s.People) > 0 {
			sets = append(sets, `SELECT doc_id FROM incoming_parties WHERE kind = 'p' AND party_id IN (`+placeholders(len(s.People))+`)`)
			args = append(args, int64Args(s.People)...)
		}
		if len(s.Units) > 0 {
			sets = append(sets, `SELECT doc_id FROM incoming_parties WHERE kind = 'u' AND party_id IN (`+placeholders(len(s.Units))+`)`)
			args = append(args, int64Args(s.Units)...)
		}
		if s.Instructed {
			sets = append(sets, `SELECT doc_id FROM incoming_instructions WHERE at IS NOT NULL`)
		}
		if len(sets) == 0 {
			where = append(where, "1 = 0")
		} else {
			where = append(where, "i.id IN ("+strings.Join(sets, " UNION ALL ")+")")
		}
	}
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// FindIncoming returns one page of the documents matching f, newest first,
// with their route parts, and the total up to MaxIncomingCount (more is
// reported as MaxIncomingCount+1).
func (tx *Tx) FindIncoming(ctx context.Context, f IncomingFilter) ([]*zhongshu.IncomingDoc, int, error) {
	cond, args := f.where(tx.now)
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM incoming_docs i`+cond+` LIMIT ?) t`,
		append(args, MaxIncomingCount+1)...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store.FindIncoming: %w", err)
	}
	// The page's ids first, sorted on the key alone, then their rows: a
	// page of a scoped list otherwise sorts every visible document with all
	// its columns (BENCHMARKS.md, 收文).
	var docs []*zhongshu.IncomingDoc
	err := tx.each(ctx, `SELECT `+prefixed("i.", incomingColumns)+` FROM incoming_docs i WHERE i.id IN (SELECT i.id FROM incoming_docs i`+
		cond+` ORDER BY i.received_at DESC, i.id DESC LIMIT ? OFFSET ?) ORDER BY i.received_at DESC, i.id DESC`,
		append(args, zhongshu.PageLimit(f.Limit), f.Offset),
		func(rows *sql.Rows) error {
			d, err := scanIncoming(rows)
			if err != nil {
				return err
			}
			docs = append(docs, d)
			return nil
		})
	if err != nil {
		return nil, 0, fmt.Errorf("store.FindIncoming: %w", err)
	}
	if err := tx.attachIncomingParts(ctx, docs); err != nil {
		return nil, 0, fmt.Errorf("store.FindIncoming: %w", err)
	}
	return docs, total, nil
}

// FindIncomingByNumber returns the document registered as number (收文号),
// or not found.
func (tx *Tx) FindIncomingByNumber(ctx context.Context, number string) (*zhongshu.IncomingDoc, error) {
	d, err := scanIncoming(tx.queryRow(ctx, `SELECT `+incomingColumns+` FROM incoming_docs WHERE number = ?`, number))
	if err != nil {
		return nil, fmt.Errorf("store.FindIncomingByNumber(%q): %w", number, notFound(err, "收文"))
	}
	if err := tx.attachIncomingParts(ctx, []*zhongshu.IncomingDoc{d}); err != nil {
		return nil, fmt.Errorf("store.FindIncomingByNumber(%q): %w", number, err)
	}
	return d, nil
}

// CountIncomingBySenderNumber counts documents already registered with the
// same 来文字号 from the same sender: a second registration of one
// document is almost always a mistake (the clerk is warned).
func (tx *Tx) CountIncomingBySenderNumber(ctx context.Context, senderName, senderNumber string) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM incoming_docs WHERE sender_number = ? AND sender_name = ?
		AND status <> 'voided'`, senderNumber, senderName).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store.CountIncomingBySenderNumber: %w", err)
	}
	return n, nil
}
