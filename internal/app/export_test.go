package app

import (
	"context"

	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// WorkCacheStats returns how many first pages of 待办 were served from the
// cache and how many were read, for tests.
func WorkCacheStats(a *App) (hits, misses uint64) { return a.workCache.stats() }

// SetFlagBatch sets how many candidates one transaction of
// CheckIncomingReaders and CheckOutgoingReceipts raises, for tests of
// their paging.
func SetFlagBatch(a *App, n int) { a.flagBatch = n }

// ActOnSupervisionIn takes one 督办 action in tx and returns the item's open
// work items as the action says they are after it (it reads them once, then
// keeps them up to date), for a test that compares them with a read.
func ActOnSupervisionIn(a *App, ctx context.Context, tx *store.Tx, actor *zhongshu.Actor, id int64, req SupervisionRequest) ([]*zhongshu.WorkItem, error) {
	_, open, err := a.actOnSupervision(ctx, tx, actor, id, req)
	return open, err
}
