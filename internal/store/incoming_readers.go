package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// UnreachedReader is a 传阅 reader the document was sent to who has not
// opened it.
type UnreachedReader struct {
	DocID    int64
	Position int
	Number   string
	Title    string
	PersonID int64
	SentAt   time.Time
}

// UnreachedQuery pages through the unreached readers: those of documents
// still in 传阅 who were sent the document before Before, have not opened
// it and are not on the ledger for it yet (no open flag of kind Kind on
// Module, RefType and the document with them as owner). Pages follow the
// document and the reader's position, after After.
type UnreachedQuery struct {
	Before          time.Time
	Module, RefType string
	Kind            zhongshu.FlagKind
	After           UnreachedReader // only DocID and Position count
	Limit           int
}

// FindUnreachedReaders returns the next page of q, in document and
// position order.
func (tx *Tx) FindUnreachedReaders(ctx context.Context, q UnreachedQuery) ([]UnreachedReader, error) {
	var out []UnreachedReader
	err := tx.each(ctx, `SELECT d.id, r.position, COALESCE(d.number, ''), d.title, r.person_id, r.sent_at
		FROM incoming_docs d JOIN incoming_readers r ON r.doc_id = d.id
		WHERE d.status = ? AND r.opened_at IS NULL AND r.finished_at IS NULL AND r.sent_at < ?
		AND (d.id > ? OR (d.id = ? AND r.position > ?))
		AND NOT EXISTS (SELECT 1 FROM flags f WHERE f.module = ? AND f.ref_type = ? AND f.ref_id = d.id AND f.kind = ?
			AND COALESCE(f.owner_id, 0) = r.person_id AND f.cleared_at IS NULL)
		ORDER BY d.id, r.position LIMIT ?`,
		[]any{zhongshu.IncomingCirculating, dbTime(q.Before), q.After.DocID, q.After.DocID, q.After.Position,
			q.Module, q.RefType, q.Kind, q.Limit},
		func(rows *sql.Rows) error {
			var u UnreachedReader
			if err := rows.Scan(&u.DocID, &u.Position, &u.Number, &u.Title, &u.PersonID, &u.SentAt); err != nil {
				return err
			}
			u.SentAt = u.SentAt.UTC()
			out = append(out, u)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store.FindUnreachedReaders: %w", err)
	}
	return out, nil
}

// ClearOwnerFlags takes one person's open flags of the given kinds on an
// object off the ledger.
func (tx *Tx) ClearOwnerFlags(ctx context.Context, module, refType string, refID, ownerID int64, why string, kind zhongshu.FlagKind) error {
	if _, err := tx.exec(ctx, `UPDATE flags SET cleared_at = ?, cleared_why = ? WHERE cleared_at IS NULL AND module = ?
		AND ref_type = ? AND ref_id = ? AND owner_id = ? AND kind = ?`, tx.now, why, module, refType, refID, ownerID, kind); err != nil {
		return fmt.Errorf("store.ClearOwnerFlags: %w", err)
	}
	return nil
}
