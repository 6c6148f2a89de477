package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// OutgoingFilter selects 发文 for the register (发文登记簿) and the drafts
// lists. Zero fields do not filter.
type OutgoingFilter struct {
	Statuses  []zhongshu.OutgoingStatus
	Kind      zhongshu.DocKind
	LeadUnit  int64     // 主办机关
	DrafterID int64     // drafts of one person
	Issued    bool      // only documents that have been 核发
	From, To  time.Time // updated (drafts) or dispatched (issued) in [From, To)
	Text      string    // in the title or the 发文字号
	// Scope, when set, limits the list to documents routed to one of these
	// people or units (everyone but the 文电科 and office leadership).
	Scope  *IncomingScope
	Offset int
	Limit  int
}

func (f OutgoingFilter) where() (string, []any) {
	var where []string
	var args []any
	add := func(cond string, a ...any) { where, args = append(where, cond), append(args, a...) }
	if len(f.Statuses) > 0 {
		var a []any
		for _, s := range f.Statuses {
			a = append(a, s)
		}
		add(`o.status IN (`+placeholders(len(a))+`)`, a...)
	}
	if f.Kind != "" {
		add(`o.kind = ?`, f.Kind)
	}
	if f.LeadUnit != 0 {
		add(`o.lead_unit_id = ?`, f.LeadUnit)
	}
	if f.DrafterID != 0 {
		add(`o.drafter_id = ?`, f.DrafterID)
	}
	date := "o.updated_at"
	if f.Issued {
		add(`o.dispatched_at IS NOT NULL`)
		date = "o.dispatched_at"
	}
	if !f.From.IsZero() {
		add(date+` >= ?`, dbTime(f.From))
	}
	if !f.To.IsZero() {
		add(date+` < ?`, dbTime(f.To))
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		p := likePattern(t)
		add(`(o.title LIKE ? ESCAPE '\' OR o.number LIKE ? ESCAPE '\')`, p, p)
	}
	if s := f.Scope; s != nil {
		q, a := partyCondition(s.People, s.Units)
		if q == "" {
			where = append(where, "1 = 0")
		} else {
			add(`o.id IN (SELECT doc_id FROM outgoing_parties WHERE `+q+`)`, a...)
		}
	}
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// FindOutgoing returns one page of the documents matching f — issued ones
// by 核发 date, drafts by last change, newest first — and the total up to
// MaxIncomingCount (more is reported as MaxIncomingCount+1).
func (tx *Tx) FindOutgoing(ctx context.Context, f OutgoingFilter) ([]*zhongshu.OutgoingDoc, int, error) {
	cond, args := f.where()
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM outgoing_docs o`+cond+` LIMIT ?) t`,
		append(args, MaxIncomingCount+1)...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store.FindOutgoing: %w", err)
	}
	order := ` ORDER BY o.updated_at DESC, o.id DESC`
	if f.Issued {
		order = ` ORDER BY o.dispatched_at DESC, o.id DESC`
	}
	var docs []*zhongshu.OutgoingDoc
	err := tx.each(ctx, `SELECT `+prefixed("o.", outgoingColumns)+` FROM outgoing_docs o`+cond+order+
		` LIMIT ? OFFSET ?`, append(args, zhongshu.PageLimit(f.Limit), f.Offset), func(rows *sql.Rows) error {
		d, err := scanOutgoing(rows)
		if err != nil {
			return err
		}
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store.FindOutgoing: %w", err)
	}
	return docs, total, nil
}

// FindOutgoingByNumber returns the document issued as number (发文字号).
func (tx *Tx) FindOutgoingByNumber(ctx context.Context, number string) (*zhongshu.OutgoingDoc, error) {
	d, err := scanOutgoing(tx.queryRow(ctx, `SELECT `+outgoingColumns+` FROM outgoing_docs WHERE number = ?`, number))
	if err != nil {
		return nil, fmt.Errorf("store.FindOutgoingByNumber(%q): %w", number, notFound(err, "发文"))
	}
	return d, nil
}
