package app

import "testing"

// SetStatsChunkSize makes the 督办 statistics read and tally n items at a
// time until t ends. Tests using it must not run in parallel.
func SetStatsChunkSize(t testing.TB, n int) {
	old := statsChunkSize
	statsChunkSize = n
	t.Cleanup(func() { statsChunkSize = old })
}
