package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// AddWorkItem registers w in its owner's list. Registering the same open
// item (module, ref, owner, kind) twice is a no-op, so modules may call it
// freely when work reaches a person.
func (tx *Tx) AddWorkItem(ctx context.Context, w *zhongshu.WorkItem) error {
	due := noDeadline
	if !w.DueAt.IsZero() {
		due = dbTime(w.DueAt)
	}
	w.CreatedAt = tx.now
	var id int64
	err := tx.queryRow(ctx, `INSERT INTO work_items (owner_id, kind, module, ref_type, ref_id, title, step, urgency, due_at, url, done, created_at,
		provisional, level, held, acted_at, next_check_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (module, ref_type, ref_id, owner_id, kind) WHERE done = FALSE DO NOTHING RETURNING id`,
		w.OwnerID, w.Kind, w.Module, w.RefType, w.RefID, w.Title, w.Step, int(w.Urgency), due, w.URL, tx.now,
		w.Provisional, w.Level, w.Held, nullTime(w.ActedAt), nullTime(w.NextCheckAt)).Scan(&id)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store.AddWorkItem: %w", tx.dialect.mapError(err))
	}
	w.ID = id
	tx.workChanged(w.OwnerID)
	if _, err := tx.exec(ctx, `INSERT INTO work_counts (owner_id, kind, n_open) VALUES (?, ?, 1)
		ON CONFLICT (owner_id, kind) DO UPDATE SET n_open = work_counts.n_open + 1`, w.OwnerID, w.Kind); err != nil {
		return fmt.Errorf("store.AddWorkItem: count: %w", err)
	}
	return nil
}

// CloseWorkItems marks done every open item of the object for ownerID (0:
// for everyone) and returns how many it closed.
func (tx *Tx) CloseWorkItems(ctx context.Context, module, refType string, refID, ownerID int64) (int64, error) {
	q := `UPDATE work_items SET done = TRUE, done_at = ? WHERE module = ? AND ref_type = ? AND ref_id = ? AND done = FALSE`
	args := []any{tx.now, module, refType, refID}
	if ownerID != 0 {
		q, args = q+` AND owner_id = ?`, append(args, ownerID)
	}
	// The work is gone, so are its 压 and 误: clear them first, while the
	// items are still open and can be found.
	sub := `SELECT id FROM work_items WHERE module = ? AND ref_type = ? AND ref_id = ? AND done = FALSE`
	subArgs := []any{module, refType, refID}
	if ownerID != 0 {
		sub, subArgs = sub+` AND owner_id = ?`, append(subArgs, ownerID)
	}
	if _, err := tx.exec(ctx, `UPDATE flags SET cleared_at = ?, cleared_why = ? WHERE cleared_at IS NULL AND work_item_id IN (`+sub+`)`,
		append([]any{tx.now, "已办结"}, subArgs...)...); err != nil {
		return 0, fmt.Errorf("store.CloseWorkItems: %w", err)
	}
	// Take the closing items off their owners' counts.
	countSub := `SELECT COUNT(*) FROM work_items w WHERE w.owner_id = work_counts.owner_id AND w.kind = work_counts.kind
		AND w.module = ? AND w.ref_type = ? AND w.ref_id = ? AND w.done = FALSE`
	ownerSub := `SELECT owner_id FROM work_items WHERE module = ? AND ref_type = ? AND ref_id = ? AND done = FALSE`
	countArgs := []any{module, refType, refID}
	if ownerID != 0 {
		countSub += ` AND w.owner_id = ?`
		ownerSub += ` AND owner_id = ?`
		countArgs = append(countArgs, ownerID)
	}
	if _, err := tx.exec(ctx, `UPDATE work_counts SET n_open = n_open - (`+countSub+`) WHERE owner_id IN (`+ownerSub+`)`,
		append(append([]any{}, countArgs...), countArgs...)...); err != nil {
		return 0, fmt.Errorf("store.CloseWorkItems: count: %w", err)
	}
	// RETURNING names the owners whose lists changed (ownerID may be 0).
	rows, err := tx.query(ctx, q+` RETURNING owner_id`, args...)
	if err != nil {
		return 0, fmt.Errorf("store.CloseWorkItems: %w", err)
	}
	defer rows.Close()
	var n int64
	for rows.Next() {
		var owner int64
		if err := rows.Scan(&owner); err != nil {
			return 0, fmt.Errorf("store.CloseWorkItems: %w", err)
		}
		tx.workChanged(owner)
		n++
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("store.CloseWorkItems: %w", err)
	}
	return n, nil
}

// FindWorkItems returns one page of the items of f's owners: open items
// most urgent first, then by deadline; done items newest first. Counts come
// from CountOpenWork and CountDoneWork.
func (tx *Tx) FindWorkItems(ctx context.Context, f zhongshu.WorkFilter) ([]*zhongshu.WorkItem, error) {
	if len(f.OwnerIDs) == 0 {
		return nil, nil
	}
	cond := ` WHERE owner_id IN (` + placeholders(len(f.OwnerIDs)) + `) AND done = ?`
	args := append(int64Args(f.OwnerIDs), f.Done)
	if f.Kind != nil {
		cond, args = cond+` AND kind = ?`, append(args, *f.Kind)
	}
	order := ` ORDER BY urgency DESC, due_at, id`
	if f.Done {
		order = ` ORDER BY done_at DESC, id DESC`
	}
	rows, err := tx.query(ctx, `SELECT `+workColumns+` FROM work_items`+cond+order+` LIMIT ? OFFSET ?`,
		append(args, zhongshu.PageLimit(f.Limit), f.Offset)...)
	if err != nil {
		return nil, fmt.Errorf("store.FindWorkItems: %w", err)
	}
	return scanWorkItems(rows)
}

// CountDoneWork returns how many items the owners have finished.
func (tx *Tx) CountDoneWork(ctx context.Context, ownerIDs []int64) (int, error) {
	if len(ownerIDs) == 0 {
		return 0, nil
	}
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM work_items WHERE owner_id IN (`+placeholders(len(ownerIDs))+`) AND done = TRUE`,
		int64Args(ownerIDs)...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store.CountDoneWork: %w", err)
	}
	return n, nil
}

// CountOpenWork returns the open 待办 and 待阅 counts of the owners.
func (tx *Tx) CountOpenWork(ctx context.Context, ownerIDs []int64) (todo, toread int, err error) {
	if len(ownerIDs) == 0 {
		return 0, 0, nil
	}
	rows, err := tx.query(ctx, `SELECT kind, SUM(n_open) FROM work_counts WHERE owner_id IN (`+placeholders(len(ownerIDs))+
		`) GROUP BY kind`, int64Args(ownerIDs)...)
	if err != nil {
		return 0, 0, fmt.Errorf("store.CountOpenWork: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k zhongshu.WorkKind
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return 0, 0, fmt.Errorf("store.CountOpenWork: %w", err)
		}
		if k == zhongshu.WorkTodo {
			todo = n
		} else {
			toread = n
		}
	}
	return todo, toread, rows.Err()
}

const workColumns = `id, owner_id, kind, module, ref_type, ref_id, title, step, urgency, due_at, url, done,
	created_at, done_at, provisional, level, held, acted_at, next_check_at`

func scanWorkItems(rows *sql.Rows) ([]*zhongshu.WorkItem, error) {
	defer rows.Close()
	var items []*zhongshu.WorkItem
	for rows.Next() {
		var w zhongshu.WorkItem
		var doneAt, acted, next sql.NullTime
		if err := rows.Scan(&w.ID, &w.OwnerID, &w.Kind, &w.Module, &w.RefType, &w.RefID, &w.Title, &w.Step, &w.Urgency,
			&w.DueAt, &w.URL, &w.Done, &w.CreatedAt, &doneAt, &w.Provisional, &w.Level, &w.Held, &acted, &next); err != nil {
			return nil, fmt.Errorf("store: scan work item: %w", err)
		}
		w.DueAt, w.CreatedAt, w.DoneAt = w.DueAt.UTC(), w.CreatedAt.UTC(), timeOf(doneAt)
		w.ActedAt, w.NextCheckAt = timeOf(acted), timeOf(next)
		if w.DueAt.Equal(noDeadline) {
			w.DueAt = time.Time{}
		}
		items = append(items, &w)
	}
	return items, rows.Err()
}

// DueWorkItems returns up to limit open items whose next check has come,
// oldest first, locking them against other instances' sweeps (PostgreSQL).
// The partial index on next_check_at keeps this proportional to the items
// coming due, not to the items stored.
func (tx *Tx) DueWorkItems(ctx context.Context, limit int) ([]*zhongshu.WorkItem, error) {
	rows, err := tx.query(ctx, `SELECT `+workColumns+` FROM work_items
		WHERE done = FALSE AND next_check_at IS NOT NULL AND next_check_at <= ?
		ORDER BY next_check_at LIMIT ?`+tx.dialect.skipLocked(), tx.now, limit)
	if err != nil {
		return nil, fmt.Errorf("store.DueWorkItems: %w", err)
	}
	return scanWorkItems(rows)
}

// SetWorkCheck records the engine's state for an item after a sweep.
func (tx *Tx) SetWorkCheck(ctx context.Context, id int64, level int, held bool, next time.Time) error {
	var owner int64
	err := tx.queryRow(ctx, `UPDATE work_items SET level = ?, held = ?, next_check_at = ? WHERE id = ? RETURNING owner_id`,
		level, held, nullTime(next), id).Scan(&owner)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store.SetWorkCheck(%d): %w", id, tx.dialect.mapError(err))
	}
	tx.workChanged(owner)
	return nil
}

// FindOpenWorkItems returns the open items of one object (all owners).
func (tx *Tx) FindOpenWorkItems(ctx context.Context, module, refType string, refID int64) ([]*zhongshu.WorkItem, error) {
	rows, err := tx.query(ctx, `SELECT `+workColumns+` FROM work_items WHERE module = ? AND ref_type = ? AND ref_id = ? AND done = FALSE ORDER BY id`,
		module, refType, refID)
	if err != nil {
		return nil, fmt.Errorf("store.FindOpenWorkItems: %w", err)
	}
	return scanWorkItems(rows)
}

// MarkWorkActed records that the owner acted on an open item (opened,
// accepted, forwarded): it is no longer held up.
func (tx *Tx) MarkWorkActed(ctx context.Context, id int64) error {
	var owner int64
	err := tx.queryRow(ctx, `UPDATE work_items SET acted_at = ?, held = FALSE WHERE id = ? AND done = FALSE RETURNING owner_id`,
		tx.now, id).Scan(&owner)
	switch {
	case err == nil:
		tx.workChanged(owner)
	case err != sql.ErrNoRows:
		return fmt.Errorf("store.MarkWorkActed(%d): %w", id, tx.dialect.mapError(err))
	}
	if _, err := tx.exec(ctx, `UPDATE flags SET cleared_at = ?, cleared_why = ? WHERE cleared_at IS NULL AND kind = 'held' AND work_item_id = ?`,
		tx.now, "已处理", id); err != nil {
		return fmt.Errorf("store.MarkWorkActed(%d): %w", id, err)
	}
	return nil
}

// OwnersWithOpenWork lists the people who hold open items.
func (tx *Tx) OwnersWithOpenWork(ctx context.Context) ([]int64, error) {
	ids, err := tx.int64s(ctx, `SELECT DISTINCT owner_id FROM work_items WHERE done = FALSE ORDER BY owner_id`)
	if err != nil {
		return nil, fmt.Errorf("store.OwnersWithOpenWork: %w", err)
	}
	return ids, nil
}
