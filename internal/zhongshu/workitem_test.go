package zhongshu_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

func TestWorkItemDeadline(t *testing.T) {
	due := now.Add(3 * day)
	type result struct {
		State zhongshu.DeadlineState
		Label string
	}
	tests := []struct {
		name string
		done bool
		due  time.Time
		at   time.Time
		want result
	}{
		{"done, overdue", true, due, due.Add(day), result{zhongshu.DeadlineDone, "已办结"}},
		{"done, no deadline", true, time.Time{}, now, result{zhongshu.DeadlineDone, "已办结"}},
		{"done, deadline far off", true, due, now, result{zhongshu.DeadlineDone, "已办结"}},
		{"no deadline", false, time.Time{}, now, result{zhongshu.DeadlineNone, ""}},
		{"long before", false, due, due.Add(-3 * day), result{zhongshu.DeadlineOK, "正常"}},
		{"24 hours and a nanosecond before", false, due, due.Add(-day - time.Nanosecond), result{zhongshu.DeadlineOK, "正常"}},
		{"exactly 24 hours before", false, due, due.Add(-day), result{zhongshu.DeadlineNear, "临期"}},
		{"an hour before", false, due, due.Add(-time.Hour), result{zhongshu.DeadlineNear, "临期"}},
		{"at the deadline", false, due, due, result{zhongshu.DeadlineNear, "临期"}},
		{"a nanosecond after", false, due, due.Add(time.Nanosecond), result{zhongshu.DeadlineOverdue, "超期"}},
		{"a week after", false, due, due.Add(7 * day), result{zhongshu.DeadlineOverdue, "超期"}},
		{"deadline in another zone", false, due.In(time.FixedZone("CST", 8*3600)), due.Add(-time.Hour), result{zhongshu.DeadlineNear, "临期"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := &zhongshu.WorkItem{OwnerID: 1, Kind: zhongshu.WorkTodo, Title: "关于做好冬季防火工作的通知", Done: tt.done, DueAt: tt.due}
			state := w.Deadline(tt.at)
			if diff := cmp.Diff(tt.want, result{state, state.Label()}); diff != "" {
				t.Errorf("Deadline(%v) mismatch (-want +got):\n%s", tt.at, diff)
			}
		})
	}
}

func TestUrgencyLabel(t *testing.T) {
	tests := []struct {
		name string
		u    zhongshu.Urgency
		want string
	}{
		{"normal", zhongshu.UrgencyNormal, ""},
		{"urgent", zhongshu.UrgencyUrgent, "加急"},
		{"extra", zhongshu.UrgencyExtra, "特急"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.u.Label(); got != tt.want {
				t.Errorf("Label() = %q, want %q", got, tt.want)
			}
		})
	}
}
