package app_test

import (
	"context"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"testing"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/config"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// TestSupervisionStats_OnDatabase times the 督办统计 of the last eight
// quarters (by unit, as the benchmark's `stats` asks) on the database
// named by ZHONGSHU_STATS_DB (a generated county: `zhongshu bench gen`)
// and reports each request's time, its totals and the Go heap's peak during
// it. It only reads; skipped without the variable. A SQLite path ending in
// "?mode=ro&" opens the file read-only (the store adds its own parameters
// after it), so that it can run beside a server using the database:
//
//	ZHONGSHU_STATS_DB='/path/to/zhongshu.db?mode=ro&' go test -count=1 -run TestSupervisionStats_OnDatabase -v ./internal/app/
func TestSupervisionStats_OnDatabase(t *testing.T) {
	ctx := context.Background()
	a := openStatsDB(t)
	actor, err := a.ActorFor(ctx, "ducha01")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().In(time.FixedZone("CST", 8*3600))
	q0 := (int(now.Month()) - 1) / 3
	for k := range 8 {
		q, year := q0-k, now.Year()
		for q < 0 {
			q, year = q+4, year-1
		}
		from := time.Date(year, time.Month(3*q+1), 1, 0, 0, 0, 0, now.Location())
		query := app.StatsQuery{From: from, To: from.AddDate(0, 3, 0), By: app.StatsByUnit, ExtensionOnTime: true}
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		peak := before.HeapAlloc
		done := make(chan struct{})
		sampled := make(chan struct{})
		go func() { // the heap's peak, sampled every 10 ms
			defer close(sampled)
			var m runtime.MemStats
			for {
				select {
				case <-done:
					return
				case <-time.After(10 * time.Millisecond):
					runtime.ReadMemStats(&m)
					peak = max(peak, m.HeapAlloc)
				}
			}
		}()
		start := time.Now()
		rows, total, err := a.SupervisionStats(ctx, actor, query)
		elapsed := time.Since(start)
		close(done)
		<-sampled
		if err != nil {
			t.Fatal(err)
		}
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		t.Logf("%d Q%d: %v, heap before %.1f MiB, peak %.1f MiB (+%.1f), allocated %.1f MiB; %d rows, 交办 %d 应办结 %d 按期 %d 逾期 %d 超期 %d 在办 %d 催办 %d 反馈 %d/%d 时长 %.1f",
			year, q+1, elapsed.Round(time.Millisecond), mib(before.HeapAlloc), mib(peak), mib(peak-before.HeapAlloc),
			mib(after.TotalAlloc-before.TotalAlloc), len(rows), total.Issued, total.Due, total.OnTime, total.Late,
			total.OverdueOpen, total.Open, total.Reminders, total.FeedbackOnTime, total.FeedbackDue, total.AvgWorkdays)
		debug.FreeOSMemory()
	}
}

// openStatsDB opens the app on the database named by ZHONGSHU_STATS_DB, or
// skips the test without it.
func openStatsDB(t *testing.T) *app.App {
	t.Helper()
	dsn := os.Getenv("ZHONGSHU_STATS_DB")
	if dsn == "" {
		t.Skip("set ZHONGSHU_STATS_DB to a generated county's database")
	}
	db, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return app.New(db, config.Default(), nil, nil)
}

func mib(n uint64) float64 { return float64(n) / (1 << 20) }

// TestSupervisionLedger_OnDatabase times the benchmark's `ledger` requests
// (a 督查员's 办理中, a county leader's 超期: first page of the default size
// with its total) on the database named by ZHONGSHU_STATS_DB, as above:
// the median and the fastest of 15 calls each.
func TestSupervisionLedger_OnDatabase(t *testing.T) {
	ctx := context.Background()
	a := openStatsDB(t)
	for _, c := range []struct {
		user string
		f    store.SupervisionFilter
	}{
		{"ducha01", store.SupervisionFilter{Statuses: []zhongshu.SupervisionStatus{zhongshu.SupervisionInProgress}}},
		{"leader03", store.SupervisionFilter{Overdue: true}},
		{"leader01", store.SupervisionFilter{Overdue: true}},
	} {
		actor, err := a.ActorFor(ctx, c.user)
		if err != nil {
			t.Fatal(err)
		}
		var times []time.Duration
		var l *app.SupervisionList
		for range 15 {
			start := time.Now()
			if l, err = a.FindSupervisionItems(ctx, actor, c.f, app.Page{}); err != nil {
				t.Fatal(err)
			}
			times = append(times, time.Since(start))
		}
		slices.Sort(times)
		t.Logf("%s %+v: %d items of %d, median %v, fastest %v", c.user, c.f, len(l.Items), l.Total,
			times[len(times)/2].Round(10*time.Microsecond), times[0].Round(10*time.Microsecond))
	}
}
