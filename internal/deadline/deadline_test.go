package deadline_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/calendar"
	"github.com/zhongshu-oa/zhongshu/internal/deadline"
)

var cst = time.FixedZone("CST", 8*3600)

func at(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, cst) }

// TestEvaluate walks the ladder for one item given on Tuesday 2026-09-22
// with its deadline at the end of Monday 9/28 (中秋 9/25–27 in between):
// 蓝 from 9/23 (two working days before), 黄 on 9/28, 红 after it; 压 at the
// end of 9/23 when untouched.
func TestEvaluate(t *testing.T) {
	cal := calendar.MustNew(calendar.Builtin(), calendar.Options{Location: cst})
	created, due := at(9, 22, 10), at(9, 29, 0) // 9/28 24:00
	tests := []struct {
		name string
		item deadline.Item
		now  time.Time
		want deadline.Result
	}{
		{"just given", deadline.Item{CreatedAt: created, DueAt: due}, at(9, 22, 11),
			deadline.Result{Next: at(9, 23, 0)}},
		{"warning period begins", deadline.Item{CreatedAt: created, DueAt: due}, at(9, 23, 0),
			deadline.Result{Actions: []deadline.Action{{Kind: deadline.KindDueSoon, Level: deadline.LevelBlue, Audience: deadline.Owner}},
				Level: deadline.LevelBlue, Next: at(9, 24, 0)}},
		{"untouched for a working day", deadline.Item{CreatedAt: created, DueAt: due, Level: deadline.LevelBlue}, at(9, 24, 0),
			deadline.Result{Actions: []deadline.Action{{Kind: deadline.KindHeld, Level: deadline.LevelBlue, Audience: deadline.Owner | deadline.Chief}},
				Level: deadline.LevelBlue, Held: true, Next: at(9, 28, 0)}},
		{"acted on: no 压", deadline.Item{CreatedAt: created, DueAt: due, Level: deadline.LevelBlue, ActedAt: at(9, 23, 9)}, at(9, 24, 0),
			deadline.Result{Level: deadline.LevelBlue, Next: at(9, 28, 0)}},
		{"holiday: nothing", deadline.Item{CreatedAt: created, DueAt: due, Level: deadline.LevelBlue, Held: true}, at(9, 26, 12),
			deadline.Result{Level: deadline.LevelBlue, Held: true, Next: at(9, 28, 0)}},
		{"due today", deadline.Item{CreatedAt: created, DueAt: due, Level: deadline.LevelBlue, Held: true}, at(9, 28, 0),
			deadline.Result{Actions: []deadline.Action{{Kind: deadline.KindDue, Level: deadline.LevelYellow, Audience: deadline.Owner | deadline.Chief}},
				Level: deadline.LevelYellow, Held: true, Next: due}},
		{"overdue", deadline.Item{CreatedAt: created, DueAt: due, Level: deadline.LevelYellow, Held: true}, due,
			deadline.Result{Actions: []deadline.Action{{Kind: deadline.KindOverdue, Level: deadline.LevelRed, Audience: deadline.Owner | deadline.Chief | deadline.Leadership}},
				Level: deadline.LevelRed, Held: true}},
		{"found overdue: one red, not three", deadline.Item{CreatedAt: created, DueAt: due}, at(9, 30, 9),
			deadline.Result{Actions: []deadline.Action{
				{Kind: deadline.KindOverdue, Level: deadline.LevelRed, Audience: deadline.Owner | deadline.Chief | deadline.Leadership},
				{Kind: deadline.KindHeld, Level: deadline.LevelRed, Audience: deadline.Owner | deadline.Chief}},
				Level: deadline.LevelRed, Held: true}},
		{"same-day work missed is 文过夜", deadline.Item{CreatedAt: at(9, 22, 9), DueAt: at(9, 23, 0)}, at(9, 23, 0),
			deadline.Result{Actions: []deadline.Action{{Kind: deadline.KindOvernight, Level: deadline.LevelRed, Audience: deadline.Owner | deadline.Chief | deadline.Leadership}},
				Level: deadline.LevelRed, Next: at(9, 24, 0)}},
		{"arrives inside the warning period: blue without a reminder", deadline.Item{CreatedAt: at(9, 24, 9), DueAt: due}, at(9, 24, 9),
			deadline.Result{Level: deadline.LevelBlue, Next: at(9, 28, 0)}},
		{"no deadline: only 压", deadline.Item{CreatedAt: created}, at(9, 22, 11),
			deadline.Result{Next: at(9, 24, 0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := deadline.Evaluate(cal, cst, deadline.DefaultRules, tt.item, tt.now)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Evaluate (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDueDate(t *testing.T) {
	if got := deadline.DueDate(at(9, 29, 0), cst); got.String() != "2026-09-28" {
		t.Errorf("24:00 deadline belongs to %s, want 2026-09-28", got)
	}
	if got := deadline.DueDate(at(9, 28, 17), cst); got.String() != "2026-09-28" {
		t.Errorf("17:00 deadline belongs to %s", got)
	}
}
