package store

import (
	"context"
	"database/sql"
	"fmt"
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

// IDsAfter returns up to limit ids of table (one of the modules' main
// tables) greater than after, in order, for rebuilding the search index.
func (tx *Tx) IDsAfter(ctx context.Context, table string, after int64, limit int) ([]int64, error) {
	switch table {
	case "incoming_docs", "supervision_items", "outgoing_docs":
	default:
		return nil, fmt.Errorf("store.IDsAfter: unknown table %q", table)
	}
	var ids []int64
	err := tx.each(ctx, `SELECT id FROM `+table+` WHERE id > ? ORDER BY id LIMIT ?`, []any{after, limit},
		func(rows *sql.Rows) error {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store.IDsAfter(%s): %w", table, err)
	}
	return ids, nil
}
