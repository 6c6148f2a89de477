package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/config"
	"github.com/zhongshu-oa/zhongshu/internal/demo"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/store/storetest"
)

// BenchmarkSweep measures one deadline sweep acting on 1,000 items that
// have come due, with 10,000 or 1,000,000 open items stored (SQLite). The
// time must follow the 1,000, not the stored total (issue 3).
func BenchmarkSweep(b *testing.B) {
	for _, stored := range []int{10_000, 1_000_000} {
		b.Run(fmt.Sprintf("stored=%d", stored), func(b *testing.B) {
			ctx := context.Background()
			db := storetest.Open(b, "sqlite", nil)
			a := app.New(db, config.Default(), nil, nil)
			if err := a.LoadDemo(ctx, demo.County()); err != nil {
				b.Fatal(err)
			}
			const later = "'2027-06-01 00:00:00+00:00'"
			t0 := time.Now()
			// Generated in SQL: a million rows in seconds. Owners are the
			// demo county's people; the next check of each is months away.
			err := db.ExecForTest(ctx, fmt.Sprintf(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)
				INSERT INTO work_items (owner_id, kind, module, ref_type, ref_id, title, step, urgency, due_at, url, done, created_at,
					provisional, level, held, acted_at, next_check_at)
				SELECT 1 + (i %% 151), 'todo', 'bench', 'doc', i, '关于第' || i || '号事项的请示', '办理', i %% 3, %s, '', FALSE,
					'2026-11-02 01:00:00+00:00', FALSE, 0, FALSE, '2026-11-02 02:00:00+00:00', %s FROM n`, stored, later, later))
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("seeded %d items in %s", stored, time.Since(t0).Round(time.Millisecond))
			// 1,000 of them are overdue now and due for a check.
			reset := fmt.Sprintf(`UPDATE work_items SET due_at = '2026-11-20 16:00:00+00:00', level = 0, held = FALSE,
				next_check_at = '2026-11-20 16:00:00+00:00' WHERE id %% %d = 0`, stored/1000)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				for _, q := range []string{`DELETE FROM reminders`, `DELETE FROM flags`, `DELETE FROM outbox`, reset} {
					if err := db.ExecForTest(ctx, q); err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
				n, err := a.SweepDeadlines(ctx)
				if err != nil || n != 1000 {
					b.Fatalf("sweep acted on %d items: %v", n, err)
				}
			}
			b.StopTimer()
			var reminders int
			_ = db.View(ctx, func(tx *store.Tx) error {
				rs, err := tx.FindReminders(ctx, int64(stored/1000))
				reminders = len(rs)
				return err
			})
			if reminders == 0 {
				b.Fatal("the sweep sent no reminders")
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/sweep")
		})
	}
}
