package app

// WorkCacheStats returns how many first pages of 待办 were served from the
// cache and how many were read, for tests.
func WorkCacheStats(a *App) (hits, misses uint64) { return a.workCache.stats() }

// SetFlagBatch sets how many candidates one transaction of
// CheckIncomingReaders and CheckOutgoingReceipts raises, for tests of
// their paging.
func SetFlagBatch(a *App, n int) { a.flagBatch = n }
