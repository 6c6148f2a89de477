package app_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/config"
	"github.com/zhongshu-oa/zhongshu/internal/demo"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/store/storetest"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/supervision"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// BenchmarkSupervisionActions drives whole 督办 lifecycles through the app
// (create, 交办, 签收, 阶段反馈, 办结申请, 审核, 领导审阅 — each one audited
// transaction with its 待办 kept in step) from 8 goroutines on SQLite with
// synchronous=FULL, and reports audited actions per second (DESIGN.md §5:
// a workflow action ≥ 2,000/s at concurrency 8).
func BenchmarkSupervisionActions(b *testing.B) {
	f := newBenchFixture(b)
	sup, lead, leader := f.actor("duchayuan"), f.actor("fgj.lly"), f.actor("xianzhang")
	item := f.newSupervisionItem()
	var actions atomic.Int64
	var mu sync.Mutex
	var failed error
	b.SetParallelism(4) // 2 cores × 4 = 8 concurrent lifecycles
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			it := *item
			it.Assignments = append([]zhongshu.Assignment(nil), item.Assignments[:1]...)
			steps := []struct {
				who *zhongshu.Actor
				req app.SupervisionRequest
			}{
				{sup, app.SupervisionRequest{Action: supervision.Submit}},
				{lead, app.SupervisionRequest{Action: supervision.Sign}},
				{lead, app.SupervisionRequest{Action: supervision.Report, Reason: "已完成选址和初步设计。"}},
				{lead, app.SupervisionRequest{Action: supervision.RequestCompletion, Reason: "建设方案已报送。"}},
				{sup, app.SupervisionRequest{Action: supervision.Accept}},
				{leader, app.SupervisionRequest{Action: supervision.LeaderClose}},
			}
			err := f.app.CreateSupervisionItem(ctx, sup, &it)
			for _, s := range steps {
				if err != nil {
					break
				}
				_, err = f.app.ActOnSupervision(ctx, s.who, it.ID, s.req)
			}
			if err != nil {
				mu.Lock()
				failed = err
				mu.Unlock()
				return
			}
			actions.Add(int64(len(steps) + 1))
		}
	})
	b.StopTimer()
	if failed != nil {
		b.Fatal(failed)
	}
	b.ReportMetric(float64(actions.Load())/b.Elapsed().Seconds(), "actions/s")
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(actions.Load())/1000, "ms/action-serial")
}

// newBenchFixture is newFixture for benchmarks: SQLite with the durable
// default synchronous=FULL (ZHONGSHU_BENCH_SYNC=NORMAL to compare).
func newBenchFixture(b *testing.B) *fixture {
	ctx := context.Background()
	clock := &zhongshu.FixedClock{T: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}
	db, err := store.Open(ctx, storetest.DSN(b, "sqlite"), store.Options{Clock: clock, Synchronous: benchSync()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	cfg := config.Default()
	cfg.Demo = true
	a := app.New(db, cfg, clock, nil)
	if err := a.LoadDemo(ctx, demo.County()); err != nil {
		b.Fatal(err)
	}
	return &fixture{t: b, ctx: ctx, db: db, app: a, clock: clock}
}

// BenchmarkSupervisionLedger measures the first page of the 督办台账 with
// 500,000 items stored (ZHONGSHU_BENCH_ITEMS to change), for the 督查员
// (every item, filtered by status) and for a unit liaison (their unit's
// items), 8 concurrent readers, SQLite.
func BenchmarkSupervisionLedger(b *testing.B) {
	n := 500_000
	if v := benchItems(); v != 200_000 { // ZHONGSHU_BENCH_ITEMS set
		n = v
	}
	f := newBenchFixture(b)
	ctx := context.Background()
	t0 := time.Now()
	// Generated in SQL: items spread over the demo county's 27 departments
	// and 12 towns (unit ids 13–51), issued over five years (2022-01-05 to
	// 2026-12-19), each due 30 days after 交办. Those due before the last two
	// months are 办结 (销号): 20 days after 交办, or 40 (late) for one in
	// seven; one in a hundred of them is still open and overdue. The rest are in
	// progress at every stage.
	err := f.db.ExecForTest(ctx, fmt.Sprintf(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d),
		g(i, d) AS (SELECT i, i %% 1810 FROM n)
		INSERT INTO supervision_items (year, seq, number, title, source, content, supervisor_id, status, due_at, created_at,
			updated_at, issued_at, completed_at, closed_at)
		SELECT 2022 + (i %% 5), i, '督〔' || (2022 + (i %% 5)) || '〕' || i || '号', '关于第' || i || '项重点工作落实情况的督办', 'instruction',
			'请按期报送办理结果。', %d,
			CASE WHEN d < 1750 AND i %% 100 <> 0 THEN 'closed' WHEN d < 1750 THEN 'in_progress'
				ELSE CASE i %% 4 WHEN 0 THEN 'in_progress' WHEN 1 THEN 'extension_pending' WHEN 2 THEN 'issued' ELSE 'under_review' END END,
			strftime('%%Y-%%m-%%d 16:00:00+00:00', '2022-01-05', '+' || (d + 30) || ' days'),
			strftime('%%Y-%%m-%%d 01:00:00+00:00', '2022-01-05', '+' || d || ' days'),
			strftime('%%Y-%%m-%%d 01:00:00+00:00', '2022-01-05', '+' || d || ' days'),
			strftime('%%Y-%%m-%%d 02:00:00+00:00', '2022-01-05', '+' || d || ' days'),
			CASE WHEN d < 1750 AND i %% 100 <> 0 THEN strftime('%%Y-%%m-%%d 08:00:00+00:00', '2022-01-05', '+' || (d + CASE WHEN i %% 7 = 0 THEN 40 ELSE 20 END) || ' days') END,
			CASE WHEN d < 1750 AND i %% 100 <> 0 THEN strftime('%%Y-%%m-%%d 09:00:00+00:00', '2022-01-05', '+' || (d + CASE WHEN i %% 7 = 0 THEN 40 ELSE 20 END) || ' days') END
		FROM g`,
		n, f.actor("duchayuan").ID()))
	if err == nil {
		err = f.db.ExecForTest(ctx, `INSERT INTO supervision_assignments (item_id, unit_id, position, role)
			SELECT id, 13 + (id % 39), 0, 'lead' FROM supervision_items`)
	}
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d items in %s", n, time.Since(t0).Round(time.Millisecond))
	b.Run("stats-quarter", func(b *testing.B) {
		// 督办统计 for a quarter by unit, one caller at a time.
		actor := f.actor("zhuren")
		q := app.StatsQuery{From: time.Date(2026, 10, 1, 0, 0, 0, 0, cst), To: time.Date(2027, 1, 1, 0, 0, 0, 0, cst),
			By: app.StatsByUnit, ExtensionOnTime: true}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, _, err := f.app.SupervisionStats(ctx, actor, q); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, who := range []string{"duchayuan", "fgj.lly"} {
		b.Run(who, func(b *testing.B) {
			actor := f.actor(who)
			filter := store.SupervisionFilter{}
			if who == "duchayuan" {
				filter.Statuses = []zhongshu.SupervisionStatus{zhongshu.SupervisionInProgress}
			}
			var lat latencies
			b.SetParallelism(4)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					t0 := time.Now()
					l, err := f.app.FindSupervisionItems(ctx, actor, filter, app.Page{Limit: 50})
					lat.add(time.Since(t0))
					if err != nil || len(l.Items) == 0 {
						b.Errorf("ledger for %s: %v", who, err)
						return
					}
				}
			})
			b.StopTimer()
			lat.report(b)
		})
	}
}
