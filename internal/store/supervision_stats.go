package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// StatsPeriod is the window the 督办 statistics read: [From, To) with the
// counts taken at Cutoff (To, or now if the period has not ended).
type StatsPeriod struct {
	From, To, Cutoff time.Time
}

// relevant is the condition on supervision_items i that keeps the items a
// period's statistics can count (DOMAIN.md §5.7): issued before the
// cut-off, and either not 办结 before the period began (still open, or
// 办结 in it) or due in the period (an item finished early still counts as
// 应办结 when its due date falls in the period). Drafts, items awaiting
// approval and cancelled items never count. Each of the three sets is read
// through its own index (migration 00008).
const relevant = `i.id IN (
		SELECT id FROM supervision_items WHERE completed_at IS NULL AND issued_at < ?
		UNION SELECT id FROM supervision_items WHERE completed_at >= ?
		UNION SELECT id FROM supervision_items WHERE due_at > ? AND due_at <= ?
		UNION SELECT id FROM supervision_items WHERE original_due_at > ? AND original_due_at <= ?)
	AND i.status NOT IN ('draft', 'pending_approval', 'cancelled') AND i.issued_at IS NOT NULL AND i.issued_at < ?`

func (p StatsPeriod) args() []any {
	return []any{dbTime(p.Cutoff), dbTime(p.From), dbTime(p.From), dbTime(p.To), dbTime(p.From), dbTime(p.To), dbTime(p.Cutoff)}
}

// SupervisionItemsForStats returns the items the statistics of p can count,
// each with only what the statistics read: source, leaders, status,
// feedback cycle, dates, its lead assignment (unit and 签收) and, for items
// reporting by milestone, the milestones.
func (tx *Tx) SupervisionItemsForStats(ctx context.Context, p StatsPeriod) ([]*zhongshu.SupervisionItem, error) {
	var items []*zhongshu.SupervisionItem
	var milestoneItems []*zhongshu.SupervisionItem
	err := tx.each(ctx, `SELECT i.id, i.source, i.assigning_leader_id, i.responsible_leader_id, i.status, i.feedback_cycle,
		i.due_at, i.original_due_at, i.issued_at, i.completed_at, a.unit_id, a.signed_at
		FROM supervision_items i LEFT JOIN supervision_assignments a ON a.item_id = i.id AND a.role = 'lead'
		WHERE `+relevant+` ORDER BY i.id`, p.args(), func(rows *sql.Rows) error {
		var it zhongshu.SupervisionItem
		var assigning, responsible, unit sql.NullInt64
		var due, orig, issued, completed, signed sql.NullTime
		if err := rows.Scan(&it.ID, &it.Source, &assigning, &responsible, &it.Status, &it.FeedbackCycle, &due, &orig,
			&issued, &completed, &unit, &signed); err != nil {
			return err
		}
		it.AssigningLeaderID, it.ResponsibleLeaderID = idOf(assigning), idOf(responsible)
		it.DueAt, it.OriginalDueAt, it.IssuedAt, it.CompletedAt = timeOf(due), timeOf(orig), timeOf(issued), timeOf(completed)
		if unit.Valid {
			it.Assignments = []zhongshu.Assignment{{UnitID: unit.Int64, Role: zhongshu.AssignmentLead, SignedAt: timeOf(signed)}}
		}
		items = append(items, &it)
		if it.FeedbackCycle == zhongshu.FeedbackMilestone {
			milestoneItems = append(milestoneItems, &it)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store.SupervisionItemsForStats: %w", err)
	}
	for i := 0; i < len(milestoneItems); i += 500 {
		batch := milestoneItems[i:min(i+500, len(milestoneItems))]
		byID := map[int64]*zhongshu.SupervisionItem{}
		ids := make([]int64, len(batch))
		for j, it := range batch {
			byID[it.ID], ids[j] = it, it.ID
		}
		err := tx.each(ctx, `SELECT item_id, name, due_at, done_at FROM supervision_milestones WHERE item_id IN (`+
			placeholders(len(ids))+`) ORDER BY item_id, position`, int64Args(ids), func(rows *sql.Rows) error {
			var id int64
			var m zhongshu.Milestone
			var done sql.NullTime
			if err := rows.Scan(&id, &m.Name, &m.DueAt, &done); err != nil {
				return err
			}
			m.DueAt, m.DoneAt = m.DueAt.UTC(), timeOf(done)
			byID[id].Milestones = append(byID[id].Milestones, m)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("store.SupervisionItemsForStats: milestones: %w", err)
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
// before p's cut-off on the items p's statistics count, oldest first.
func (tx *Tx) SupervisionActionTimes(ctx context.Context, p StatsPeriod, actions ...string) ([]ItemTime, error) {
	if len(actions) == 0 {
		return nil, nil
	}
	args := make([]any, 0, len(actions)+8)
	for _, a := range actions {
		args = append(args, a)
	}
	args = append(append(args, dbTime(p.Cutoff)), p.args()...)
	var out []ItemTime
	err := tx.each(ctx, `SELECT e.item_id, e.action, e.at FROM supervision_events e
		WHERE e.action IN (`+placeholders(len(actions))+`) AND e.at < ?
		AND e.item_id IN (SELECT i.id FROM supervision_items i WHERE `+relevant+`) ORDER BY e.at, e.id`, args,
		func(rows *sql.Rows) error {
			var t ItemTime
			if err := rows.Scan(&t.ItemID, &t.Kind, &t.At); err != nil {
				return err
			}
			t.At = t.At.UTC()
			out = append(out, t)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store.SupervisionActionTimes: %w", err)
	}
	return out, nil
}

// SupervisionReminderTimes returns when the deadline engine sent a reminder
// (催办) within p on the 待办 of the items of module and refType, oldest
// first.
func (tx *Tx) SupervisionReminderTimes(ctx context.Context, p StatsPeriod, module, refType string) ([]ItemTime, error) {
	var out []ItemTime
	err := tx.each(ctx, `SELECT w.ref_id, r.created_at FROM reminders r JOIN work_items w ON w.id = r.work_item_id
		WHERE w.module = ? AND w.ref_type = ? AND r.created_at >= ? AND r.created_at < ? ORDER BY r.created_at, r.id`,
		[]any{module, refType, dbTime(p.From), dbTime(p.Cutoff)}, func(rows *sql.Rows) error {
			t := ItemTime{Kind: "reminder"}
			if err := rows.Scan(&t.ItemID, &t.At); err != nil {
				return err
			}
			t.At = t.At.UTC()
			out = append(out, t)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store.SupervisionReminderTimes: %w", err)
	}
	return out, nil
}
