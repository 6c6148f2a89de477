package zhongshu

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// SupervisionSource is where a 督办 item comes from (DOMAIN.md §5.2). The
// source decides the default deadline and whether 立项 needs approval.
type SupervisionSource string

// Sources of 督办 items.
const (
	SourceDecision    SupervisionSource = "decision"    // 上级和县委县政府重大决策部署、重要文件
	SourceMeeting     SupervisionSource = "meeting"     // 会议议定事项
	SourceInstruction SupervisionSource = "instruction" // 领导批示、交办
	SourceHigher      SupervisionSource = "higher"      // 上级督办件
	SourceNPCCPPCC    SupervisionSource = "npc_cppcc"   // 人大代表建议、政协委员提案
	SourceHotline     SupervisionSource = "hotline"     // 12345 热线、县长信箱、网络舆情
	SourceWorkPlan    SupervisionSource = "work_plan"   // 政府工作报告重点任务、民生实事
	SourceDocument    SupervisionSource = "document"    // 需落实的公文
	SourceMedia       SupervisionSource = "media"       // 媒体披露、群众反映的热点难点
	SourceOther       SupervisionSource = "other"       // 其他
)

var sourceOrder = []SupervisionSource{SourceDecision, SourceMeeting, SourceInstruction, SourceHigher, SourceNPCCPPCC,
	SourceHotline, SourceWorkPlan, SourceDocument, SourceMedia, SourceOther}

var sourceLabels = map[SupervisionSource]string{
	SourceDecision: "重大决策部署", SourceMeeting: "会议议定事项", SourceInstruction: "领导批示交办",
	SourceHigher: "上级督办", SourceNPCCPPCC: "建议提案", SourceHotline: "热线信箱",
	SourceWorkPlan: "重点工作", SourceDocument: "公文落实", SourceMedia: "媒体及群众反映", SourceOther: "其他",
}

// AllSupervisionSources returns every source in display order.
func AllSupervisionSources() []SupervisionSource {
	return append([]SupervisionSource(nil), sourceOrder...)
}

// Label is the source's Chinese name.
func (s SupervisionSource) Label() string {
	if l, ok := sourceLabels[s]; ok {
		return l
	}
	return string(s)
}

// Valid reports whether s is a known source.
func (s SupervisionSource) Valid() bool { _, ok := sourceLabels[s]; return ok }

// SkipsApproval reports whether items from s are issued without 立项审批:
// a leader's 批示 or a meeting's decision is itself the 立项 (§5.4
// "批示/会议类 may skip").
func (s SupervisionSource) SkipsApproval() bool { return s == SourceInstruction || s == SourceMeeting }

// SupervisionStatus is a state of the 督办 lifecycle (DOMAIN.md §5.4).
type SupervisionStatus string

// Supervision statuses.
const (
	SupervisionDraft             SupervisionStatus = "draft"              // 拟立项
	SupervisionPendingApproval   SupervisionStatus = "pending_approval"   // 立项审批中
	SupervisionIssued            SupervisionStatus = "issued"             // 已交办，待签收
	SupervisionInProgress        SupervisionStatus = "in_progress"        // 办理中
	SupervisionTransferRequested SupervisionStatus = "transfer_requested" // 申请转办
	SupervisionExtensionPending  SupervisionStatus = "extension_pending"  // 延期审批中
	SupervisionUnderReview       SupervisionStatus = "under_review"       // 办结审核中
	SupervisionLeaderReview      SupervisionStatus = "leader_review"      // 领导审阅中
	SupervisionCompleted         SupervisionStatus = "completed"          // 已办结
	SupervisionClosed            SupervisionStatus = "closed"             // 已销号
	SupervisionArchived          SupervisionStatus = "archived"           // 已归档
	SupervisionSuspended         SupervisionStatus = "suspended"          // 暂缓
	SupervisionCancelled         SupervisionStatus = "cancelled"          // 已撤销
)

var supervisionStatusOrder = []SupervisionStatus{SupervisionDraft, SupervisionPendingApproval, SupervisionIssued,
	SupervisionInProgress, SupervisionTransferRequested, SupervisionExtensionPending, SupervisionUnderReview,
	SupervisionLeaderReview, SupervisionCompleted, SupervisionClosed, SupervisionArchived, SupervisionSuspended,
	SupervisionCancelled}

var supervisionStatusLabels = map[SupervisionStatus]string{
	SupervisionDraft: "拟立项", SupervisionPendingApproval: "立项审批中", SupervisionIssued: "已交办",
	SupervisionInProgress: "办理中", SupervisionTransferRequested: "申请转办", SupervisionExtensionPending: "延期审批中",
	SupervisionUnderReview: "办结审核中", SupervisionLeaderReview: "领导审阅中", SupervisionCompleted: "已办结",
	SupervisionClosed: "已销号", SupervisionArchived: "已归档", SupervisionSuspended: "暂缓",
	SupervisionCancelled: "已撤销",
}

// AllSupervisionStatuses returns every status in lifecycle order.
func AllSupervisionStatuses() []SupervisionStatus {
	return append([]SupervisionStatus(nil), supervisionStatusOrder...)
}

// Label is the status's Chinese name.
func (s SupervisionStatus) Label() string {
	if l, ok := supervisionStatusLabels[s]; ok {
		return l
	}
	return string(s)
}

// Valid reports whether s is a known status.
func (s SupervisionStatus) Valid() bool { _, ok := supervisionStatusLabels[s]; return ok }

// Active reports whether the item is out with the units: issued and not yet
// completed, suspended or cancelled. Only active items have a running
// deadline and may be suspended (§5.4 "any active").
func (s SupervisionStatus) Active() bool {
	switch s {
	case SupervisionIssued, SupervisionInProgress, SupervisionTransferRequested, SupervisionExtensionPending,
		SupervisionUnderReview, SupervisionLeaderReview:
		return true
	}
	return false
}

// Finished reports whether the item has been 办结 (completed, closed or
// archived); its light is grey.
func (s SupervisionStatus) Finished() bool {
	return s == SupervisionCompleted || s == SupervisionClosed || s == SupervisionArchived
}

// AssignmentRole is a unit's part in an item: 主办 or 协办 (§2.1, §5.3).
type AssignmentRole string

// Assignment roles.
const (
	AssignmentLead AssignmentRole = "lead" // 主办
	AssignmentCo   AssignmentRole = "co"   // 协办
)

// Label is the role's Chinese name.
func (r AssignmentRole) Label() string {
	switch r {
	case AssignmentLead:
		return "主办"
	case AssignmentCo:
		return "协办"
	}
	return string(r)
}

// Valid reports whether r is a known assignment role.
func (r AssignmentRole) Valid() bool { return r == AssignmentLead || r == AssignmentCo }

// FeedbackCycle is how often the lead unit reports progress (阶段反馈, §5.3).
type FeedbackCycle string

// Feedback cycles.
const (
	FeedbackOnce      FeedbackCycle = "once"      // 一次性反馈
	FeedbackWeekly    FeedbackCycle = "weekly"    // 每周
	FeedbackMonthly   FeedbackCycle = "monthly"   // 每月
	FeedbackMilestone FeedbackCycle = "milestone" // 按节点
)

// Label is the cycle's Chinese name.
func (c FeedbackCycle) Label() string {
	switch c {
	case FeedbackOnce:
		return "办结时一次反馈"
	case FeedbackWeekly:
		return "每周反馈"
	case FeedbackMonthly:
		return "每月反馈"
	case FeedbackMilestone:
		return "按节点反馈"
	}
	return string(c)
}

// Valid reports whether c is a known cycle.
func (c FeedbackCycle) Valid() bool {
	return c == FeedbackOnce || c == FeedbackWeekly || c == FeedbackMonthly || c == FeedbackMilestone
}

// Milestone is a node of the 序时进度; one past due and not done turns the
// item's light 黄 滞后 (§5.6).
type Milestone struct {
	Name   string
	DueAt  time.Time
	DoneAt time.Time // zero while not done
}

// Assignment is one unit's part in an item (§5.3 per-unit sub-record).
type Assignment struct {
	UnitID     int64
	Role       AssignmentRole
	PersonID   int64     // 责任人 in the unit ("责任到人头"); 0 until named
	SignedAt   time.Time // 签收; zero while unsigned
	ObjectedAt time.Time // 异议 (申请转办) pending with the 督查室; zero when none
	CoInputAt  time.Time // last 协办意见 sent to the lead unit (co units only)
	CoInputDue time.Time // sub-deadline for the 协办意见 (co units only); zero when none
}

// SupervisionItem is a 督办 item: the fields of §5.3 that the lifecycle
// (workflow) and the lights need. Reports, reminders, reviews and documents
// live in their own records.
type SupervisionItem struct {
	ID                  int64
	Number              string // 督办编号, e.g. 督〔2026〕37号
	Title               string
	Source              SupervisionSource
	SourceRef           string // 批示原文+批示人+日期 | 会议及议定事项序号 | 收文/建议/工单编号
	Content             string // 办理要求
	AssigningLeaderID   int64  // 交办领导; 0 when none (e.g. 热线)
	ResponsibleLeaderID int64  // 分管县领导; 0 when none
	SupervisorID        int64  // 督查员 who owns the item in the office
	Status              SupervisionStatus
	StatusBeforeSuspend SupervisionStatus // set while SUSPENDED
	DueAt               time.Time         // effective 办结时限 (end-of-day instant)
	OriginalDueAt       time.Time         // the due before the first approved extension; zero if never extended
	RequestedDueAt      time.Time         // the date asked for while EXTENSION_PENDING
	FeedbackCycle       FeedbackCycle
	Milestones          []Milestone
	Assignments         []Assignment
	Returns             int // 退回重办 count
	Extensions          int // approved extensions
	CreatedAt           time.Time
	IssuedAt            time.Time // last 交办 (approval, or re-assignment after 转办)
	CompletedAt         time.Time // 办结 (leader review finished)
	ClosedAt            time.Time // 销号
	IncomingID          int64     // the 收文 it was made from, if any (read only: set by linking)
}

// Lead returns the index of the lead (主办) assignment, or -1.
func (it *SupervisionItem) Lead() int {
	for i, a := range it.Assignments {
		if a.Role == AssignmentLead {
			return i
		}
	}
	return -1
}

// Limits on the lengths of an item's texts, in characters.
const (
	MaxSupervisionTitle   = 100
	MaxSupervisionRef     = 500
	MaxSupervisionContent = 5000
	MaxMilestoneName      = 50
)

// Validate checks a draft before it is saved or submitted. It trims the
// texts and defaults the feedback cycle to once. The lifecycle fields
// (status, dates set by actions, counters) are the workflow's business and
// are not checked here beyond the status being known.
func (it *SupervisionItem) Validate() error {
	var p Problems
	it.Title = strings.TrimSpace(it.Title)
	it.SourceRef = strings.TrimSpace(it.SourceRef)
	it.Content = strings.TrimSpace(it.Content)
	switch n := utf8.RuneCountInString(it.Title); {
	case n == 0:
		p.Add("title", "请填写督办事项名称")
	case n > MaxSupervisionTitle:
		p.Add("title", "事项名称不能超过100个字")
	}
	if !it.Source.Valid() {
		p.Add("source", "请选择督办事项来源")
	}
	// 一事一项, 登记: items that stem from a specific 批示, meeting decision,
	// 建议/提案 or 工单 must say which, so the 交办单 can quote it (§5.3).
	if it.SourceRef == "" {
		switch it.Source {
		case SourceInstruction:
			p.Add("source_ref", "请填写批示内容、批示领导和日期")
		case SourceMeeting:
			p.Add("source_ref", "请填写会议名称和议定事项")
		case SourceNPCCPPCC:
			p.Add("source_ref", "请填写建议或提案编号")
		case SourceHotline:
			p.Add("source_ref", "请填写工单或来信编号")
		}
	}
	if utf8.RuneCountInString(it.SourceRef) > MaxSupervisionRef {
		p.Add("source_ref", "来源依据不能超过500个字")
	}
	switch n := utf8.RuneCountInString(it.Content); {
	case n == 0:
		p.Add("content", "请填写办理要求")
	case n > MaxSupervisionContent:
		p.Add("content", "办理要求不能超过5000个字")
	}
	if it.SupervisorID == 0 {
		p.Add("supervisor_id", "请指定督查员")
	}
	if it.Status != "" && !it.Status.Valid() {
		p.Add("status", "事项状态不正确")
	}
	switch {
	case it.DueAt.IsZero():
		p.Add("due_at", "请填写办结时限")
	case !it.CreatedAt.IsZero() && !it.DueAt.After(it.CreatedAt):
		p.Add("due_at", "办结时限须晚于立项时间")
	}
	if it.FeedbackCycle == "" {
		it.FeedbackCycle = FeedbackOnce
	}
	if !it.FeedbackCycle.Valid() {
		p.Add("feedback_cycle", "请选择阶段反馈方式")
	} else if it.FeedbackCycle == FeedbackMilestone && len(it.Milestones) == 0 {
		p.Add("milestones", "按节点反馈须设置办理节点")
	}
	for i := range it.Milestones {
		m := &it.Milestones[i]
		m.Name = strings.TrimSpace(m.Name)
		switch {
		case m.Name == "":
			p.Add("milestones", "请填写节点名称")
		case utf8.RuneCountInString(m.Name) > MaxMilestoneName:
			p.Add("milestones", "节点名称不能超过50个字")
		case m.DueAt.IsZero():
			p.Add("milestones", "请填写节点时限")
		case !it.DueAt.IsZero() && m.DueAt.After(it.DueAt):
			p.Add("milestones", "节点时限不能晚于办结时限")
		}
	}
	if msg := assignmentsProblem(it.Assignments, it.DueAt); msg != "" {
		p.Add("assignments", msg)
	}
	return p.Err()
}

// ValidateAssignments checks a list of 主办/协办 units on its own, as when
// the 督查室 re-assigns an item after a 转办 request.
func ValidateAssignments(as []Assignment, due time.Time) error {
	var p Problems
	if msg := assignmentsProblem(as, due); msg != "" {
		p.Add("assignments", msg)
	}
	return p.Err()
}

// assignmentsProblem enforces "exactly one 主办, 0..n 协办" (§2.7, §5.3):
// shared work, single owner.
func assignmentsProblem(as []Assignment, due time.Time) string {
	if len(as) == 0 {
		return "请选择主办单位"
	}
	leads := 0
	seen := map[int64]bool{}
	for _, a := range as {
		switch {
		case a.UnitID == 0:
			return "承办单位不能为空"
		case seen[a.UnitID]:
			return "同一单位不能重复交办"
		case !a.Role.Valid():
			return "请选择主办或协办"
		case a.Role == AssignmentCo && !a.CoInputDue.IsZero() && !due.IsZero() && a.CoInputDue.After(due):
			return "协办意见时限不能晚于办结时限"
		}
		seen[a.UnitID] = true
		if a.Role == AssignmentLead {
			leads++
		}
	}
	if leads != 1 {
		return "须明确一个且只有一个主办单位"
	}
	return ""
}

// SupervisionLight is an item's traffic light (§5.6), computed on read.
type SupervisionLight string

// Lights. LightNone is for items with no running deadline: drafts, items
// awaiting approval, suspended and cancelled items.
const (
	LightNone       SupervisionLight = ""
	LightGreen      SupervisionLight = "green"        // 绿 正常
	LightNear       SupervisionLight = "near"         // 黄 临期
	LightBehind     SupervisionLight = "behind"       // 黄 滞后
	LightOverdue    SupervisionLight = "overdue"      // 红 超期
	LightDoneOnTime SupervisionLight = "done_on_time" // 灰 按期办结
	LightDoneLate   SupervisionLight = "done_late"    // 灰 逾期办结
)

// Label is the light's Chinese text, shown beside its colour.
func (l SupervisionLight) Label() string {
	switch l {
	case LightGreen:
		return "正常"
	case LightNear:
		return "临期"
	case LightBehind:
		return "滞后"
	case LightOverdue:
		return "超期"
	case LightDoneOnTime:
		return "按期办结"
	case LightDoneLate:
		return "逾期办结"
	}
	return ""
}

// DeadlineState maps the light onto the four colours used everywhere
// (UI.md): both yellows are DeadlineNear, both greys DeadlineDone.
func (l SupervisionLight) DeadlineState() DeadlineState {
	switch l {
	case LightGreen:
		return DeadlineOK
	case LightNear, LightBehind:
		return DeadlineNear
	case LightOverdue:
		return DeadlineOverdue
	case LightDoneOnTime, LightDoneLate:
		return DeadlineDone
	}
	return DeadlineNone
}

// DeadlineRule is a default 办结时限 for a source (DOMAIN.md §5.2): a number
// of working days, or a calendar period of months and days (rolled forward
// to a working day).
type DeadlineRule struct {
	Workdays, Months, Days int
}

// String writes the rule in Chinese, e.g. 15个工作日, 3个月, 30日.
func (r DeadlineRule) String() string {
	switch {
	case r.Workdays > 0:
		return strconv.Itoa(r.Workdays) + "个工作日"
	case r.Months > 0 && r.Days > 0:
		return strconv.Itoa(r.Months) + "个月" + strconv.Itoa(r.Days) + "日"
	case r.Months > 0:
		return strconv.Itoa(r.Months) + "个月"
	}
	return strconv.Itoa(r.Days) + "日"
}

// DefaultDeadlineRules are the defaults of DOMAIN.md §5.2 where it names
// one: 批示 15 working days (非急件), meeting decisions 5 working days,
// 公文 30 days, hotline and 县长信箱 5 working days, 人大建议/政协提案 3 months.
const DefaultDeadlineRules = "instruction=15w,meeting=5w,document=30d,hotline=5w,npc_cppcc=3m"

// ParseDeadlineRules reads rules written as source=N plus a unit — w for
// working days, d for calendar days, m for months — separated by commas,
// e.g. "instruction=15w,document=30d,npc_cppcc=3m". An empty string is no
// rules.
func ParseDeadlineRules(s string) (map[SupervisionSource]DeadlineRule, error) {
	rules := map[SupervisionSource]DeadlineRule{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		src, val, ok := strings.Cut(part, "=")
		source := SupervisionSource(strings.TrimSpace(src))
		val = strings.TrimSpace(val)
		if !ok || !source.Valid() || len(val) < 2 {
			return nil, fmt.Errorf("督办默认时限“%s”应写作 来源=数字加单位，如 instruction=15w", part)
		}
		n, err := strconv.Atoi(val[:len(val)-1])
		if err != nil || n < 1 || n > 400 {
			return nil, fmt.Errorf("督办默认时限“%s”的数字不正确", part)
		}
		switch val[len(val)-1] {
		case 'w':
			rules[source] = DeadlineRule{Workdays: n}
		case 'd':
			rules[source] = DeadlineRule{Days: n}
		case 'm':
			rules[source] = DeadlineRule{Months: n}
		default:
			return nil, fmt.Errorf("督办默认时限“%s”的单位应为 w（工作日）、d（日）或 m（月）", part)
		}
	}
	return rules, nil
}
