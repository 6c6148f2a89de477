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
