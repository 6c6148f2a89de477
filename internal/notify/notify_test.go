package notify_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/notify"
)

// outcome classifies a Send result the way the app layer does.
func outcome(err error) string {
	switch {
	case err == nil:
		return "ok"
	case notify.IsPermanent(err):
		return "permanent"
	default:
		return "retryable"
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		attempt int
		want    time.Duration
	}{
		{-1, 0},
		{0, 0},
		{1, 30 * time.Second},
		{2, 2 * time.Minute},
		{3, 10 * time.Minute},
		{4, 30 * time.Minute},
		{5, 2 * time.Hour},
		{6, 2 * time.Hour},
		{100, 2 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.attempt), func(t *testing.T) {
			if diff := cmp.Diff(tt.want, notify.Backoff(tt.attempt)); diff != "" {
				t.Errorf("Backoff(%d) (-want +got):\n%s", tt.attempt, diff)
			}
		})
	}
	if notify.MaxAttempts != 6 {
		t.Errorf("MaxAttempts = %d, want 6", notify.MaxAttempts)
	}
}

func TestPermanent(t *testing.T) {
	base := errors.New("550 no such user")
	tests := []struct {
		name          string
		err           error
		wantPermanent bool
	}{
		{"nil", nil, false},
		{"plain", base, false},
		{"marked", notify.Permanent(base), true},
		{"wrapped", fmt.Errorf("deliver: %w", notify.Permanent(base)), true},
		{"joined", errors.Join(errors.New("x"), notify.Permanent(base)), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.wantPermanent, notify.IsPermanent(tt.err)); diff != "" {
				t.Errorf("IsPermanent (-want +got):\n%s", diff)
			}
		})
	}
	if notify.Permanent(nil) != nil {
		t.Error("Permanent(nil) != nil")
	}
	p := notify.Permanent(base)
	if !errors.Is(p, base) || p.Error() != base.Error() {
		t.Errorf("Permanent(base) = %v, does not wrap base transparently", p)
	}
}
