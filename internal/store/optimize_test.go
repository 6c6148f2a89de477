package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// TestOptimize_KeepsRowCountsNotSamples checks that opening a SQLite
// database gathers the planner's row counts and leaves no sqlite_stat4
// samples behind (optimize.go says why), and that a full ANALYZE's samples
// are dropped by the next Optimize.
func TestOptimize_KeepsRowCountsNotSamples(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "opt.db")
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	err = db.Transact(ctx, func(tx *Tx) error {
		for i := range 300 {
			if err := createUser(ctx, tx, fmt.Sprintf("opt%d", i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	counts := func(db *DB) (stat1, stat4 int) {
		t.Helper()
		if err := db.write.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_stat1`).Scan(&stat1); err != nil {
			t.Fatal(err)
		}
		var has int
		if err := db.write.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema WHERE name = 'sqlite_stat4'`).Scan(&has); err != nil {
			t.Fatal(err)
		}
		if has > 0 {
			if err := db.write.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_stat4`).Scan(&stat4); err != nil {
				t.Fatal(err)
			}
		}
		return stat1, stat4
	}
	// A full ANALYZE, as an operator might run, collects samples too.
	if _, err := db.write.ExecContext(ctx, `PRAGMA analysis_limit = 0; ANALYZE`); err != nil {
		t.Fatal(err)
	}
	if _, stat4 := counts(db); stat4 == 0 {
		t.Fatalf("a full ANALYZE collected no sqlite_stat4 samples: this SQLite build no longer has STAT4, and Optimize's deletion can go")
	}
	db.Close()

	db, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stat1, stat4 := counts(db)
	if stat1 == 0 || stat4 != 0 {
		t.Errorf("after Open: %d sqlite_stat1 rows, %d sqlite_stat4 rows; want some and none", stat1, stat4)
	}
	if err := db.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	if s1, s4 := counts(db); s1 != stat1 || s4 != 0 {
		t.Errorf("after Optimize again: %d and %d rows, want %d and none", s1, s4, stat1)
	}
}
