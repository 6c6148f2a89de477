// Package storetest opens real databases for tests: a fresh SQLite file, and
// a fresh schema on the PostgreSQL server named by ZHONGSHU_TEST_POSTGRES.
// Without that variable the PostgreSQL half is skipped, unless
// ZHONGSHU_TEST_REQUIRE_POSTGRES=1 (as in CI) makes the skip a failure.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver

	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// Engines are the engines every storage test runs on.
var Engines = []string{"sqlite", "postgres"}

// ForEachDialect runs fn as a subtest on each engine with a freshly migrated
// database.
func ForEachDialect(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, engine := range Engines {
		t.Run(engine, func(t *testing.T) {
			fn(t, Open(t, engine, nil))
		})
	}
}

// Open returns a freshly migrated database of engine, closed when the test
// ends. clock may be nil for the system clock.
func Open(t testing.TB, engine string, clock zhongshu.Clock) *store.DB {
	t.Helper()
	dsn := DSN(t, engine)
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, store.Options{Clock: clock, Synchronous: "NORMAL"})
	if err != nil {
		t.Fatalf("open %s: %v", engine, err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s: %v", engine, err)
	}
	return db
}

// DSN returns the address of a new empty database of engine: a file in a
// temporary folder, or a new schema on the test PostgreSQL server, dropped
// when the test ends.
func DSN(t testing.TB, engine string) string {
	t.Helper()
	if engine == "sqlite" {
		return filepath.Join(t.TempDir(), "zhongshu.db")
	}
	base := os.Getenv("ZHONGSHU_TEST_POSTGRES")
	if base == "" {
		if os.Getenv("ZHONGSHU_TEST_REQUIRE_POSTGRES") == "1" {
			t.Fatal("ZHONGSHU_TEST_POSTGRES is not set but ZHONGSHU_TEST_REQUIRE_POSTGRES=1: PostgreSQL tests are mandatory here")
		}
		t.Skip("PostgreSQL tests skipped: set ZHONGSHU_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/test to run them")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "zt_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("postgres at %s: %v", base, err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer db.Close()
		_, _ = db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("ZHONGSHU_TEST_POSTGRES: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
