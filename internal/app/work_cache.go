package app

import (
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// The 待办 list's first page is what every 工作台 and API client asks for
// most (DESIGN.md §5: p99 ≤ 10 ms under 32 concurrent users), and it changes
// only when its owners' work items do. workCache keeps the first pages read,
// tagged with the store's work version of their owners taken before the
// read (store.DB.WorkVersion); a page is served again only while that
// version is unchanged, so a person's next request after a change to their
// work — by them or anyone else in this process — reads afresh. Entries
// also expire after workCacheTTL: the version does not see writes by other
// processes, and the deadline lights shown with the list follow the clock.
const (
	workCacheTTL = 30 * time.Second
	workCacheMax = 10_000
)

type workCache struct {
	mu      sync.Mutex
	entries map[string]workCacheEntry
	// hits and misses count lookups, for tests.
	hits, misses uint64
}

type workCacheEntry struct {
	list    *WorkList // never handed out: get returns copies
	version uint64
	at      time.Time
}

// workCacheKey names a first page: the sorted owners, the kind and the
// page size.
func workCacheKey(owners []int64, kind zhongshu.WorkKind, limit int) string {
	owners = slices.Clone(owners)
	slices.Sort(owners)
	b := make([]byte, 0, 16+12*len(owners))
	b = append(b, kind...)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(limit), 10)
	for _, id := range owners {
		b = append(b, '/')
		b = strconv.AppendInt(b, id, 10)
	}
	return string(b)
}

// get returns a copy of the page under key if it was read at version and
// is younger than workCacheTTL at now.
func (c *workCache) get(key string, version uint64, now time.Time) (*WorkList, bool) {
	c.mu.Lock()
	e, ok := c.entries[key]
	ok = ok && e.version == version && !now.Before(e.at) && now.Sub(e.at) < workCacheTTL
	if ok {
		c.hits++
	} else {
		c.misses++
	}
	c.mu.Unlock()
	if !ok {
		return nil, false
	}
	return e.list.clone(), true
}

// put keeps a copy of wl, read at version and now. A page read at an older
// version than the one kept does not replace it.
func (c *workCache) put(key string, version uint64, now time.Time, wl *WorkList) {
	wl = wl.clone()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = make(map[string]workCacheEntry)
	}
	if old, ok := c.entries[key]; ok && old.version > version {
		return
	}
	if _, ok := c.entries[key]; !ok && len(c.entries) >= workCacheMax {
		c.evict(now)
	}
	c.entries[key] = workCacheEntry{list: wl, version: version, at: now}
}

// evict makes room: expired entries go first; if that is not enough, an
// arbitrary eighth of the rest, so that a full cache is not swept on every
// insert.
func (c *workCache) evict(now time.Time) {
	for k, e := range c.entries {
		if now.Sub(e.at) >= workCacheTTL || now.Before(e.at) {
			delete(c.entries, k)
		}
	}
	for k := range c.entries {
		if len(c.entries) < workCacheMax*7/8 {
			break
		}
		delete(c.entries, k)
	}
}

// stats returns the lookups served and missed.
func (c *workCache) stats() (hits, misses uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits, c.misses
}

// clone copies wl and its items, so that neither the cache nor a caller
// sees the other's changes.
func (wl *WorkList) clone() *WorkList {
	out := *wl
	if wl.Items != nil {
		items := make([]zhongshu.WorkItem, len(wl.Items))
		out.Items = make([]*zhongshu.WorkItem, len(wl.Items))
		for i, w := range wl.Items {
			items[i] = *w
			out.Items[i] = &items[i]
		}
	}
	return &out
}
