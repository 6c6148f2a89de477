package supervision_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/workflow/supervision"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

func TestLight(t *testing.T) {
	type in struct {
		status    zhongshu.SupervisionStatus
		at        time.Time
		left      int
		behind    bool
		milestone *zhongshu.Milestone
		done      time.Time // CompletedAt
		extended  bool      // OriginalDueAt = due, DueAt = due + 10 days
		noDue     bool
		rules     supervision.LightRules
	}
	def := supervision.DefaultLightRules
	strict := supervision.LightRules{WarnWorkdays: 2, ExtensionOnTime: false}
	ip := zhongshu.SupervisionInProgress
	early := now.AddDate(0, 0, 1)
	tests := []struct {
		name string
		in   in
		want zhongshu.SupervisionLight
	}{
		{"plenty of time", in{status: ip, at: now, left: 10, rules: def}, zhongshu.LightGreen},
		{"one day more than the threshold", in{status: ip, at: now, left: 3, rules: def}, zhongshu.LightGreen},
		{"at the threshold", in{status: ip, at: now, left: 2, rules: def}, zhongshu.LightNear},
		{"due day", in{status: ip, at: due.Add(-time.Hour), left: 0, rules: def}, zhongshu.LightNear},
		{"last nanosecond", in{status: ip, at: due.Add(-time.Nanosecond), left: 0, rules: def}, zhongshu.LightNear},
		{"at the due instant (24:00)", in{status: ip, at: due, left: -1, rules: def}, zhongshu.LightOverdue},
		{"a week late", in{status: ip, at: due.AddDate(0, 0, 7), left: -5, rules: def}, zhongshu.LightOverdue},
		{"wider threshold", in{status: ip, at: now, left: 5, rules: supervision.LightRules{WarnWorkdays: 5}}, zhongshu.LightNear},
		{"no threshold, due day", in{status: ip, at: now, left: 0, rules: supervision.LightRules{}}, zhongshu.LightNear},
		{"no threshold, a day left", in{status: ip, at: now, left: 1, rules: supervision.LightRules{}}, zhongshu.LightGreen},

		{"milestone ahead", in{status: ip, at: now, left: 10, milestone: &zhongshu.Milestone{Name: "方案", DueAt: early}, rules: def}, zhongshu.LightGreen},
		{"milestone due now", in{status: ip, at: now, left: 10, milestone: &zhongshu.Milestone{Name: "方案", DueAt: now}, rules: def}, zhongshu.LightBehind},
		{"milestone missed", in{status: ip, at: early, left: 10, milestone: &zhongshu.Milestone{Name: "方案", DueAt: now}, rules: def}, zhongshu.LightBehind},
		{"milestone missed beats near", in{status: ip, at: early, left: 1, milestone: &zhongshu.Milestone{Name: "方案", DueAt: now}, rules: def}, zhongshu.LightBehind},
		{"milestone done late", in{status: ip, at: early, left: 10, milestone: &zhongshu.Milestone{Name: "方案", DueAt: now, DoneAt: early}, rules: def}, zhongshu.LightGreen},
		{"overdue beats behind", in{status: ip, at: due, left: -1, behind: true, rules: def}, zhongshu.LightOverdue},
		{"caller finds it behind", in{status: ip, at: now, left: 10, behind: true, rules: def}, zhongshu.LightBehind},

		{"issued counts", in{status: zhongshu.SupervisionIssued, at: now, left: 1, rules: def}, zhongshu.LightNear},
		{"transfer requested counts", in{status: zhongshu.SupervisionTransferRequested, at: due, left: -1, rules: def}, zhongshu.LightOverdue},
		{"extension pending counts", in{status: zhongshu.SupervisionExtensionPending, at: now, left: 1, rules: def}, zhongshu.LightNear},
		{"under review counts", in{status: zhongshu.SupervisionUnderReview, at: due, left: -1, rules: def}, zhongshu.LightOverdue},
		{"leader review counts", in{status: zhongshu.SupervisionLeaderReview, at: now, left: 10, rules: def}, zhongshu.LightGreen},
		{"no due", in{status: ip, at: now, left: 0, noDue: true, rules: def}, zhongshu.LightGreen},

		{"draft", in{status: zhongshu.SupervisionDraft, at: due, left: -1, rules: def}, zhongshu.LightNone},
		{"pending approval", in{status: zhongshu.SupervisionPendingApproval, at: now, left: 1, rules: def}, zhongshu.LightNone},
		{"suspended past due", in{status: zhongshu.SupervisionSuspended, at: due, left: -1, rules: def}, zhongshu.LightNone},
		{"cancelled", in{status: zhongshu.SupervisionCancelled, at: now, left: 10, rules: def}, zhongshu.LightNone},

		{"completed at the due instant", in{status: zhongshu.SupervisionCompleted, at: due.AddDate(0, 1, 0), done: due, rules: def}, zhongshu.LightDoneOnTime},
		{"completed a second late", in{status: zhongshu.SupervisionCompleted, at: due, done: due.Add(time.Second), rules: def}, zhongshu.LightDoneLate},
		{"closed on time", in{status: zhongshu.SupervisionClosed, at: due.AddDate(1, 0, 0), done: now, rules: def}, zhongshu.LightDoneOnTime},
		{"archived late", in{status: zhongshu.SupervisionArchived, at: now, done: due.AddDate(0, 0, 1), rules: def}, zhongshu.LightDoneLate},
		{"within extension, extension counts", in{status: zhongshu.SupervisionCompleted, at: due, done: due.AddDate(0, 0, 5), extended: true, rules: def}, zhongshu.LightDoneOnTime},
		{"within extension, original counts", in{status: zhongshu.SupervisionCompleted, at: due, done: due.AddDate(0, 0, 5), extended: true, rules: strict}, zhongshu.LightDoneLate},
		{"before original, original counts", in{status: zhongshu.SupervisionClosed, at: due, done: due, extended: true, rules: strict}, zhongshu.LightDoneOnTime},
		{"after extension", in{status: zhongshu.SupervisionCompleted, at: due, done: due.AddDate(0, 0, 11), extended: true, rules: def}, zhongshu.LightDoneLate},
		{"completed without due", in{status: zhongshu.SupervisionCompleted, at: now, done: now, noDue: true, rules: strict}, zhongshu.LightDoneOnTime},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := fixture(tt.in.status, zhongshu.SourceDecision)
			it.CompletedAt = tt.in.done
			if tt.in.milestone != nil {
				it.Milestones = []zhongshu.Milestone{*tt.in.milestone}
			}
			if tt.in.extended {
				it.OriginalDueAt, it.DueAt = due, due.AddDate(0, 0, 10)
			}
			if tt.in.noDue {
				it.DueAt = time.Time{}
			}
			if got := supervision.Light(it, tt.in.at, tt.in.left, tt.in.behind, tt.in.rules); got != tt.want {
				t.Errorf("Light = %q (%s), want %q (%s)", got, got.Label(), tt.want, tt.want.Label())
			}
		})
	}
}

func TestWarnThreshold(t *testing.T) {
	type args struct{ period, floor, percent int }
	tests := []struct {
		args args
		want int
	}{
		{args{0, 2, 20}, 2},
		{args{5, 2, 20}, 2},   // 急件: the floor
		{args{14, 2, 20}, 2},  // 2.8 rounds down to 2
		{args{15, 2, 20}, 3},  // 非急件 15 days
		{args{22, 2, 20}, 4},  // a month
		{args{66, 2, 20}, 13}, // a quarter
		{args{10, 0, 0}, 0},
	}
	for _, tt := range tests {
		if got := supervision.WarnThreshold(tt.args.period, tt.args.floor, tt.args.percent); got != tt.want {
			t.Errorf("WarnThreshold%+v = %d, want %d", tt.args, got, tt.want)
		}
	}
}

func TestEffectiveDue(t *testing.T) {
	it := fixture(zhongshu.SupervisionCompleted, zhongshu.SourceDecision)
	extended := it
	extended.OriginalDueAt, extended.DueAt = due, due.AddDate(0, 0, 10)
	got := []time.Time{
		supervision.EffectiveDue(it, true), supervision.EffectiveDue(it, false),
		supervision.EffectiveDue(extended, true), supervision.EffectiveDue(extended, false),
	}
	want := []time.Time{due, due, due.AddDate(0, 0, 10), due}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("EffectiveDue (-want +got):\n%s", diff)
	}
}
