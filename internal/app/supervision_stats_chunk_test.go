package app_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// statsRandomData adds n items of random dates, statuses, feedback cycles,
// milestones, timeline actions and reminders over 2026 to the database, led
// by units, for the comparisons of TestSupervisionStats_Chunked.
func statsRandomData(t *testing.T, f *fixture, n int, units []int64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 15))
	sup := f.actor("duchayuan").ID()
	leaders := []int64{0, f.actor("fuxianzhang").ID(), f.actor("xianzhang").ID()}
	sources := []zhongshu.SupervisionSource{zhongshu.SourceInstruction, zhongshu.SourceMeeting, zhongshu.SourceHotline}
	statuses := []zhongshu.SupervisionStatus{zhongshu.SupervisionDraft, zhongshu.SupervisionIssued,
		zhongshu.SupervisionInProgress, zhongshu.SupervisionUnderReview, zhongshu.SupervisionCompleted,
		zhongshu.SupervisionClosed, zhongshu.SupervisionArchived, zhongshu.SupervisionSuspended,
		zhongshu.SupervisionCancelled}
	cycles := []zhongshu.FeedbackCycle{zhongshu.FeedbackOnce, zhongshu.FeedbackWeekly, zhongshu.FeedbackMonthly,
		zhongshu.FeedbackMilestone}
	actions := []string{"accept", "return", "approve_extension", "report", "urge", "sign"}
	reminderKinds := []string{"due_soon", "due", "overdue", "overnight", "held"}
	start := time.Date(2026, 6, 1, 9, 0, 0, 0, cst)
	day := func(base time.Time, maxDays int) time.Time {
		return base.Add(time.Duration(rng.IntN(maxDays*24)) * time.Hour)
	}
	for k := range n {
		seq := 1000 + k
		issued := day(start, 150)
		status := statuses[rng.IntN(len(statuses))]
		due := time.Date(issued.Year(), issued.Month(), issued.Day()+1+rng.IntN(60), 0, 0, 0, 0, cst)
		var origDue, completed, signed time.Time
		if rng.IntN(4) == 0 {
			origDue, due = due, due.AddDate(0, 0, 1+rng.IntN(20))
		}
		if status.Finished() {
			completed = day(issued, 90)
		}
		if rng.IntN(3) > 0 {
			signed = day(issued, 5)
		}
		it := &zhongshu.SupervisionItem{Number: store.SupervisionNumber(2026, seq), Title: "分块统计测试",
			Source: sources[rng.IntN(len(sources))], AssigningLeaderID: leaders[rng.IntN(len(leaders))],
			ResponsibleLeaderID: leaders[rng.IntN(len(leaders))], SupervisorID: sup, Status: status, DueAt: due,
			OriginalDueAt: origDue, FeedbackCycle: cycles[rng.IntN(len(cycles))], IssuedAt: issued.UTC(),
			CompletedAt: completed}
		if status == zhongshu.SupervisionDraft {
			it.IssuedAt = time.Time{}
		}
		if status == zhongshu.SupervisionSuspended {
			it.StatusBeforeSuspend = zhongshu.SupervisionInProgress
		}
		if rng.IntN(10) > 0 { // a few items have no 主办 yet
			lead := units[rng.IntN(len(units))]
			it.Assignments = []zhongshu.Assignment{{UnitID: lead, Role: zhongshu.AssignmentLead, SignedAt: signed}}
		}
		if it.FeedbackCycle == zhongshu.FeedbackMilestone || rng.IntN(8) == 0 {
			for m := range 1 + rng.IntN(3) {
				ms := zhongshu.Milestone{Name: "节点" + itoa(int64(m+1)), DueAt: day(issued, 60).UTC()}
				if rng.IntN(2) == 0 {
					ms.DoneAt = day(ms.DueAt.Add(-5*24*time.Hour), 10).UTC()
				}
				it.Milestones = append(it.Milestones, ms)
			}
		}
		f.clock.T = issued
		if err := f.db.Transact(f.ctx, func(tx *store.Tx) error { return tx.CreateSupervisionItem(f.ctx, it, 2026, seq) }); err != nil {
			t.Fatal(err)
		}
		var work *zhongshu.WorkItem
		for e := range rng.IntN(7) {
			f.clock.T = day(issued, 120)
			err := f.db.Transact(f.ctx, func(tx *store.Tx) error {
				if e < len(reminderKinds) && rng.IntN(3) == 0 {
					if work == nil {
						work = &zhongshu.WorkItem{OwnerID: sup, Kind: zhongshu.WorkTodo, Module: app.SupervisionModule,
							RefType: app.SupervisionRefType, RefID: it.ID, Title: it.Title, DueAt: due}
						if err := tx.AddWorkItem(f.ctx, work); err != nil {
							return err
						}
					}
					_, err := tx.AddReminder(f.ctx, work.ID, reminderKinds[e], 1, sup)
					return err
				}
				return tx.AddSupervisionEvent(f.ctx, &store.SupervisionEvent{ItemID: it.ID,
					Action: actions[rng.IntN(len(actions))]})
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	f.clock.T = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
}

// TestSupervisionStats_Chunked checks that reading the items in chunks of
// any size gives the figures of one chunk holding them all (the hand-checked
// computation of TestSupervisionStats), on both engines: chunks of 1, 2, 3
// and 7 items over the data of TestSupervisionStats plus 60 random items,
// every grouping, with and without extensions as 按期, a period that has
// ended and one still running.
func TestSupervisionStats_Chunked(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		unitA, unitB := statsData(t, f)
		statsRandomData(t, f, 60, []int64{unitA, unitB, f.unitID("青川县财政局")})
		actor := f.actor("duchayuan")
		type figures struct {
			Rows  []app.StatsRow
			Total app.StatsRow
		}
		compute := func(t *testing.T, q app.StatsQuery) figures {
			t.Helper()
			rows, total, err := f.app.SupervisionStats(f.ctx, actor, q)
			if err != nil {
				t.Fatal(err)
			}
			return figures{rows, total}
		}
		var queries []app.StatsQuery
		for _, by := range []string{app.StatsByUnit, app.StatsByLeader, app.StatsBySource} {
			for _, ext := range []bool{true, false} {
				queries = append(queries,
					app.StatsQuery{From: at(9, 1, 0), To: at(11, 1, 0), By: by, ExtensionOnTime: ext},
					app.StatsQuery{From: at(7, 1, 0), To: time.Date(2027, 1, 1, 0, 0, 0, 0, cst), By: by,
						ExtensionOnTime: ext})
			}
		}
		want := make([]figures, len(queries))
		for i, q := range queries {
			want[i] = compute(t, q) // all in one chunk
		}
		if want[0].Total.Due < 10 || want[1].Total.Issued < 40 || want[1].Total.FeedbackDue == 0 {
			t.Fatalf("the random data counts too little to test anything: %+v, %+v", want[0].Total, want[1].Total)
		}
		for _, size := range []int{1, 2, 3, 7} {
			app.SetStatsChunkSize(f.app, size)
			for i, q := range queries {
				got := compute(t, q)
				if d := cmp.Diff(want[i], got, cmp.AllowUnexported(app.StatsRow{})); d != "" {
					t.Errorf("chunks of %d, %s from %s (extension on time %v) (-one chunk +chunks):\n%s", size, q.By,
						q.From.Format(time.DateOnly), q.ExtensionOnTime, d)
				}
			}
		}
	})
}
