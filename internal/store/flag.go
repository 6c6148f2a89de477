package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// AddReminder records that a reminder of kind went to recipientID for a
// work item, and reports whether it is new. A reminder already recorded is
// not sent again: this is what makes the sweep idempotent.
func (tx *Tx) AddReminder(ctx context.Context, workItemID int64, kind string, level int, recipientID int64) (bool, error) {
	var id int64
	err := tx.queryRow(ctx, `INSERT INTO reminders (work_item_id, kind, level, recipient_id, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (work_item_id, kind, recipient_id) DO NOTHING RETURNING id`, workItemID, kind, level, recipientID, tx.now).Scan(&id)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store.AddReminder: %w", tx.dialect.mapError(err))
	}
	return true, nil
}

// Reminder is one reminder that was sent.
type Reminder struct {
	WorkItemID  int64
	Kind        string
	Level       int
	RecipientID int64
}

// FindReminders lists the reminders of a work item in the order sent.
func (tx *Tx) FindReminders(ctx context.Context, workItemID int64) ([]Reminder, error) {
	rows, err := tx.query(ctx, `SELECT work_item_id, kind, level, recipient_id FROM reminders WHERE work_item_id = ? ORDER BY id`, workItemID)
	if err != nil {
		return nil, fmt.Errorf("store.FindReminders: %w", err)
	}
	defer rows.Close()
	var rs []Reminder
	for rows.Next() {
		var r Reminder
		if err := rows.Scan(&r.WorkItemID, &r.Kind, &r.Level, &r.RecipientID); err != nil {
			return nil, fmt.Errorf("store.FindReminders: %w", err)
		}
		rs = append(rs, r)
	}
	return rs, rows.Err()
}

// RaiseFlag puts f on the ledger unless the same cause is already open, and
// reports whether it is new.
func (tx *Tx) RaiseFlag(ctx context.Context, f *zhongshu.Flag) (bool, error) {
	f.RaisedAt = tx.now
	var id int64
	err := tx.queryRow(ctx, `INSERT INTO flags (kind, module, ref_type, ref_id, work_item_id, title, url, owner_id, unit_id, detail, due_at, raised_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
		f.Kind, f.Module, f.RefType, f.RefID, nullID(f.WorkItemID), f.Title, f.URL, nullID(f.OwnerID), nullID(f.UnitID), f.Detail,
		nullTime(f.DueAt), tx.now).Scan(&id)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store.RaiseFlag: %w", tx.dialect.mapError(err))
	}
	f.ID = id
	return true, nil
}

// ClearFlags takes the object's open flags of the given kinds (all kinds
// when none given) off the ledger, saying why, and returns how many.
func (tx *Tx) ClearFlags(ctx context.Context, module, refType string, refID int64, why string, kinds ...zhongshu.FlagKind) (int64, error) {
	q := `UPDATE flags SET cleared_at = ?, cleared_why = ? WHERE cleared_at IS NULL AND module = ? AND ref_type = ? AND ref_id = ?`
	args := []any{tx.now, why, module, refType, refID}
	if len(kinds) > 0 {
		q += ` AND kind IN (` + placeholders(len(kinds)) + `)`
		for _, k := range kinds {
			args = append(args, k)
		}
	}
	res, err := tx.exec(ctx, q, args...)
	if err != nil {
		return 0, fmt.Errorf("store.ClearFlags: %w", err)
	}
	return res.RowsAffected()
}

func flagWhere(f zhongshu.FlagFilter) (string, []any) {
	where := []string{"f.cleared_at IS NULL"}
	if f.Cleared {
		where[0] = "f.cleared_at IS NOT NULL"
	}
	var args []any
	if f.Kind != nil {
		where, args = append(where, "f.kind = ?"), append(args, *f.Kind)
	}
	if f.UnitID != nil {
		where, args = append(where, "f.unit_id = ?"), append(args, *f.UnitID)
	}
	if f.OwnerID != nil {
		where, args = append(where, "f.owner_id = ?"), append(args, *f.OwnerID)
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// FindFlags returns ledger entries, the longest-standing first, with the total.
func (tx *Tx) FindFlags(ctx context.Context, f zhongshu.FlagFilter) ([]*zhongshu.Flag, int, error) {
	cond, args := flagWhere(f)
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM flags f`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store.FindFlags: %w", err)
	}
	order := ` ORDER BY f.raised_at, f.id`
	if f.Cleared {
		order = ` ORDER BY f.cleared_at DESC, f.id DESC`
	}
	rows, err := tx.query(ctx, `SELECT f.id, f.kind, f.module, f.ref_type, f.ref_id, COALESCE(f.work_item_id, 0), f.title, f.url,
		COALESCE(f.owner_id, 0), COALESCE(o.name, ''), COALESCE(f.unit_id, 0), COALESCE(NULLIF(u.short_name, ''), u.full_name, ''),
		f.detail, f.due_at, f.raised_at, f.cleared_at, f.cleared_why
		FROM flags f LEFT JOIN users o ON o.id = f.owner_id LEFT JOIN units u ON u.id = f.unit_id`+cond+order+` LIMIT ? OFFSET ?`,
		append(args, zhongshu.PageLimit(f.Limit), f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store.FindFlags: %w", err)
	}
	defer rows.Close()
	var flags []*zhongshu.Flag
	for rows.Next() {
		var x zhongshu.Flag
		var due, cleared sql.NullTime
		if err := rows.Scan(&x.ID, &x.Kind, &x.Module, &x.RefType, &x.RefID, &x.WorkItemID, &x.Title, &x.URL, &x.OwnerID, &x.OwnerName,
			&x.UnitID, &x.UnitName, &x.Detail, &due, &x.RaisedAt, &cleared, &x.ClearedWhy); err != nil {
			return nil, 0, fmt.Errorf("store.FindFlags: %w", err)
		}
		x.DueAt, x.RaisedAt, x.ClearedAt = timeOf(due), x.RaisedAt.UTC(), timeOf(cleared)
		flags = append(flags, &x)
	}
	return flags, total, rows.Err()
}

// FlagTally is the count of open flags of one unit or person by kind.
type FlagTally struct {
	ID     int64 // unit or person; 0 for none
	Name   string
	Held   int
	Late   int // late and overnight
	Missed int
}

// TallyFlags counts open flags by unit (byOwner false) or by person.
func (tx *Tx) TallyFlags(ctx context.Context, byOwner bool) ([]FlagTally, error) {
	q := `SELECT COALESCE(f.unit_id, 0), COALESCE(NULLIF(u.short_name, ''), u.full_name, '（未指定单位）'), f.kind, COUNT(*)
		FROM flags f LEFT JOIN units u ON u.id = f.unit_id WHERE f.cleared_at IS NULL GROUP BY f.unit_id, u.short_name, u.full_name, f.kind`
	if byOwner {
		q = `SELECT COALESCE(f.owner_id, 0), COALESCE(o.name, '（无人承办）'), f.kind, COUNT(*)
		FROM flags f LEFT JOIN users o ON o.id = f.owner_id WHERE f.cleared_at IS NULL GROUP BY f.owner_id, o.name, f.kind`
	}
	rows, err := tx.query(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("store.TallyFlags: %w", err)
	}
	defer rows.Close()
	byID := map[int64]*FlagTally{}
	var order []int64
	for rows.Next() {
		var id int64
		var name string
		var kind zhongshu.FlagKind
		var n int
		if err := rows.Scan(&id, &name, &kind, &n); err != nil {
			return nil, fmt.Errorf("store.TallyFlags: %w", err)
		}
		t, ok := byID[id]
		if !ok {
			t = &FlagTally{ID: id, Name: name}
			byID[id] = t
			order = append(order, id)
		}
		switch kind {
		case zhongshu.FlagHeld:
			t.Held += n
		case zhongshu.FlagMissed:
			t.Missed += n
		default:
			t.Late += n
		}
	}
	out := make([]FlagTally, len(order))
	for i, id := range order {
		out[i] = *byID[id]
	}
	return out, rows.Err()
}
