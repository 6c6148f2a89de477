package store

import (
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// dialect covers the few differences between the engines. Queries are
// written once with ? placeholders.
type dialect interface {
	name() string
	rebind(query string) string
	// forUpdate is the row-locking suffix of a SELECT ("" where the engine
	// has a single writer and needs none).
	forUpdate() string
	// skipLocked is the suffix that claims rows other transactions have
	// not locked (job queues on PostgreSQL; "" on SQLite's single writer).
	skipLocked() string
	// skipLockedOf is skipLocked for a query that joins other tables: it
	// locks only the rows of alias.
	skipLockedOf(alias string) string
	// mapError turns constraint violations into domain errors.
	mapError(err error) error
	retryable(err error) bool
}

type sqliteDialect struct{}

func (sqliteDialect) name() string               { return "sqlite" }
func (sqliteDialect) rebind(q string) string     { return q }
func (sqliteDialect) forUpdate() string          { return "" }
func (sqliteDialect) skipLocked() string         { return "" }
func (sqliteDialect) skipLockedOf(string) string { return "" }
func (sqliteDialect) retryable(error) bool       { return false }

// SQLite extended result codes (sqlite3.h).
const (
	sqliteConstraintCheck      = 275
	sqliteConstraintForeignKey = 787
	sqliteConstraintPrimaryKey = 1555
	sqliteConstraintUnique     = 2067
)

func (sqliteDialect) mapError(err error) error {
	var se *sqlite.Error
	if err == nil || !errors.As(err, &se) {
		return err
	}
	switch se.Code() {
	case sqliteConstraintUnique, sqliteConstraintPrimaryKey:
		return conflict(err)
	case sqliteConstraintForeignKey:
		return referenced(err)
	case sqliteConstraintCheck:
		return invalidValue(err)
	}
	return err
}

type postgresDialect struct{}

func (postgresDialect) name() string       { return "postgres" }
func (postgresDialect) forUpdate() string  { return " FOR UPDATE" }
func (postgresDialect) skipLocked() string { return " FOR UPDATE SKIP LOCKED" }
func (postgresDialect) skipLockedOf(alias string) string {
	return " FOR UPDATE OF " + alias + " SKIP LOCKED"
}

// rebind turns ? placeholders into $1, $2 … outside string literals.
func (postgresDialect) rebind(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n, inString := 0, false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			inString = !inString
			b.WriteByte(c)
		case c == '?' && !inString:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func (postgresDialect) mapError(err error) error {
	var pe *pgconn.PgError
	if err == nil || !errors.As(err, &pe) {
		return err
	}
	switch pe.Code {
	case "23505":
		return conflict(err)
	case "23503":
		return referenced(err)
	case "23514", "22P02", "22001":
		return invalidValue(err)
	}
	return err
}

func (postgresDialect) retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// wrapped keeps the driver error reachable with errors.As while carrying a
// domain code.
type wrapped struct {
	domain *zhongshu.Error
	cause  error
}

func (w wrapped) Unwrap() []error { return []error{w.domain, w.cause} }
func (w wrapped) Error() string   { return w.domain.Error() + ": " + w.cause.Error() }

func conflict(err error) error {
	return wrapped{zhongshu.Errorf(zhongshu.CodeConflict, "数据已存在或与现有记录冲突。"), err}
}

func referenced(err error) error {
	return wrapped{zhongshu.Errorf(zhongshu.CodeConflict, "引用的记录不存在，或该记录仍被其他数据引用。"), err}
}

func invalidValue(err error) error {
	return wrapped{zhongshu.Errorf(zhongshu.CodeInvalid, "提交的值不符合要求。"), err}
}

func errNotFound(what string) error {
	return zhongshu.Errorf(zhongshu.CodeNotFound, "%s不存在或已被删除。", what)
}
