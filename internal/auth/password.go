// Package auth holds the credentials machinery: argon2id password hashes and
// the password policy, session and API tokens, TOTP second factors and the
// login throttle. It keeps no state of its own beyond the throttle and
// stores nothing: the app layer persists through the store.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// Argon2id parameters (RFC 9106 second recommendation, lowered memory for a
// 2-core office server: about 100–200 ms per hash).
const (
	argonTime    = 2
	argonMemory  = 64 * 1024
	argonThreads = 2
	argonKeyLen  = 32
	saltLen      = 16
)

// HashThreads is how many threads one hash computation keeps busy.
const HashThreads = argonThreads

// HashPassword returns an encoded argon2id hash of password.
func HashPassword(password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches the encoded hash. An empty
// or malformed hash never matches.
func CheckPassword(encoded, password string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil {
		return false
	}
	// A stored hash is data: refuse parameters that would panic inside
	// argon2 or allocate without bound, rather than trusting them.
	if t < 1 || t > 10 || p < 1 || m < 8*uint32(p) || m > 1<<20 || len(salt) < 8 || len(want) < 16 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is compared against when the login name is unknown, so that
// both cases take the same time.
const dummyHash = "$argon2id$v=19$m=65536,t=2,p=2$c29tZXNhbHRzb21lc2FsdA$u6V0DXaW9K0XkqcXVrqEYV4Ojr08wyrlwaRmNBNLcW8"

// CheckPasswordTiming spends the time of one check when there is no hash.
func CheckPasswordTiming(password string) { CheckPassword(dummyHash, password) }

// Policy is the password policy (DOMAIN.md §10.2: length, classes, expiry,
// history).
type Policy struct {
	MinLength  int // default 8
	MinClasses int // of upper, lower, digit, symbol; default 3
	History    int // recent passwords that may not be reused; default 5
}

// DefaultPolicy is the policy for 等保 第三级.
var DefaultPolicy = Policy{MinLength: 8, MinClasses: 3, History: 5}

// Check returns an invalid error naming what the new password lacks.
func (p Policy) Check(password, username string) error {
	var probs zhongshu.Problems
	if utf8.RuneCountInString(password) < p.MinLength {
		probs.Add("new_password", fmt.Sprintf("密码长度至少 %d 位", p.MinLength))
	}
	if utf8.RuneCountInString(password) > 128 {
		probs.Add("new_password", "密码不能超过128位")
	}
	var upper, lower, digit, other bool
	for _, r := range password {
		switch {
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsLower(r):
			lower = true
		case unicode.IsDigit(r):
			digit = true
		default:
			other = true
		}
	}
	classes := 0
	for _, b := range []bool{upper, lower, digit, other} {
		if b {
			classes++
		}
	}
	if classes < p.MinClasses {
		probs.Add("new_password", fmt.Sprintf("密码须包含大写字母、小写字母、数字、符号中的至少 %d 类", p.MinClasses))
	}
	if username != "" && strings.Contains(strings.ToLower(password), strings.ToLower(username)) {
		probs.Add("new_password", "密码不能包含登录名")
	}
	return probs.Err()
}

// GeneratePassword returns a random password that satisfies DefaultPolicy,
// for one-time passwords handed out by administrators.
func GeneratePassword() string {
	const (
		upper  = "ABCDEFGHJKLMNPQRSTUVWXYZ"
		lower  = "abcdefghijkmnpqrstuvwxyz"
		digits = "23456789"
		all    = upper + lower + digits
	)
	b := make([]byte, 14)
	pick := func(set string) byte {
		var x [1]byte
		for {
			_, _ = rand.Read(x[:])
			if int(x[0]) < 256-256%len(set) {
				return set[int(x[0])%len(set)]
			}
		}
	}
	b[0], b[1], b[2] = pick(upper), pick(lower), pick(digits)
	for i := 3; i < len(b); i++ {
		b[i] = pick(all)
	}
	// Shuffle so the classes are not always at the front.
	for i := len(b) - 1; i > 0; i-- {
		var x [1]byte
		_, _ = rand.Read(x[:])
		j := int(x[0]) % (i + 1)
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}
