package store

import (
	"context"
	"fmt"
	"sync"
)

// Group commit on SQLite.
//
// SQLite has one writer, and with synchronous=FULL every commit writes its
// pages to the WAL and syncs it: under eight concurrent writers the commit
// was the largest single cost of an action (BENCHMARKS.md). So write
// transactions that arrive while another is running wait in a queue, and
// the next one to run takes the whole queue as a group: one BEGIN, each
// transaction's function inside its own SAVEPOINT, one COMMIT.
//
//   - A function that fails is rolled back to its savepoint alone; the
//     others commit. Its caller gets its error, as before.
//   - Nobody's Transact returns before the commit that holds its change is
//     durable, and each gets the commit's error if it fails.
//   - Each function gets its own Tx, with its own time, work owners and
//     after-commit hooks; hooks run after the group's commit, in order.
//   - The search index entries the requests queued (search_queue.go) are
//     written after the last savepoint, before the COMMIT: one full-text
//     flush per group instead of one per request.
//   - A caller whose context ends while queued is told so and its function
//     never runs.
//   - If the group's transaction breaks (a savepoint cannot be released or
//     rolled back, which is what an interrupted statement can do to a
//     SQLite transaction), it is rolled back and each function that had
//     succeeded is run again alone. Functions may already run more than
//     once (PostgreSQL retries serialisation failures), so they must not
//     keep state outside the transaction that a second run would corrupt.
//
// Whoever finds no group running leads: it runs the queue (its own request
// first) as one group, then hands the lead to the oldest request that
// arrived meanwhile, so no caller waits behind more than one group besides
// its own.

// maxGroup bounds the transactions committed together, so that one group's
// latency stays bounded however long the queue.
const maxGroup = 64

// groupCommit is the queue of write transactions waiting for the writer.
type groupCommit struct {
	mu      sync.Mutex
	queue   []*writeRequest
	leading bool
	// groups counts the groups run, for tests.
	groups int
}

// writeRequest is one Transact call waiting in the queue.
type writeRequest struct {
	ctx context.Context
	fn  func(*Tx) error
	// lead is sent true when the request must lead the next group, false
	// when it has been run (err and panicked hold the outcome).
	lead     chan bool
	err      error
	panicked any
	// tx is the request's part of its group's transaction.
	tx *Tx
}

// transactGrouped is Transact on SQLite: it queues fn and runs it in a
// group (see above).
func (db *DB) transactGrouped(ctx context.Context, fn func(*Tx) error) error {
	r := &writeRequest{ctx: ctx, fn: fn, lead: make(chan bool, 1)}
	g := &db.group
	g.mu.Lock()
	g.queue = append(g.queue, r)
	lead := !g.leading
	g.leading = true
	g.mu.Unlock()
	if !lead {
		// Waiting is not cut short by ctx: once queued, the caller must
		// learn whether its change committed. A queued request whose ctx
		// has ended is skipped when its group runs.
		lead = <-r.lead
	}
	if lead {
		db.leadGroup()
	}
	if r.panicked != nil {
		panic(r.panicked)
	}
	return r.err
}

// leadGroup runs the oldest queued requests (at most maxGroup) as one
// group, then passes the lead on to the next queued request, if any.
func (db *DB) leadGroup() {
	g := &db.group
	g.mu.Lock()
	n := min(len(g.queue), maxGroup)
	batch := make([]*writeRequest, n)
	copy(batch, g.queue)
	g.queue = append(g.queue[:0], g.queue[n:]...)
	g.groups++
	g.mu.Unlock()

	db.runGroup(batch)

	g.mu.Lock()
	var next *writeRequest
	if len(g.queue) > 0 {
		next = g.queue[0]
	} else {
		g.leading = false
	}
	g.mu.Unlock()
	for _, r := range batch[1:] { // batch[0] is this goroutine's own
		r.lead <- false
	}
	if next != nil {
		next.lead <- true
	}
}

// runGroup runs batch in one transaction, each request in a savepoint,
// and sets every request's err (or panicked).
func (db *DB) runGroup(batch []*writeRequest) {
	live := batch[:0:0]
	for _, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.err = err
			continue
		}
		live = append(live, r)
	}
	switch len(live) {
	case 0:
		return
	case 1:
		db.runAlone(live[0])
		return
	}
	// The group's transaction must not end with one caller's context.
	ctx := context.WithoutCancel(batch[0].ctx)
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		for _, r := range live {
			r.err = fmt.Errorf("store: begin: %w", err)
		}
		return
	}
	control := &Tx{tx: sqlTx, dialect: db.dialect, write: true, writeCache: db.writeStmts}
	savepoint := func(q string) bool {
		_, err := control.exec(ctx, q)
		return err == nil
	}
	// failed marks the requests whose own function failed and was rolled
	// back to its savepoint; they keep their error whatever happens next.
	failed := make([]bool, len(live))
	broken := false
	for i, r := range live {
		if !savepoint("SAVEPOINT grp") {
			broken = true
			break
		}
		r.tx = &Tx{tx: sqlTx, dialect: db.dialect, now: db.Now(), write: true, writeCache: db.writeStmts, searchMemo: &db.searchMemo}
		r.err, r.panicked = call(r.fn, r.tx)
		if r.err == nil && r.panicked == nil {
			if !savepoint("RELEASE grp") {
				broken = true
				break
			}
			continue
		}
		failed[i] = true
		if !savepoint("ROLLBACK TO grp") || !savepoint("RELEASE grp") {
			broken = true
			break
		}
	}
	if !broken {
		// The index entries of the requests that succeeded, after the
		// last savepoint (search_queue.go).
		var done []*Tx
		for i, r := range live {
			if !failed[i] {
				done = append(done, r.tx)
			}
		}
		broken = control.flushSearchQueue(ctx, done...) != nil
	}
	if broken {
		// Nothing of the group is kept: each request that did not fail on
		// its own runs again, alone.
		_ = sqlTx.Rollback()
		for i, r := range live {
			if !failed[i] {
				r.err, r.panicked, r.tx = nil, nil, nil
				db.runAlone(r)
			}
		}
		db.prepareNoted(ctx)
		return
	}
	var cerr error
	if err := sqlTx.Commit(); err != nil {
		cerr = fmt.Errorf("store: commit: %w", err)
	}
	for i, r := range live {
		if failed[i] {
			continue
		}
		r.err = cerr
		// After the commit (or a failed one, which may yet have
		// committed): a stale cache is wrong, a cleared one is not.
		r.tx.finish(db)
	}
	db.prepareNoted(ctx)
}

// runAlone runs r in a transaction of its own.
func (db *DB) runAlone(r *writeRequest) {
	defer func() {
		if p := recover(); p != nil {
			r.panicked = p
		}
	}()
	r.err = db.run(r.ctx, db.write, false, r.fn)
}

// call runs fn, turning a panic into a value for its caller to re-raise.
func call(fn func(*Tx) error, tx *Tx) (err error, panicked any) {
	defer func() {
		if p := recover(); p != nil {
			panicked = p
		}
	}()
	return fn(tx), nil
}

// finish does what follows a write transaction's commit: the work owners'
// cache versions move and the after-commit hooks run.
func (tx *Tx) finish(db *DB) {
	if len(tx.workOwners) > 0 {
		db.work.bump(tx.workOwners)
	}
	for _, f := range tx.afterCommit {
		f()
	}
}

// prepareNoted prepares the writer's statements first met inside a
// transaction, now that the connection is free.
func (db *DB) prepareNoted(ctx context.Context) {
	if db.writeStmts != nil && db.writeStmts.hasPending() {
		db.writeStmts.prepare(ctx)
	}
}
