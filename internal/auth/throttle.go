package auth

import (
	"sync"
	"time"
)

// Throttle limits sign-in attempts per client address, beside the
// per-account lockout kept in the database: it slows guessing across many
// login names from one address. It is owned by the server, not global.
type Throttle struct {
	mu      sync.Mutex
	max     int
	window  time.Duration
	entries map[string][]time.Time
}

// NewThrottle allows max attempts per window per key.
func NewThrottle(max int, window time.Duration) *Throttle {
	return &Throttle{max: max, window: window, entries: map[string][]time.Time{}}
}

// Allow records an attempt for key at now and reports whether it is within
// the limit.
func (t *Throttle) Allow(key string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	cut := now.Add(-t.window)
	kept := t.entries[key][:0]
	for _, at := range t.entries[key] {
		if at.After(cut) {
			kept = append(kept, at)
		}
	}
	if len(kept) >= t.max {
		t.entries[key] = kept
		return false
	}
	t.entries[key] = append(kept, now)
	if len(t.entries) > 10000 { // forget idle addresses so memory stays bounded
		for k, v := range t.entries {
			if len(v) == 0 || v[len(v)-1].Before(cut) {
				delete(t.entries, k)
			}
		}
	}
	return true
}
