package auth_test

import (
	"encoding/base64"
	"regexp"
	"strings"
	"testing"

	"github.com/zhongshu-oa/zhongshu/internal/auth"
)

func TestNewToken(t *testing.T) {
	tests := []struct {
		name   string
		prefix string
		api    bool // LooksLikeAPIToken
	}{
		{"session", auth.SessionPrefix, false},
		{"API", auth.APITokenPrefix, true},
		{"no prefix", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seen := map[string]bool{}
			for i := 0; i < 100; i++ {
				tok := auth.NewToken(tt.prefix)
				if !strings.HasPrefix(tok, tt.prefix) {
					t.Fatalf("NewToken(%q) = %q, missing the prefix", tt.prefix, tok)
				}
				if got, want := len(tok), len(tt.prefix)+43; got != want {
					t.Fatalf("NewToken(%q) = %q, length %d, want %d", tt.prefix, tok, got, want)
				}
				raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(tok, tt.prefix))
				if err != nil {
					t.Fatalf("NewToken(%q) = %q, not URL-safe base64: %v", tt.prefix, tok, err)
				}
				if len(raw) != 32 {
					t.Fatalf("NewToken(%q) carries %d random bytes, want 32", tt.prefix, len(raw))
				}
				if got := auth.LooksLikeAPIToken(tok); got != tt.api {
					t.Fatalf("LooksLikeAPIToken(%q) = %v, want %v", tok, got, tt.api)
				}
				if seen[tok] {
					t.Fatalf("NewToken(%q) returned %q twice", tt.prefix, tok)
				}
				seen[tok] = true
			}
		})
	}
}

func TestPrefixes(t *testing.T) {
	if auth.APITokenPrefix != "zst_" || auth.SessionPrefix != "zss_" {
		t.Errorf("prefixes = %q, %q; want \"zst_\", \"zss_\"", auth.APITokenPrefix, auth.SessionPrefix)
	}
}

func TestLooksLikeAPIToken(t *testing.T) {
	body := strings.Repeat("A", 43)
	tests := []struct {
		name string
		s    string
		want bool
	}{
		{"API token shape", "zst_" + body, true},
		{"session token", "zss_" + body, false},
		{"no prefix", body + "xxxx", false},
		{"upper-case prefix", "ZST_" + body, false},
		{"one short", "zst_" + body[:42], false},
		{"one long", "zst_" + body + "A", false},
		{"prefix only", "zst_", false},
		{"empty", "", false},
		{"bearer header value", "Bearer zst_" + body, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := auth.LooksLikeAPIToken(tt.s); got != tt.want {
				t.Errorf("LooksLikeAPIToken(%q) = %v, want %v", tt.s, got, tt.want)
			}
		})
	}
}

func TestHashToken(t *testing.T) {
	hex64 := regexp.MustCompile(`^[0-9a-f]{64}$`)
	tests := []struct {
		name  string
		token string
		want  string // "" when only the shape is checked
	}{
		// GB/T 32905-2016 example 1.
		{"SM3 test vector abc", "abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"},
		{"SM3 of empty", "", "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b"},
		{"session token", auth.NewToken(auth.SessionPrefix), ""},
		{"API token", auth.NewToken(auth.APITokenPrefix), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := auth.HashToken(tt.token)
			if !hex64.MatchString(got) {
				t.Errorf("HashToken(%q) = %q, want 64 lower-case hex digits", tt.token, got)
			}
			if again := auth.HashToken(tt.token); again != got {
				t.Errorf("HashToken(%q) not deterministic: %q then %q", tt.token, got, again)
			}
			if tt.want != "" && got != tt.want {
				t.Errorf("HashToken(%q) = %q, want %q", tt.token, got, tt.want)
			}
			if got == tt.token {
				t.Errorf("HashToken(%q) returned the token itself", tt.token)
			}
		})
	}
}

func TestHashTokenDistinct(t *testing.T) {
	hashes := map[string]string{}
	tokens := []string{"zss_a", "zss_b", "zst_a", "zss_A", "zss_a "}
	for i := 0; i < 200; i++ {
		tokens = append(tokens, auth.NewToken(auth.SessionPrefix))
	}
	for _, tok := range tokens {
		h := auth.HashToken(tok)
		if prev, ok := hashes[h]; ok {
			t.Fatalf("HashToken(%q) = HashToken(%q) = %q", tok, prev, h)
		}
		hashes[h] = tok
	}
}
