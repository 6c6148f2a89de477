package auth_test

import (
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/auth"
)

func TestThrottle(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	type attempt struct {
		key string
		at  time.Duration // after t0
	}
	tests := []struct {
		name     string
		max      int
		window   time.Duration
		attempts []attempt
		want     []bool
	}{
		{
			name: "max attempts in the window, then refused", max: 3, window: time.Minute,
			attempts: []attempt{{"10.0.0.1", 0}, {"10.0.0.1", time.Second}, {"10.0.0.1", 2 * time.Second}, {"10.0.0.1", 3 * time.Second}, {"10.0.0.1", 50 * time.Second}},
			want:     []bool{true, true, true, false, false},
		},
		{
			name: "other keys are independent", max: 2, window: time.Minute,
			attempts: []attempt{{"a", 0}, {"a", 0}, {"a", 0}, {"b", 0}, {"b", 0}, {"b", 0}, {"c", 0}, {"a", 0}},
			want:     []bool{true, true, false, true, true, false, true, false},
		},
		{
			name: "window expiry restores access one attempt at a time", max: 3, window: time.Minute,
			attempts: []attempt{
				{"a", 0}, {"a", 10 * time.Second}, {"a", 20 * time.Second},
				{"a", 59 * time.Second},   // all three within the last minute
				{"a", 60 * time.Second},   // the first is exactly a window old: expired
				{"a", 61 * time.Second},   // 10s, 20s, 60s still count
				{"a", 70 * time.Second},   // 10s expired
				{"a", 70 * time.Second},   // 20s, 60s, 70s count
				{"a", 10 * time.Minute},   // all expired
				{"a", 10*time.Minute + 1}, // 10m counts, plus this one
				{"a", 10*time.Minute + 2}, // and this one
				{"a", 10*time.Minute + 3}, // full
				{"a", 11*time.Minute - 1}, // still within the window of 10m
				{"a", 11 * time.Minute},   // 10m expired
			},
			want: []bool{true, true, true, false, true, false, true, false, true, true, true, false, false, true},
		},
		{
			name: "refused attempts do not extend the block", max: 1, window: time.Minute,
			attempts: []attempt{{"a", 0}, {"a", 30 * time.Second}, {"a", 59 * time.Second}, {"a", time.Minute}},
			want:     []bool{true, false, false, true},
		},
		{
			name: "a single attempt per window", max: 1, window: time.Hour,
			attempts: []attempt{{"a", 0}, {"a", time.Minute}, {"b", time.Minute}, {"a", time.Hour}},
			want:     []bool{true, false, true, true},
		},
		{
			name: "max zero refuses everything", max: 0, window: time.Minute,
			attempts: []attempt{{"a", 0}, {"a", time.Hour}},
			want:     []bool{false, false},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := auth.NewThrottle(tt.max, tt.window)
			var got []bool
			for _, a := range tt.attempts {
				got = append(got, th.Allow(a.key, t0.Add(a.at)))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Allow results mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestThrottleConcurrent(t *testing.T) {
	const max = 10
	th := auth.NewThrottle(max, time.Minute)
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	allowed := map[string]int{}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				for _, key := range []string{"a", "b"} {
					if th.Allow(key, now) {
						mu.Lock()
						allowed[key]++
						mu.Unlock()
					}
				}
			}
		}()
	}
	wg.Wait()
	if diff := cmp.Diff(map[string]int{"a": max, "b": max}, allowed); diff != "" {
		t.Errorf("allowed attempts per key mismatch (-want +got):\n%s", diff)
	}
}
