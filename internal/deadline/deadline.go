// Package deadline holds the rules that turn a work item's deadline into
// reminders, escalation and 压/误 flags ("文不过夜、事不隔天"). It is pure:
// given an item, the working-day calendar, the rules and the time, Evaluate
// says what must happen now and when to look again. The app layer applies
// the result in one transaction; the sweep visits only items whose next
// check has come, so its cost follows items coming due, not items stored.
package deadline

import (
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/calendar"
)

// Level is the escalation reached by an item (DOMAIN.md §5.5, §5.6).
type Level int

// Levels, in escalation order.
const (
	LevelNone   Level = 0
	LevelBlue   Level = 1 // 蓝 临期: the deadline is near
	LevelYellow Level = 2 // 黄 到期: the deadline is today
	LevelRed    Level = 3 // 红 超期: the deadline has passed
)

// Label is the level's Chinese name.
func (l Level) Label() string {
	switch l {
	case LevelBlue:
		return "蓝色预警（临期）"
	case LevelYellow:
		return "黄色预警（今日到期）"
	case LevelRed:
		return "红色预警（超期）"
	}
	return ""
}

// Audience says who hears of an action: the owner, then the owner's section
// chief, then the office leadership, as the ladder climbs.
type Audience int

// Audiences, combinable.
const (
	Owner      Audience = 1 << iota // the person who holds the item
	Chief                           // the section chief of the owner's unit
	Leadership                      // the office director
)

// Kind names what happened; it keys reminders so each fires once.
type Kind string

// Kinds of action.
const (
	KindDueSoon   Kind = "due_soon"  // 蓝: deadline within the warning period
	KindDue       Kind = "due"       // 黄: deadline today
	KindOverdue   Kind = "overdue"   // 红: 误
	KindOvernight Kind = "overnight" // 红 for same-day work (文不过夜)
	KindHeld      Kind = "held"      // 压: no action for too long
)

// Rules are a county's thresholds (DOMAIN.md §2.6; configurable).
type Rules struct {
	WarnWorkdays int // 蓝 this many working days before the deadline (default 2)
	HeldWorkdays int // 压 after this many working days without action (default 1)
}

// DefaultRules are the defaults of DOMAIN.md §2.6 and §5.6.
var DefaultRules = Rules{WarnWorkdays: 2, HeldWorkdays: 1}

// Item is what the rules need to know about one open work item.
type Item struct {
	CreatedAt time.Time
	DueAt     time.Time // zero: no deadline
	ActedAt   time.Time // zero: the owner has not acted yet
	Level     Level     // escalation already reached
	Held      bool      // 压 already raised
}

// Action is one step the app must take now.
type Action struct {
	Kind     Kind
	Level    Level
	Audience Audience
}

// Result is the outcome of an evaluation.
type Result struct {
	Actions []Action
	Level   Level     // the level after the actions
	Held    bool      // whether 压 is raised after the actions
	Next    time.Time // when to evaluate again; zero when nothing is pending
}

// Evaluate applies the rules to it at now. Only the highest due level acts:
// an item found already overdue gets one red reminder, not three.
func Evaluate(cal *calendar.Calendar, loc *time.Location, r Rules, it Item, now time.Time) Result {
	res := Result{Level: it.Level, Held: it.Held}
	var pending []time.Time
	if !it.DueAt.IsZero() {
		due := DueDate(it.DueAt, loc)
		blueAt := warnStart(cal, due, r.WarnWorkdays).Time(loc)
		yellowAt := due.Time(loc)
		redAt := it.DueAt
		// A deadline set on the day it falls due (文不过夜) is "overnight"
		// when missed.
		sameDay := calendar.DateOf(it.CreatedAt, loc) == due && it.DueAt.After(it.CreatedAt)
		switch {
		case !now.Before(redAt) && it.Level < LevelRed:
			kind := KindOverdue
			if sameDay {
				kind = KindOvernight
			}
			res.Actions = append(res.Actions, Action{Kind: kind, Level: LevelRed, Audience: Owner | Chief | Leadership})
			res.Level = LevelRed
		case !now.Before(yellowAt) && it.Level < LevelYellow:
			if !sameDay { // work due the day it arrives is not "due today" news
				res.Actions = append(res.Actions, Action{Kind: KindDue, Level: LevelYellow, Audience: Owner | Chief})
			}
			res.Level = LevelYellow
		case !now.Before(blueAt) && it.Level < LevelBlue:
			// Work that arrives already inside the warning period starts
			// blue without a reminder: the new item itself is the notice.
			if blueAt.After(it.CreatedAt) {
				res.Actions = append(res.Actions, Action{Kind: KindDueSoon, Level: LevelBlue, Audience: Owner})
			}
			res.Level = LevelBlue
		}
		if res.Level < LevelBlue {
			pending = append(pending, blueAt)
		}
		if res.Level < LevelYellow {
			pending = append(pending, yellowAt)
		}
		if res.Level < LevelRed {
			pending = append(pending, redAt)
		}
	}
	if it.ActedAt.IsZero() && !it.Held && r.HeldWorkdays > 0 {
		heldAt, _ := cal.Deadline(it.CreatedAt, r.HeldWorkdays)
		if !now.Before(heldAt) {
			res.Actions = append(res.Actions, Action{Kind: KindHeld, Level: res.Level, Audience: Owner | Chief})
			res.Held = true
		} else {
			pending = append(pending, heldAt)
		}
	}
	for _, t := range pending {
		if t.After(now) && (res.Next.IsZero() || t.Before(res.Next)) {
			res.Next = t
		}
	}
	return res
}

// DueDate is the working day a deadline belongs to. A deadline at 24:00 is
// midnight of the next calendar day, yet it belongs to the day it ends.
func DueDate(dueAt time.Time, loc *time.Location) calendar.Date {
	return calendar.DateOf(dueAt.Add(-time.Nanosecond), loc)
}

// warnStart is the first day of the warning period: the day that lies n
// working days before due (due itself not counted), or due when n ≤ 0.
func warnStart(cal *calendar.Calendar, due calendar.Date, n int) calendar.Date {
	d := due
	for k := 0; k < n; {
		d = d.AddDays(-1)
		if cal.IsWorkday(d) {
			k++
		}
	}
	return d
}
