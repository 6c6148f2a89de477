package calendar_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/calendar"
)

// days expands an inclusive range of dates, all named name.
func days(from, to, name string) []calendar.NamedDate {
	var out []calendar.NamedDate
	for d := mustDate(from); !d.After(mustDate(to)); d = d.AddDays(1) {
		out = append(out, calendar.NamedDate{Date: d, Name: name})
	}
	return out
}

// want2026 is the table of DOMAIN.md §9.2 (国务院办公厅关于2026年部分节假日
// 安排的通知, 2025-11-04).
func want2026() calendar.Year {
	var off, work []calendar.NamedDate
	for _, r := range []struct{ from, to, name string }{
		{"2026-01-01", "2026-01-03", "元旦"},
		{"2026-02-15", "2026-02-23", "春节"},
		{"2026-04-04", "2026-04-06", "清明节"},
		{"2026-05-01", "2026-05-05", "劳动节"},
		{"2026-06-19", "2026-06-21", "端午节"},
		{"2026-09-25", "2026-09-27", "中秋节"},
		{"2026-10-01", "2026-10-07", "国庆节"},
	} {
		off = append(off, days(r.from, r.to, r.name)...)
	}
	for _, r := range []struct{ date, name string }{
		{"2026-01-04", "元旦调休"},
		{"2026-02-14", "春节调休"},
		{"2026-02-28", "春节调休"},
		{"2026-05-09", "劳动节调休"},
		{"2026-09-20", "国庆节调休"},
		{"2026-10-10", "国庆节调休"},
	} {
		work = append(work, calendar.NamedDate{Date: mustDate(r.date), Name: r.name})
	}
	return calendar.Year{
		Year:    2026,
		Off:     off,
		Workday: work,
		Source:  "国务院办公厅关于2026年部分节假日安排的通知",
		Issued:  "2025-11-04",
		Builtin: true,
	}
}

func TestBuiltin(t *testing.T) {
	years := calendar.Builtin()
	var got []int
	for _, y := range years {
		got = append(got, y.Year)
		if err := y.Validate(); err != nil {
			t.Errorf("%d: Validate: %v", y.Year, err)
		}
		if !y.Builtin {
			t.Errorf("%d: Builtin = false", y.Year)
		}
	}
	if diff := cmp.Diff([]int{2025, 2026, 2027}, got); diff != "" {
		t.Fatalf("years (-want +got):\n%s", diff)
	}

	t.Run("2026 equals DOMAIN §9.2", func(t *testing.T) {
		if diff := cmp.Diff(want2026(), years[1]); diff != "" {
			t.Errorf("2026 (-want +got):\n%s", diff)
		}
		if n := len(years[1].Off); n != 33 {
			t.Errorf("days off = %d, want 33", n)
		}
	})

	t.Run("2027 as STACK §3.9 lists it", func(t *testing.T) {
		y := years[2]
		var off, work []calendar.Date
		for _, nd := range y.Off {
			off = append(off, nd.Date)
		}
		for _, nd := range y.Workday {
			work = append(work, nd.Date)
		}
		var wantOff []calendar.Date
		for _, r := range [][2]string{
			{"2027-01-01", "2027-01-03"}, {"2027-02-05", "2027-02-13"}, {"2027-04-03", "2027-04-05"},
			{"2027-05-01", "2027-05-05"}, {"2027-06-09", "2027-06-09"}, {"2027-09-15", "2027-09-15"},
			{"2027-10-01", "2027-10-07"},
		} {
			for _, nd := range days(r[0], r[1], "") {
				wantOff = append(wantOff, nd.Date)
			}
		}
		wantWork := []calendar.Date{
			mustDate("2027-01-31"), mustDate("2027-02-14"), mustDate("2027-05-08"),
			mustDate("2027-09-26"), mustDate("2027-10-09"),
		}
		if diff := cmp.Diff(wantOff, off); diff != "" {
			t.Errorf("2027 off (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(wantWork, work); diff != "" {
			t.Errorf("2027 workdays (-want +got):\n%s", diff)
		}
		if y.Issued != "" {
			t.Errorf("2027 Issued = %q; the notice date is not known", y.Issued)
		}
	})

	t.Run("2025 names", func(t *testing.T) {
		y := years[0]
		if diff := cmp.Diff(calendar.NamedDate{Date: mustDate("2025-01-01"), Name: "元旦"}, y.Off[0]); diff != "" {
			t.Errorf("first day off (-want +got):\n%s", diff)
		}
		last := y.Workday[len(y.Workday)-1]
		if diff := cmp.Diff(calendar.NamedDate{Date: mustDate("2025-10-11"), Name: "国庆节、中秋节调休"}, last); diff != "" {
			t.Errorf("last workday (-want +got):\n%s", diff)
		}
	})
}

func TestBuiltinReturnsCopies(t *testing.T) {
	before := calendar.Builtin()
	mutated := calendar.Builtin()
	mutated[1].Off[0].Name = "改"
	mutated[1].Off[1] = calendar.NamedDate{}
	mutated[1].Workday = append(mutated[1].Workday[:0], calendar.NamedDate{Date: mustDate("2026-03-07")})
	mutated[0].Year = 1999
	if diff := cmp.Diff(before, calendar.Builtin()); diff != "" {
		t.Errorf("Builtin changed after mutating an earlier result (-before +after):\n%s", diff)
	}
}
