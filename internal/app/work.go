package app

import (
	"context"

	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// WorkList is one tab of the 工作台.
type WorkList struct {
	Items        []*zhongshu.WorkItem
	Total        int
	Todo, ToRead int // open counts, for the tabs
}

// Work returns the actor's 待办, 待阅 or 已办 list, including the work of
// those who have delegated to the actor. Items are ordered by urgency,
// then deadline. The first page of open work comes from a cache while the
// owners' work is unchanged (work_cache.go); the list returned is the
// caller's own.
func (a *App) Work(ctx context.Context, actor *zhongshu.Actor, kind zhongshu.WorkKind, done bool, page Page) (*WorkList, error) {
	page = page.Normalize()
	owners := actor.OwnerIDs()
	cached := !done && page.Offset == 0
	var key string
	var version uint64
	now := a.clock.Now()
	if cached {
		// The version is taken before the read: a change committing
		// meanwhile moves it on, and the page read is not served again.
		key, version = workCacheKey(owners, kind, page.Limit), a.db.WorkVersion(owners)
		if wl, ok := a.workCache.get(key, version, now); ok {
			return wl, nil
		}
	}
	var wl WorkList
	f := zhongshu.WorkFilter{OwnerIDs: owners, Done: done, Offset: page.Offset, Limit: page.Limit}
	if !done {
		f.Kind = &kind
	}
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		if wl.Items, err = tx.FindWorkItems(ctx, f); err != nil {
			return err
		}
		if wl.Todo, wl.ToRead, err = tx.CountOpenWork(ctx, owners); err != nil {
			return err
		}
		switch {
		case done:
			wl.Total, err = tx.CountDoneWork(ctx, owners)
		case kind == zhongshu.WorkToRead:
			wl.Total = wl.ToRead
		default:
			wl.Total = wl.Todo
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if cached {
		a.workCache.put(key, version, now, &wl)
	}
	return &wl, nil
}

// Notifications returns the actor's newest in-app notifications.
func (a *App) Notifications(ctx context.Context, actor *zhongshu.Actor, limit int) ([]*store.OutboxMessage, error) {
	var ms []*store.OutboxMessage
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		ms, err = tx.FindOutbox(ctx, actor.ID(), zhongshu.PageLimit(limit))
		return err
	})
	return ms, err
}
