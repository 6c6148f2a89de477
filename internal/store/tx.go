package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// Tx is a transaction with the time fixed when it began.
type Tx struct {
	tx      *sql.Tx
	dialect dialect
	now     time.Time
	write   bool
	// cache, when set, marks a pooled SQLite read: statements run on the
	// read pool through prepared statements, outside any transaction.
	cache *stmtCache
	// writeCache, when set, marks a SQLite write transaction: statements
	// run through statements prepared on the writer's connection.
	writeCache *writeStmts
	// workOwners are the owners whose work items this write changed, and
	// afterCommit what to run once it is committed (see db.run).
	workOwners  []int64
	afterCommit []func()
	// searchQueue holds the index entries to write before the commit
	// (search_queue.go).
	searchQueue []*SearchDoc
	// units are the units a write transaction has read (FindUnitByID).
	units map[int64]*zhongshu.Unit
	// searchMemo is the database's memory of which viewers see many
	// documents (search.go).
	searchMemo *searchMemo
}

// AfterCommit arranges for fn to run after the write transaction tx
// commits, before Transact returns. fn also runs if the commit itself
// fails, so it must be harmless then (clearing a cache is); it does not run
// when the transaction's function fails, nor in View.
func (tx *Tx) AfterCommit(fn func()) { tx.afterCommit = append(tx.afterCommit, fn) }

// Now is the transaction's time: every row it writes carries it.
func (tx *Tx) Now() time.Time { return tx.now }

// Transact runs fn in one write transaction and commits it when fn returns
// nil; any error rolls everything back. A serialization failure on
// PostgreSQL is retried a few times.
//
// On SQLite, transactions that arrive together commit together (see
// group_commit.go); each still succeeds or fails on its own.
func (db *DB) Transact(ctx context.Context, fn func(*Tx) error) error {
	if db.readStmts != nil { // SQLite
		return db.transactGrouped(ctx, fn)
	}
	var err error
	for attempt := 0; attempt < 4; attempt++ {
		err = db.run(ctx, db.write, false, fn)
		if err == nil || !db.dialect.retryable(err) {
			return err
		}
	}
	return err
}

// View runs fn for reading. On PostgreSQL it is a read-only transaction,
// which sees one snapshot. On SQLite each statement runs on the read pool
// with a cached prepared statement and sees the latest commit: a read
// transaction there would pin a connection while it prepares, and short
// reads were dominated by compiling SQL (BENCHMARKS.md).
func (db *DB) View(ctx context.Context, fn func(*Tx) error) error {
	if db.readStmts != nil {
		select {
		case db.readSlots <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		defer func() { <-db.readSlots }()
		return fn(&Tx{dialect: db.dialect, now: db.Now(), cache: db.readStmts, searchMemo: &db.searchMemo})
	}
	return db.run(ctx, db.read, true, fn)
}

func (db *DB) run(ctx context.Context, pool *sql.DB, readOnly bool, fn func(*Tx) error) (err error) {
	sqlTx, err := pool.BeginTx(ctx, &sql.TxOptions{ReadOnly: readOnly && db.dialect.name() == "postgres"})
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	tx := &Tx{tx: sqlTx, dialect: db.dialect, now: db.Now(), write: !readOnly, searchMemo: &db.searchMemo}
	if !readOnly {
		tx.writeCache = db.writeStmts
	}
	defer func() {
		if p := recover(); p != nil {
			_ = sqlTx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = sqlTx.Rollback()
		} else {
			if cerr := sqlTx.Commit(); cerr != nil {
				err = fmt.Errorf("store: commit: %w", cerr)
			}
			// After the commit (or a failed one, which may yet have
			// committed): a stale cache is wrong, a cleared one is not.
			tx.finish(db)
		}
		if tx.writeCache != nil {
			db.prepareNoted(context.WithoutCancel(ctx))
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.flushSearchQueue(ctx, tx)
}

func (tx *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	query = tx.dialect.rebind(query)
	if st := tx.txStmt(ctx, query); st != nil {
		res, err := st.ExecContext(ctx, args...)
		return res, tx.dialect.mapError(err)
	}
	if st := tx.stmt(ctx, query); st != nil {
		res, err := st.ExecContext(ctx, args...)
		return res, tx.dialect.mapError(err)
	}
	if tx.tx == nil {
		res, err := tx.cache.pool.ExecContext(ctx, query, args...)
		return res, tx.dialect.mapError(err)
	}
	res, err := tx.tx.ExecContext(ctx, query, args...)
	return res, tx.dialect.mapError(err)
}

func (tx *Tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	query = tx.dialect.rebind(query)
	if st := tx.txStmt(ctx, query); st != nil {
		rows, err := st.QueryContext(ctx, args...)
		return rows, tx.dialect.mapError(err)
	}
	if st := tx.stmt(ctx, query); st != nil {
		rows, err := st.QueryContext(ctx, args...)
		return rows, tx.dialect.mapError(err)
	}
	if tx.tx == nil {
		rows, err := tx.cache.pool.QueryContext(ctx, query, args...)
		return rows, tx.dialect.mapError(err)
	}
	rows, err := tx.tx.QueryContext(ctx, query, args...)
	return rows, tx.dialect.mapError(err)
}

func (tx *Tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	query = tx.dialect.rebind(query)
	if st := tx.txStmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	if st := tx.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	if tx.tx == nil {
		return tx.cache.pool.QueryRowContext(ctx, query, args...)
	}
	return tx.tx.QueryRowContext(ctx, query, args...)
}

// insert runs an INSERT … RETURNING id and returns the id.
func (tx *Tx) insert(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, query+" RETURNING id", args...).Scan(&id)
	return id, tx.dialect.mapError(err)
}

// scanOne maps sql.ErrNoRows to a not-found error naming what.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return errNotFound(what)
	}
	return err
}

// each runs a query and calls fn for every row.
func (tx *Tx) each(ctx context.Context, q string, args []any, fn func(*sql.Rows) error) error {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// int64s runs a query of one integer column and returns its values in
// the order read.
func (tx *Tx) int64s(ctx context.Context, q string, args ...any) ([]int64, error) {
	var ids []int64
	err := tx.each(ctx, q, args, func(rows *sql.Rows) error {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
		return nil
	})
	return ids, err
}
