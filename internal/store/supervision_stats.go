package store

import (
	"context"
	"fmt"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// SupervisionItemsForStats returns every 督办 item that has been issued
// (status neither draft, pending approval nor cancelled), with its
// assignments and milestones, for the statistics of DOMAIN.md §5.7.
func (tx *Tx) SupervisionItemsForStats(ctx context.Context) ([]*zhongshu.SupervisionItem, error) {
	rows, err := tx.query(ctx, `SELECT `+supervisionColumns+` FROM supervision_items
		WHERE status NOT IN (?, ?, ?) AND issued_at IS NOT NULL ORDER BY year, seq`,
		zhongshu.SupervisionDraft, zhongshu.SupervisionPendingApproval, zhongshu.SupervisionCancelled)
	if err != nil {
		return nil, fmt.Errorf("store.SupervisionItemsForStats: %w", err)
	}
	defer rows.Close()
	var items []*zhongshu.SupervisionItem
	for rows.Next() {
		it, err := scanSupervisionItem(rows)
		if err != nil {
			return nil, fmt.Errorf("store.SupervisionItemsForStats: %w", err)
		}
		items = append(items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store.SupervisionItemsForStats: %w", err)
	}
	rows.Close()
	// attachSupervisionParts takes the ids in one IN list; keep batches small.
	for i := 0; i < len(items); i += 500 {
		if err := tx.attachSupervisionParts(ctx, items[i:min(i+500, len(items))]); err != nil {
			return nil, fmt.Errorf("store.SupervisionItemsForStats: %w", err)
		}
	}
	return items, nil
}

// ItemTime is one dated happening on a 督办 item: a timeline action or a
// reminder sent.
type ItemTime struct {
	ItemID int64
	Kind   string // the action, or "reminder"
	At     time.Time
}

// SupervisionActionTimes returns when the given timeline actions happened
// on any item, oldest first.
func (tx *Tx) SupervisionActionTimes(ctx context.Context, actions ...string) ([]ItemTime, error) {
	if len(actions) == 0 {
		return nil, nil
	}
	args := make([]any, len(actions))
	for i, a := range actions {
		args[i] = a
	}
	rows, err := tx.query(ctx, `SELECT item_id, action, at FROM supervision_events WHERE action IN (`+
		placeholders(len(actions))+`) ORDER BY at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store.SupervisionActionTimes: %w", err)
	}
	defer rows.Close()
	var out []ItemTime
	for rows.Next() {
		var t ItemTime
		if err := rows.Scan(&t.ItemID, &t.Kind, &t.At); err != nil {
			return nil, fmt.Errorf("store.SupervisionActionTimes: %w", err)
		}
		t.At = t.At.UTC()
		out = append(out, t)
	}
	return out, rows.Err()
}

// SupervisionReminderTimes returns when the deadline engine sent a reminder
// (催办) on the 待办 of a 督办 item: the reminders of the work items of
// module and refType, oldest first.
func (tx *Tx) SupervisionReminderTimes(ctx context.Context, module, refType string) ([]ItemTime, error) {
	rows, err := tx.query(ctx, `SELECT w.ref_id, r.created_at FROM reminders r JOIN work_items w ON w.id = r.work_item_id
		WHERE w.module = ? AND w.ref_type = ? ORDER BY r.created_at, r.id`, module, refType)
	if err != nil {
		return nil, fmt.Errorf("store.SupervisionReminderTimes: %w", err)
	}
	defer rows.Close()
	var out []ItemTime
	for rows.Next() {
		t := ItemTime{Kind: "reminder"}
		if err := rows.Scan(&t.ItemID, &t.At); err != nil {
			return nil, fmt.Errorf("store.SupervisionReminderTimes: %w", err)
		}
		t.At = t.At.UTC()
		out = append(out, t)
	}
	return out, rows.Err()
}
