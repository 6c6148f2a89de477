package supervision

import (
	"slices"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/workflow/engine"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// Action is a verb a person applies to an object in a workflow.
type Action string

// Actions of the 督办 lifecycle (DOMAIN.md §5.4), in the order Allowed
// lists them: the forward step of each state before its side steps.
const (
	Submit                     Action = "submit"                        // 提交立项 (督查员)
	Approve                    Action = "approve"                       // 批准立项 (办公室主任/副主任)
	Reject                     Action = "reject"                        // 不予立项
	Sign                       Action = "sign"                          // 签收 (承办单位)
	Object                     Action = "object"                        // 异议, 申请转办 (承办单位, 3个工作日内)
	Reassign                   Action = "reassign"                      // 重新交办 (督查员)
	RefuseTransfer             Action = "refuse_transfer"               // 不同意转办 (督查员)
	Report                     Action = "report"                        // 阶段反馈 (承办单位; no state change)
	SendInput                  Action = "send_input"                    // 报送协办意见 (协办单位; no state change)
	RequestExtension           Action = "request_extension"             // 申请延期 (主办单位)
	ApproveExtension           Action = "approve_extension"             // 批准延期 (督查员或主管领导)
	RejectExtension            Action = "reject_extension"              // 不批准延期
	RequestCompletion          Action = "request_completion"            // 办结申请 (主办单位)
	Accept                     Action = "accept"                        // 审核通过, 报领导审阅 (督查员)
	Return                     Action = "return"                        // 退回重办 (督查员)
	LeaderClose                Action = "leader_close"                  // 领导审阅办结, 无新批示
	LeaderCloseWithInstruction Action = "leader_close_with_instruction" // 领导审阅办结并作出新批示
	EvaluateClose              Action = "evaluate_close"                // 评价销号 (督查员)
	Archive                    Action = "archive"                       // 归档 (督查员)
	Suspend                    Action = "suspend"                       // 暂缓 (县领导或办公室主任)
	Resume                     Action = "resume"                        // 恢复办理
	Cancel                     Action = "cancel"                        // 撤销立项
)

var supervisionActions = []Action{Submit, Approve, Reject, Sign, Object, Reassign, RefuseTransfer, Report,
	SendInput, RequestExtension, ApproveExtension, RejectExtension, RequestCompletion, Accept, Return,
	LeaderClose, LeaderCloseWithInstruction, EvaluateClose, Archive, Suspend, Resume, Cancel}

var actionLabels = map[Action]string{
	Submit: "提交立项", Approve: "批准立项", Reject: "不予立项", Sign: "签收", Object: "提出异议",
	Reassign: "重新交办", RefuseTransfer: "不同意转办", Report: "阶段反馈", SendInput: "报送协办意见",
	RequestExtension: "申请延期", ApproveExtension: "批准延期", RejectExtension: "不批准延期",
	RequestCompletion: "申请办结", Accept: "审核通过", Return: "退回重办", LeaderClose: "审阅办结",
	LeaderCloseWithInstruction: "审阅并作出新批示", EvaluateClose: "评价销号", Archive: "归档",
	Suspend: "暂缓办理", Resume: "恢复办理", Cancel: "撤销立项",
}

// SupervisionActions returns every action of the 督办 machine in display order.
func SupervisionActions() []Action { return slices.Clone(supervisionActions) }

// Label is the action's Chinese name, used on buttons and in messages.
func (a Action) Label() string { return engine.Label(actionLabels, a) }

// ObjectionWorkdays is how long a unit may object to an assignment (异议,
// 申请转办): 3 working days after 交办. Units that think an item is not
// theirs must say so within a short window and must not pass it on
// themselves (DOMAIN.md §5.4, §5.9 [S27][S33]).
const ObjectionWorkdays = 3

// MaxReason is the longest reason, report or instruction text, in characters.
const MaxReason = 2000

// WorkdaysFunc counts the working days after from's date up to and
// including to's date (0 on the same day). The app passes the calendar's
// count, so the machine stays pure.
type WorkdaysFunc func(from, to time.Time) int

// Request is one action applied to an item.
type Request struct {
	Action Action
	Actor  *zhongshu.Actor
	// ActorUnits are the units the actor works for; an actor acts for an
	// assigned unit (签收, 反馈, 延期, 办结申请) when its unit is listed here.
	ActorUnits []int64
	Now        time.Time
	// NewDue is the date asked for (RequestExtension) or fixed by the
	// approver (ApproveExtension; zero keeps the date asked for).
	NewDue time.Time
	// Reason is the text the action carries: the reason for a refusal,
	// objection, extension, return, suspension or cancellation, the progress
	// of a Report, the 协办意见 of SendInput, the leader's new 批示 of
	// LeaderCloseWithInstruction. Required where the rules ask for one.
	Reason string
	// Assignments are the new 主办/协办 units of Reassign.
	Assignments []zhongshu.Assignment
	// WorkdaysSince counts working days; Object needs it for the 3-day window.
	WorkdaysSince WorkdaysFunc
	// Milestone is the 1-based index of the 办理节点 a Report says is done
	// (序时进度); 0 for none. Only the lead unit reports a node done.
	Milestone int
}

// Event names what an action did, for counting (催办/延期/退回 counts,
// 交办数, §5.7) and for notifications. One action may yield several.
const (
	EventSubmitted           = "submitted"
	EventIssued              = "issued" // 交办: approval, or submission of a 批示/会议 item
	EventRejected            = "rejected"
	EventSigned              = "signed"
	EventObjected            = "objected"
	EventReassigned          = "reassigned"
	EventTransferRefused     = "transfer_refused"
	EventReported            = "reported"
	EventCoInput             = "co_input"
	EventMilestoneDone       = "milestone_done" // a Report marked a 办理节点 done
	EventExtensionRequested  = "extension_requested"
	EventExtensionApproved   = "extension_approved"
	EventExtensionRejected   = "extension_rejected"
	EventCompletionRequested = "completion_requested"
	EventAccepted            = "accepted"
	EventReturned            = "returned"
	EventCompleted           = "completed"
	EventFollowUp            = "follow_up" // the leader gave a new instruction: create a new item
	EventClosed              = "closed"
	EventArchived            = "archived"
	EventSuspended           = "suspended"
	EventResumed             = "resumed"
	EventCancelled           = "cancelled"
)

// Outcome is the result of an applied action.
type Outcome struct {
	From, To zhongshu.SupervisionStatus
	Item     zhongshu.SupervisionItem // the updated copy; the input item is not changed
	Events   []string
	// FollowUp is set when the leader closed the item with a new instruction
	// (§5.4 "COMPLETED + new item"): the app drafts the new item from
	// Request.Reason.
	FollowUp bool
}

// Apply applies req to item and returns the updated copy, or the reason it
// may not. Checks run in a fixed order and the first failing one answers:
//
//  1. who: CodeForbidden ("您不能……") when the actor may never take this
//     action on this item, or may take it but not with what the request
//     asks (a co unit marking a milestone done);
//  2. state: CodePrecondition when the item's status has no such arrow;
//  3. timing and unit state: CodePrecondition (deadline passed, 异议期
//     over, already signed …);
//  4. input: CodeInvalid with Fields (reason, new_due, assignments, or the
//     draft's own fields on Submit).
//
// A nil actor is CodeUnauthenticated; an unknown action CodeInvalid.
func Apply(item zhongshu.SupervisionItem, req Request) (Outcome, error) {
	req.Reason = strings.TrimSpace(req.Reason)
	c := &call{item: cloneItem(item), req: req, from: item.Status}
	to, err := machine.Run(req.Action, req.Actor, c, c.from, req.Reason)
	if err != nil {
		return Outcome{}, err
	}
	c.item.Status = to
	return Outcome{From: c.from, To: to, Item: c.item, Events: c.events, FollowUp: c.followUp}, nil
}

// Allowed lists the actions actor may take on item now, in display order,
// so that the page can show the one obvious button and the quieter ones.
// An action is allowed when Apply would accept it once the form is filled
// in: only missing or wrong input (CodeInvalid) is ignored.
func Allowed(item zhongshu.SupervisionItem, actor *zhongshu.Actor, actorUnits []int64, now time.Time,
	workdaysSince WorkdaysFunc) []Action {
	return engine.Allowed(supervisionActions, func(a Action) error {
		_, err := Apply(item, Request{Action: a, Actor: actor, ActorUnits: actorUnits, Now: now, WorkdaysSince: workdaysSince})
		return err
	})
}

// OpenMilestones lists the milestones (1-based) actor may report done now
// with a Report: the open ones, when the actor reports for the signed lead
// unit; none for anybody else. It is what the 阶段反馈 form offers as
// "本次完成的节点".
func OpenMilestones(item zhongshu.SupervisionItem, actor *zhongshu.Actor, actorUnits []int64, now time.Time) []int {
	var out []int
	for i := range item.Milestones {
		req := Request{Action: Report, Actor: actor, ActorUnits: actorUnits, Now: now, Reason: "进展", Milestone: i + 1}
		if _, err := Apply(item, req); err == nil {
			out = append(out, i+1)
		}
	}
	return out
}

// machine runs the steps of the 督办 lifecycle.
var machine = engine.Machine[Action, *call, zhongshu.SupervisionStatus]{
	Noun: "督办", Subject: "督办事项", TextField: "reason", MaxText: MaxReason, Steps: steps,
}

// step is one action's rules: who may take it, from which states, what
// else must hold, what input it needs, and what it does. Its Text is the
// message when Reason is required and missing.
type step = engine.Step[*call, zhongshu.SupervisionStatus]

// call is the working state of one Apply.
type call struct {
	item     zhongshu.SupervisionItem
	req      Request
	from     zhongshu.SupervisionStatus
	events   []string
	followUp bool
}

func (c *call) emit(events ...string) { c.events = append(c.events, events...) }

func (c *call) hasRole(roles ...zhongshu.Role) bool {
	for _, r := range roles {
		if c.req.Actor.User.HasRole(r) {
			return true
		}
	}
	return false
}

// is reports whether the actor is the person id, or holds id's work by a
// 委托 in force (AB角, leave; DOMAIN.md §1.2).
func (c *call) is(id int64) bool {
	return id != 0 && (c.req.Actor.ID() == id || slices.Contains(c.req.Actor.Delegators, id))
}

// units returns the indexes of the assignments the actor acts for, with
// role r, or with any role when r is "".
func (c *call) units(r zhongshu.AssignmentRole) []int {
	var out []int
	for i, a := range c.item.Assignments {
		if (r == "" || a.Role == r) && slices.Contains(c.req.ActorUnits, a.UnitID) {
			out = append(out, i)
		}
	}
	return out
}

// leadSigned reports whether the lead unit has signed.
func (c *call) leadSigned() bool {
	i := c.item.Lead()
	return i >= 0 && !c.item.Assignments[i].SignedAt.IsZero()
}

// reviewer reports whether the actor does the leader review (§5.4 "报原批办/
// 交办领导审阅"): the assigning leader; for items without one (热线, 公文)
// the responsible 分管领导; for items with neither, the office director.
func (c *call) reviewer() bool {
	switch {
	case c.item.AssigningLeaderID != 0:
		return c.is(c.item.AssigningLeaderID)
	case c.item.ResponsibleLeaderID != 0:
		return c.is(c.item.ResponsibleLeaderID)
	}
	return c.hasRole(zhongshu.RoleOfficeDirector)
}

func precondition(format string, args ...any) error {
	return zhongshu.Errorf(zhongshu.CodePrecondition, format, args...)
}

// cloneItem copies the slices so that Apply never writes into its input.
func cloneItem(it zhongshu.SupervisionItem) zhongshu.SupervisionItem {
	it.Assignments = slices.Clone(it.Assignments)
	it.Milestones = slices.Clone(it.Milestones)
	return it
}
