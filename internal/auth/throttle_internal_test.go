package auth

import (
	"fmt"
	"testing"
	"time"
)

// The throttle forgets idle keys once it tracks more than 10,000, so that a
// scan from many addresses cannot grow it without bound.
func TestThrottleForgetsIdleKeys(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	th := NewThrottle(3, time.Minute)
	for i := 0; i < 10001; i++ {
		if !th.Allow(fmt.Sprintf("10.0.%d.%d", i/256, i%256), t0) {
			t.Fatalf("first attempt of key %d refused", i)
		}
	}
	if got := len(th.entries); got != 10001 {
		t.Fatalf("tracking %d keys, want 10001 (none idle yet)", got)
	}
	if !th.Allow("192.168.1.1", t0.Add(2*time.Minute)) {
		t.Fatal("attempt of a new key refused")
	}
	if got := len(th.entries); got != 1 {
		t.Errorf("tracking %d keys after the others went idle, want 1", got)
	}
}
