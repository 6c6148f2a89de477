package zhongshu

import (
	"time"
	"unicode/utf8"
)

// Delegation is a time-bounded 委托: while it is in force, the delegate may
// act on the delegator's work items (leave, business trips).
type Delegation struct {
	ID         int64
	FromUserID int64
	FromName   string // filled on read
	ToUserID   int64
	ToName     string // filled on read
	StartsAt   time.Time
	EndsAt     time.Time
	Reason     string
	CreatedBy  int64
	CreatedAt  time.Time
	RevokedAt  time.Time // zero when not revoked
}

// InForce reports whether d applies at now.
func (d *Delegation) InForce(now time.Time) bool {
	return d.RevokedAt.IsZero() && !now.Before(d.StartsAt) && now.Before(d.EndsAt)
}

// State returns a short Chinese status for lists.
func (d *Delegation) State(now time.Time) string {
	switch {
	case !d.RevokedAt.IsZero():
		return "已撤销"
	case now.Before(d.StartsAt):
		return "未开始"
	case now.Before(d.EndsAt):
		return "生效中"
	default:
		return "已到期"
	}
}

// MaxDelegation is the longest a single delegation may last.
const MaxDelegation = 90 * 24 * time.Hour

// Validate checks the delegation's fields against now.
func (d *Delegation) Validate(now time.Time) error {
	var p Problems
	if d.FromUserID == 0 {
		p.Add("from_user_id", "请选择委托人")
	}
	if d.ToUserID == 0 {
		p.Add("to_user_id", "请选择受托人")
	}
	if d.FromUserID != 0 && d.FromUserID == d.ToUserID {
		p.Add("to_user_id", "不能委托给本人")
	}
	if d.StartsAt.IsZero() {
		p.Add("starts_at", "请填写开始时间")
	}
	if d.EndsAt.IsZero() {
		p.Add("ends_at", "请填写结束时间")
	}
	if !d.StartsAt.IsZero() && !d.EndsAt.IsZero() {
		if !d.EndsAt.After(d.StartsAt) {
			p.Add("ends_at", "结束时间须晚于开始时间")
		} else if d.EndsAt.Sub(d.StartsAt) > MaxDelegation {
			p.Add("ends_at", "单次委托不能超过90天")
		}
		if !d.EndsAt.After(now) {
			p.Add("ends_at", "结束时间已过")
		}
	}
	if n := utf8.RuneCountInString(d.Reason); n == 0 {
		p.Add("reason", "请填写委托事由")
	} else if n > 200 {
		p.Add("reason", "委托事由不能超过200个字")
	}
	return p.Err()
}
