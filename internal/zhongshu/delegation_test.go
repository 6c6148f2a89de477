package zhongshu_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

var now = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

const day = 24 * time.Hour

func TestDelegationValidate(t *testing.T) {
	const (
		endsBeforeStart = "结束时间须晚于开始时间"
		endsPast        = "结束时间已过"
	)
	valid := func(change func(d *zhongshu.Delegation)) *zhongshu.Delegation {
		d := &zhongshu.Delegation{FromUserID: 1, ToUserID: 2, StartsAt: now, EndsAt: now.Add(7 * day), Reason: "赴省参加培训"}
		if change != nil {
			change(d)
		}
		return d
	}
	tests := []struct {
		name string
		d    *zhongshu.Delegation
		want map[string]string
	}{
		{"valid", valid(nil), nil},
		{"starting in the future", valid(func(d *zhongshu.Delegation) { d.StartsAt, d.EndsAt = now.Add(day), now.Add(3*day) }), nil},
		{"started in the past, still running", valid(func(d *zhongshu.Delegation) { d.StartsAt = now.Add(-3 * day) }), nil},
		{"ending one second from now", valid(func(d *zhongshu.Delegation) { d.StartsAt, d.EndsAt = now.Add(-day), now.Add(time.Second) }), nil},
		{"exactly 90 days", valid(func(d *zhongshu.Delegation) { d.EndsAt = d.StartsAt.Add(90 * day) }), nil},
		{"reason of 200 characters", valid(func(d *zhongshu.Delegation) { d.Reason = strings.Repeat("事", 200) }), nil},

		{"no delegator", valid(func(d *zhongshu.Delegation) { d.FromUserID = 0 }),
			map[string]string{"from_user_id": "请选择委托人"}},
		{"no delegate", valid(func(d *zhongshu.Delegation) { d.ToUserID = 0 }),
			map[string]string{"to_user_id": "请选择受托人"}},
		{"nobody", valid(func(d *zhongshu.Delegation) { d.FromUserID, d.ToUserID = 0, 0 }),
			map[string]string{"from_user_id": "请选择委托人", "to_user_id": "请选择受托人"}},
		{"to oneself", valid(func(d *zhongshu.Delegation) { d.ToUserID = d.FromUserID }),
			map[string]string{"to_user_id": "不能委托给本人"}},
		{"no start", valid(func(d *zhongshu.Delegation) { d.StartsAt = time.Time{} }),
			map[string]string{"starts_at": "请填写开始时间"}},
		{"no end", valid(func(d *zhongshu.Delegation) { d.EndsAt = time.Time{} }),
			map[string]string{"ends_at": "请填写结束时间"}},
		{"no times", valid(func(d *zhongshu.Delegation) { d.StartsAt, d.EndsAt = time.Time{}, time.Time{} }),
			map[string]string{"starts_at": "请填写开始时间", "ends_at": "请填写结束时间"}},
		{"end equals start", valid(func(d *zhongshu.Delegation) { d.StartsAt, d.EndsAt = now.Add(day), now.Add(day) }),
			map[string]string{"ends_at": endsBeforeStart}},
		{"end before start", valid(func(d *zhongshu.Delegation) { d.StartsAt, d.EndsAt = now.Add(2*day), now.Add(day) }),
			map[string]string{"ends_at": endsBeforeStart}},
		{"end before start, both past", valid(func(d *zhongshu.Delegation) { d.StartsAt, d.EndsAt = now.Add(-day), now.Add(-2*day) }),
			map[string]string{"ends_at": endsBeforeStart}},
		{"90 days and a second", valid(func(d *zhongshu.Delegation) { d.EndsAt = d.StartsAt.Add(90*day + time.Second) }),
			map[string]string{"ends_at": "单次委托不能超过90天"}},
		{"a year", valid(func(d *zhongshu.Delegation) { d.EndsAt = d.StartsAt.AddDate(1, 0, 0) }),
			map[string]string{"ends_at": "单次委托不能超过90天"}},
		{"ended an hour ago", valid(func(d *zhongshu.Delegation) { d.StartsAt, d.EndsAt = now.Add(-10*day), now.Add(-time.Hour) }),
			map[string]string{"ends_at": endsPast}},
		{"ends exactly now", valid(func(d *zhongshu.Delegation) { d.StartsAt, d.EndsAt = now.Add(-day), now }),
			map[string]string{"ends_at": endsPast}},
		{"no reason", valid(func(d *zhongshu.Delegation) { d.Reason = "" }),
			map[string]string{"reason": "请填写委托事由"}},
		{"reason of 201 characters", valid(func(d *zhongshu.Delegation) { d.Reason = strings.Repeat("事", 201) }),
			map[string]string{"reason": "委托事由不能超过200个字"}},
		{"everything wrong", &zhongshu.Delegation{Reason: strings.Repeat("事", 201)},
			map[string]string{"from_user_id": "请选择委托人", "to_user_id": "请选择受托人", "starts_at": "请填写开始时间",
				"ends_at": "请填写结束时间", "reason": "委托事由不能超过200个字"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFields(t, tt.d.Validate(now), tt.want)
		})
	}
}

func TestDelegationState(t *testing.T) {
	start := now
	end := now.Add(7 * day)
	type result struct {
		State   string
		InForce bool
	}
	tests := []struct {
		name    string
		revoked time.Time
		at      time.Time
		want    result
	}{
		{"long before", time.Time{}, start.Add(-day), result{"未开始", false}},
		{"just before the start", time.Time{}, start.Add(-time.Nanosecond), result{"未开始", false}},
		{"at the start", time.Time{}, start, result{"生效中", true}},
		{"in the middle", time.Time{}, start.Add(3 * day), result{"生效中", true}},
		{"just before the end", time.Time{}, end.Add(-time.Nanosecond), result{"生效中", true}},
		{"at the end", time.Time{}, end, result{"已到期", false}},
		{"after the end", time.Time{}, end.Add(day), result{"已到期", false}},
		{"revoked, in the middle", start.Add(day), start.Add(3 * day), result{"已撤销", false}},
		{"revoked, before the revocation time", start.Add(day), start.Add(time.Hour), result{"已撤销", false}},
		{"revoked before the start", start.Add(-day), start.Add(-time.Hour), result{"已撤销", false}},
		{"revoked, after the end", start.Add(day), end.Add(day), result{"已撤销", false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &zhongshu.Delegation{FromUserID: 1, ToUserID: 2, StartsAt: start, EndsAt: end, Reason: "出差", RevokedAt: tt.revoked}
			got := result{d.State(tt.at), d.InForce(tt.at)}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("at %v mismatch (-want +got):\n%s", tt.at, diff)
			}
		})
	}
}
