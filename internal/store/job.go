package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// JobRun is what the admin page shows of a background job.
type JobRun struct {
	Name           string
	Runs           int
	Failures       int
	LastStartedAt  time.Time
	LastFinishedAt time.Time
	LastOK         bool
	LastDetail     string
}

// RecordJob records one run of a job.
func (tx *Tx) RecordJob(ctx context.Context, name string, started time.Time, ok bool, detail string) error {
	fail := 0
	if !ok {
		fail = 1
	}
	if len(detail) > 500 {
		detail = detail[:500]
	}
	_, err := tx.exec(ctx, `INSERT INTO jobs (name, runs, failures, last_started_at, last_finished_at, last_ok, last_detail)
		VALUES (?, 1, ?, ?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET runs = jobs.runs + 1, failures = jobs.failures + excluded.failures,
		last_started_at = excluded.last_started_at, last_finished_at = excluded.last_finished_at,
		last_ok = excluded.last_ok, last_detail = excluded.last_detail`,
		name, fail, dbTime(started), tx.now, ok, detail)
	if err != nil {
		return fmt.Errorf("store.RecordJob(%s): %w", name, err)
	}
	return nil
}

// FindJobs lists every job that has run, by name.
func (tx *Tx) FindJobs(ctx context.Context) ([]*JobRun, error) {
	rows, err := tx.query(ctx, `SELECT name, runs, failures, last_started_at, last_finished_at, last_ok, last_detail FROM jobs ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store.FindJobs: %w", err)
	}
	defer rows.Close()
	var js []*JobRun
	for rows.Next() {
		var j JobRun
		var s, f sql.NullTime
		if err := rows.Scan(&j.Name, &j.Runs, &j.Failures, &s, &f, &j.LastOK, &j.LastDetail); err != nil {
			return nil, fmt.Errorf("store.FindJobs: %w", err)
		}
		j.LastStartedAt, j.LastFinishedAt = timeOf(s), timeOf(f)
		js = append(js, &j)
	}
	return js, rows.Err()
}

// CalendarNotice is an administrator's holiday notice for one year.
type CalendarNotice struct {
	Year     int
	Notice   string // the file text, see calendar.ParseNotice
	Source   string
	LoadedBy string
	LoadedAt time.Time
}

// SaveCalendarNotice stores (or replaces) the notice of its year.
func (tx *Tx) SaveCalendarNotice(ctx context.Context, n *CalendarNotice) error {
	n.LoadedAt = tx.now
	_, err := tx.exec(ctx, `INSERT INTO calendar_years (year, notice, source, loaded_by, loaded_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (year) DO UPDATE SET notice = excluded.notice, source = excluded.source, loaded_by = excluded.loaded_by,
		loaded_at = excluded.loaded_at`, n.Year, n.Notice, n.Source, n.LoadedBy, tx.now)
	if err != nil {
		return fmt.Errorf("store.SaveCalendarNotice(%d): %w", n.Year, err)
	}
	return nil
}

// DeleteCalendarNotice removes a year's notice (the built-in data, if any,
// applies again).
func (tx *Tx) DeleteCalendarNotice(ctx context.Context, year int) error {
	res, err := tx.exec(ctx, `DELETE FROM calendar_years WHERE year = ?`, year)
	if err != nil {
		return fmt.Errorf("store.DeleteCalendarNotice(%d): %w", year, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errNotFound("该年度的节假日安排")
	}
	return nil
}

// FindCalendarNotices returns every stored notice by year.
func (tx *Tx) FindCalendarNotices(ctx context.Context) ([]*CalendarNotice, error) {
	rows, err := tx.query(ctx, `SELECT year, notice, source, loaded_by, loaded_at FROM calendar_years ORDER BY year`)
	if err != nil {
		return nil, fmt.Errorf("store.FindCalendarNotices: %w", err)
	}
	defer rows.Close()
	var ns []*CalendarNotice
	for rows.Next() {
		var n CalendarNotice
		if err := rows.Scan(&n.Year, &n.Notice, &n.Source, &n.LoadedBy, &n.LoadedAt); err != nil {
			return nil, fmt.Errorf("store.FindCalendarNotices: %w", err)
		}
		n.LoadedAt = n.LoadedAt.UTC()
		ns = append(ns, &n)
	}
	return ns, rows.Err()
}

// UsersWithRoleInUnit returns active users holding role with a post in unitID
// (unitID 0: anywhere), for escalation (the section chief, the director).
func (tx *Tx) UsersWithRoleInUnit(ctx context.Context, role string, unitID int64) ([]int64, error) {
	q := `SELECT DISTINCT u.id FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = ? AND u.status = 'active'`
	args := []any{role}
	if unitID != 0 {
		q, args = q+` AND u.id IN (SELECT user_id FROM posts WHERE unit_id = ?)`, append(args, unitID)
	}
	ids, err := tx.int64s(ctx, q+` ORDER BY u.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store.UsersWithRoleInUnit: %w", err)
	}
	return ids, nil
}
