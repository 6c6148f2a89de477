package calendar

import (
	"cmp"
	"fmt"
	"time"
)

// Date is a civil date without a time zone, e.g. 2026-02-14. Dates are
// comparable with ==; methods normalise out-of-range values the way
// time.Date does (2026-02-30 is 2026-03-02).
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses "YYYY-MM-DD" with a two-digit month and day, e.g.
// "2026-02-14". Dates that do not exist, such as 2027-02-29, are errors.
func ParseDate(s string) (Date, error) {
	if !isDigitsAndDashes(s) {
		return Date{}, fmt.Errorf("日期格式应为 2027-01-31，收到“%s”", s)
	}
	// The shape is right, so time.Parse can only object to a month or day
	// out of range; its English message is not for users.
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("日期不存在：%s", s)
	}
	return DateOf(t, nil), nil
}

// isDigitsAndDashes reports whether s has the shape NNNN-NN-NN.
func isDigitsAndDashes(s string) bool {
	if len(s) != len(time.DateOnly) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i == 4 || i == 7 {
			if s[i] != '-' {
				return false
			}
		} else if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// DateOf returns the civil date of t in loc. A nil loc means t's own
// location.
func DateOf(t time.Time, loc *time.Location) Date {
	if loc != nil {
		t = t.In(loc)
	}
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// String returns the date as "2026-02-14".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// MarshalText implements encoding.TextMarshaler, so that JSON and form
// encoders write "2026-02-14".
func (d Date) MarshalText() ([]byte, error) {
	return []byte(d.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with ParseDate.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// utc is the date as midnight UTC; UTC has no gaps, so day arithmetic on it
// is exact.
func (d Date) utc() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// norm returns d with out-of-range fields carried over.
func (d Date) norm() Date { return d.AddDays(0) }

// AddDays returns the date n calendar days later (earlier if n < 0).
func (d Date) AddDays(n int) Date {
	return DateOf(d.utc().AddDate(0, 0, n), nil)
}

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday { return d.utc().Weekday() }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int { return compareNorm(d.norm(), e.norm()) }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// Equal reports whether d and e are the same day, after normalisation.
func (d Date) Equal(e Date) bool { return d.Compare(e) == 0 }

// Time returns midnight at the start of d in loc (nil means UTC).
func (d Date) Time(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// daysIn returns the number of days in month m (1–12) of year y.
func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// next returns the following day of a normalised date without going
// through time.Date; the day-by-day loops spend their time here.
func (d Date) next() Date {
	switch {
	case d.Day < daysIn(d.Year, d.Month):
		d.Day++
	case d.Month == time.December:
		d = Date{Year: d.Year + 1, Month: time.January, Day: 1}
	default:
		d = Date{Year: d.Year, Month: d.Month + 1, Day: 1}
	}
	return d
}

// compareNorm compares two normalised dates field by field.
func compareNorm(a, b Date) int {
	return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Month, b.Month), cmp.Compare(a.Day, b.Day))
}
