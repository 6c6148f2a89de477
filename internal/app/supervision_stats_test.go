package app_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// at is hour h of a day in 2026, China time.
func at(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, cst) }

// eod is the end-of-day instant of a due date in 2026.
func eod(m time.Month, d int) time.Time { return time.Date(2026, m, d+1, 0, 0, 0, 0, cst) }

// statsData loads the hand-computed data set of TestSupervisionStats and
// returns the ids of 县发改局 (A) and 城关镇 (B).
//
// Period: 2026-09-01 to 2026-10-31 (To = 11-01 exclusive); now is
// 2026-11-27, so the cut-off is the period end. The 2026 calendar: 9-20
// (Sunday) is a 调休 working day, 9-25 中秋 off, 10-01..10-07 国庆 off, 10-10
// (Saturday) a working day.
//
//	A1 (A 主办, B 协办) issued 9-01, signed 9-02, due 9-30, accepted 9-28,
//	   办结 9-29: on time. Working days after 9-02 to 9-28: 9-03,04 (2),
//	   9-07..11 (7), 9-14..18 (12), 9-20 (13), 9-21..24 (17), [9-25 中秋,
//	   weekend], 9-28 (18) = 18.
//	A2 issued 9-07, signed 9-08, due 9-30 extended (event 9-21) to 10-16,
//	   accepted 10-14, 销号 10-15: on time with the extension, late without.
//	   9-09..11 (3), 14..18 (8), 20 (9), 21..24 (13), 28..30 (16), [国庆],
//	   10-08,09 (18), 10-10 (19), 10-12..14 (22) = 22.
//	A3 issued 9-01, signed 9-01, due 9-18, returned 9-17, accepted 10-09,
//	   办结 10-09: late. 9-02..04 (3), 07..11 (8), 14..18 (13), 20 (14),
//	   21..24 (18), 28..30 (21), 10-08,09 (23) = 23.
//	A4 issued 9-10, signed 9-11, due 10-20, still in progress: 超期未办结;
//	   two reminders, 10-21 and 10-22.
//	A5 issued 8-03, due 8-31 (its end-of-day instant is the period's start,
//	   so not in the period), in progress: 超期未办结 carried over, not 交办
//	   nor 应办结 in the period.
//	A6 issued 10-09 (Friday), due 11-30, weekly 阶段反馈, in progress: 在办.
//	   Whole weeks after 交办 ending by the cut-off: 10-12..18 and 10-19..25
//	   → 2 reports owed; one report on 10-14 → 1 on time (50 %).
//	B1 (B 主办) issued 9-15, signed 9-16, due 10-09, accepted 10-09 11:00,
//	   办结 10-09 14:00: on time. 9-17,18 (2), 20 (3), 21..24 (7),
//	   28..30 (10), 10-08,09 (12) = 12.
//	B2 issued 9-03, due 10-20, suspended: 交办 counts, no running deadline.
//	B3 issued 9-05, cancelled: left out altogether.
//
// By unit, extension counts as 按期:
//
//	A: 交办 A1 A2 A3 A4 A6 = 5; 应办结 A1 A2 A3 A4 = 4; 按期 A1 A2 = 2; 逾期 A3
//	   = 1; 超期未办结 A4 A5 = 2; 在办 A6 = 1; 催办 2; 延期 1; 退回 1;
//	   按期办结率 2/4 = 50 %; 办结率 3/4 = 75 %; 时长 (18+22+23)/3 = 21.0;
//	   反馈 1/2 = 50 %.
//	B: 交办 B1 B2 = 2; 应办结 B1 = 1; 按期 1; rates 100 %; 时长 12.0.
//	合计: 交办 7, 应办结 5, 按期 3, 逾期 1, 超期 2, 在办 1, 催办 2, 延期 1,
//	   退回 1, 60 %, 80 %, 时长 75/4 = 18.75 → 18.8, 反馈 1/2 = 50 %.
//
// Extension not counted as 按期: A2 is judged against 9-30 (still in the
// period) and was 办结 10-15 → 逾期. A: 按期 1, 逾期 2, 25 %, 75 %; 合计:
// 按期 2, 逾期 2, 40 %, 80 %. Ranking in both: B (100 %) before A.
func statsData(t *testing.T, f *fixture) (unitA, unitB int64) {
	t.Helper()
	unitA, unitB = f.unitID("青川县发展和改革局"), f.unitID("青川县城关镇人民政府")
	sup := f.actor("duchayuan").ID()
	leader := f.actor("fuxianzhang").ID()
	seq := 100
	type event struct {
		action string
		at     time.Time
	}
	add := func(lead int64, issued, signed, due, origDue, completed time.Time, status zhongshu.SupervisionStatus,
		cycle zhongshu.FeedbackCycle, events ...event) int64 {
		t.Helper()
		seq++
		it := &zhongshu.SupervisionItem{Number: store.SupervisionNumber(2026, seq), Title: "统计测试事项",
			Source: zhongshu.SourceInstruction, SourceRef: "批示", Content: "办理", ResponsibleLeaderID: leader,
			SupervisorID: sup, Status: status, DueAt: due, OriginalDueAt: origDue, FeedbackCycle: cycle,
			IssuedAt: issued.UTC(), CompletedAt: completed}
		if !origDue.IsZero() {
			it.Extensions = 1
		}
		it.Assignments = []zhongshu.Assignment{{UnitID: lead, Role: zhongshu.AssignmentLead, SignedAt: signed}}
		if lead == unitA {
			it.Assignments = append(it.Assignments, zhongshu.Assignment{UnitID: unitB, Role: zhongshu.AssignmentCo})
		}
		if status == zhongshu.SupervisionSuspended {
			it.StatusBeforeSuspend = zhongshu.SupervisionInProgress
		}
		for _, e := range events {
			if e.action == "return" {
				it.Returns++
			}
		}
		f.clock.T = issued
		if err := f.db.Transact(f.ctx, func(tx *store.Tx) error { return tx.CreateSupervisionItem(f.ctx, it, 2026, seq) }); err != nil {
			t.Fatal(err)
		}
		for _, e := range events {
			f.clock.T = e.at
			err := f.db.Transact(f.ctx, func(tx *store.Tx) error {
				if e.action == "reminder" {
					w := &zhongshu.WorkItem{OwnerID: sup, Kind: zhongshu.WorkTodo, Module: app.SupervisionModule,
						RefType: app.SupervisionRefType, RefID: it.ID, Title: it.Title, DueAt: due}
					if err := tx.AddWorkItem(f.ctx, w); err != nil {
						return err
					}
					_, err := tx.AddReminder(f.ctx, w.ID, "overdue", 1, sup)
					return err
				}
				return tx.AddSupervisionEvent(f.ctx, &store.SupervisionEvent{ItemID: it.ID, Action: e.action})
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		return it.ID
	}
	var none time.Time
	once, weekly := zhongshu.FeedbackOnce, zhongshu.FeedbackWeekly
	done, closed, open := zhongshu.SupervisionCompleted, zhongshu.SupervisionClosed, zhongshu.SupervisionInProgress
	add(unitA, at(9, 1, 10), at(9, 2, 10), eod(9, 30), none, at(9, 29, 10), done, once, event{"accept", at(9, 28, 10)})
	add(unitA, at(9, 7, 9), at(9, 8, 9), eod(10, 16), eod(9, 30), at(10, 15, 10), closed, once,
		event{"approve_extension", at(9, 21, 10)}, event{"accept", at(10, 14, 10)})
	add(unitA, at(9, 1, 9), at(9, 1, 15), eod(9, 18), none, at(10, 9, 16), done, once,
		event{"return", at(9, 17, 10)}, event{"accept", at(10, 9, 10)})
	a4 := add(unitA, at(9, 10, 9), at(9, 11, 9), eod(10, 20), none, none, open, once, event{"reminder", at(10, 21, 9)})
	add(unitA, at(8, 3, 9), at(8, 4, 9), eod(8, 31), none, none, open, once)
	add(unitA, at(10, 9, 9), at(10, 9, 15), eod(11, 30), none, none, open, weekly, event{"report", at(10, 14, 10)})
	add(unitB, at(9, 15, 9), at(9, 16, 9), eod(10, 9), none, at(10, 9, 14), done, once, event{"accept", at(10, 9, 11)})
	add(unitB, at(9, 3, 9), at(9, 4, 9), eod(10, 20), none, none, zhongshu.SupervisionSuspended, once)
	add(unitB, at(9, 5, 9), none, eod(10, 20), none, none, zhongshu.SupervisionCancelled, once)
	// A4's second reminder, on another work item of the same 督办 item.
	f.clock.T = at(10, 22, 9)
	if err := f.db.Transact(f.ctx, func(tx *store.Tx) error {
		w := &zhongshu.WorkItem{OwnerID: leader, Kind: zhongshu.WorkTodo, Module: app.SupervisionModule,
			RefType: app.SupervisionRefType, RefID: a4, Title: "统计测试事项", DueAt: eod(10, 20)}
		if err := tx.AddWorkItem(f.ctx, w); err != nil {
			return err
		}
		_, err := tx.AddReminder(f.ctx, w.ID, "due", 0, leader)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	f.clock.T = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	return unitA, unitB
}

func TestSupervisionStats(t *testing.T) {
	f := newFixture(t, "sqlite", true)
	unitA, unitB := statsData(t, f)
	idA, idB := itoa(unitA), itoa(unitB)
	period := app.StatsQuery{From: at(9, 1, 0), To: at(11, 1, 0), By: app.StatsByUnit}
	rowA := app.StatsRow{Key: idA, Name: "发改局", Issued: 5, Due: 4, OnTime: 2, Late: 1, OverdueOpen: 2, Open: 1,
		Reminders: 2, Extensions: 1, Returns: 1, OnTimeRate: 50, CompletionRate: 75, AvgWorkdays: 21,
		FeedbackDue: 2, FeedbackOnTime: 1, FeedbackRate: 50}
	rowB := app.StatsRow{Key: idB, Name: "城关镇", Issued: 2, Due: 1, OnTime: 1, OnTimeRate: 100, CompletionRate: 100,
		AvgWorkdays: 12}
	total := app.StatsRow{Key: "total", Name: "合计", Issued: 7, Due: 5, OnTime: 3, Late: 1, OverdueOpen: 2, Open: 1,
		Reminders: 2, Extensions: 1, Returns: 1, OnTimeRate: 60, CompletionRate: 80, AvgWorkdays: 18.8,
		FeedbackDue: 2, FeedbackOnTime: 1, FeedbackRate: 50}
	strict := func(r app.StatsRow, onTime, late int, rate float64) app.StatsRow {
		r.OnTime, r.Late, r.OnTimeRate = onTime, late, rate
		return r
	}
	tests := []struct {
		name      string
		extension bool
		want      []app.StatsRow
		total     app.StatsRow
	}{
		{"extension counts as on time", true, []app.StatsRow{rowB, rowA}, total},
		{"original due", false, []app.StatsRow{rowB, strict(rowA, 1, 2, 25)}, strict(total, 2, 2, 40)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := period
			q.ExtensionOnTime = tt.extension
			rows, tot, err := f.app.SupervisionStats(f.ctx, f.actor("duchayuan"), q)
			if err != nil {
				t.Fatal(err)
			}
			// Unit names: compare the short names the demo county uses.
			for i := range rows {
				rows[i].Name = shortUnit(rows[i].Name)
			}
			opt := cmpopts.IgnoreUnexported(app.StatsRow{})
			if d := cmp.Diff(tt.want, rows, opt); d != "" {
				t.Errorf("rows (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.total, tot, opt); d != "" {
				t.Errorf("total (-want +got):\n%s", d)
			}
		})
	}

	t.Run("bulletin", func(t *testing.T) {
		b, err := f.app.SupervisionBulletin(f.ctx, f.actor("wenshu"), app.StatsQuery{From: at(9, 1, 0), To: at(11, 1, 0),
			ExtensionOnTime: true}, 17)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"督查通报（第17期）", "一、总体情况", "本期交办督办事项7件，应办结5件，按期办结3件，按期办结率60%",
			"正在办理1件，占比20%", "超期未办结2件", "二、进展滞后单位", "超期未办结2件，按期办结率50%", "三、工作要求",
			"2026年9月1日至2026年10月31日"} {
			if !strings.Contains(b.Text, want) {
				t.Errorf("bulletin lacks %q:\n%s", want, b.Text)
			}
		}
	})

	t.Run("by leader and source", func(t *testing.T) {
		for _, by := range []string{app.StatsByLeader, app.StatsBySource} {
			q := period
			q.By, q.ExtensionOnTime = by, true
			rows, tot, err := f.app.SupervisionStats(f.ctx, f.actor("xianzhang"), q)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 1 || rows[0].Due != 5 || tot.OnTime != 3 {
				t.Errorf("by %s: %+v", by, rows)
			}
		}
	})

	t.Run("refusals", func(t *testing.T) {
		if _, _, err := f.app.SupervisionStats(f.ctx, f.actor("sysadmin"), period); zhongshu.ErrorCode(err) != zhongshu.CodeForbidden {
			t.Errorf("sysadmin: %v, want forbidden", err)
		}
		bad := period
		bad.To = bad.From
		if _, _, err := f.app.SupervisionStats(f.ctx, f.actor("wenshu"), bad); zhongshu.ErrorCode(err) != zhongshu.CodeInvalid {
			t.Errorf("empty period: %v, want invalid", err)
		}
		bad = period
		bad.By = "person"
		if _, _, err := f.app.SupervisionStats(f.ctx, f.actor("wenshu"), bad); zhongshu.ErrorCode(err) != zhongshu.CodeInvalid {
			t.Errorf("bad grouping: %v, want invalid", err)
		}
	})
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// shortUnit maps the demo units' names onto the short names used above.
func shortUnit(name string) string {
	switch {
	case strings.Contains(name, "发展和改革") || strings.Contains(name, "发改"):
		return "发改局"
	case strings.Contains(name, "城关"):
		return "城关镇"
	}
	return name
}
