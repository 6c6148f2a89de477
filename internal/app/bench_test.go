package app_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/config"
	"github.com/zhongshu-oa/zhongshu/internal/demo"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/store/storetest"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// benchItems is how many work items the 待办 benchmark seeds
// (ZHONGSHU_BENCH_ITEMS, default 200,000).
func benchItems() int {
	if n, err := strconv.Atoi(os.Getenv("ZHONGSHU_BENCH_ITEMS")); err == nil && n > 0 {
		return n
	}
	return 200_000
}

// latencies collects per-operation durations from parallel goroutines.
type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) add(d time.Duration) { l.mu.Lock(); l.d = append(l.d, d); l.mu.Unlock() }

func (l *latencies) report(b *testing.B) {
	slices.Sort(l.d)
	if len(l.d) == 0 {
		return
	}
	at := func(q float64) float64 { return float64(l.d[int(q*float64(len(l.d)-1))].Microseconds()) / 1000 }
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

// BenchmarkWorkList measures a user's first page of 50 待办 (DESIGN.md §5:
// p99 ≤ 10 ms under 32 concurrent users) with benchItems() items spread over
// the demo county's 151 people, on SQLite.
func BenchmarkWorkList(b *testing.B) {
	ctx := context.Background()
	db := storetest.Open(b, "sqlite", nil)
	a := app.New(db, config.Default(), nil, nil)
	if err := a.LoadDemo(ctx, demo.County()); err != nil {
		b.Fatal(err)
	}
	var users []*zhongshu.User
	_ = db.View(ctx, func(tx *store.Tx) (err error) {
		users, _, err = tx.FindUsers(ctx, zhongshu.UserFilter{})
		return err
	})
	n := benchItems()
	start := time.Now()
	const batch = 20_000
	for done := 0; done < n; done += batch {
		err := db.Transact(ctx, func(tx *store.Tx) error {
			for i := done; i < min(done+batch, n); i++ {
				w := &zhongshu.WorkItem{OwnerID: users[i%len(users)].ID, Kind: zhongshu.WorkTodo, Module: "receipt", RefType: "doc",
					RefID: int64(i), Title: fmt.Sprintf("关于第%d号事项的请示", i), Step: "办理", Urgency: zhongshu.Urgency(i % 3),
					DueAt: tx.Now().Add(time.Duration(i%500) * time.Hour)}
				if i%4 == 0 {
					w.Kind = zhongshu.WorkToRead
				}
				if err := tx.AddWorkItem(ctx, w); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("seeded %d work items in %s", n, time.Since(start).Round(time.Millisecond))
	actors := make([]*zhongshu.Actor, len(users))
	for i, u := range users {
		actors[i] = zhongshu.NewActor(u, "bench", nil)
	}
	var lat latencies
	var next sync.Mutex
	k := 0
	b.SetParallelism(16) // 2 cores × 16 = 32 concurrent users
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			next.Lock()
			actor := actors[k%len(actors)]
			k++
			next.Unlock()
			t0 := time.Now()
			wl, err := a.Work(ctx, actor, zhongshu.WorkTodo, false, app.Page{Limit: 50})
			lat.add(time.Since(t0))
			if err != nil || len(wl.Items) == 0 {
				b.Errorf("work list: %v", err)
				return
			}
		}
	})
	b.StopTimer()
	lat.report(b)
}

// BenchmarkAuditedChange measures one audited change end to end: validate,
// one write transaction, the SM3-chained audit entry (DESIGN.md §5: ≥ 2,000
// changes/s at concurrency 8), on SQLite with synchronous=FULL.
func BenchmarkAuditedChange(b *testing.B) {
	ctx := context.Background()
	dsn := storetest.DSN(b, "sqlite")
	db, err := store.Open(ctx, dsn, store.Options{Synchronous: benchSync()})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	a := app.New(db, config.Default(), nil, nil)
	if err := a.LoadDemo(ctx, demo.County()); err != nil {
		b.Fatal(err)
	}
	sys := zhongshu.SystemActor()
	var lat latencies
	var mu sync.Mutex
	seq := 0
	b.SetParallelism(4) // 2 cores × 4 = 8 concurrent writers
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			mu.Lock()
			seq++
			name := fmt.Sprintf("青川县第%d工作专班", seq)
			mu.Unlock()
			t0 := time.Now()
			err := a.CreateUnit(ctx, sys, &zhongshu.Unit{Type: zhongshu.UnitOther, FullName: name, ParentID: 1, Active: true})
			lat.add(time.Since(t0))
			if err != nil {
				b.Errorf("create: %v", err)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "changes/s")
	lat.report(b)
}

// benchSync is the SQLite synchronous setting for the write benchmark
// (ZHONGSHU_BENCH_SYNC, default FULL as in production).
func benchSync() string {
	if s := os.Getenv("ZHONGSHU_BENCH_SYNC"); s != "" {
		return s
	}
	return "FULL"
}
