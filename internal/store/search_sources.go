package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// IncomingParties returns everyone a document was ever routed to: people
// and units (DOMAIN.md §2.8).
func (tx *Tx) IncomingParties(ctx context.Context, docID int64) (people, units []int64, err error) {
	return tx.parties(ctx, "incoming_parties", docID)
}

// OutgoingParties is the same for a 发文.
func (tx *Tx) OutgoingParties(ctx context.Context, docID int64) (people, units []int64, err error) {
	return tx.parties(ctx, "outgoing_parties", docID)
}

// parties reads a parties table (its name is a constant of the callers).
func (tx *Tx) parties(ctx context.Context, table string, docID int64) (people, units []int64, err error) {
	err = tx.each(ctx, `SELECT kind, party_id FROM `+table+` WHERE doc_id = ? ORDER BY kind, party_id`, []any{docID},
		func(rows *sql.Rows) error {
			var kind string
			var id int64
			if err := rows.Scan(&kind, &id); err != nil {
				return err
			}
			if kind == "u" {
				units = append(units, id)
			} else {
				people = append(people, id)
			}
			return nil
		})
	if err != nil {
		return nil, nil, fmt.Errorf("store.parties(%s, %d): %w", table, docID, err)
	}
	return people, units, nil
}

// IDAt is a record's id and when it was created.
type IDAt struct {
	ID int64
	At time.Time
}

// IDsAfter returns up to limit ids of table above after, in order, with
// their creation times (for a rebuild of the search index in date order
// across modules).
func (tx *Tx) IDsAfter(ctx context.Context, table string, after int64, limit int) ([]IDAt, error) {
	switch table {
	case "incoming_docs", "supervision_items", "outgoing_docs":
	default:
		return nil, fmt.Errorf("store.IDsAfter: unknown table %q", table)
	}
	var ids []IDAt
	err := tx.each(ctx, `SELECT id, created_at FROM `+table+` WHERE id > ? ORDER BY id LIMIT ?`, []any{after, limit},
		func(rows *sql.Rows) error {
			var r IDAt
			if err := rows.Scan(&r.ID, &r.At); err != nil {
				return err
			}
			ids = append(ids, r)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store.IDsAfter(%s): %w", table, err)
	}
	return ids, nil
}
