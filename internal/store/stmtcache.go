package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps the prepared statements of the SQLite read pool by query
// text: database/sql prepares each on a connection once and reuses it. Compiling SQL was the largest cost of short reads. Queries
// built with a variable number of placeholders yield a few texts each; the
// cache stops growing at maxCachedStmts and then prepares as before.
type stmtCache struct {
	pool  *sql.DB
	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
}

const maxCachedStmts = 1000

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, stmts: map[string]*sql.Stmt{}}
}

// get returns the prepared statement for query, preparing it on first use;
// nil when the cache is full (the caller then runs the query directly).
func (c *stmtCache) get(ctx context.Context, query string) (*sql.Stmt, error) {
	c.mu.RLock()
	st, ok := c.stmts[query]
	full := len(c.stmts) >= maxCachedStmts
	c.mu.RUnlock()
	if ok || full {
		return st, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.stmts[query]; ok {
		return st, nil
	}
	st, err := c.pool.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.stmts[query] = st
	return st, nil
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		_ = st.Close()
	}
	c.stmts = map[string]*sql.Stmt{}
}

// stmt returns the cached prepared statement for query on a pooled read,
// or nil to run the query unprepared.
func (tx *Tx) stmt(ctx context.Context, query string) *sql.Stmt {
	if tx.cache == nil {
		return nil
	}
	st, err := tx.cache.get(ctx, query)
	if err != nil {
		// A statement that fails to prepare fails again when run, with
		// the error where the caller expects it.
		return nil
	}
	return st
}

// writeStmts keeps prepared statements of the SQLite writer, whose pool has
// one connection. A statement cannot be prepared on the pool while a
// transaction holds that connection, so a query met for the first time in
// a transaction runs unprepared and is prepared after the commit; from then
// on Tx.StmtContext finds it prepared on the connection and reuses it.
// Compiling SQL was about a third of the CPU of a 收文 registration
// (BENCHMARKS.md).
type writeStmts struct {
	pool    *sql.DB
	mu      sync.Mutex
	stmts   map[string]*sql.Stmt
	pending map[string]bool
}

func newWriteStmts(pool *sql.DB) *writeStmts {
	return &writeStmts{pool: pool, stmts: map[string]*sql.Stmt{}, pending: map[string]bool{}}
}

// lookup returns the statement prepared for query, or nil after noting
// that it should be prepared.
func (c *writeStmts) lookup(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.stmts[query]; ok {
		return st
	}
	if len(c.stmts)+len(c.pending) < maxCachedStmts {
		c.pending[query] = true
	}
	return nil
}

// prepare prepares the statements noted since the last call; it runs
// outside any transaction. A statement that fails to prepare is dropped:
// it runs unprepared, with its error where the caller expects it.
func (c *writeStmts) prepare(ctx context.Context) {
	c.mu.Lock()
	queries := make([]string, 0, len(c.pending))
	for q := range c.pending {
		queries = append(queries, q)
	}
	clear(c.pending)
	c.mu.Unlock()
	for _, q := range queries {
		st, err := c.pool.PrepareContext(ctx, q)
		if err != nil {
			continue
		}
		c.mu.Lock()
		if _, ok := c.stmts[q]; ok {
			_ = st.Close()
		} else {
			c.stmts[q] = st
		}
		c.mu.Unlock()
	}
}

func (c *writeStmts) hasPending() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.pending) > 0
}

func (c *writeStmts) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		_ = st.Close()
	}
	c.stmts = map[string]*sql.Stmt{}
}

// txStmt returns query prepared on a SQLite write transaction's
// connection, or nil to run it unprepared.
func (tx *Tx) txStmt(ctx context.Context, query string) *sql.Stmt {
	if tx.writeCache == nil || tx.tx == nil {
		return nil
	}
	parent := tx.writeCache.lookup(query)
	if parent == nil {
		return nil
	}
	return tx.tx.StmtContext(ctx, parent)
}
