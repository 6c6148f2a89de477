package calendar

import (
	"errors"
	"fmt"
	"time"
)

// NamedDate is one day of an arrangement with the holiday it belongs to.
type NamedDate struct {
	Date Date
	Name string // e.g. "春节" for a day off, "春节调休" for a make-up working day
}

// Year is one year's arrangement as published in the State Council's
// notice: the days off and the make-up working days.
type Year struct {
	Year    int
	Off     []NamedDate // 法定节假日 and 调休休息日, weekend days included
	Workday []NamedDate // 调休上班日: Saturdays or Sundays that are working days
	Source  string      // e.g. 国务院办公厅关于2026年部分节假日安排的通知
	Issued  string      // date of the notice, e.g. "2025-11-04"; may be ""
	Builtin bool        // from the built-in data, not an administrator's notice
}

// Years outside this range are taken to be typing mistakes.
const (
	minYear = 1900
	maxYear = 2999
)

// Validate checks the arrangement: the year is plausible, every date lies
// in it, no date is listed twice (as two days off, or as both a day off and
// a working day), and every make-up working day is a Saturday or Sunday.
// It reports all problems at once, joined with errors.Join.
func (y Year) Validate() error {
	if y.Year < minYear || y.Year > maxYear {
		return fmt.Errorf("年份 %d 不在 %d–%d 之间", y.Year, minYear, maxYear)
	}
	var errs []error
	seen := make(map[Date]string, len(y.Off)+len(y.Workday))
	check := func(nd NamedDate, kind string) {
		d := nd.Date
		switch {
		case d != d.norm():
			errs = append(errs, fmt.Errorf("%s日 %s 不存在", kind, d))
			return
		case d.Year != y.Year:
			errs = append(errs, fmt.Errorf("%s日 %s 不在 %d 年内", kind, d, y.Year))
			return
		}
		if prev, ok := seen[d]; ok {
			if prev == kind {
				errs = append(errs, fmt.Errorf("%s日 %s 重复列出", kind, d))
			} else {
				errs = append(errs, fmt.Errorf("%s 既是放假日又是上班日", d))
			}
			return
		}
		seen[d] = kind
		if kind == "上班" && !isWeekend(d) {
			errs = append(errs, fmt.Errorf("调休上班日 %s 是%s，应为周六或周日", d, weekdayName(d.Weekday())))
		}
	}
	for _, nd := range y.Off {
		check(nd, "放假")
	}
	for _, nd := range y.Workday {
		check(nd, "上班")
	}
	return errors.Join(errs...)
}

// clone returns a deep copy of y, so that callers cannot reach the
// calendar's tables through shared slices.
func (y Year) clone() Year {
	y.Off = append([]NamedDate(nil), y.Off...)
	y.Workday = append([]NamedDate(nil), y.Workday...)
	return y
}

func isWeekend(d Date) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// weekdayName returns "周一" and so on.
func weekdayName(wd time.Weekday) string {
	return "周" + string([]rune("日一二三四五六")[wd])
}
