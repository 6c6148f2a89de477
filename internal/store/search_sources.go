package store

import (
	"context"
	"database/sql"
	"fmt"
)

// IncomingParties returns everyone a document was ever routed to: people
// and units (DOMAIN.md §2.8).
func (tx *Tx) IncomingParties(ctx context.Context, docID int64) (people, units []int64, err error) {
	err = tx.each(ctx, `SELECT kind, party_id FROM incoming_parties WHERE doc_id = ? ORDER BY kind, party_id`, []any{docID},
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
		return nil, nil, fmt.Errorf("store.IncomingParties(%d): %w", docID, err)
	}
	return people, units, nil
}

// IDsAfter returns up to limit ids of table (one of the modules' main
// tables) greater than after, in order, for rebuilding the search index.
func (tx *Tx) IDsAfter(ctx context.Context, table string, after int64, limit int) ([]int64, error) {
	switch table {
	case "incoming_docs", "supervision_items":
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
