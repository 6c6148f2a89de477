package zhongshu

import "time"

// WorkKind separates items a person must act on from items to read.
type WorkKind string

// Work kinds.
const (
	WorkTodo   WorkKind = "todo"   // 待办
	WorkToRead WorkKind = "toread" // 待阅
)

// Urgency of a work item, highest first (公文 紧急程度, DOMAIN.md §2.1).
type Urgency int

// Urgencies. Higher sorts first.
const (
	UrgencyNormal Urgency = 0 // 平件
	UrgencyUrgent Urgency = 1 // 加急
	UrgencyExtra  Urgency = 2 // 特急
)

// Label is the urgency's Chinese name ("" for 平件, which is not shown).
func (u Urgency) Label() string {
	switch u {
	case UrgencyExtra:
		return "特急"
	case UrgencyUrgent:
		return "加急"
	}
	return ""
}

// WorkItem is one entry in a person's unified 待办/待阅 list. Modules
// register items when work reaches a person and close them when it leaves;
// the 工作台 reads only this table, so one indexed query serves every module.
type WorkItem struct {
	ID        int64
	OwnerID   int64
	Kind      WorkKind
	Module    string // e.g. "receipt", "supervision"
	RefType   string // the object's type within the module
	RefID     int64
	Title     string
	Step      string // what the owner must do, e.g. 签收, 批示
	Urgency   Urgency
	DueAt     time.Time // zero when no deadline
	URL       string    // where to act on it
	Done      bool
	CreatedAt time.Time
	DoneAt    time.Time
	// Deadline engine state.
	Provisional bool      // the deadline falls in a year without holiday data
	Level       int       // escalation reached: 0 none, 1 蓝, 2 黄, 3 红
	Held        bool      // 压 raised
	ActedAt     time.Time // the owner's last action; zero if none yet
	NextCheckAt time.Time // when the sweep looks next; zero if nothing pending
}

// DeadlineState is the traffic light of a deadline (UI.md: 绿/黄/红/灰).
type DeadlineState string

// Deadline states.
const (
	DeadlineNone    DeadlineState = ""
	DeadlineOK      DeadlineState = "ok"      // 绿 正常
	DeadlineNear    DeadlineState = "near"    // 黄 临期
	DeadlineOverdue DeadlineState = "overdue" // 红 超期
	DeadlineDone    DeadlineState = "done"    // 灰 已办结
)

// Label is the state's Chinese name, shown beside its colour.
func (s DeadlineState) Label() string {
	switch s {
	case DeadlineOK:
		return "正常"
	case DeadlineNear:
		return "临期"
	case DeadlineOverdue:
		return "超期"
	case DeadlineDone:
		return "已办结"
	}
	return ""
}

// Deadline returns the item's light at now; near means due within 24 hours.
// The working-day engine refines "near" when it arrives.
func (w *WorkItem) Deadline(now time.Time) DeadlineState {
	switch {
	case w.Done:
		return DeadlineDone
	case w.DueAt.IsZero():
		return DeadlineNone
	case now.After(w.DueAt):
		return DeadlineOverdue
	case w.DueAt.Sub(now) <= 24*time.Hour:
		return DeadlineNear
	}
	return DeadlineOK
}

// WorkFilter selects a person's work items.
type WorkFilter struct {
	OwnerIDs []int64 // the person, plus delegators whose work they hold
	Kind     *WorkKind
	Done     bool
	Offset   int
	Limit    int
}
