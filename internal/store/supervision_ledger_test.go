package store_test

import (
	"cmp"
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/store/storetest"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// TestStore_SupervisionLedgerScopedFilters checks the 督办台账 when a scope
// and filters meet (the leaders' sets repeat the filter's conditions, and
// the page's ids are sorted before its rows are read): on random items,
// every page and total equals what the filter and scope select in Go, newest
// number first.
func TestStore_SupervisionLedgerScopedFilters(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newSupervisionWorld(t, ctx, db)
		now := time.Now().UTC()
		rng := rand.New(rand.NewPCG(3, 5))
		people := []int64{0, w.supervisor, w.leader, w.liaison}
		units := []int64{w.lead, w.co, w.other}
		statuses := zhongshu.AllSupervisionStatuses()
		type row struct {
			it        *zhongshu.SupervisionItem
			year, seq int
		}
		var rows []row
		err := db.Transact(ctx, func(tx *store.Tx) error {
			for k := range 60 {
				it := w.item("台账测试")
				it.Status = statuses[rng.IntN(len(statuses))]
				it.AssigningLeaderID, it.ResponsibleLeaderID = people[rng.IntN(4)], people[rng.IntN(4)]
				it.SupervisorID = people[1+rng.IntN(3)]
				it.DueAt = now.AddDate(0, 0, rng.IntN(41)-20).Truncate(time.Second).Add(time.Hour / 2)
				if k%2 == 0 {
					it.Source = zhongshu.SourceHotline
				}
				lead := units[rng.IntN(3)]
				it.Assignments = []zhongshu.Assignment{{UnitID: lead, Role: zhongshu.AssignmentLead, PersonID: people[rng.IntN(4)]}}
				if co := units[rng.IntN(3)]; co != lead && rng.IntN(2) == 0 {
					it.Assignments = append(it.Assignments, zhongshu.Assignment{UnitID: co, Role: zhongshu.AssignmentCo})
				}
				year := 2024 + rng.IntN(3)
				seq, err := tx.NextSupervisionNumber(ctx, year)
				if err != nil {
					return err
				}
				it.Number = store.SupervisionNumber(year, seq)
				if err := tx.CreateSupervisionItem(ctx, it, year, seq); err != nil {
					return err
				}
				rows = append(rows, row{it, year, seq})
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		slices.SortFunc(rows, func(a, b row) int { return cmp.Or(cmp.Compare(b.year, a.year), cmp.Compare(b.seq, a.seq)) })

		matches := func(f store.SupervisionFilter, r row) bool {
			it := r.it
			assigned := func(ok func(a zhongshu.Assignment) bool) bool { return slices.ContainsFunc(it.Assignments, ok) }
			switch {
			case len(f.Statuses) > 0 && !slices.Contains(f.Statuses, it.Status),
				f.Source != "" && it.Source != f.Source,
				f.UnitID != 0 && !assigned(func(a zhongshu.Assignment) bool { return a.UnitID == f.UnitID }),
				f.LeaderID != 0 && it.AssigningLeaderID != f.LeaderID && it.ResponsibleLeaderID != f.LeaderID,
				f.SupervisorID != 0 && it.SupervisorID != f.SupervisorID,
				f.Overdue && !(it.Status.Active() && !it.DueAt.After(now)),
				f.Year != 0 && r.year != f.Year:
				return false
			}
			if s := f.Scope; s != nil {
				in := func(id int64) bool { return id != 0 && slices.Contains(s.People, id) }
				return in(it.SupervisorID) || in(it.AssigningLeaderID) || in(it.ResponsibleLeaderID) ||
					assigned(func(a zhongshu.Assignment) bool { return in(a.PersonID) || slices.Contains(s.Units, a.UnitID) })
			}
			return true
		}
		active := []zhongshu.SupervisionStatus{zhongshu.SupervisionIssued, zhongshu.SupervisionInProgress}
		scopes := []*store.SupervisionScope{nil, {People: []int64{w.leader}}, {People: []int64{w.leader, w.liaison}},
			{People: []int64{w.liaison}, Units: []int64{w.co}}, {Units: []int64{w.lead, w.other}}, {}}
		filters := []store.SupervisionFilter{{}, {Overdue: true}, {Statuses: active}, {Overdue: true, Source: zhongshu.SourceHotline},
			{Statuses: active, UnitID: w.co}, {LeaderID: w.leader, Overdue: true}, {SupervisorID: w.leader, Year: 2025},
			{Year: 2026, Statuses: []zhongshu.SupervisionStatus{zhongshu.SupervisionClosed, zhongshu.SupervisionDraft}}}
		for _, scope := range scopes {
			for _, f := range filters {
				f.Scope = scope
				var want []int64
				for _, r := range rows {
					if matches(f, r) {
						want = append(want, r.it.ID)
					}
				}
				var got []int64
				for offset := 0; ; offset += 7 {
					f.Offset, f.Limit = offset, 7
					var items []*zhongshu.SupervisionItem
					var total int
					if err := db.View(ctx, func(tx *store.Tx) (err error) {
						items, total, err = tx.FindSupervisionItems(ctx, f)
						return err
					}); err != nil {
						t.Fatal(err)
					}
					if total != len(want) {
						t.Errorf("%+v (scope %+v): total %d, want %d", f, scope, total, len(want))
					}
					for _, it := range items {
						got = append(got, it.ID)
					}
					if len(items) < 7 {
						break
					}
				}
				if d := gocmp.Diff(want, got); d != "" {
					t.Errorf("%+v (scope %+v) pages (-want +got):\n%s", f, scope, d)
				}
			}
		}
	})
}
