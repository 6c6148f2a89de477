// Package store holds all SQL for both engines, embedded SQLite and
// PostgreSQL. It holds no business rules: the app layer decides, the store
// reads and writes. Every method runs inside a Tx, which carries the time
// fixed when it began.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// Options tune how a database is opened.
type Options struct {
	// Synchronous is the SQLite synchronous pragma: FULL (default, no
	// committed change lost on power failure) or NORMAL.
	Synchronous string
	// ReadConns is the size of the SQLite read pool (default 8).
	ReadConns int
	// Clock gives every transaction its time; the system clock by default.
	Clock zhongshu.Clock
}

// DB is an open database: one writer and a pool of readers on SQLite, one
// pool for both on PostgreSQL.
type DB struct {
	write   *sql.DB
	read    *sql.DB
	dialect dialect
	clock   zhongshu.Clock
	dsn     string
	// Prepared statements of the SQLite read pool. PostgreSQL (pgx)
	// caches prepared statements per connection itself.
	readStmts *stmtCache
	// Prepared statements of the SQLite writer (see writeStmts).
	writeStmts *writeStmts
	// readSlots admits as many reads at once as there are CPUs: SQLite
	// reads here are CPU-bound (memory-mapped pages), so more at once only
	// contend. Waiters on a channel are served first come, first served,
	// whereas database/sql hands a freed connection to an arbitrary waiter;
	// with 32 concurrent readers on 2 cores that took the 待办 list's p99
	// from 34 ms to 13 ms (BENCHMARKS.md).
	readSlots chan struct{}
	// work versions the owners' work items for the app's 待办 cache.
	work workVersions
	// searchMemo remembers the viewers who see many documents (search.go).
	searchMemo searchMemo
	// group queues SQLite write transactions to commit them together
	// (group_commit.go).
	group groupCommit
}

// Open opens the database named by dsn: a postgres:// or postgresql:// URL
// selects PostgreSQL; anything else is a SQLite file path (an optional
// "sqlite:" prefix is removed). It does not migrate; call Migrate.
func Open(ctx context.Context, dsn string, opts Options) (*DB, error) {
	if opts.Clock == nil {
		opts.Clock = zhongshu.SystemClock{}
	}
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return openPostgres(ctx, dsn, opts)
	}
	return openSQLite(ctx, strings.TrimPrefix(dsn, "sqlite:"), opts)
}

func openSQLite(ctx context.Context, path string, opts Options) (*DB, error) {
	if path == "" {
		return nil, errors.New("store: empty SQLite path")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("store: create data folder: %w", err)
	}
	sync := strings.ToUpper(opts.Synchronous)
	if sync == "" {
		sync = "FULL"
	}
	if sync != "FULL" && sync != "NORMAL" {
		return nil, fmt.Errorf("store: synchronous must be FULL or NORMAL, not %q", opts.Synchronous)
	}
	// busy_timeout comes first so that the pragmas after it wait for a
	// lock instead of failing; WAL lets readers run beside the writer.
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous("+sync+")")
	q.Add("_pragma", "foreign_keys(1)")
	// Reads of the 待办 list touch rows scattered over the table; memory-
	// mapped I/O serves them from the shared OS cache without a syscall
	// per page, for every connection of the read pool.
	q.Add("_pragma", "mmap_size(1073741824)")
	q.Set("_time_format", "sqlite")
	base := "file:" + path + "?" + q.Encode()
	// The writer takes the write lock at BEGIN so that two processes (the
	// server and a CLI command) queue on busy_timeout instead of failing
	// with SQLITE_BUSY on lock upgrade.
	//
	// The writer keeps its temporary files in memory: above all the
	// statement sub-journal, into which every page a group's savepoint
	// changes is copied first (group_commit.go). On disk it spilled past
	// 64 KiB and cost a write syscall per page (BENCHMARKS.md, session 14).
	write, err := sql.Open("sqlite", base+"&_txlock=immediate&_pragma=temp_store(MEMORY)")
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	read, err := sql.Open("sqlite", base+"&mode=ro")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open %s for reading: %w", path, err)
	}
	n := opts.ReadConns
	if n <= 0 {
		n = 8
	}
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	db := &DB{write: write, read: read, dialect: sqliteDialect{}, clock: opts.Clock, dsn: path, readStmts: newStmtCache(read),
		writeStmts: newWriteStmts(write),
		readSlots:  make(chan struct{}, max(2, runtime.GOMAXPROCS(0)))}
	if err := write.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// Best effort: a database that cannot be analyzed now (busy beyond the
	// timeout, say) is served with the statistics it has.
	_ = db.Optimize(ctx)
	return db, nil
}

func openPostgres(ctx context.Context, dsn string, opts Options) (*DB, error) {
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(20)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	db := &DB{write: pool, read: pool, dialect: postgresDialect{}, clock: opts.Clock, dsn: redact(dsn)}
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: connect to %s: %w", db.dsn, err)
	}
	return db, nil
}

// redact removes the password from a database URL for logs.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}

// Engine is "sqlite" or "postgres".
func (db *DB) Engine() string { return db.dialect.name() }

// String describes the database for logs, without secrets.
func (db *DB) String() string { return db.Engine() + " " + db.dsn }

// Close closes both pools.
func (db *DB) Close() error {
	if db.writeStmts != nil {
		db.writeStmts.close()
	}
	if db.readStmts != nil {
		db.readStmts.close()
	}
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Now returns the clock's current time as stored: UTC, microseconds.
func (db *DB) Now() time.Time { return dbTime(db.clock.Now()) }

// dbTime normalises t to what both engines store: UTC with microseconds.
func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

// ExecForTest runs a raw statement outside the application's rules. Tests
// use it to play an intruder editing the database directly.
func (db *DB) ExecForTest(ctx context.Context, query string) error {
	_, err := db.write.ExecContext(ctx, query)
	db.work.bumpAll() // it may have changed anyone's work items
	return err
}
