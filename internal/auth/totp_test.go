package auth_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/auth"
)

func TestNewTOTP(t *testing.T) {
	secret, url, qr, err := auth.NewTOTP("某某县人民政府办公室", "wangfang")
	if err != nil {
		t.Fatalf("NewTOTP: %v", err)
	}
	if !regexp.MustCompile(`^[A-Z2-7]{16,}$`).MatchString(secret) {
		t.Errorf("secret = %q, want base32 of at least 16 characters", secret)
	}
	for _, want := range []string{"otpauth://totp/", "secret=" + secret, "period=30", "wangfang"} {
		if !strings.Contains(url, want) {
			t.Errorf("url = %q, want it to contain %q", url, want)
		}
	}
	if !strings.HasPrefix(qr, "data:image/png;base64,") || len(qr) < 100 {
		t.Errorf("qr = %.60q…, want a PNG data: URL", qr)
	}
	other, _, _, err := auth.NewTOTP("某某县人民政府办公室", "wangfang")
	if err != nil {
		t.Fatalf("NewTOTP: %v", err)
	}
	if other == secret {
		t.Errorf("two calls of NewTOTP returned the same secret %q", secret)
	}
}

// totpSecret returns a fresh secret whose codes for the steps around now
// are pairwise different, so that "refused" below cannot be an accidental
// collision of two six-digit codes.
func totpSecret(t *testing.T, now time.Time) string {
	t.Helper()
	for i := 0; i < 10; i++ {
		secret, _, _, err := auth.NewTOTP("某某县人民政府办公室", "wangfang")
		if err != nil {
			t.Fatalf("NewTOTP: %v", err)
		}
		seen := map[string]bool{}
		for d := -3; d <= 3; d++ {
			seen[totpCode(t, secret, now.Add(time.Duration(d)*auth.TOTPPeriod*time.Second))] = true
		}
		if len(seen) == 7 {
			return secret
		}
	}
	t.Fatal("no secret with distinct codes in 10 tries")
	return ""
}

func totpCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	code, err := auth.TOTPCode(secret, at)
	if err != nil {
		t.Fatalf("TOTPCode: %v", err)
	}
	return code
}

func TestCheckTOTP(t *testing.T) {
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC) // on a step boundary
	secret := totpSecret(t, now)
	cur := now.Unix() / auth.TOTPPeriod
	step := auth.TOTPPeriod * time.Second
	code := func(d time.Duration) string { return totpCode(t, secret, now.Add(d)) }

	type result struct {
		Step int64
		OK   bool
	}
	tests := []struct {
		name     string
		secret   string
		code     string
		now      time.Time
		lastStep int64
		want     result
	}{
		{name: "code for now", code: code(0), now: now, want: result{cur, true}},
		{name: "code for now, late in the step", code: code(0), now: now.Add(29 * time.Second), want: result{cur, true}},
		{name: "code generated late in the step", code: code(29 * time.Second), now: now, want: result{cur, true}},
		{name: "one step behind", code: code(-step), now: now, want: result{cur - 1, true}},
		{name: "one step ahead", code: code(step), now: now, want: result{cur + 1, true}},
		{name: "two steps behind", code: code(-2 * step), now: now},
		{name: "two steps ahead", code: code(2 * step), now: now},
		{name: "one step and a second behind", code: code(0), now: now.Add(2*step + time.Second)},
		{name: "replay of the same step", code: code(0), now: now, lastStep: cur},
		{name: "replay of a later step", code: code(0), now: now, lastStep: cur + 1},
		{name: "previous step already used", code: code(-step), now: now, lastStep: cur - 1},
		{name: "previous step used, current accepted", code: code(0), now: now, lastStep: cur - 1, want: result{cur, true}},
		{name: "current step used, next accepted", code: code(step), now: now, lastStep: cur, want: result{cur + 1, true}},
		{name: "lastStep far in the past", code: code(0), now: now, lastStep: cur - 1000, want: result{cur, true}},
		{name: "five digits", code: code(0)[:5], now: now},
		{name: "seven digits", code: code(0) + "0", now: now},
		{name: "with a space", code: code(0)[:3] + " " + code(0)[3:], now: now},
		{name: "empty", code: "", now: now},
		{name: "letters", code: "abcdef", now: now},
		{name: "another secret", secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", code: code(0), now: now},
		{name: "secret not base32", secret: "not base32!", code: code(0), now: now},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := secret
			if tt.secret != "" {
				s = tt.secret
			}
			gotStep, gotOK := auth.CheckTOTP(s, tt.code, tt.now, tt.lastStep)
			if diff := cmp.Diff(tt.want, result{gotStep, gotOK}); diff != "" {
				t.Errorf("CheckTOTP(%q, %q, %v, %d) mismatch (-want +got):\n%s", s, tt.code, tt.now, tt.lastStep, diff)
			}
		})
	}
}

func TestTOTPCode(t *testing.T) {
	// RFC 6238 appendix B, SHA-1 key "12345678901234567890", last six digits.
	const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	tests := []struct {
		name string
		at   time.Time
		want string
	}{
		{"59", time.Unix(59, 0), "287082"},
		{"1111111109", time.Unix(1111111109, 0), "081804"},
		{"1234567890", time.Unix(1234567890, 0), "005924"},
		{"2000000000", time.Unix(2000000000, 0), "279037"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := totpCode(t, secret, tt.at)
			if got != tt.want {
				t.Errorf("TOTPCode(%q, %v) = %q, want %q", secret, tt.at, got, tt.want)
			}
			step, ok := auth.CheckTOTP(secret, got, tt.at, 0)
			if !ok || step != tt.at.Unix()/auth.TOTPPeriod {
				t.Errorf("CheckTOTP of its own code = %d, %v; want %d, true", step, ok, tt.at.Unix()/auth.TOTPPeriod)
			}
		})
	}
}
