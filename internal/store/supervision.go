package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// SupervisionNumber formats the 督办编号 n of year: 督〔2026〕1号, no
// leading zeros (DOMAIN.md §2.2).
func SupervisionNumber(year, n int) string { return fmt.Sprintf("督〔%d〕%d号", year, n) }

// NextSupervisionNumber takes the next n of year's 督办编号 sequence. It
// must run in the transaction that creates the item: the row stays locked
// until commit, so that concurrent creations queue and a rolled-back
// creation gives its number back — no gaps, no duplicates.
func (tx *Tx) NextSupervisionNumber(ctx context.Context, year int) (int, error) {
	var n int
	err := tx.queryRow(ctx, `INSERT INTO supervision_numbers (year, last) VALUES (?, 1)
		ON CONFLICT (year) DO UPDATE SET last = supervision_numbers.last + 1 RETURNING last`, year).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store.NextSupervisionNumber(%d): %w", year, tx.dialect.mapError(err))
	}
	return n, nil
}

const supervisionColumns = `id, number, title, source, source_ref, content, assigning_leader_id, responsible_leader_id,
	supervisor_id, status, status_before_suspend, feedback_cycle, due_at, original_due_at, requested_due_at, returns,
	extensions, created_at, issued_at, completed_at, closed_at, incoming_id`

func scanSupervisionItem(s interface{ Scan(...any) error }) (*zhongshu.SupervisionItem, error) {
	var it zhongshu.SupervisionItem
	var assigning, responsible sql.NullInt64
	var due, orig, req, issued, completed, closed sql.NullTime
	var incoming sql.NullInt64
	err := s.Scan(&it.ID, &it.Number, &it.Title, &it.Source, &it.SourceRef, &it.Content, &assigning, &responsible,
		&it.SupervisorID, &it.Status, &it.StatusBeforeSuspend, &it.FeedbackCycle, &due, &orig, &req, &it.Returns,
		&it.Extensions, &it.CreatedAt, &issued, &completed, &closed, &incoming)
	if err != nil {
		return nil, err
	}
	it.AssigningLeaderID, it.ResponsibleLeaderID, it.IncomingID = idOf(assigning), idOf(responsible), idOf(incoming)
	it.DueAt, it.OriginalDueAt, it.RequestedDueAt = timeOf(due), timeOf(orig), timeOf(req)
	it.IssuedAt, it.CompletedAt, it.ClosedAt = timeOf(issued), timeOf(completed), timeOf(closed)
	it.CreatedAt = it.CreatedAt.UTC()
	return &it, nil
}

// CreateSupervisionItem inserts it with its assignments and milestones and
// sets its ID and CreatedAt. The caller allocates the number (see
// NextSupervisionNumber) and passes its year and n.
func (tx *Tx) CreateSupervisionItem(ctx context.Context, it *zhongshu.SupervisionItem, year, seq int) error {
	it.CreatedAt = tx.now
	id, err := tx.insert(ctx, `INSERT INTO supervision_items (year, seq, number, title, source, source_ref, content,
		assigning_leader_id, responsible_leader_id, supervisor_id, status, status_before_suspend, feedback_cycle,
		due_at, original_due_at, requested_due_at, returns, extensions, created_at, updated_at, issued_at,
		completed_at, closed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		year, seq, it.Number, it.Title, it.Source, it.SourceRef, it.Content, nullID(it.AssigningLeaderID),
		nullID(it.ResponsibleLeaderID), it.SupervisorID, it.Status, it.StatusBeforeSuspend, it.FeedbackCycle,
		nullTime(it.DueAt), nullTime(it.OriginalDueAt), nullTime(it.RequestedDueAt), it.Returns, it.Extensions,
		tx.now, tx.now, nullTime(it.IssuedAt), nullTime(it.CompletedAt), nullTime(it.ClosedAt))
	if err != nil {
		return fmt.Errorf("store.CreateSupervisionItem(%q): %w", it.Title, err)
	}
	it.ID = id
	if err := tx.writeSupervisionParts(ctx, it); err != nil {
		return fmt.Errorf("store.CreateSupervisionItem(%q): %w", it.Title, err)
	}
	return nil
}

// UpdateSupervisionItem writes every changeable field of it: status,
// dates, counters, and its assignments and milestones. The number, source
// and creation time are fixed at creation.
//
// before is the item as this transaction read it, or nil. With it, only
// the columns, assignments and milestones that changed are written — most
// actions sign, report or change the status, and rewriting every row and
// its indexes was a tenth of an action's cost; without it all are.
func (tx *Tx) UpdateSupervisionItem(ctx context.Context, it, before *zhongshu.SupervisionItem) error {
	set, args := supervisionChanges(it, before)
	res, err := tx.exec(ctx, `UPDATE supervision_items SET `+set+`updated_at = ? WHERE id = ?`, append(args, tx.now, it.ID)...)
	if err != nil {
		return fmt.Errorf("store.UpdateSupervisionItem(%d): %w", it.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errNotFound("督办事项")
	}
	if before == nil {
		before = &zhongshu.SupervisionItem{}
	}
	if err := tx.updateAssignments(ctx, it, before.Assignments); err != nil {
		return fmt.Errorf("store.UpdateSupervisionItem(%d): %w", it.ID, err)
	}
	if err := tx.updateMilestones(ctx, it, before.Milestones); err != nil {
		return fmt.Errorf("store.UpdateSupervisionItem(%d): %w", it.ID, err)
	}
	return nil
}

// supervisionChanges is the SET list ("col = ?, " each) and values of the
// columns in which it differs from before, or of every changeable column
// when before is nil. SQLite rewrites the entries of every index on a
// column named in an UPDATE's SET list, changed or not; an action changes
// one or two of the item's columns and none of most of its five indexes.
func supervisionChanges(it, before *zhongshu.SupervisionItem) (string, []any) {
	var set strings.Builder
	var args []any
	col := func(name string, changed bool, v any) {
		if before == nil || changed {
			set.WriteString(name + " = ?, ")
			args = append(args, v)
		}
	}
	b := before
	if b == nil {
		b = &zhongshu.SupervisionItem{}
	}
	col("title", it.Title != b.Title, it.Title)
	col("source_ref", it.SourceRef != b.SourceRef, it.SourceRef)
	col("content", it.Content != b.Content, it.Content)
	col("assigning_leader_id", it.AssigningLeaderID != b.AssigningLeaderID, nullID(it.AssigningLeaderID))
	col("responsible_leader_id", it.ResponsibleLeaderID != b.ResponsibleLeaderID, nullID(it.ResponsibleLeaderID))
	col("supervisor_id", it.SupervisorID != b.SupervisorID, it.SupervisorID)
	col("status", it.Status != b.Status, it.Status)
	col("status_before_suspend", it.StatusBeforeSuspend != b.StatusBeforeSuspend, it.StatusBeforeSuspend)
	col("feedback_cycle", it.FeedbackCycle != b.FeedbackCycle, it.FeedbackCycle)
	col("due_at", !sameTime(it.DueAt, b.DueAt), nullTime(it.DueAt))
	col("original_due_at", !sameTime(it.OriginalDueAt, b.OriginalDueAt), nullTime(it.OriginalDueAt))
	col("requested_due_at", !sameTime(it.RequestedDueAt, b.RequestedDueAt), nullTime(it.RequestedDueAt))
	col("returns", it.Returns != b.Returns, it.Returns)
	col("extensions", it.Extensions != b.Extensions, it.Extensions)
	col("issued_at", !sameTime(it.IssuedAt, b.IssuedAt), nullTime(it.IssuedAt))
	col("completed_at", !sameTime(it.CompletedAt, b.CompletedAt), nullTime(it.CompletedAt))
	col("closed_at", !sameTime(it.ClosedAt, b.ClosedAt), nullTime(it.ClosedAt))
	return set.String(), args
}

// updateAssignments writes it's assignments over those it had (before):
// row by row where the same units hold the same roles, so that no two rows
// are ever both the lead, else all anew.
func (tx *Tx) updateAssignments(ctx context.Context, it *zhongshu.SupervisionItem, before []zhongshu.Assignment) error {
	same := len(before) == len(it.Assignments)
	for i := 0; same && i < len(before); i++ {
		same = before[i].UnitID == it.Assignments[i].UnitID && before[i].Role == it.Assignments[i].Role
	}
	if !same {
		if _, err := tx.exec(ctx, `DELETE FROM supervision_assignments WHERE item_id = ?`, it.ID); err != nil {
			return err
		}
		return tx.insertAssignments(ctx, it)
	}
	for i, a := range it.Assignments {
		b := before[i]
		if a.PersonID == b.PersonID && sameTime(a.SignedAt, b.SignedAt) && sameTime(a.ObjectedAt, b.ObjectedAt) &&
			sameTime(a.CoInputAt, b.CoInputAt) && sameTime(a.CoInputDue, b.CoInputDue) {
			continue
		}
		if _, err := tx.exec(ctx, `UPDATE supervision_assignments SET person_id = ?, signed_at = ?, objected_at = ?,
			co_input_at = ?, co_input_due = ? WHERE item_id = ? AND position = ?`,
			nullID(a.PersonID), nullTime(a.SignedAt), nullTime(a.ObjectedAt), nullTime(a.CoInputAt),
			nullTime(a.CoInputDue), it.ID, i); err != nil {
			return fmt.Errorf("assignment of unit %d: %w", a.UnitID, err)
		}
	}
	return nil
}

// updateMilestones is updateAssignments for the milestones: row by row
// where only what is done changed.
func (tx *Tx) updateMilestones(ctx context.Context, it *zhongshu.SupervisionItem, before []zhongshu.Milestone) error {
	same := len(before) == len(it.Milestones)
	for i := 0; same && i < len(before); i++ {
		same = before[i].Name == it.Milestones[i].Name && sameTime(before[i].DueAt, it.Milestones[i].DueAt)
	}
	if !same {
		if _, err := tx.exec(ctx, `DELETE FROM supervision_milestones WHERE item_id = ?`, it.ID); err != nil {
			return err
		}
		return tx.insertMilestones(ctx, it)
	}
	for i, m := range it.Milestones {
		if sameTime(m.DoneAt, before[i].DoneAt) {
			continue
		}
		if _, err := tx.exec(ctx, `UPDATE supervision_milestones SET done_at = ? WHERE item_id = ? AND position = ?`,
			nullTime(m.DoneAt), it.ID, i); err != nil {
			return fmt.Errorf("milestone %q: %w", m.Name, err)
		}
	}
	return nil
}

// sameTime reports whether a and b are stored as the same value.
func sameTime(a, b time.Time) bool {
	if a.IsZero() || b.IsZero() {
		return a.IsZero() == b.IsZero()
	}
	return dbTime(a).Equal(dbTime(b))
}

func (tx *Tx) writeSupervisionParts(ctx context.Context, it *zhongshu.SupervisionItem) error {
	if err := tx.insertAssignments(ctx, it); err != nil {
		return err
	}
	return tx.insertMilestones(ctx, it)
}

func (tx *Tx) insertAssignments(ctx context.Context, it *zhongshu.SupervisionItem) error {
	for i, a := range it.Assignments {
		if _, err := tx.exec(ctx, `INSERT INTO supervision_assignments (item_id, unit_id, position, role, person_id,
			signed_at, objected_at, co_input_at, co_input_due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			it.ID, a.UnitID, i, a.Role, nullID(a.PersonID), nullTime(a.SignedAt), nullTime(a.ObjectedAt),
			nullTime(a.CoInputAt), nullTime(a.CoInputDue)); err != nil {
			return fmt.Errorf("assignment of unit %d: %w", a.UnitID, err)
		}
	}
	return nil
}

func (tx *Tx) insertMilestones(ctx context.Context, it *zhongshu.SupervisionItem) error {
	for i, m := range it.Milestones {
		if _, err := tx.exec(ctx, `INSERT INTO supervision_milestones (item_id, position, name, due_at, done_at)
			VALUES (?, ?, ?, ?, ?)`, it.ID, i, m.Name, dbTime(m.DueAt), nullTime(m.DoneAt)); err != nil {
			return fmt.Errorf("milestone %q: %w", m.Name, err)
		}
	}
	return nil
}

// FindSupervisionItemByID returns the item with its assignments and
// milestones. In a write transaction it locks the row (PostgreSQL), so that
// two actions on one item run one after the other.
func (tx *Tx) FindSupervisionItemByID(ctx context.Context, id int64) (*zhongshu.SupervisionItem, error) {
	q := `SELECT ` + supervisionColumns + ` FROM supervision_items WHERE id = ?`
	if tx.write {
		q += tx.dialect.forUpdate()
	}
	it, err := scanSupervisionItem(tx.queryRow(ctx, q, id))
	if err != nil {
		return nil, fmt.Errorf("store.FindSupervisionItemByID(%d): %w", id, notFound(err, "督办事项"))
	}
	if err := tx.attachSupervisionParts(ctx, []*zhongshu.SupervisionItem{it}); err != nil {
		return nil, fmt.Errorf("store.FindSupervisionItemByID(%d): %w", id, err)
	}
	return it, nil
}

// SupervisionScope limits a list to the items a person may see (DOMAIN.md
// §2.8): those where one of People is the 督查员, a leader concerned or an
// assignment's 责任人, or one of Units is assigned.
type SupervisionScope struct {
	People []int64
	Units  []int64
}

// SupervisionFilter selects 督办 items. Zero fields do not filter.
type SupervisionFilter struct {
	Statuses     []zhongshu.SupervisionStatus
	Source       zhongshu.SupervisionSource
	UnitID       int64 // assigned (主办 or 协办)
	LeaderID     int64 // assigning or responsible leader
	SupervisorID int64
	Overdue      bool // active and past due at the transaction's time
	Year         int
	// Scope, when set, keeps only the items its people and units may see.
	Scope         *SupervisionScope
	Offset, Limit int
}

func (f SupervisionFilter) where(now time.Time) (string, []any) {
	where, args := f.conditions("i", now)
	if s := f.Scope; s != nil {
		// One set of visible ids, built from the indexes (assignments by
		// unit and person, items by supervisor and leaders), rather than an
		// OR of correlated conditions that would visit every item. The
		// leaders' sets repeat the filter's conditions, so that each reads
		// only the matching items through its index (leader, status, due
		// date; migration 00015): a county leader is the 交办 or 分管
		// leader of a large share of all items, of which the 超期 or 办理中
		// ones are few. The 督查员 set is read as before: 督查员 see every
		// item unscoped, so a scoped viewer is seldom an item's 督查员.
		var sets []string
		if len(s.People) > 0 {
			ph := placeholders(len(s.People))
			cond, condArgs := f.conditions("s", now)
			rest := ""
			if len(cond) > 0 {
				rest = " AND " + strings.Join(cond, " AND ")
			}
			sets = append(sets, `SELECT id FROM supervision_items WHERE supervisor_id IN (`+ph+`)`)
			args = append(args, int64Args(s.People)...)
			for _, col := range []string{"assigning_leader_id", "responsible_leader_id"} {
				sets = append(sets, `SELECT s.id FROM supervision_items s WHERE s.`+col+` IN (`+ph+`)`+rest)
				args = append(append(args, int64Args(s.People)...), condArgs...)
			}
			sets = append(sets, `SELECT item_id FROM supervision_assignments WHERE person_id IN (`+ph+`)`)
			args = append(args, int64Args(s.People)...)
		}
		if len(s.Units) > 0 {
			sets = append(sets, `SELECT item_id FROM supervision_assignments WHERE unit_id IN (`+placeholders(len(s.Units))+`)`)
			args = append(args, int64Args(s.Units)...)
		}
		if len(sets) == 0 {
			where = append(where, "1 = 0")
		} else {
			where = append(where, "i.id IN ("+strings.Join(sets, " UNION ALL ")+")") // membership only: no need to de-duplicate
		}
	}
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// conditions are the filter's conditions but the scope, on the items
// table aliased t, with their arguments.
func (f SupervisionFilter) conditions(t string, now time.Time) ([]string, []any) {
	var where []string
	var args []any
	if len(f.Statuses) > 0 {
		where = append(where, t+`.status IN (`+placeholders(len(f.Statuses))+`)`)
		for _, s := range f.Statuses {
			args = append(args, s)
		}
	}
	if f.Source != "" {
		where, args = append(where, t+`.source = ?`), append(args, f.Source)
	}
	if f.UnitID != 0 {
		where, args = append(where, `EXISTS (SELECT 1 FROM supervision_assignments a WHERE a.item_id = `+t+`.id AND a.unit_id = ?)`),
			append(args, f.UnitID)
	}
	if f.LeaderID != 0 {
		where, args = append(where, `(`+t+`.assigning_leader_id = ? OR `+t+`.responsible_leader_id = ?)`), append(args, f.LeaderID, f.LeaderID)
	}
	if f.SupervisorID != 0 {
		where, args = append(where, t+`.supervisor_id = ?`), append(args, f.SupervisorID)
	}
	if f.Overdue {
		where, args = append(where, t+`.status IN (`+activeStatuses+`) AND `+t+`.due_at <= ?`), append(args, now)
	}
	if f.Year != 0 {
		where, args = append(where, t+`.year = ?`), append(args, f.Year)
	}
	return where, args
}

// activeStatuses lists the statuses of an item whose deadline runs, as SQL
// literals.
var activeStatuses = func() string {
	var active []string
	for _, s := range zhongshu.AllSupervisionStatuses() {
		if s.Active() {
			active = append(active, "'"+string(s)+"'")
		}
	}
	return strings.Join(active, ", ")
}()

// FindSupervisionItems returns one page of the items matching f, newest
// number first, with assignments and milestones, and the total ignoring
// paging.
func (tx *Tx) FindSupervisionItems(ctx context.Context, f SupervisionFilter) ([]*zhongshu.SupervisionItem, int, error) {
	cond, args := f.where(tx.now)
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM supervision_items i`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store.FindSupervisionItems: %w", err)
	}
	// The page's ids are sorted alone, then only its rows are read: a
	// leader's 超期 list matches thousands of wide rows.
	rows, err := tx.query(ctx, `SELECT `+prefixed("i.", supervisionColumns)+` FROM supervision_items i WHERE i.id IN (
		SELECT i.id FROM supervision_items i`+cond+` ORDER BY i.year DESC, i.seq DESC LIMIT ? OFFSET ?)
		ORDER BY i.year DESC, i.seq DESC`, append(args, zhongshu.PageLimit(f.Limit), f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store.FindSupervisionItems: %w", err)
	}
	defer rows.Close()
	var items []*zhongshu.SupervisionItem
	for rows.Next() {
		it, err := scanSupervisionItem(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store.FindSupervisionItems: %w", err)
		}
		items = append(items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store.FindSupervisionItems: %w", err)
	}
	rows.Close()
	if err := tx.attachSupervisionParts(ctx, items); err != nil {
		return nil, 0, fmt.Errorf("store.FindSupervisionItems: %w", err)
	}
	return items, total, nil
}

// prefixed qualifies a comma-separated column list with p.
func prefixed(p, columns string) string {
	cols := strings.Split(columns, ",")
	for i, c := range cols {
		cols[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}

// attachSupervisionParts loads the assignments and milestones of items.
func (tx *Tx) attachSupervisionParts(ctx context.Context, items []*zhongshu.SupervisionItem) error {
	if len(items) == 0 {
		return nil
	}
	byID := make(map[int64]*zhongshu.SupervisionItem, len(items))
	ids := make([]int64, len(items))
	for i, it := range items {
		byID[it.ID], ids[i] = it, it.ID
		it.Assignments, it.Milestones = nil, nil
	}
	in := placeholders(len(ids))
	rows, err := tx.query(ctx, `SELECT item_id, unit_id, role, person_id, signed_at, objected_at, co_input_at, co_input_due
		FROM supervision_assignments WHERE item_id IN (`+in+`) ORDER BY item_id, position`, int64Args(ids)...)
	if err != nil {
		return fmt.Errorf("assignments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var itemID int64
		var a zhongshu.Assignment
		var person sql.NullInt64
		var signed, objected, input, inputDue sql.NullTime
		if err := rows.Scan(&itemID, &a.UnitID, &a.Role, &person, &signed, &objected, &input, &inputDue); err != nil {
			return fmt.Errorf("assignments: %w", err)
		}
		a.PersonID = idOf(person)
		a.SignedAt, a.ObjectedAt, a.CoInputAt, a.CoInputDue = timeOf(signed), timeOf(objected), timeOf(input), timeOf(inputDue)
		byID[itemID].Assignments = append(byID[itemID].Assignments, a)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("assignments: %w", err)
	}
	rows.Close()
	rows, err = tx.query(ctx, `SELECT item_id, name, due_at, done_at FROM supervision_milestones
		WHERE item_id IN (`+in+`) ORDER BY item_id, position`, int64Args(ids)...)
	if err != nil {
		return fmt.Errorf("milestones: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var itemID int64
		var m zhongshu.Milestone
		var done sql.NullTime
		if err := rows.Scan(&itemID, &m.Name, &m.DueAt, &done); err != nil {
			return fmt.Errorf("milestones: %w", err)
		}
		m.DueAt, m.DoneAt = m.DueAt.UTC(), timeOf(done)
		byID[itemID].Milestones = append(byID[itemID].Milestones, m)
	}
	return rows.Err()
}

// SupervisionEvent is one entry of an item's timeline.
type SupervisionEvent struct {
	ID         int64
	ItemID     int64
	At         time.Time
	ActorID    int64 // 0 for the system
	ActorName  string
	Action     string // the workflow action, or "create"
	FromStatus zhongshu.SupervisionStatus
	ToStatus   zhongshu.SupervisionStatus
	Text       string // the reason, progress, 协办意见 or 批示 the action carried
}

// AddSupervisionEvent appends e to its item's timeline at the
// transaction's time and sets its ID and At.
func (tx *Tx) AddSupervisionEvent(ctx context.Context, e *SupervisionEvent) error {
	e.At = tx.now
	id, err := tx.insert(ctx, `INSERT INTO supervision_events (item_id, at, actor_id, actor_name, action, from_status,
		to_status, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ItemID, tx.now, e.ActorID, e.ActorName, e.Action, e.FromStatus, e.ToStatus, e.Text)
	if err != nil {
		return fmt.Errorf("store.AddSupervisionEvent(%d): %w", e.ItemID, err)
	}
	e.ID = id
	return nil
}

// FindSupervisionEvents returns an item's timeline, oldest first.
func (tx *Tx) FindSupervisionEvents(ctx context.Context, itemID int64) ([]*SupervisionEvent, error) {
	rows, err := tx.query(ctx, `SELECT id, item_id, at, actor_id, actor_name, action, from_status, to_status, text
		FROM supervision_events WHERE item_id = ? ORDER BY id`, itemID)
	if err != nil {
		return nil, fmt.Errorf("store.FindSupervisionEvents(%d): %w", itemID, err)
	}
	defer rows.Close()
	var es []*SupervisionEvent
	for rows.Next() {
		var e SupervisionEvent
		if err := rows.Scan(&e.ID, &e.ItemID, &e.At, &e.ActorID, &e.ActorName, &e.Action, &e.FromStatus, &e.ToStatus,
			&e.Text); err != nil {
			return nil, fmt.Errorf("store.FindSupervisionEvents(%d): %w", itemID, err)
		}
		e.At = e.At.UTC()
		es = append(es, &e)
	}
	return es, rows.Err()
}
