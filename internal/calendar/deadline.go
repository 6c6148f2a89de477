package calendar

import "time"

// The boolean that these methods return, provisional, is true when a day
// the answer depended on lies in a year without an arrangement, where the
// calendar assumed Monday–Friday. Show such deadlines as provisional
// (DOMAIN.md §9.3).

// AddWorkdays returns the nth working day "自from之日起" (n ≥ 1). By
// default from itself is not counted and counting starts the next day;
// with Options.CountStartDay a working from is the first day. 调休上班日
// count, holidays and ordinary weekends do not. An n below 1 returns from.
func (c *Calendar) AddWorkdays(from Date, n int) (Date, bool) {
	k := newCursor(from)
	if n < 1 {
		return k.d, c.dayAt(k.d, k.wd).Provisional
	}
	if !c.opts.CountStartDay {
		k.next()
	}
	provisional := false
	for ; ; k.next() {
		info := c.dayAt(k.d, k.wd)
		provisional = provisional || info.Provisional
		if info.Work {
			if n--; n == 0 {
				return k.d, provisional
			}
		}
	}
}

// Deadline returns the end of the nth working day after the event at from:
// the date of from in Options.Location, moved by AddWorkdays, at
// Options.CloseOfDay. With the default 24:00 the instant is midnight at
// the start of the following calendar day; display the due date with
// "24:00" (or as the previous day's end) rather than formatting the
// instant. The time of day of from does not matter: an event at 23:50
// still counts from its own date.
func (c *Calendar) Deadline(from time.Time, n int) (time.Time, bool) {
	due, provisional := c.AddWorkdays(DateOf(from, c.opts.Location), n)
	return c.EndOf(due), provisional
}

// EndOf returns the end of day d: Options.CloseOfDay after its midnight in
// Options.Location, computed on the wall clock.
func (c *Calendar) EndOf(d Date) time.Time {
	rest := c.opts.CloseOfDay
	h := rest / time.Hour
	rest -= h * time.Hour
	m := rest / time.Minute
	rest -= m * time.Minute
	s := rest / time.Second
	rest -= s * time.Second
	// time.Date carries hour 24 over to midnight of the next day.
	return time.Date(d.Year, d.Month, d.Day, int(h), int(m), int(s), int(rest), c.opts.Location)
}

// AddPeriod returns the last day of a calendar-day period "自from之日起
// months个月days日", following 民法典 第二百零一条、第二百零二条: the
// start day is not counted (from + 30日 is the 30th day after from), a
// month period ends on the corresponding day of the final month or on that
// month's last day when it has none (01-31 + 1个月 is 02-28, or 02-29 in a
// leap year), and an end on a non-working day moves forward to the next
// working day. Months are added before days. Options.CountStartDay does not
// apply to calendar-day periods.
func (c *Calendar) AddPeriod(from Date, months, days int) (Date, bool) {
	from = from.norm()
	first := Date{Year: from.Year, Month: from.Month + time.Month(months), Day: 1}.norm()
	end := Date{
		Year:  first.Year,
		Month: first.Month,
		Day:   min(from.Day, daysIn(first.Year, first.Month)),
	}.AddDays(days)
	return c.rollForward(end)
}

// rollForward returns d if it is a working day, else the next one.
func (c *Calendar) rollForward(d Date) (Date, bool) {
	provisional := false
	for k := newCursor(d); ; k.next() {
		info := c.dayAt(k.d, k.wd)
		provisional = provisional || info.Provisional
		if info.Work {
			return k.d, provisional
		}
	}
}

// WorkdaysBetween counts the working days in (from, to]: from itself is
// not counted, to is. When to is before from the result is minus the count
// in (to, from]. With from today and to the due date it is "还剩N个工作日";
// a negative value is the number of working days overdue.
func (c *Calendar) WorkdaysBetween(from, to Date) int {
	from, to = from.norm(), to.norm()
	sign := 1
	if to.Before(from) {
		from, to, sign = to, from, -1
	}
	n := 0
	for k := newCursor(from); ; {
		k.next()
		if compareNorm(k.d, to) > 0 {
			return sign * n
		}
		if c.dayAt(k.d, k.wd).Work {
			n++
		}
	}
}
