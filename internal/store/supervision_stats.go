package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// StatsPeriod is the window the 督办 statistics read: [From, To) with the
// counts taken at Cutoff (To, or now if the period has not ended).
type StatsPeriod struct {
	From, To, Cutoff time.Time
}

// statsCandidates are the sets of supervision_items a period's
// statistics can count (DOMAIN.md §5.7): issued before the cut-off and
// either not 办结 before the period began (still open, or 办结 in it) or due
// in the period (an item finished early still counts as 应办结 when its
// due date falls in the period). Each of the four sets is read through its
// own partial index (migration 00008), ids alone.
const statsCandidates = `SELECT id FROM supervision_items WHERE completed_at IS NULL AND issued_at < ?
	UNION ALL SELECT id FROM supervision_items WHERE completed_at >= ?
	UNION ALL SELECT id FROM supervision_items WHERE due_at > ? AND due_at <= ?
	UNION ALL SELECT id FROM supervision_items WHERE original_due_at > ? AND original_due_at <= ?`

// statsCounted is the rest of the condition on an item i of the candidates:
// drafts, items awaiting approval and cancelled items never count, nor
// items not issued before the cut-off.
const statsCounted = `i.status NOT IN ('draft', 'pending_approval', 'cancelled') AND i.issued_at IS NOT NULL AND i.issued_at < ?`

func (p StatsPeriod) candidateArgs() []any {
	return []any{dbTime(p.Cutoff), dbTime(p.From), dbTime(p.From), dbTime(p.To), dbTime(p.From), dbTime(p.To)}
}

// SupervisionStatsCandidates returns, in id order, the ids of the items the
// statistics of p may count: a superset of them, which
// SupervisionItemsForStats narrows chunk by chunk. Only the ids are held
// (8 bytes an item), so that the statistics can read and tally the items a
// chunk at a time; reading them with the rest of the condition in one
// statement per chunk (keyset) would build the union again for every chunk.
// The sets are read whole (UNION ALL) and merged here: SQLite would merge
// them in id order by scanning the whole table.
func (tx *Tx) SupervisionStatsCandidates(ctx context.Context, p StatsPeriod) ([]int64, error) {
	ids, err := tx.int64s(ctx, statsCandidates, p.candidateArgs()...)
	if err != nil {
		return nil, fmt.Errorf("store.SupervisionStatsCandidates: %w", err)
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// inChunk returns the placeholders and arguments of an IN list of ids (not
// empty), padded to the next power of two but not beyond max(size,
// len(ids)) by repeating the last id, which changes nothing in an IN: the
// lists of a chunked read then share a dozen statement texts and prepared
// statements, where each length would otherwise make its own.
func inChunk(ids []int64, size int) (string, []any) {
	n := 1
	for n < len(ids) {
		n *= 2
	}
	n = min(n, max(size, len(ids)))
	args := make([]any, n)
	for i := range args {
		args[i] = ids[min(i, len(ids)-1)]
	}
	return placeholders(n), args
}

// SupervisionItemsForStats returns, in id order, those of the candidate ids
// (see SupervisionStatsCandidates; at most size of them) that the
// statistics of p count, each with only what the statistics read: source,
// leaders, status, feedback cycle, dates, its lead assignment (unit and
// 签收) and, for items reporting by milestone, the milestones.
func (tx *Tx) SupervisionItemsForStats(ctx context.Context, p StatsPeriod, ids []int64, size int) ([]*zhongshu.SupervisionItem, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	in, args := inChunk(ids, size)
	var items []*zhongshu.SupervisionItem
	byID := make(map[int64]*zhongshu.SupervisionItem, len(ids))
	err := tx.each(ctx, `SELECT i.id, i.source, i.assigning_leader_id, i.responsible_leader_id, i.status, i.feedback_cycle,
		i.due_at, i.original_due_at, i.issued_at, i.completed_at, a.unit_id, a.signed_at
		FROM supervision_items i LEFT JOIN supervision_assignments a ON a.item_id = i.id AND a.role = 'lead'
		WHERE i.id IN (`+in+`) AND `+statsCounted+` ORDER BY i.id`, append(args, dbTime(p.Cutoff)),
		func(rows *sql.Rows) error {
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
			byID[it.ID] = &it
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store.SupervisionItemsForStats: %w", err)
	}
	// The milestones of the chunk's 按节点 items.
	var milestoneIDs []int64
	for _, it := range items {
		if it.FeedbackCycle == zhongshu.FeedbackMilestone {
			milestoneIDs = append(milestoneIDs, it.ID)
		}
	}
	if len(milestoneIDs) == 0 {
		return items, nil
	}
	in, args = inChunk(milestoneIDs, size)
	err = tx.each(ctx, `SELECT item_id, name, due_at, done_at FROM supervision_milestones WHERE item_id IN (`+in+
		`) ORDER BY item_id, position`, args, func(rows *sql.Rows) error {
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
	return items, nil
}

// ItemTime is one dated happening on a 督办 item: a timeline action.
type ItemTime struct {
	ItemID int64
	Kind   string // the action
	At     time.Time
}

// SupervisionActionTimes returns when the given timeline actions happened
// before p's cut-off on the items ids (at most size of them), by item and
// oldest first.
func (tx *Tx) SupervisionActionTimes(ctx context.Context, p StatsPeriod, ids []int64, size int, actions ...string) ([]ItemTime, error) {
	if len(actions) == 0 || len(ids) == 0 {
		return nil, nil
	}
	in, idArgs := inChunk(ids, size)
	args := make([]any, 0, len(actions)+1+len(idArgs))
	for _, a := range actions {
		args = append(args, a)
	}
	args = append(append(args, dbTime(p.Cutoff)), idArgs...)
	var out []ItemTime
	err := tx.each(ctx, `SELECT e.item_id, e.action, e.at FROM supervision_events e
		WHERE e.action IN (`+placeholders(len(actions))+`) AND e.at < ? AND e.item_id IN (`+in+`)
		ORDER BY e.item_id, e.at, e.id`, args,
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

// SupervisionReminderCounts returns how many reminders (催办) the deadline
// engine sent within p on the 待办 of module and refType, by the item they
// refer to. One pass over the period's reminders, counted in the query:
// there is no index from an item to its 待办 for reading them chunk by
// chunk, and a count an item is all the statistics need.
func (tx *Tx) SupervisionReminderCounts(ctx context.Context, p StatsPeriod, module, refType string) (map[int64]int, error) {
	out := map[int64]int{}
	err := tx.each(ctx, `SELECT w.ref_id, COUNT(*) FROM reminders r JOIN work_items w ON w.id = r.work_item_id
		WHERE w.module = ? AND w.ref_type = ? AND r.created_at >= ? AND r.created_at < ? GROUP BY w.ref_id`,
		[]any{module, refType, dbTime(p.From), dbTime(p.Cutoff)}, func(rows *sql.Rows) error {
			var id int64
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				return err
			}
			out[id] = n
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store.SupervisionReminderCounts: %w", err)
	}
	return out, nil
}
