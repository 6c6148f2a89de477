package calendar_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/calendar"
)

func TestYearValidate(t *testing.T) {
	nd := func(s, name string) calendar.NamedDate { return calendar.NamedDate{Date: mustDate(s), Name: name} }
	base := func() calendar.Year {
		return calendar.Year{Year: 2027, Off: days("2027-01-01", "2027-01-03", "元旦"),
			Workday: []calendar.NamedDate{nd("2027-01-31", "春节调休")}}
	}
	tests := []struct {
		name   string
		change func(y *calendar.Year)
		want   string
	}{
		{"valid", func(y *calendar.Year) {}, ""},
		{"make-up day on a Wednesday", func(y *calendar.Year) {
			y.Workday = append(y.Workday, nd("2027-01-06", "元旦调休"))
		}, "调休上班日 2027-01-06 是周三，应为周六或周日"},
		{"both off and work", func(y *calendar.Year) {
			y.Workday = append(y.Workday, nd("2027-01-02", "元旦调休"))
		}, "2027-01-02 既是放假日又是上班日"},
		{"off twice", func(y *calendar.Year) {
			y.Off = append(y.Off, nd("2027-01-03", "元旦"))
		}, "放假日 2027-01-03 重复列出"},
		{"outside the year", func(y *calendar.Year) {
			y.Off = append(y.Off, nd("2026-12-31", "元旦"))
		}, "放假日 2026-12-31 不在 2027 年内"},
		{"date that does not exist", func(y *calendar.Year) {
			y.Off = append(y.Off, calendar.NamedDate{Date: calendar.Date{Year: 2027, Month: 2, Day: 30}})
		}, "放假日 2027-02-30 不存在"},
		{"implausible year", func(y *calendar.Year) { y.Year = 20277 }, "年份 20277 不在 1900–2999 之间"},
		{"several problems", func(y *calendar.Year) {
			y.Workday = append(y.Workday, nd("2027-01-06", "x"), nd("2027-01-31", "x"))
		}, "调休上班日 2027-01-06 是周三，应为周六或周日\n上班日 2027-01-31 重复列出"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			y := base()
			tt.change(&y)
			if diff := cmp.Diff(tt.want, errString(y.Validate())); diff != "" {
				t.Errorf("Validate (-want +got):\n%s", diff)
			}
		})
	}
}
