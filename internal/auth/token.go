package auth

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"strings"

	"github.com/emmansun/gmsm/sm3"
)

// NewToken returns a random 256-bit token, URL-safe, with a prefix naming
// its kind (e.g. "zss_" for sessions, "zst_" for API tokens).
func NewToken(prefix string) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("auth: no randomness: " + err.Error()) // the OS random source never fails on Linux
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// HashToken returns the SM3 hash of a token, which is what the database
// stores: a stolen database reveals no usable session or API token.
func HashToken(token string) string {
	sum := sm3.Sum([]byte(token))
	return hex.EncodeToString(sum[:])
}

// APITokenPrefix marks personal API tokens.
const APITokenPrefix = "zst_"

// SessionPrefix marks session tokens.
const SessionPrefix = "zss_"

// LooksLikeAPIToken reports whether s has the shape of an API token.
func LooksLikeAPIToken(s string) bool {
	return strings.HasPrefix(s, APITokenPrefix) && len(s) == len(APITokenPrefix)+43
}
