package app_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/config"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// The 督办统计 and 督办台账 on a generated county (`zhongshu bench gen`), the
// database named by ZHONGSHU_STATS_DB; skipped without it. They only read.
// A SQLite path ending in "?mode=ro&" opens the file read-only (the store
// adds its own parameters after it), so that they can run beside a server
// using the database:
//
//	ZHONGSHU_STATS_DB='/path/to/zhongshu.db?mode=ro&' go test -run '^$' -bench OnDatabase -benchtime 5x ./internal/app/

// BenchmarkSupervisionStatsOnDatabase computes the statistics of each of
// the last eight quarters (by unit, as the load driver's `stats` asks) and
// reports, besides the time, the Go heap's growth at its peak during one
// request (sampled every 5 ms).
func BenchmarkSupervisionStatsOnDatabase(b *testing.B) {
	ctx := context.Background()
	a := openStatsDB(b)
	actor, err := a.ActorFor(ctx, "ducha01")
	if err != nil {
		b.Fatal(err)
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
		b.Run(fmt.Sprintf("%dQ%d", year, q+1), func(b *testing.B) {
			var peak uint64
			for b.Loop() {
				b.StopTimer()
				runtime.GC()
				var before runtime.MemStats
				runtime.ReadMemStats(&before)
				stop := sampleHeapPeak(&peak, before.HeapAlloc)
				b.StartTimer()
				_, _, err := a.SupervisionStats(ctx, actor, query)
				b.StopTimer()
				stop()
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(peak)/(1<<20), "MiB-heap-peak")
		})
	}
}

// sampleHeapPeak raises *peak to the largest growth of the heap above base
// seen until the returned function is called.
func sampleHeapPeak(peak *uint64, base uint64) (stop func()) {
	done, sampled := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
				runtime.ReadMemStats(&m)
				if m.HeapAlloc > base {
					*peak = max(*peak, m.HeapAlloc-base)
				}
			}
		}
	}()
	return func() { close(done); <-sampled }
}

// BenchmarkSupervisionLedgerOnDatabase reads the load driver's `ledger`
// pages: a 督查员's 办理中 and county leaders' 超期, first page of the
// default size with its total.
func BenchmarkSupervisionLedgerOnDatabase(b *testing.B) {
	ctx := context.Background()
	a := openStatsDB(b)
	for _, c := range []struct {
		user, name string
		f          store.SupervisionFilter
	}{
		{"ducha01", "督查员办理中", store.SupervisionFilter{Statuses: []zhongshu.SupervisionStatus{zhongshu.SupervisionInProgress}}},
		{"leader03", "县领导超期", store.SupervisionFilter{Overdue: true}},
		{"leader01", "县领导超期", store.SupervisionFilter{Overdue: true}},
	} {
		actor, err := a.ActorFor(ctx, c.user)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.user+"-"+c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := a.FindSupervisionItems(ctx, actor, c.f, app.Page{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// openStatsDB opens the app on the database named by ZHONGSHU_STATS_DB, or
// skips without it.
func openStatsDB(b *testing.B) *app.App {
	b.Helper()
	dsn := os.Getenv("ZHONGSHU_STATS_DB")
	if dsn == "" {
		b.Skip("set ZHONGSHU_STATS_DB to a generated county's database")
	}
	db, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return app.New(db, config.Default(), nil, nil)
}
