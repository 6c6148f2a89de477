package supervision

import (
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// LightRules are a county's settings for the status lights (DOMAIN.md §5.6,
// §5.7; configurable).
type LightRules struct {
	// WarnWorkdays: an active item is 临期 when 0 ≤ workdays left ≤ this.
	// See WarnThreshold for the default "2 working days or 20 % of the
	// period, whichever is larger".
	WarnWorkdays int
	// ExtensionOnTime: whether an item completed by its approved extended
	// due counts as 按期. §5.7 leaves this to the county; the default moves
	// the yardstick with the extension (extensions are counted separately).
	ExtensionOnTime bool
}

// DefaultLightRules are the defaults of §5.6 and §5.7.
var DefaultLightRules = LightRules{WarnWorkdays: 2, ExtensionOnTime: true}

// WarnThreshold is the 临期 threshold for an item whose period (交办 to
// due) is periodWorkdays long: the larger of floor working days and
// percent of the period, rounded down (§5.6 default: floor 2, 20 %).
func WarnThreshold(periodWorkdays, floor, percent int) int {
	return max(floor, periodWorkdays*percent/100)
}

// Light computes an item's light at now (§5.6). workdaysLeft is the number
// of working days from now's date to the due date (0 on the due day), which
// the caller counts on the calendar. behind is the caller's own finding
// that the item lags its 序时进度 (e.g. poor-quality feedback); milestones
// past due and not done are found here.
//
// Precedence among active items: 红 超期 (now at or past DueAt, the
// end-of-day instant), then 黄 滞后, then 黄 临期, else 绿. Completed,
// closed and archived items are 灰, 按期 or 逾期 by EffectiveDue. Drafts,
// items awaiting approval, suspended and cancelled items have no light.
func Light(item zhongshu.SupervisionItem, now time.Time, workdaysLeft int, behind bool, r LightRules) zhongshu.SupervisionLight {
	switch {
	case item.Status.Finished():
		if OnTime(item, r.ExtensionOnTime) {
			return zhongshu.LightDoneOnTime
		}
		return zhongshu.LightDoneLate
	case !item.Status.Active():
		return zhongshu.LightNone
	case !item.DueAt.IsZero() && !now.Before(item.DueAt):
		return zhongshu.LightOverdue
	case behind || MilestonesBehind(item, now):
		return zhongshu.LightBehind
	case !item.DueAt.IsZero() && workdaysLeft >= 0 && workdaysLeft <= r.WarnWorkdays:
		return zhongshu.LightNear
	}
	return zhongshu.LightGreen
}

// MilestonesBehind reports whether a milestone is past due and not done at
// now (序时进度未达到, §5.6 [S31]).
func MilestonesBehind(item zhongshu.SupervisionItem, now time.Time) bool {
	for _, m := range item.Milestones {
		if m.DoneAt.IsZero() && !m.DueAt.IsZero() && !now.Before(m.DueAt) {
			return true
		}
	}
	return false
}

// EffectiveDue is the due an item is judged against: DueAt, or, when
// extensions do not count as 按期, the original due before any extension.
func EffectiveDue(item zhongshu.SupervisionItem, extensionOnTime bool) time.Time {
	if !extensionOnTime && !item.OriginalDueAt.IsZero() {
		return item.OriginalDueAt
	}
	return item.DueAt
}

// OnTime reports whether a completed item was 办结 by its effective due
// (§5.6 "completed ≤ original or approved extended due"). An item without a
// due date is on time.
func OnTime(item zhongshu.SupervisionItem, extensionOnTime bool) bool {
	due := EffectiveDue(item, extensionOnTime)
	return due.IsZero() || !item.CompletedAt.After(due)
}
