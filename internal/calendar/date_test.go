package calendar_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/calendar"
)

// mustDate parses a date literal in a test table; a typo in the table
// panics.
func mustDate(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    calendar.Date
		wantErr string
	}{
		{in: "2026-02-14", want: calendar.Date{Year: 2026, Month: time.February, Day: 14}},
		{in: "2028-02-29", want: calendar.Date{Year: 2028, Month: time.February, Day: 29}},
		{in: "2027-02-29", wantErr: "日期不存在：2027-02-29"},
		{in: "2027-13-01", wantErr: "日期不存在：2027-13-01"},
		{in: "2027/1/31", wantErr: "日期格式应为 2027-01-31，收到“2027/1/31”"},
		{in: "2027-1-31", wantErr: "日期格式应为 2027-01-31，收到“2027-1-31”"},
		{in: " 2027-01-31", wantErr: "日期格式应为 2027-01-31，收到“ 2027-01-31”"},
		{in: "", wantErr: "日期格式应为 2027-01-31，收到“”"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := calendar.ParseDate(tt.in)
			if diff := cmp.Diff(tt.wantErr, errString(err)); diff != "" {
				t.Errorf("error mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("date mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDate(t *testing.T) {
	d := mustDate("2026-12-31")
	if got := d.AddDays(1).String(); got != "2027-01-01" {
		t.Errorf("AddDays(1) = %s", got)
	}
	if got := d.AddDays(-365).String(); got != "2025-12-31" {
		t.Errorf("AddDays(-365) = %s", got)
	}
	if got := mustDate("2026-02-14").Weekday(); got != time.Saturday {
		t.Errorf("Weekday = %v, want Saturday", got)
	}
	odd := calendar.Date{Year: 2026, Month: time.February, Day: 29}
	if !odd.Equal(mustDate("2026-03-01")) || odd == mustDate("2026-03-01") {
		t.Errorf("Equal should normalise, == should not")
	}
	if !d.After(odd) || !odd.Before(d) || d.Compare(d) != 0 {
		t.Errorf("ordering wrong")
	}
	cst := time.FixedZone("CST", 8*3600)
	late := time.Date(2026, 2, 13, 17, 0, 0, 0, time.UTC) // 2026-02-14 01:00 in UTC+8
	if got := calendar.DateOf(late, cst).String(); got != "2026-02-14" {
		t.Errorf("DateOf(UTC+8) = %s", got)
	}
	if got := calendar.DateOf(late, nil).String(); got != "2026-02-13" {
		t.Errorf("DateOf(nil) = %s", got)
	}
	if got := mustDate("2026-02-14").Time(cst).Format(time.RFC3339); got != "2026-02-14T00:00:00+08:00" {
		t.Errorf("Time = %s", got)
	}
}

func TestDateJSON(t *testing.T) {
	type doc struct{ Due calendar.Date }
	b, err := json.Marshal(doc{Due: mustDate("2026-02-14")})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(`{"Due":"2026-02-14"}`, string(b)); diff != "" {
		t.Errorf("marshal (-want +got):\n%s", diff)
	}
	var back doc
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(mustDate("2026-02-14"), back.Due); diff != "" {
		t.Errorf("unmarshal (-want +got):\n%s", diff)
	}
	if err := json.Unmarshal([]byte(`{"Due":"2026/2/14"}`), &back); err == nil {
		t.Errorf("bad date accepted")
	}
}
