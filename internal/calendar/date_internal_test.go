package calendar

import "testing"

// TestNext checks the fast day step against time.Date across leap years
// and century years.
func TestNext(t *testing.T) {
	for _, start := range []Date{{1899, 12, 1}, {1999, 12, 1}, {2023, 12, 1}} {
		k := newCursor(start)
		for i := 0; i < 1600; i++ {
			want := k.d.AddDays(1)
			k.next()
			if k.d != want || k.wd != want.Weekday() {
				t.Fatalf("after %s: next = %s %v, want %s %v", want.AddDays(-1), k.d, k.wd, want, want.Weekday())
			}
		}
	}
}
