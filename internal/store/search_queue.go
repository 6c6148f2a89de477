package store

import (
	"context"
	"fmt"
	"strconv"
)

// Index entries written at the end of the transaction.
//
// A module's transaction describes the objects it changed for the search
// index (QueueSearchDoc), and the store writes those entries just before
// the commit, still inside the transaction: the index changes with the
// objects or not at all. Writing them last matters on SQLite, where the
// writes of a group of transactions run in savepoints (group_commit.go):
// FTS5 flushes its pending terms to a new segment at every savepoint once
// it has been written in the transaction, so entries written inside each
// savepoint made one flush per request. Written after the group's last
// savepoint, a group's entries make one flush at its commit. An object
// changed twice in a transaction (or a group) is indexed once, as the last
// change described it.

// QueueSearchDoc arranges for d to replace the index entry of its module
// and reference when the transaction commits (see above). d must not be
// changed afterwards.
func (tx *Tx) QueueSearchDoc(d *SearchDoc) {
	tx.searchQueue = append(tx.searchQueue, d)
}

// flushSearchQueue writes the entries queued by txs, in order, one per
// object: the last queued. It runs on tx, the transaction that holds
// theirs, and empties their queues.
func (tx *Tx) flushSearchQueue(ctx context.Context, txs ...*Tx) error {
	var all []*SearchDoc
	last := map[string]int{}
	key := func(d *SearchDoc) string { return d.Module + "\x00" + strconv.FormatInt(d.RefID, 10) }
	for _, t := range txs {
		for _, d := range t.searchQueue {
			last[key(d)] = len(all)
			all = append(all, d)
		}
		t.searchQueue = nil
	}
	// The rows first, then every full-text change (indexSearchRows says
	// why).
	var fts []ftsChange
	for i, d := range all {
		if last[key(d)] != i {
			continue // changed again later
		}
		if err := tx.indexSearchRows(ctx, d, &fts); err != nil {
			return fmt.Errorf("store: index at commit: %w", err)
		}
	}
	if err := tx.applyFTS(ctx, fts); err != nil {
		return fmt.Errorf("store: index at commit: %w", err)
	}
	return nil
}
