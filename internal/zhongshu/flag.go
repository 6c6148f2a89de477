package zhongshu

import "time"

// FlagKind is a cause in the 压/误/漏 ledger (DOMAIN.md §2.6).
type FlagKind string

// Flag kinds.
const (
	FlagHeld      FlagKind = "held"      // 压: no action for too long
	FlagLate      FlagKind = "late"      // 误: past the deadline
	FlagOvernight FlagKind = "overnight" // 误 of same-day work: 文不过夜
	FlagMissed    FlagKind = "missed"    // 漏: never assigned, never reached, never turned into a 督办 item
)

// Label is the kind's Chinese name.
func (k FlagKind) Label() string {
	switch k {
	case FlagHeld:
		return "压（积压未办）"
	case FlagLate:
		return "误（超期）"
	case FlagOvernight:
		return "误（文过夜）"
	case FlagMissed:
		return "漏（遗漏）"
	}
	return string(k)
}

// Short is the one-character name used in tallies.
func (k FlagKind) Short() string {
	switch k {
	case FlagHeld:
		return "压"
	case FlagLate, FlagOvernight:
		return "误"
	case FlagMissed:
		return "漏"
	}
	return ""
}

// Valid reports whether k is a known kind.
func (k FlagKind) Valid() bool {
	return k == FlagHeld || k == FlagLate || k == FlagOvernight || k == FlagMissed
}

// Flag is one entry of the ledger: an item held up, late or lost, with who
// holds it. It stays until its cause is gone.
type Flag struct {
	ID         int64
	Kind       FlagKind
	Module     string
	RefType    string
	RefID      int64
	WorkItemID int64 // 0 when the cause has no work item (漏: nobody was assigned)
	Title      string
	URL        string
	OwnerID    int64
	OwnerName  string // filled on read
	UnitID     int64
	UnitName   string // filled on read
	Detail     string
	DueAt      time.Time
	RaisedAt   time.Time
	ClearedAt  time.Time
	ClearedWhy string
}

// FlagFilter selects ledger entries.
type FlagFilter struct {
	Kind    *FlagKind
	UnitID  *int64
	OwnerID *int64
	Cleared bool // false: open flags; true: cleared ones
	Offset  int
	Limit   int
}
