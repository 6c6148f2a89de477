package calendar_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/calendar"
)

type result struct {
	Date        string
	Provisional bool
}

func TestAddWorkdays(t *testing.T) {
	c := MustCalendar(t, calendar.Options{})
	only2026, err := calendar.New(calendar.Builtin()[1:2], calendar.Options{})
	if err != nil {
		t.Fatal(err)
	}
	counting := MustCalendar(t, calendar.Options{CountStartDay: true})
	tests := []struct {
		name string
		cal  *calendar.Calendar
		from string
		n    int
		want result
	}{
		// DOMAIN.md §9.2 test vectors.
		{"§9.2 春节", c, "2026-02-12", 5, result{"2026-02-26", false}},
		{"§9.2 调休 Saturday", c, "2026-02-13", 1, result{"2026-02-14", false}},
		{"§9.2 国庆", c, "2026-09-30", 3, result{"2026-10-10", false}},
		{"§9.2 劳动节", c, "2026-04-30", 1, result{"2026-05-06", false}},
		{"§9.2 端午节", c, "2026-06-18", 2, result{"2026-06-23", false}},
		{"§9.2 中秋节", c, "2026-09-24", 1, result{"2026-09-28", false}},
		{"§9.2 元旦", c, "2025-12-31", 1, result{"2026-01-04", false}},
		// STACK.md §3.9.
		{"5 after 2026-09-29", c, "2026-09-29", 5, result{"2026-10-12", false}},
		// 调休 Saturdays count.
		{"劳动节调休 Saturday", c, "2026-05-08", 1, result{"2026-05-09", false}},
		{"国庆调休 Sunday", c, "2026-09-18", 1, result{"2026-09-20", false}},
		{"from a holiday", c, "2026-02-16", 1, result{"2026-02-24", false}},
		{"ordinary weekend skipped", c, "2026-03-06", 1, result{"2026-03-09", false}},
		// Year boundaries.
		{"2026 → 2027", c, "2026-12-31", 1, result{"2027-01-04", false}},
		{"last day of 2027", c, "2027-12-30", 1, result{"2027-12-31", false}},
		{"2027 → 2028 provisional", c, "2027-12-31", 1, result{"2028-01-03", true}},
		{"inside 2028", c, "2028-01-31", 5, result{"2028-02-07", true}},
		// A missing year is provisional only if a counted day lies in it.
		{"missing 2025, result in 2026", only2026, "2025-12-31", 1, result{"2026-01-04", false}},
		{"missing 2025", only2026, "2025-12-30", 1, result{"2025-12-31", true}},
		{"missing 2025 holiday counted as workday", only2026, "2025-09-30", 1, result{"2025-10-01", true}},
		// CountStartDay: the day of the event is the first working day.
		{"count start: working from", counting, "2026-02-13", 1, result{"2026-02-13", false}},
		{"count start: 春节", counting, "2026-02-12", 5, result{"2026-02-25", false}},
		{"count start: from a holiday", counting, "2026-10-01", 1, result{"2026-10-08", false}},
		{"n = 0 returns from", c, "2026-10-01", 0, result{"2026-10-01", false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, p := tt.cal.AddWorkdays(mustDate(tt.from), tt.n)
			if diff := cmp.Diff(tt.want, result{d.String(), p}); diff != "" {
				t.Errorf("AddWorkdays(%s, %d) (-want +got):\n%s", tt.from, tt.n, diff)
			}
			if tt.cal == c && tt.n > 0 {
				if got := c.WorkdaysBetween(mustDate(tt.from), d); got != tt.n {
					t.Errorf("WorkdaysBetween(%s, %s) = %d, want %d", tt.from, d, got, tt.n)
				}
			}
		})
	}
}

func TestDeadline(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	closing := MustCalendar(t, calendar.Options{CloseOfDay: 17*time.Hour + 30*time.Minute})
	midnight := MustCalendar(t, calendar.Options{})
	tests := []struct {
		name string
		cal  *calendar.Calendar
		from time.Time
		n    int
		want string
	}{
		{"late evening, 17:30", closing, time.Date(2026, 2, 13, 23, 30, 0, 0, cst), 1, "2026-02-14T17:30:00+08:00"},
		{"UTC input, same CST day", closing, time.Date(2026, 2, 12, 16, 30, 0, 0, time.UTC), 1, "2026-02-14T17:30:00+08:00"},
		// 2026-02-13 17:00 UTC is 2026-02-14 01:00 in UTC+8: the event is
		// on the 调休 Saturday, so the next working day is after 春节.
		{"UTC evening is next CST day", closing, time.Date(2026, 2, 13, 17, 0, 0, 0, time.UTC), 1, "2026-02-24T17:30:00+08:00"},
		{"§9.2 国庆, 24:00", midnight, time.Date(2026, 9, 30, 9, 0, 0, 0, cst), 3, "2026-10-11T00:00:00+08:00"},
		{"2028 provisional", closing, time.Date(2027, 12, 31, 20, 0, 0, 0, cst), 1, "2028-01-03T17:30:00+08:00 provisional"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, p := tt.cal.Deadline(tt.from, tt.n)
			s := got.Format(time.RFC3339)
			if p {
				s += " provisional"
			}
			if diff := cmp.Diff(tt.want, s); diff != "" {
				t.Errorf("Deadline (-want +got):\n%s", diff)
			}
		})
	}
	if got := closing.EndOf(mustDate("2026-02-14")).Format(time.RFC3339); got != "2026-02-14T17:30:00+08:00" {
		t.Errorf("EndOf = %s", got)
	}
}

func TestAddPeriod(t *testing.T) {
	c := MustCalendar(t, calendar.Options{})
	tests := []struct {
		from         string
		months, days int
		want         result
	}{
		{"2026-09-01", 1, 0, result{"2026-10-08", false}},  // 10-01 is 国庆
		{"2026-09-01", 0, 30, result{"2026-10-08", false}}, // 30日: 10-01 again
		{"2026-03-31", 1, 0, result{"2026-04-30", false}},  // clamped, Thursday
		{"2026-01-31", 1, 0, result{"2026-02-28", false}},  // clamped; 02-28 is 春节调休 Saturday
		{"2027-01-31", 1, 0, result{"2027-03-01", false}},  // 02-28 is a Sunday
		{"2026-11-30", 3, 0, result{"2027-03-01", false}},  // across the year, clamped, Sunday
		{"2028-01-31", 1, 0, result{"2028-02-29", true}},   // leap year, no data
		{"2026-03-31", -1, 0, result{"2026-02-28", false}}, // backwards, clamped
		{"2026-02-14", 12, 0, result{"2027-02-14", false}}, // a 春节调休 Sunday in 2027
		{"2026-10-01", 0, 0, result{"2026-10-08", false}},  // zero period rolls forward
		{"2026-06-12", 0, 7, result{"2026-06-22", false}},  // 06-19 端午 … 06-21
		{"2026-12-31", 0, 1, result{"2027-01-04", false}},  // 元旦 2027
		{"2026-05-31", 1, 1, result{"2026-07-01", false}},  // months first: 06-30 + 1
		{"2027-12-01", 1, 0, result{"2028-01-03", true}},   // 2028-01-01 Saturday, no data
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s+%dm%dd", tt.from, tt.months, tt.days), func(t *testing.T) {
			d, p := c.AddPeriod(mustDate(tt.from), tt.months, tt.days)
			if diff := cmp.Diff(tt.want, result{d.String(), p}); diff != "" {
				t.Errorf("AddPeriod (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWorkdaysBetween(t *testing.T) {
	c := MustCalendar(t, calendar.Options{})
	tests := []struct {
		from, to string
		want     int
	}{
		{"2026-02-12", "2026-02-26", 5},
		{"2026-02-26", "2026-02-12", -5},
		{"2026-02-12", "2026-02-12", 0},
		{"2026-02-15", "2026-02-23", 0}, // all 春节
		{"2026-02-13", "2026-02-14", 1}, // 调休 Saturday counts
		{"2026-02-14", "2026-02-13", -1},
		{"2026-09-30", "2026-10-10", 3},
		{"2026-10-10", "2026-09-30", -3}, // (09-30, 10-10]: 10-08, 10-09, 10-10
		{"2027-12-31", "2028-01-07", 5},  // provisional Mon–Fri
	}
	for _, tt := range tests {
		t.Run(tt.from+"→"+tt.to, func(t *testing.T) {
			if got := c.WorkdaysBetween(mustDate(tt.from), mustDate(tt.to)); got != tt.want {
				t.Errorf("WorkdaysBetween = %d, want %d", got, tt.want)
			}
		})
	}
}
