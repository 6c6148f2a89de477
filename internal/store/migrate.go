package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/database"

	"github.com/zhongshu-oa/zhongshu/internal/search"
)

// migrations holds one folder per engine with identical file names; a test
// keeps them in step.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// MigrationNames lists the migration files of engine ("sqlite" or "postgres").
func MigrationNames(engine string) ([]string, error) {
	entries, err := fs.ReadDir(migrations, "migrations/"+engine)
	if err != nil {
		return nil, fmt.Errorf("store: migrations for %s: %w", engine, err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names, nil
}

func (db *DB) provider() (*goose.Provider, error) {
	sub, err := fs.Sub(migrations, "migrations/"+db.dialect.name())
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	d := database.DialectSQLite3
	if db.dialect.name() == "postgres" {
		d = database.DialectPostgres
	}
	p, err := goose.NewProvider(d, db.write, sub)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	return p, nil
}

// Migrate applies every pending migration and returns how many it applied.
func (db *DB) Migrate(ctx context.Context) (int, error) {
	p, err := db.provider()
	if err != nil {
		return 0, err
	}
	res, err := p.Up(ctx)
	if err != nil {
		return len(res), fmt.Errorf("store: migrate: %w", err)
	}
	for _, r := range res {
		if r.Source != nil && r.Source.Version == 14 && db.dialect.name() == "sqlite" {
			if err := db.fillSearchTitles(ctx); err != nil {
				return len(res), fmt.Errorf("store: migrate: %w", err)
			}
		}
	}
	return len(res), nil
}

// fillSearchTitles writes the title-only full-text entries of the documents
// indexed before migration 00014 made that table, in batches.
func (db *DB) fillSearchTitles(ctx context.Context) error {
	var after int64
	for {
		n := 0
		err := db.Transact(ctx, func(tx *Tx) error {
			type entry struct {
				id            int64
				title, number string
			}
			var batch []entry
			err := tx.each(ctx, `SELECT id, title, numbers FROM search_docs WHERE id > ? ORDER BY id LIMIT 2000`,
				[]any{after}, func(rows *sql.Rows) error {
					var e entry
					if err := rows.Scan(&e.id, &e.title, &e.number); err != nil {
						return err
					}
					batch = append(batch, e)
					return nil
				})
			if err != nil {
				return err
			}
			for _, e := range batch {
				f := search.Analyze(e.title + " " + e.number)
				if _, err := tx.exec(ctx, `INSERT INTO search_title_fts (rowid, bi, uni) VALUES (?, ?, ?)`,
					e.id, f.Bigrams, f.Unigrams); err != nil {
					return err
				}
				after = e.id
			}
			n = len(batch)
			return nil
		})
		if err != nil {
			return fmt.Errorf("fill the title index: %w", err)
		}
		if n == 0 {
			return nil
		}
	}
}

// CheckSchema returns an error when migrations are pending, so that the
// server refuses to run on an outdated schema.
func (db *DB) CheckSchema(ctx context.Context) error {
	p, err := db.provider()
	if err != nil {
		return err
	}
	pending, err := p.HasPending(ctx)
	if err != nil {
		return fmt.Errorf("store: check schema: %w", err)
	}
	if pending {
		return fmt.Errorf("store: the database schema is out of date; run `zhongshu migrate`")
	}
	return nil
}
