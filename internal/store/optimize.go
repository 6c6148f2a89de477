package store

import (
	"context"
	"fmt"
)

// Optimize keeps the query planner's statistics up to date. On SQLite it
// runs PRAGMA optimize, which analyzes the tables whose statistics are
// missing or stale, sampling at most analysisLimit rows an index so that
// it stays quick on a large database; SQLite recommends it when a
// long-lived connection opens and periodically after. PostgreSQL's
// autovacuum does the same by itself, so there it does nothing.
//
// Open runs it before any read connection opens (they load the statistics
// when they open), and the app once a day.
//
// It keeps sqlite_stat1 (rows per key) and drops any sqlite_stat4 samples
// that this SQLite build collects on a full ANALYZE (an operator's, or an
// older database's; the sampled analysis above takes none): with samples, a statement whose
// plan could depend on a bound value (most `col = ?` on an indexed column)
// is parsed and planned again every time it is run with a new value,
// which cost a third of the rate of 督办 actions at 1 M (BENCHMARKS.md);
// the plans the office's queries need come from the index choice that
// stat1 gives.
func (db *DB) Optimize(ctx context.Context) error {
	if db.dialect.name() != "sqlite" {
		return nil
	}
	return db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.tx.ExecContext(ctx, `PRAGMA analysis_limit = `+fmt.Sprint(analysisLimit)); err != nil {
			return fmt.Errorf("store.Optimize: %w", err)
		}
		if _, err := tx.tx.ExecContext(ctx, `PRAGMA optimize = 0x10002`); err != nil {
			return fmt.Errorf("store.Optimize: %w", err)
		}
		var stat4 int
		if err := tx.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema WHERE name = 'sqlite_stat4'`).Scan(&stat4); err != nil {
			return fmt.Errorf("store.Optimize: %w", err)
		}
		if stat4 == 0 {
			return nil
		}
		// In the same transaction, so that no connection ever loads the
		// samples; then this connection reloads what remains.
		if _, err := tx.tx.ExecContext(ctx, `DELETE FROM sqlite_stat4`); err != nil {
			return fmt.Errorf("store.Optimize: %w", err)
		}
		if _, err := tx.tx.ExecContext(ctx, `ANALYZE sqlite_schema`); err != nil {
			return fmt.Errorf("store.Optimize: %w", err)
		}
		return nil
	})
}

// analysisLimit is how many rows of an index ANALYZE samples.
const analysisLimit = 1000
