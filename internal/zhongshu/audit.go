package zhongshu

import "time"

// AuditEntry is one line of the append-only audit log (DOMAIN.md §2.5,
// §10.2): who did what to which object, when, from where, and whether it
// succeeded. Entries are chained: Hash covers the content and PrevHash.
type AuditEntry struct {
	Seq        int64
	At         time.Time
	ActorID    int64 // 0 for the system or an unknown login name
	ActorName  string
	ActorUnit  string
	Action     string // e.g. login, login.failed, unit.create
	ObjectType string
	ObjectID   string
	FromState  string
	ToState    string
	Success    bool
	ClientIP   string
	Detail     string // short human-readable detail in Chinese
	PrevHash   string
	Hash       string
}

// AuditFilter selects audit entries.
type AuditFilter struct {
	ActorID    *int64
	ActorName  string // part of the actor's name
	Action     string // prefix, e.g. "login"
	ObjectType string
	From, To   time.Time // zero = unbounded; To exclusive
	Success    *bool
	Offset     int
	Limit      int
}

// Page bounds used by every list.
const (
	DefaultPageSize = 50
	MaxPageSize     = 500
)

// PageLimit clamps a requested page size.
func PageLimit(n int) int {
	switch {
	case n <= 0:
		return DefaultPageSize
	case n > MaxPageSize:
		return MaxPageSize
	}
	return n
}
