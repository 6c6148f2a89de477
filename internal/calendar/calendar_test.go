package calendar_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/calendar"
)

// MustCalendar builds a calendar from the built-in years.
func MustCalendar(t *testing.T, opts calendar.Options) *calendar.Calendar {
	t.Helper()
	c, err := calendar.New(calendar.Builtin(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDay(t *testing.T) {
	c := MustCalendar(t, calendar.Options{})
	tests := []struct {
		date string
		want calendar.DayInfo
	}{
		{"2026-02-13", calendar.DayInfo{Work: true, Kind: calendar.KindWorkday}},
		{"2026-02-14", calendar.DayInfo{Work: true, Kind: calendar.KindMakeupWorkday, Name: "春节调休"}},
		{"2026-02-16", calendar.DayInfo{Kind: calendar.KindHoliday, Name: "春节"}},
		{"2026-04-04", calendar.DayInfo{Kind: calendar.KindHoliday, Name: "清明节"}},
		{"2026-03-07", calendar.DayInfo{Kind: calendar.KindWeekend}},
		{"2028-01-01", calendar.DayInfo{Kind: calendar.KindWeekend, Provisional: true}},
		{"2028-01-03", calendar.DayInfo{Work: true, Kind: calendar.KindWorkday, Provisional: true}},
		{"2024-10-01", calendar.DayInfo{Work: true, Kind: calendar.KindWorkday, Provisional: true}},
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			tt.want.Date = mustDate(tt.date)
			if diff := cmp.Diff(tt.want, c.Day(mustDate(tt.date))); diff != "" {
				t.Errorf("Day (-want +got):\n%s", diff)
			}
		})
	}
	// An unnormalised date is normalised: 2026-02-29 is 2026-03-01 (Sun).
	if got := c.Day(calendar.Date{Year: 2026, Month: time.February, Day: 29}); got.Date != mustDate("2026-03-01") {
		t.Errorf("Day(2026-02-29).Date = %s", got.Date)
	}
}

// TestYear2026Counts checks the figures derived in DOMAIN.md §9.2.
func TestYear2026Counts(t *testing.T) {
	c := MustCalendar(t, calendar.Options{})
	var work int
	var weekdayOff []string
	for d := mustDate("2026-01-01"); d.Year == 2026; d = d.AddDays(1) {
		info := c.Day(d)
		if info.Provisional {
			t.Fatalf("%s provisional", d)
		}
		if info.Work {
			work++
		} else if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			weekdayOff = append(weekdayOff, d.String()[5:])
		}
	}
	if work != 248 {
		t.Errorf("working days in 2026 = %d, want 248", work)
	}
	wantOff := []string{"01-01", "01-02", "02-16", "02-17", "02-18", "02-19", "02-20", "02-23", "04-06",
		"05-01", "05-04", "05-05", "06-19", "09-25", "10-01", "10-02", "10-05", "10-06", "10-07"}
	if diff := cmp.Diff(wantOff, weekdayOff); diff != "" {
		t.Errorf("weekday days off (-want +got):\n%s", diff)
	}
	if got := c.WorkdaysBetween(mustDate("2025-12-31"), mustDate("2026-12-31")); got != 248 {
		t.Errorf("WorkdaysBetween over 2026 = %d, want 248", got)
	}
}

func TestNew(t *testing.T) {
	t.Run("defaults", func(t *testing.T) {
		opts := MustCalendar(t, calendar.Options{}).Options()
		if opts.CloseOfDay != 24*time.Hour || opts.CountStartDay {
			t.Errorf("defaults = %+v", opts)
		}
		if _, off := time.Date(2026, 1, 1, 0, 0, 0, 0, opts.Location).Zone(); off != 8*3600 {
			t.Errorf("default zone offset = %d", off)
		}
	})
	tests := []struct {
		name    string
		years   []calendar.Year
		opts    calendar.Options
		wantErr string
	}{
		{name: "no years", years: nil},
		{name: "close of day too late", opts: calendar.Options{CloseOfDay: 25 * time.Hour},
			wantErr: "下班时间 25h0m0s 应在 0 到 24 小时之间"},
		{name: "bad year", years: []calendar.Year{{Year: 2027, Workday: []calendar.NamedDate{{Date: mustDate("2027-01-06"), Name: "x"}}}},
			wantErr: "2027 年节假日安排有误：调休上班日 2027-01-06 是周三，应为周六或周日"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := calendar.New(tt.years, tt.opts)
			if diff := cmp.Diff(tt.wantErr, errString(err)); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestYearsAndHasYear(t *testing.T) {
	c := MustCalendar(t, calendar.Options{})
	for y, want := range map[int]bool{2024: false, 2025: true, 2026: true, 2027: true, 2028: false} {
		if got := c.HasYear(y); got != want {
			t.Errorf("HasYear(%d) = %v, want %v", y, got, want)
		}
	}
	ys := c.Years()
	if diff := cmp.Diff(calendar.Builtin(), ys); diff != "" {
		t.Errorf("Years (-want +got):\n%s", diff)
	}
	ys[1].Off[0].Name = "改"
	if got := c.Years()[1].Off[0].Name; got != "元旦" {
		t.Errorf("Years shares memory with the calendar: %q", got)
	}
}

// TestOverride loads an administrator's 2027 notice that moves 端午节 from
// 06-09 (Wed) to 06-11 (Fri).
func TestOverride(t *testing.T) {
	notice := strings.Replace(notice2027, "放假: 2027-06-09 端午节", "放假: 2027-06-11 端午节", 1)
	admin, err := calendar.ParseNotice(strings.NewReader(notice))
	if err != nil {
		t.Fatal(err)
	}
	c, err := calendar.New(append(calendar.Builtin(), admin), calendar.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !c.IsWorkday(mustDate("2027-06-09")) || c.IsWorkday(mustDate("2027-06-11")) {
		t.Errorf("administrator's notice did not take precedence")
	}
	y := c.Years()[2]
	if y.Builtin || y.Issued != "2026-11-05" {
		t.Errorf("2027 entry = Builtin %v, Issued %q", y.Builtin, y.Issued)
	}
	if got, _ := c.AddWorkdays(mustDate("2027-06-08"), 1); got != mustDate("2027-06-09") {
		t.Errorf("2027-06-08 + 1 = %s, want 2027-06-09", got)
	}
	// In the other order the built-in year comes last and wins.
	c2, err := calendar.New([]calendar.Year{admin, calendar.Builtin()[2]}, calendar.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c2.IsWorkday(mustDate("2027-06-09")) || !c2.IsWorkday(mustDate("2027-06-11")) {
		t.Errorf("later entry should win")
	}
}

// TestConcurrentQueries is meant for -race.
func TestConcurrentQueries(t *testing.T) {
	c := MustCalendar(t, calendar.Options{CloseOfDay: 17*time.Hour + 30*time.Minute})
	start := mustDate("2025-12-01")
	want := make([]string, 400)
	for i := range want {
		d, p := c.AddWorkdays(start.AddDays(i), 1+i%20)
		want[i] = fmt.Sprint(d, p, c.WorkdaysBetween(start.AddDays(i), d))
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 16; g++ {
		wg.Go(func() {
			for i := range want {
				j := (i + g*25) % len(want)
				d, p := c.AddWorkdays(start.AddDays(j), 1+j%20)
				if got := fmt.Sprint(d, p, c.WorkdaysBetween(start.AddDays(j), d)); got != want[j] {
					errs <- fmt.Sprintf("goroutine %d, query %d: %s, want %s", g, j, got, want[j])
					return
				}
				c.Deadline(start.AddDays(j).Time(nil), 3)
				c.AddPeriod(start.AddDays(j), 1, 0)
				_ = c.Years()
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
