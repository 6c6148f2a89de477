package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Tx is a transaction with the time fixed when it began.
type Tx struct {
	tx      *sql.Tx
	dialect dialect
	now     time.Time
	write   bool
}

// Now is the transaction's time: every row it writes carries it.
func (tx *Tx) Now() time.Time { return tx.now }

// Transact runs fn in one write transaction and commits it when fn returns
// nil; any error rolls everything back. A serialization failure on
// PostgreSQL is retried a few times.
func (db *DB) Transact(ctx context.Context, fn func(*Tx) error) error {
	var err error
	for attempt := 0; attempt < 4; attempt++ {
		err = db.run(ctx, db.write, false, fn)
		if err == nil || !db.dialect.retryable(err) {
			return err
		}
	}
	return err
}

// View runs fn in a read-only transaction on the read pool, which sees one
// consistent snapshot.
func (db *DB) View(ctx context.Context, fn func(*Tx) error) error {
	return db.run(ctx, db.read, true, fn)
}

func (db *DB) run(ctx context.Context, pool *sql.DB, readOnly bool, fn func(*Tx) error) (err error) {
	sqlTx, err := pool.BeginTx(ctx, &sql.TxOptions{ReadOnly: readOnly && db.dialect.name() == "postgres"})
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	tx := &Tx{tx: sqlTx, dialect: db.dialect, now: db.Now(), write: !readOnly}
	defer func() {
		if p := recover(); p != nil {
			_ = sqlTx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = sqlTx.Rollback()
			return
		}
		if cerr := sqlTx.Commit(); cerr != nil {
			err = fmt.Errorf("store: commit: %w", cerr)
		}
	}()
	return fn(tx)
}

func (tx *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := tx.tx.ExecContext(ctx, tx.dialect.rebind(query), args...)
	return res, tx.dialect.mapError(err)
}

func (tx *Tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := tx.tx.QueryContext(ctx, tx.dialect.rebind(query), args...)
	return rows, tx.dialect.mapError(err)
}

func (tx *Tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, tx.dialect.rebind(query), args...)
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
