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
	err := tx.queryRow(ctx, `INSERT INTO work_items (owner_id, kind, module, ref_type, ref_id, title, step, urgency, due_at, url, done, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?)
		ON CONFLICT (module, ref_type, ref_id, owner_id, kind) WHERE done = FALSE DO NOTHING RETURNING id`,
		w.OwnerID, w.Kind, w.Module, w.RefType, w.RefID, w.Title, w.Step, int(w.Urgency), due, w.URL, tx.now).Scan(&id)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store.AddWorkItem: %w", tx.dialect.mapError(err))
	}
	w.ID = id
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
	res, err := tx.exec(ctx, q, args...)
	if err != nil {
		return 0, fmt.Errorf("store.CloseWorkItems: %w", err)
	}
	return res.RowsAffected()
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
	rows, err := tx.query(ctx, `SELECT id, owner_id, kind, module, ref_type, ref_id, title, step, urgency, due_at, url, done,
		created_at, done_at FROM work_items`+cond+order+` LIMIT ? OFFSET ?`, append(args, zhongshu.PageLimit(f.Limit), f.Offset)...)
	if err != nil {
		return nil, fmt.Errorf("store.FindWorkItems: %w", err)
	}
	defer rows.Close()
	var items []*zhongshu.WorkItem
	for rows.Next() {
		var w zhongshu.WorkItem
		var doneAt sql.NullTime
		if err := rows.Scan(&w.ID, &w.OwnerID, &w.Kind, &w.Module, &w.RefType, &w.RefID, &w.Title, &w.Step, &w.Urgency,
			&w.DueAt, &w.URL, &w.Done, &w.CreatedAt, &doneAt); err != nil {
			return nil, fmt.Errorf("store.FindWorkItems: %w", err)
		}
		w.DueAt, w.CreatedAt, w.DoneAt = w.DueAt.UTC(), w.CreatedAt.UTC(), timeOf(doneAt)
		if w.DueAt.Equal(noDeadline) {
			w.DueAt = time.Time{}
		}
		items = append(items, &w)
	}
	return items, rows.Err()
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
	rows, err := tx.query(ctx, `SELECT kind, COUNT(*) FROM work_items WHERE owner_id IN (`+placeholders(len(ownerIDs))+
		`) AND done = FALSE GROUP BY kind`, int64Args(ownerIDs)...)
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
