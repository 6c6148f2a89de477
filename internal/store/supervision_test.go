package store_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/store/storetest"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// supervisionWorld is the people and units a 督办 item refers to.
type supervisionWorld struct {
	supervisor, leader, liaison int64
	lead, co, other             int64
}

func newSupervisionWorld(t *testing.T, ctx context.Context, db *store.DB) supervisionWorld {
	t.Helper()
	var w supervisionWorld
	err := db.Transact(ctx, func(tx *store.Tx) error {
		for _, p := range []struct {
			id   *int64
			name string
		}{{&w.supervisor, "duchayuan"}, {&w.leader, "xianzhang"}, {&w.liaison, "fgj.lly"}} {
			u := &zhongshu.User{Username: p.name, Name: p.name, Status: zhongshu.UserActive}
			if err := tx.CreateUser(ctx, u, "", false); err != nil {
				return err
			}
			*p.id = u.ID
		}
		for _, p := range []struct {
			id   *int64
			name string
		}{{&w.lead, "县发改局"}, {&w.co, "城关镇"}, {&w.other, "县财政局"}} {
			u := &zhongshu.Unit{Type: zhongshu.UnitDepartment, FullName: p.name, Active: true}
			if err := tx.CreateUnit(ctx, u); err != nil {
				return err
			}
			*p.id = u.ID
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// readItem reads item id back from the read pool.
func readItem(t *testing.T, db *store.DB, id int64) *zhongshu.SupervisionItem {
	t.Helper()
	ctx := context.Background()
	var got *zhongshu.SupervisionItem
	if err := db.View(ctx, func(tx *store.Tx) (err error) { got, err = tx.FindSupervisionItemByID(ctx, id); return err }); err != nil {
		t.Fatal(err)
	}
	return got
}

func (w supervisionWorld) item(title string) *zhongshu.SupervisionItem {
	due := time.Date(2026, 12, 31, 16, 0, 0, 0, time.UTC)
	return &zhongshu.SupervisionItem{Title: title, Source: zhongshu.SourceInstruction, SourceRef: "县长批示",
		Content: "抓紧落实", AssigningLeaderID: w.leader, SupervisorID: w.supervisor, Status: zhongshu.SupervisionDraft,
		DueAt: due, FeedbackCycle: zhongshu.FeedbackMilestone,
		Milestones: []zhongshu.Milestone{{Name: "制定方案", DueAt: due.AddDate(0, -1, 0)}, {Name: "完成", DueAt: due}},
		Assignments: []zhongshu.Assignment{
			{UnitID: w.lead, Role: zhongshu.AssignmentLead, PersonID: w.liaison},
			{UnitID: w.co, Role: zhongshu.AssignmentCo, CoInputDue: due.AddDate(0, 0, -7)},
		}}
}

func createItem(ctx context.Context, tx *store.Tx, it *zhongshu.SupervisionItem, year int) error {
	n, err := tx.NextSupervisionNumber(ctx, year)
	if err != nil {
		return err
	}
	it.Number = store.SupervisionNumber(year, n)
	return tx.CreateSupervisionItem(ctx, it, year, n)
}

func TestStore_SupervisionNumbersUnderConcurrency(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newSupervisionWorld(t, ctx, db)
		const workers, each = 8, 10
		var wg sync.WaitGroup
		errs := make(chan error, workers*each)
		for g := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					errs <- db.Transact(ctx, func(tx *store.Tx) error {
						return createItem(ctx, tx, w.item(fmt.Sprintf("事项%d-%d", g, i)), 2026)
					})
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		// A rolled-back creation gives its number back.
		_ = db.Transact(ctx, func(tx *store.Tx) error {
			if err := createItem(ctx, tx, w.item("作废"), 2026); err != nil {
				return err
			}
			return fmt.Errorf("rollback")
		})
		var items []*zhongshu.SupervisionItem
		var total int
		err := db.View(ctx, func(tx *store.Tx) (err error) {
			items, total, err = tx.FindSupervisionItems(ctx, store.SupervisionFilter{Year: 2026, Limit: 200})
			return err
		})
		if err != nil || total != workers*each || len(items) != total {
			t.Fatalf("FindSupervisionItems: %d items, total %d, %v", len(items), total, err)
		}
		var got, want []string
		for i := range total {
			want = append(want, store.SupervisionNumber(2026, total-i))
			got = append(got, items[i].Number)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("numbers, newest first (-want +got):\n%s", diff)
		}
		err = db.Transact(ctx, func(tx *store.Tx) error {
			n27, err := tx.NextSupervisionNumber(ctx, 2027)
			if err != nil {
				return err
			}
			n26, err := tx.NextSupervisionNumber(ctx, 2026)
			if n27 != 1 || n26 != workers*each+1 {
				t.Errorf("next numbers: 2027 → %d, 2026 → %d", n27, n26)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := store.SupervisionNumber(2026, 7); got != "督〔2026〕7号" {
			t.Errorf("number format = %s", got)
		}
	})
}

func TestStore_SupervisionItems(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newSupervisionWorld(t, ctx, db)
		it := w.item("关于加快城区停车场建设的批示")
		if err := db.Transact(ctx, func(tx *store.Tx) error { return createItem(ctx, tx, it, 2026) }); err != nil {
			t.Fatal(err)
		}
		find := func(id int64) *zhongshu.SupervisionItem { return readItem(t, db, id) }
		if diff := cmp.Diff(it, find(it.ID)); diff != "" {
			t.Errorf("FindSupervisionItemByID after create (-want +got):\n%s", diff)
		}

		// Status, dates, counters, and a reassignment that replaces the units.
		now := time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC)
		it.Status, it.IssuedAt, it.Returns, it.Extensions = zhongshu.SupervisionIssued, now, 1, 2
		it.OriginalDueAt, it.DueAt = it.DueAt, it.DueAt.AddDate(0, 0, 10)
		it.Milestones[0].DoneAt = now
		it.Assignments = []zhongshu.Assignment{{UnitID: w.other, Role: zhongshu.AssignmentLead, SignedAt: now},
			{UnitID: w.lead, Role: zhongshu.AssignmentCo, ObjectedAt: now, CoInputAt: now}}
		if err := db.Transact(ctx, func(tx *store.Tx) error { return tx.UpdateSupervisionItem(ctx, it, nil) }); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(it, find(it.ID)); diff != "" {
			t.Errorf("FindSupervisionItemByID after update (-want +got):\n%s", diff)
		}

		t.Run("OneLeadPerItem", func(t *testing.T) {
			bad := *it
			bad.Assignments = []zhongshu.Assignment{{UnitID: w.lead, Role: zhongshu.AssignmentLead},
				{UnitID: w.co, Role: zhongshu.AssignmentLead}}
			err := db.Transact(ctx, func(tx *store.Tx) error { return tx.UpdateSupervisionItem(ctx, &bad, nil) })
			if zhongshu.ErrorCode(err) != zhongshu.CodeConflict {
				t.Errorf("two leads: %v, want conflict", err)
			}
		})
		t.Run("BadStatusRefused", func(t *testing.T) {
			bad := *it
			bad.Status = "lost"
			err := db.Transact(ctx, func(tx *store.Tx) error { return tx.UpdateSupervisionItem(ctx, &bad, nil) })
			if zhongshu.ErrorCode(err) != zhongshu.CodeInvalid {
				t.Errorf("unknown status: %v, want invalid", err)
			}
		})
		t.Run("NotFound", func(t *testing.T) {
			err := db.View(ctx, func(tx *store.Tx) error { _, err := tx.FindSupervisionItemByID(ctx, 9999); return err })
			if zhongshu.ErrorCode(err) != zhongshu.CodeNotFound {
				t.Errorf("missing item: %v", err)
			}
		})

		t.Run("Events", func(t *testing.T) {
			err := db.Transact(ctx, func(tx *store.Tx) error {
				for _, e := range []*store.SupervisionEvent{
					{ItemID: it.ID, ActorID: w.supervisor, ActorName: "曹静", Action: "create", ToStatus: zhongshu.SupervisionDraft},
					{ItemID: it.ID, ActorID: w.liaison, ActorName: "联络员", Action: "report", FromStatus: zhongshu.SupervisionInProgress,
						ToStatus: zhongshu.SupervisionInProgress, Text: "已完成选址"},
				} {
					if err := tx.AddSupervisionEvent(ctx, e); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			var es []*store.SupervisionEvent
			if err := db.View(ctx, func(tx *store.Tx) (err error) { es, err = tx.FindSupervisionEvents(ctx, it.ID); return err }); err != nil {
				t.Fatal(err)
			}
			if len(es) != 2 || es[0].Action != "create" || es[1].Text != "已完成选址" || es[1].At.IsZero() {
				t.Errorf("events = %+v", es)
			}
		})

		// A second item in another year, another unit, a draft.
		other := w.item("关于热线工单的督办")
		other.Source, other.AssigningLeaderID = zhongshu.SourceHotline, 0
		other.Assignments = []zhongshu.Assignment{{UnitID: w.co, Role: zhongshu.AssignmentLead}}
		if err := db.Transact(ctx, func(tx *store.Tx) error { return createItem(ctx, tx, other, 2027) }); err != nil {
			t.Fatal(err)
		}
		t.Run("Filter", func(t *testing.T) {
			past := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			overdue := w.item("超期事项")
			overdue.Status, overdue.DueAt, overdue.Milestones = zhongshu.SupervisionInProgress, past, nil
			if err := db.Transact(ctx, func(tx *store.Tx) error { return createItem(ctx, tx, overdue, 2025) }); err != nil {
				t.Fatal(err)
			}
			ids := func(f store.SupervisionFilter) ([]int64, int) {
				t.Helper()
				var items []*zhongshu.SupervisionItem
				var total int
				if err := db.View(ctx, func(tx *store.Tx) (err error) {
					items, total, err = tx.FindSupervisionItems(ctx, f)
					return err
				}); err != nil {
					t.Fatal(err)
				}
				var out []int64
				for _, x := range items {
					out = append(out, x.ID)
				}
				slices.Sort(out)
				return out, total
			}
			tests := []struct {
				name string
				f    store.SupervisionFilter
				want []int64
			}{
				{"all", store.SupervisionFilter{}, []int64{it.ID, other.ID, overdue.ID}},
				{"status", store.SupervisionFilter{Statuses: []zhongshu.SupervisionStatus{zhongshu.SupervisionDraft}}, []int64{other.ID}},
				{"source", store.SupervisionFilter{Source: zhongshu.SourceHotline}, []int64{other.ID}},
				{"unit", store.SupervisionFilter{UnitID: w.co}, []int64{other.ID, overdue.ID}},
				{"leader", store.SupervisionFilter{LeaderID: w.leader}, []int64{it.ID, overdue.ID}},
				{"supervisor", store.SupervisionFilter{SupervisorID: w.supervisor}, []int64{it.ID, other.ID, overdue.ID}},
				{"overdue", store.SupervisionFilter{Overdue: true}, []int64{overdue.ID}},
				{"year", store.SupervisionFilter{Year: 2027}, []int64{other.ID}},
				{"scope: unit", store.SupervisionFilter{Scope: &store.SupervisionScope{Units: []int64{w.other}}}, []int64{it.ID}},
				{"scope: person", store.SupervisionFilter{Scope: &store.SupervisionScope{People: []int64{w.liaison}}}, []int64{overdue.ID}},
				{"scope: leader", store.SupervisionFilter{Scope: &store.SupervisionScope{People: []int64{w.leader}}}, []int64{it.ID, overdue.ID}},
				{"scope: nobody", store.SupervisionFilter{Scope: &store.SupervisionScope{}}, nil},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					got, total := ids(tt.f)
					if !slices.Equal(got, tt.want) || total != len(tt.want) {
						t.Errorf("ids = %v (total %d), want %v", got, total, tt.want)
					}
				})
			}
			// Paging keeps the total.
			var items []*zhongshu.SupervisionItem
			var total int
			_ = db.View(ctx, func(tx *store.Tx) (err error) {
				items, total, err = tx.FindSupervisionItems(ctx, store.SupervisionFilter{Limit: 1, Offset: 1})
				return err
			})
			if len(items) != 1 || total != 3 || items[0].ID != it.ID || len(items[0].Assignments) != 2 {
				t.Errorf("page 2 of 1: %d items (total %d)", len(items), total)
			}
		})
	})
}

// TestStore_SupervisionPartsWrittenWhereChanged saves changes to an item's
// assignments and milestones with the item as read before them, and checks
// that what is read back is the item changed, whether its rows were
// updated in place or written anew.
func TestStore_SupervisionPartsWrittenWhereChanged(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newSupervisionWorld(t, ctx, db)
		find := func(id int64) *zhongshu.SupervisionItem { return readItem(t, db, id) }
		now := time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC)
		it := w.item("关于推进老旧小区改造的批示")
		if err := db.Transact(ctx, func(tx *store.Tx) error { return createItem(ctx, tx, it, 2026) }); err != nil {
			t.Fatal(err)
		}
		later := now.Add(time.Hour)
		for _, tt := range []struct {
			name   string
			change func(it *zhongshu.SupervisionItem)
		}{
			{"nothing", func(it *zhongshu.SupervisionItem) {}},
			{"person and signing", func(it *zhongshu.SupervisionItem) {
				it.Assignments[1].PersonID, it.Assignments[1].SignedAt, it.Assignments[1].ObjectedAt = w.liaison, later, time.Time{}
			}},
			{"co input due", func(it *zhongshu.SupervisionItem) { it.Assignments[1].CoInputDue = later.AddDate(0, 0, 3) }},
			{"milestone done and undone", func(it *zhongshu.SupervisionItem) {
				it.Milestones[0].DoneAt, it.Milestones[1].DoneAt = time.Time{}, later
			}},
			{"lead and co swapped", func(it *zhongshu.SupervisionItem) {
				it.Assignments[0].Role, it.Assignments[1].Role = zhongshu.AssignmentCo, zhongshu.AssignmentLead
			}},
			{"a unit added", func(it *zhongshu.SupervisionItem) {
				it.Assignments = append(it.Assignments, zhongshu.Assignment{UnitID: w.other, Role: zhongshu.AssignmentCo})
			}},
			{"a milestone renamed and one added", func(it *zhongshu.SupervisionItem) {
				it.Milestones[0].Name = "完成选址和立项"
				it.Milestones = append(it.Milestones, zhongshu.Milestone{Name: "开工建设", DueAt: it.DueAt})
			}},
			{"a unit removed", func(it *zhongshu.SupervisionItem) { it.Assignments = it.Assignments[:1] }},
			{"status and 交办", func(it *zhongshu.SupervisionItem) {
				it.Status, it.IssuedAt = zhongshu.SupervisionIssued, later
			}},
			{"an extension", func(it *zhongshu.SupervisionItem) {
				it.OriginalDueAt, it.DueAt, it.RequestedDueAt, it.Extensions = it.DueAt, it.DueAt.AddDate(0, 0, 10), time.Time{}, 1
			}},
			{"suspended", func(it *zhongshu.SupervisionItem) {
				it.StatusBeforeSuspend, it.Status = it.Status, zhongshu.SupervisionSuspended
			}},
			{"text, leaders and cycle", func(it *zhongshu.SupervisionItem) {
				it.Title, it.SourceRef, it.Content = it.Title+"（调整）", "县长再次批示", "加快进度"
				it.AssigningLeaderID, it.ResponsibleLeaderID, it.SupervisorID = 0, w.leader, w.liaison
				it.FeedbackCycle = zhongshu.FeedbackWeekly
			}},
			{"returned, completed and closed", func(it *zhongshu.SupervisionItem) {
				it.Status, it.StatusBeforeSuspend, it.Returns = zhongshu.SupervisionClosed, "", 2
				it.CompletedAt, it.ClosedAt = later, later.Add(time.Hour)
			}},
		} {
			var want zhongshu.SupervisionItem
			err := db.Transact(ctx, func(tx *store.Tx) error {
				before, err := tx.FindSupervisionItemByID(ctx, it.ID)
				if err != nil {
					return err
				}
				want = *before
				want.Assignments = slices.Clone(before.Assignments)
				want.Milestones = slices.Clone(before.Milestones)
				tt.change(&want)
				return tx.UpdateSupervisionItem(ctx, &want, before)
			})
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			got := find(it.ID)
			if diff := cmp.Diff(&want, got); diff != "" {
				t.Errorf("%s: read back (-want +got):\n%s", tt.name, diff)
			}
		}
	})
}
