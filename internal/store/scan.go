package store

import (
	"database/sql"
	"strings"
	"time"
)

// noDeadline is stored in columns that sort by deadline when there is none.
var noDeadline = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

// nullTime returns nil for the zero time so that it is stored as NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return dbTime(t)
}

// timeOf returns the UTC time of n, or the zero time for NULL.
func timeOf(n sql.NullTime) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return n.Time.UTC()
}

// nullID returns nil for 0 so that optional references are stored as NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// idOf returns 0 for NULL.
func idOf(n sql.NullInt64) int64 {
	if !n.Valid {
		return 0
	}
	return n.Int64
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// likePattern escapes s for a LIKE … ESCAPE '\' pattern that finds it anywhere.
func likePattern(s string) string { return "%" + likeEscaper.Replace(s) + "%" }

// likePrefix escapes s for a LIKE … ESCAPE '\' pattern that finds it at the start.
func likePrefix(s string) string { return likeEscaper.Replace(s) + "%" }

// placeholders returns "?, ?, …" for n values.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

// int64Args turns ids into query arguments.
func int64Args(ids []int64) []any {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return args
}
