package calendar

import (
	"strconv"
	"sync"

	"github.com/6tail/lunar-go/HolidayUtil"
)

// The years the built-in data covers. 2025 is the first year under the
// 2025 rules (13 statutory days); lunar-go v1.4.7 has no 2028 data.
const (
	builtinFirst = 2025
	builtinLast  = 2027
)

// builtinIssued returns the issue dates of the notices that DOMAIN.md §9
// cites. The 2027 notice was not in the reviewed material, so its date is
// unknown and its data is lunar-go's, not checked against the notice.
func builtinIssued(year int) string {
	switch year {
	case 2025:
		return "2024-11-12"
	case 2026:
		return "2025-11-04"
	}
	return ""
}

// builtinYears reads lunar-go's data once. HolidayUtil keeps its table in
// package variables that HolidayUtil.Fix rewrites without locking, so this
// package never calls Fix and never reads HolidayUtil after this copy.
var builtinYears = sync.OnceValue(func() []Year {
	years := make([]Year, 0, builtinLast-builtinFirst+1)
	for y := builtinFirst; y <= builtinLast; y++ {
		years = append(years, loadLunarYear(y))
	}
	return years
})

// Builtin returns the arrangements for 2025–2027 shipped with lunar-go
// v1.4.7. The result is a fresh copy on every call; changing it affects
// nothing else. The 2026 data matches DOMAIN.md §9.2; the 2027 data is the
// library's and should be replaced by an administrator's notice once the
// official one has been checked.
func Builtin() []Year {
	src := builtinYears()
	out := make([]Year, len(src))
	for i, y := range src {
		out[i] = y.clone()
	}
	return out
}

// loadLunarYear converts one year of lunar-go records.
func loadLunarYear(year int) Year {
	y := Year{
		Year:    year,
		Source:  noticeTitle(year),
		Issued:  builtinIssued(year),
		Builtin: true,
	}
	if y.Issued == "" {
		y.Source += "（lunar-go v1.4.7 内置数据，未与通知原文核对）"
	}
	l := HolidayUtil.GetHolidaysByYear(year)
	for e := l.Front(); e != nil; e = e.Next() {
		h, ok := e.Value.(*HolidayUtil.Holiday)
		if !ok {
			continue
		}
		d, err := ParseDate(h.GetDay())
		if err != nil || d.Year != year {
			continue // not reachable with v1.4.7's data; the tests check the counts
		}
		name := lunarName(h.GetName())
		if h.IsWork() {
			y.Workday = append(y.Workday, NamedDate{Date: d, Name: name + "调休"})
		} else {
			y.Off = append(y.Off, NamedDate{Date: d, Name: name})
		}
	}
	return y
}

// noticeTitle returns the usual title of year's arrangement notice.
func noticeTitle(year int) string {
	return "国务院办公厅关于" + strconv.Itoa(year) + "年部分节假日安排的通知"
}

// lunarName maps lunar-go's holiday names to the wording of the notices.
func lunarName(s string) string {
	switch s {
	case "元旦节":
		return "元旦"
	case "国庆中秋":
		return "国庆节、中秋节"
	}
	return s
}
