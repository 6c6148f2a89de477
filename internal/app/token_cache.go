package app

import (
	"slices"
	"sync"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// Every /api/v1 request authenticates its token: the token, the user with
// posts and roles, and the delegations in force, three reads. tokenCache
// keeps what they found for a token in good standing for tokenCacheTTL.
//
// A cached token must not outlive a change that would refuse it or change
// what it may do: record (app.go) clears the whole cache whenever an
// audited change concerns users (status, lock, roles, posts, password),
// API tokens, delegations, sessions, units or the whole system
// (tokenObject), once inside the transaction and again after the commit
// (store.Tx.AfterCommit). A lookup that began before a clear does not
// store what it read (the generation moved), so a revoked token or a
// disabled user is refused from the first request after the change
// returns. Expiry is checked against the clock on every hit. What is not
// audited — a delegation coming into force at its start time, changes by
// another process — is seen within tokenCacheTTL.
const (
	tokenCacheTTL = 5 * time.Second
	tokenCacheMax = 10_000
)

// tokenObject reports whether an audited change to objectType clears the
// token cache ("people" and "units" are the organisation imports).
func tokenObject(objectType string) bool {
	switch objectType {
	case "user", "api_token", "delegation", "session", "unit", "system", "people", "units":
		return true
	}
	return false
}

type tokenCache struct {
	mu sync.Mutex
	// gen moves on every clear; a lookup stores its result only if the
	// generation it started in is still current.
	gen     uint64
	entries map[string]*tokenEntry
}

// tokenEntry is what authenticating a token found.
type tokenEntry struct {
	tokenID    int64
	expiresAt  time.Time // zero: never
	user       zhongshu.User
	delegators []int64
	lastUsed   time.Time // the token's last use as recorded (or being recorded)
	at         time.Time // when it was read
}

// generation returns the current generation, to pass to put.
func (c *tokenCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// get returns the entry of a token hash read less than tokenCacheTTL
// before now. touch reports that the token's last use should be recorded
// (at most once a minute); the entry then counts it as done.
func (c *tokenCache) get(hash string, now time.Time) (e tokenEntry, touch, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.entries[hash]
	if p == nil || now.Before(p.at) || now.Sub(p.at) >= tokenCacheTTL {
		return tokenEntry{}, false, false
	}
	if now.Sub(p.lastUsed) > time.Minute {
		p.lastUsed, touch = now, true
	}
	return *p, touch, true
}

// put keeps e for hash unless the cache was cleared since gen.
func (c *tokenCache) put(hash string, gen uint64, e tokenEntry) {
	e.user = copyUser(&e.user)
	e.delegators = slices.Clone(e.delegators)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return
	}
	if c.entries == nil || len(c.entries) >= tokenCacheMax {
		c.entries = make(map[string]*tokenEntry)
	}
	c.entries[hash] = &e
}

// clear forgets every token.
func (c *tokenCache) clear() {
	c.mu.Lock()
	c.gen++
	c.entries = nil
	c.mu.Unlock()
}

// actor builds a fresh actor from the entry, sharing nothing with it.
func (e *tokenEntry) actor(ip string) *zhongshu.Actor {
	u := copyUser(&e.user)
	return zhongshu.NewActor(&u, ip, slices.Clone(e.delegators))
}

// copyUser copies u with its posts and roles.
func copyUser(u *zhongshu.User) zhongshu.User {
	c := *u
	c.Posts, c.Roles = slices.Clone(u.Posts), slices.Clone(u.Roles)
	return c
}
