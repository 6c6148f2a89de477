package app

// SetStatsChunkSize makes the 督办 statistics of a read and tally n items at
// a time.
func SetStatsChunkSize(a *App, n int) { a.statsChunk = n }
