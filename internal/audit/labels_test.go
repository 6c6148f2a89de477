package audit_test

import (
	"testing"

	"github.com/zhongshu-oa/zhongshu/internal/audit"
)

func TestActionLabels(t *testing.T) {
	seen := map[string]bool{}
	for _, a := range audit.Actions() {
		if seen[a] {
			t.Errorf("action %q listed twice", a)
		}
		seen[a] = true
		if audit.ActionLabel(a) == a {
			t.Errorf("action %q has no Chinese label", a)
		}
	}
	tests := map[string]string{"login": "登录", "supervision.sign": "督办签收", "supervision.urge": "催办", "no.such": "no.such"}
	for code, want := range tests {
		if got := audit.ActionLabel(code); got != want {
			t.Errorf("ActionLabel(%q) = %q, want %q", code, got, want)
		}
	}
}
