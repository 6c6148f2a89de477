package calendar

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// Options is the counting convention. The zero value is the default.
type Options struct {
	// CountStartDay makes "自X之日起N个工作日" count the day of X itself
	// when it is a working day. By default (false) the day of X is not
	// counted and counting starts the next day, the general legal
	// convention for periods (DOMAIN.md §9.1).
	CountStartDay bool
	// CloseOfDay is when a working day ends for deadlines, measured from
	// midnight: 17h30m for office closing time. Zero means 24h, i.e. 24:00,
	// the end of the calendar day.
	CloseOfDay time.Duration
	// Location is the zone of the office. Nil means UTC+8
	// (time.FixedZone("CST", 8*3600)), which needs no tz database.
	Location *time.Location
}

// DefaultLocation is the office's zone when Options.Location is nil.
// China has kept UTC+8 without daylight saving since 1991.
func DefaultLocation() *time.Location { return time.FixedZone("CST", 8*3600) }

// Kind says why a day is or is not a working day.
type Kind string

// Day kinds.
const (
	KindWorkday       Kind = "workday"        // Monday–Friday, nothing declared
	KindWeekend       Kind = "weekend"        // Saturday or Sunday, nothing declared
	KindHoliday       Kind = "holiday"        // 法定节假日 or 调休休息日
	KindMakeupWorkday Kind = "makeup_workday" // 调休上班日
)

// DayInfo describes one day.
type DayInfo struct {
	Date Date
	Work bool   // a working day
	Kind Kind   // why
	Name string // the holiday's name for KindHoliday and KindMakeupWorkday
	// Provisional means the calendar has no arrangement for the year and
	// fell back to Monday–Friday; the answer may change once the notice is
	// loaded.
	Provisional bool
}

// Calendar answers working-day questions from a set of yearly
// arrangements. It is immutable and safe for concurrent use.
type Calendar struct {
	opts  Options
	years map[int]Year
	days  map[Date]DayInfo // only declared days
}

// New builds a calendar. Each year is validated. When the slice holds the
// same year more than once the later entry replaces the earlier one
// entirely, so pass Builtin() first and administrators' notices after it.
func New(years []Year, opts Options) (*Calendar, error) {
	if opts.CloseOfDay == 0 {
		opts.CloseOfDay = 24 * time.Hour
	}
	if opts.CloseOfDay < 0 || opts.CloseOfDay > 24*time.Hour {
		return nil, fmt.Errorf("下班时间 %v 应在 0 到 24 小时之间", opts.CloseOfDay)
	}
	if opts.Location == nil {
		opts.Location = DefaultLocation()
	}
	c := &Calendar{opts: opts, years: make(map[int]Year), days: make(map[Date]DayInfo)}
	for _, y := range years {
		if err := y.Validate(); err != nil {
			return nil, fmt.Errorf("%d 年节假日安排有误：%w", y.Year, err)
		}
		c.years[y.Year] = y.clone()
	}
	for _, y := range c.years {
		byDate := func(a, b NamedDate) int { return a.Date.Compare(b.Date) }
		slices.SortFunc(y.Off, byDate)
		slices.SortFunc(y.Workday, byDate)
		for _, nd := range y.Off {
			c.days[nd.Date] = DayInfo{Date: nd.Date, Kind: KindHoliday, Name: nd.Name}
		}
		for _, nd := range y.Workday {
			c.days[nd.Date] = DayInfo{Date: nd.Date, Work: true, Kind: KindMakeupWorkday, Name: nd.Name}
		}
	}
	return c, nil
}

// MustNew is New for data known to be valid, such as Builtin(); it panics
// on error.
func MustNew(years []Year, opts Options) *Calendar {
	c, err := New(years, opts)
	if err != nil {
		panic(fmt.Errorf("calendar.MustNew: %w", err))
	}
	return c
}

// Options returns the options in effect, with defaults filled in.
func (c *Calendar) Options() Options { return c.opts }

// Day describes d.
func (c *Calendar) Day(d Date) DayInfo {
	d = d.norm()
	return c.dayAt(d, d.Weekday())
}

// dayAt describes the normalised date d, whose weekday is wd.
func (c *Calendar) dayAt(d Date, wd time.Weekday) DayInfo {
	if info, ok := c.days[d]; ok {
		return info
	}
	_, known := c.years[d.Year]
	if wd == time.Saturday || wd == time.Sunday {
		return DayInfo{Date: d, Kind: KindWeekend, Provisional: !known}
	}
	return DayInfo{Date: d, Work: true, Kind: KindWorkday, Provisional: !known}
}

// cursor walks day by day; it keeps the weekday so that the loops in
// deadline.go never call time.Date.
type cursor struct {
	d  Date
	wd time.Weekday
}

func newCursor(d Date) cursor {
	d = d.norm()
	return cursor{d: d, wd: d.Weekday()}
}

func (k *cursor) next() {
	k.d = k.d.next()
	k.wd = (k.wd + 1) % 7
}

// IsWorkday reports whether d is a working day.
func (c *Calendar) IsWorkday(d Date) bool { return c.Day(d).Work }

// HasYear reports whether an arrangement for year y is loaded.
func (c *Calendar) HasYear(y int) bool {
	_, ok := c.years[y]
	return ok
}

// Years returns copies of the loaded arrangements, by year, each with its
// days in date order, for the administrator's page.
func (c *Calendar) Years() []Year {
	out := make([]Year, 0, len(c.years))
	for _, y := range c.years {
		out = append(out, y.clone())
	}
	slices.SortFunc(out, func(a, b Year) int { return cmp.Compare(a.Year, b.Year) })
	return out
}
