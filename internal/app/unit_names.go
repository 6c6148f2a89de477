package app

import (
	"context"
	"sync"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// Every page and API answer that shows a document or an item names its
// units, and read all 300 of a county's units to do so: at 1 M documents
// that was more than half of the CPU of opening a 收文 (BENCHMARKS.md,
// session 14). unitNameCache keeps the names for unitNamesTTL. Like the
// token cache it is cleared by every audited change to units or the
// organisation (record, app.go), inside the transaction and again after
// its commit, and a read that began before a clear does not store what it
// read; changes by another process are seen within the TTL.
const unitNamesTTL = 30 * time.Second

type unitNameCache struct {
	mu    sync.Mutex
	gen   uint64
	names map[int64]string
	at    time.Time
}

// clear forgets the names.
func (c *unitNameCache) clear() {
	c.mu.Lock()
	c.gen++
	c.names = nil
	c.mu.Unlock()
}

// UnitNames returns every unit's name as pages show it (the short name, or
// the full name when there is none), by unit id. The map is shared: callers
// must not change it.
func (a *App) UnitNames(ctx context.Context, actor *zhongshu.Actor) (map[int64]string, error) {
	if err := actor.Require(zhongshu.PermOrgView); err != nil {
		return nil, err
	}
	c := &a.unitNames
	now := a.clock.Now()
	c.mu.Lock()
	if c.names != nil && !now.Before(c.at) && now.Sub(c.at) < unitNamesTTL {
		names := c.names
		c.mu.Unlock()
		return names, nil
	}
	gen := c.gen
	c.mu.Unlock()
	var units []*zhongshu.Unit
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		units, _, err = tx.FindUnits(ctx, zhongshu.UnitFilter{})
		return err
	})
	if err != nil {
		return nil, err
	}
	names := make(map[int64]string, len(units))
	for _, u := range units {
		names[u.ID] = u.Name()
	}
	c.mu.Lock()
	if c.gen == gen {
		c.names, c.at = names, now
	}
	c.mu.Unlock()
	return names, nil
}
