package web

import (
	"encoding/json"
	"testing"
	"time"
)

// TestStampOf_SameBytesAsTimeJSON: the pre-written times of the hot lists
// are exactly what encoding/json writes for the time itself.
func TestStampOf_SameBytesAsTimeJSON(t *testing.T) {
	for _, tt := range []time.Time{
		time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC),
		time.Date(2026, 1, 1, 15, 59, 59, 999999000, time.UTC), // next day in China time
		time.Date(2025, 6, 30, 23, 4, 5, 120000000, time.UTC),
		time.Date(2026, 3, 8, 1, 2, 3, 7, time.FixedZone("x", -5*3600)),
	} {
		want, err := json.Marshal(apiTime(tt))
		if err != nil {
			t.Fatal(err)
		}
		got, err := json.Marshal(stampOf(tt))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%v: %s, want %s", tt, got, want)
		}
	}
	if optStamp(time.Time{}) != nil {
		t.Error("zero time: want null")
	}
}
