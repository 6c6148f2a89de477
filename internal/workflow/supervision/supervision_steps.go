package supervision

import (
	"slices"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// Shorter names for the states, used only in the table below.
const (
	draft       = zhongshu.SupervisionDraft
	pending     = zhongshu.SupervisionPendingApproval
	issued      = zhongshu.SupervisionIssued
	inProgress  = zhongshu.SupervisionInProgress
	transfer    = zhongshu.SupervisionTransferRequested
	extPending  = zhongshu.SupervisionExtensionPending
	underReview = zhongshu.SupervisionUnderReview
	leaderRev   = zhongshu.SupervisionLeaderReview
	completed   = zhongshu.SupervisionCompleted
	closed      = zhongshu.SupervisionClosed
	archived    = zhongshu.SupervisionArchived
	suspended   = zhongshu.SupervisionSuspended
	cancelled   = zhongshu.SupervisionCancelled
)

// active are the states of §5.4 "any active": issued and not yet 办结.
var active = []zhongshu.SupervisionStatus{issued, inProgress, transfer, extPending, underReview, leaderRev}

// Who may act (DOMAIN.md §1.2): the 督查员 runs the item; the office
// director or deputy approves 立项; county leaders and the office director
// decide 暂缓 and 撤销; the units' people act for their units.
func supervisor(c *call) bool { return c.hasRole(zhongshu.RoleSupervisor) }

func officeLeader(c *call) bool {
	return c.hasRole(zhongshu.RoleOfficeDirector, zhongshu.RoleOfficeDeputy)
}

func decider(c *call) bool {
	return c.hasRole(zhongshu.RoleCountyHead, zhongshu.RoleExecDeputyHead, zhongshu.RoleDeputyHead,
		zhongshu.RoleOfficeDirector)
}

func anyUnit(c *call) bool  { return len(c.units("")) > 0 }
func leadUnit(c *call) bool { return len(c.units(zhongshu.AssignmentLead)) > 0 }
func coUnit(c *call) bool   { return len(c.units(zhongshu.AssignmentCo)) > 0 }

// extensionApprover: "approved (督查员 or 主管领导)" (§5.4 [S28]); the
// 主管领导 is the responsible or the assigning leader.
func extensionApprover(c *call) bool {
	return supervisor(c) || c.is(c.item.ResponsibleLeaderID) || c.is(c.item.AssigningLeaderID)
}

// steps is the 督办 state machine of DOMAIN.md §5.4, one entry per action.
var steps = map[Action]step{
	// DRAFT ─submit─▶ PENDING_APPROVAL, or straight to ISSUED for 批示 and
	// 会议 items, whose 立项 the leader or the meeting already made (§5.4
	// "批示/会议类 may skip" [S26]). The draft must pass Validate and its
	// deadline must still lie ahead.
	Submit: {
		From: []zhongshu.SupervisionStatus{draft}, Who: supervisor, Denied: "督办事项由督查员提交立项",
		Input: func(c *call, p *zhongshu.Problems) {
			for k, v := range zhongshu.ErrorFields(c.item.Validate()) {
				p.Add(k, v)
			}
			if !c.item.DueAt.IsZero() && !c.item.DueAt.After(c.req.Now) {
				p.Add("due_at", "办结时限已过，请重新确定")
			}
		},
		Do: func(c *call) zhongshu.SupervisionStatus {
			c.emit(EventSubmitted)
			if c.item.Source.SkipsApproval() {
				return issue(c)
			}
			return pending
		},
	},
	// PENDING_APPROVAL ─approve─▶ ISSUED: the 督办通知单 goes to the units.
	Approve: {
		From: []zhongshu.SupervisionStatus{pending}, Who: officeLeader, Denied: "立项由办公室主任或副主任审批",
		Do: issue,
	},
	// PENDING_APPROVAL ─reject─▶ CANCELLED.
	Reject: {
		From: []zhongshu.SupervisionStatus{pending}, Who: officeLeader, Denied: "立项由办公室主任或副主任审批",
		Text: "请说明不予立项的理由",
		Do:   func(c *call) zhongshu.SupervisionStatus { c.emit(EventRejected); return cancelled },
	},
	// ISSUED ─lead unit 签收─▶ IN_PROGRESS. Co units sign when they like,
	// in any active state, without moving the item; each signature is kept
	// on its assignment. A unit whose objection is pending does not sign.
	Sign: {
		From: active, Who: anyUnit, Denied: "您不是本事项承办单位的人员",
		Guard: func(c *call) error {
			if len(unsigned(c)) == 0 {
				if objecting(c) {
					return precondition("本单位已提出异议，请等待督查室处理。")
				}
				return precondition("本单位已签收。")
			}
			return nil
		},
		Do: func(c *call) zhongshu.SupervisionStatus {
			for _, i := range unsigned(c) {
				c.item.Assignments[i].SignedAt = c.req.Now
			}
			c.emit(EventSigned)
			if c.from == issued && c.leadSigned() {
				return inProgress
			}
			return c.from
		},
	},
	// ISSUED/IN_PROGRESS ─unit objects─▶ TRANSFER_REQUESTED: only a unit
	// that has not signed, only within ObjectionWorkdays of 交办 [S27].
	Object: {
		From: []zhongshu.SupervisionStatus{issued, inProgress}, Who: anyUnit, Denied: "您不是本事项承办单位的人员",
		Guard: func(c *call) error {
			if len(unsigned(c)) == 0 {
				return precondition("本单位已签收，不能再提出异议。")
			}
			if c.req.WorkdaysSince == nil {
				return zhongshu.Errorf(zhongshu.CodeInternal, "未提供工作日历，无法计算异议期。")
			}
			if c.req.WorkdaysSince(c.item.IssuedAt, c.req.Now) > ObjectionWorkdays {
				return precondition("已超过%d个工作日异议期，请按交办要求办理。", ObjectionWorkdays)
			}
			return nil
		},
		Text: "请说明异议理由",
		Do: func(c *call) zhongshu.SupervisionStatus {
			for _, i := range unsigned(c) {
				c.item.Assignments[i].ObjectedAt = c.req.Now
			}
			c.emit(EventObjected)
			return transfer
		},
	},
	// TRANSFER_REQUESTED ─督查室 re-assigns─▶ ISSUED: a new 交办 with new
	// units; every unit signs afresh and a new objection window opens.
	Reassign: {
		From: []zhongshu.SupervisionStatus{transfer}, Who: supervisor, Denied: "转办由督查员办理",
		Input: func(c *call, p *zhongshu.Problems) {
			for k, v := range zhongshu.ErrorFields(zhongshu.ValidateAssignments(c.req.Assignments, c.item.DueAt)) {
				p.Add(k, v)
			}
		},
		Do: func(c *call) zhongshu.SupervisionStatus {
			c.item.Assignments = make([]zhongshu.Assignment, len(c.req.Assignments))
			for i, a := range c.req.Assignments {
				c.item.Assignments[i] = zhongshu.Assignment{UnitID: a.UnitID, Role: a.Role, PersonID: a.PersonID,
					CoInputDue: a.CoInputDue}
			}
			c.item.IssuedAt = c.req.Now
			c.emit(EventReassigned)
			return issued
		},
	},
	// TRANSFER_REQUESTED ─督查室 rejects─▶ IN_PROGRESS [S27]. The objecting
	// units must handle the item: their objection counts as 签收. If the lead
	// unit has still not signed (a co unit objected before the lead signed),
	// the item goes back to ISSUED instead, since IN_PROGRESS means the lead
	// unit has signed.
	RefuseTransfer: {
		From: []zhongshu.SupervisionStatus{transfer}, Who: supervisor, Denied: "转办由督查员办理",
		Text: "请说明不同意转办的理由",
		Do: func(c *call) zhongshu.SupervisionStatus {
			for i := range c.item.Assignments {
				a := &c.item.Assignments[i]
				if !a.ObjectedAt.IsZero() {
					a.ObjectedAt = time.Time{}
					if a.SignedAt.IsZero() {
						a.SignedAt = c.req.Now
					}
				}
			}
			c.emit(EventTransferRefused)
			if c.leadSigned() {
				return inProgress
			}
			return issued
		},
	},
	// IN_PROGRESS ─阶段反馈─ (no state change), also while an extension is
	// pending: the work goes on. Any assigned unit that has signed reports.
	// A report of the lead unit may say that a 办理节点 is done (序时进度,
	// §5.3 milestones[].done_at): the result is the lead unit's to report
	// (§5.3 [S27]), so a co unit's report cannot.
	Report: {
		From: []zhongshu.SupervisionStatus{inProgress, extPending}, Who: anyUnit, Denied: "您不是本事项承办单位的人员",
		Only: func(c *call) string {
			if c.req.Milestone != 0 && !leadUnit(c) {
				return "办理节点的完成情况由主办单位报告"
			}
			return ""
		},
		Guard: func(c *call) error {
			if len(signed(c, "")) == 0 {
				return precondition("请先签收，再报送阶段反馈。")
			}
			if c.req.Milestone != 0 && len(signed(c, zhongshu.AssignmentLead)) == 0 {
				return precondition("请先签收，再报告节点完成。")
			}
			return nil
		},
		Input: func(c *call, p *zhongshu.Problems) {
			switch n := c.req.Milestone; {
			case n == 0:
			case n < 0 || n > len(c.item.Milestones):
				p.Add("milestone", "本事项没有这个办理节点")
			case !c.item.Milestones[n-1].DoneAt.IsZero():
				p.Add("milestone", "该节点已经完成，请选择未完成的节点")
			}
		},
		Text: "请填写进展情况",
		Do: func(c *call) zhongshu.SupervisionStatus {
			c.emit(EventReported)
			if n := c.req.Milestone; n > 0 {
				c.item.Milestones[n-1].DoneAt = c.req.Now
				c.emit(EventMilestoneDone)
			}
			return c.from
		},
	},
	// 协办单位 send their input to the 主办单位 (§5.3); no state change.
	SendInput: {
		From: []zhongshu.SupervisionStatus{inProgress, extPending}, Who: coUnit, Denied: "协办意见由协办单位报送",
		Guard: func(c *call) error {
			if len(signed(c, zhongshu.AssignmentCo)) == 0 {
				return precondition("请先签收，再报送协办意见。")
			}
			return nil
		},
		Text: "请填写协办意见",
		Do: func(c *call) zhongshu.SupervisionStatus {
			for _, i := range signed(c, zhongshu.AssignmentCo) {
				c.item.Assignments[i].CoInputAt = c.req.Now
			}
			c.emit(EventCoInput)
			return c.from
		},
	},
	// IN_PROGRESS ─延期申请 before due─▶ EXTENSION_PENDING [S28]: by the lead
	// unit, with a reason and a new date later than the current one.
	RequestExtension: {
		From: []zhongshu.SupervisionStatus{inProgress}, Who: leadUnit, Denied: "延期申请由主办单位提出",
		Guard: func(c *call) error {
			switch {
			case c.item.DueAt.IsZero():
				return precondition("本事项未设办结时限，无需申请延期。")
			case !c.req.Now.Before(c.item.DueAt):
				return precondition("延期申请须在办理期限前提出，本事项已超期。")
			}
			return nil
		},
		Input: func(c *call, p *zhongshu.Problems) {
			switch {
			case c.req.NewDue.IsZero():
				p.Add("new_due", "请填写申请延至的日期")
			case !c.req.NewDue.After(c.item.DueAt):
				p.Add("new_due", "申请延至的日期须晚于原办结时限")
			}
		},
		Text: "请说明延期理由",
		Do: func(c *call) zhongshu.SupervisionStatus {
			c.item.RequestedDueAt = c.req.NewDue
			c.emit(EventExtensionRequested)
			return extPending
		},
	},
	// EXTENSION_PENDING ─approved─▶ IN_PROGRESS: due := new; the original
	// due is kept from the first extension on, for statistics that do not
	// count extensions as 按期 (§5.4, §5.7). The approver may fix another
	// date than the one asked for.
	ApproveExtension: {
		From: []zhongshu.SupervisionStatus{extPending}, Who: extensionApprover, Denied: "延期由督查员或主管领导审批",
		Input: func(c *call, p *zhongshu.Problems) {
			switch due := extendedDue(c); {
			case due.IsZero():
				p.Add("new_due", "请确定延期后的办结时限")
			case !due.After(c.item.DueAt):
				p.Add("new_due", "延期后的办结时限须晚于原办结时限")
			}
		},
		Do: func(c *call) zhongshu.SupervisionStatus {
			if c.item.OriginalDueAt.IsZero() {
				c.item.OriginalDueAt = c.item.DueAt
			}
			c.item.DueAt = extendedDue(c)
			c.item.RequestedDueAt = time.Time{}
			c.item.Extensions++
			c.emit(EventExtensionApproved)
			return inProgress
		},
	},
	// EXTENSION_PENDING ─rejected─▶ IN_PROGRESS with the due unchanged.
	RejectExtension: {
		From: []zhongshu.SupervisionStatus{extPending}, Who: extensionApprover, Denied: "延期由督查员或主管领导审批",
		Text: "请说明不批准延期的理由",
		Do: func(c *call) zhongshu.SupervisionStatus {
			c.item.RequestedDueAt = time.Time{}
			c.emit(EventExtensionRejected)
			return inProgress
		},
	},
	// IN_PROGRESS ─办结申请─▶ UNDER_REVIEW: "办理结果由主办单位报告" (一事一报,
	// §5.3 [S27][S29]).
	RequestCompletion: {
		From: []zhongshu.SupervisionStatus{inProgress}, Who: leadUnit, Denied: "办理结果由主办单位报告",
		Do: func(c *call) zhongshu.SupervisionStatus { c.emit(EventCompletionRequested); return underReview },
	},
	// UNDER_REVIEW ─ok─▶ LEADER_REVIEW (报原批办/交办领导审阅).
	Accept: {
		From: []zhongshu.SupervisionStatus{underReview}, Who: supervisor, Denied: "办结审核由督查员办理",
		Do: func(c *call) zhongshu.SupervisionStatus { c.emit(EventAccepted); return leaderRev },
	},
	// UNDER_REVIEW ─not acceptable─▶ IN_PROGRESS (退回重办; counted) [S26b].
	Return: {
		From: []zhongshu.SupervisionStatus{underReview}, Who: supervisor, Denied: "办结审核由督查员办理",
		Text: "请说明退回重办的理由",
		Do: func(c *call) zhongshu.SupervisionStatus {
			c.item.Returns++
			c.emit(EventReturned)
			return inProgress
		},
	},
	// LEADER_REVIEW ─no new instruction─▶ COMPLETED.
	LeaderClose: {
		From: []zhongshu.SupervisionStatus{leaderRev}, Who: (*call).reviewer, Denied: "办结由交办领导审阅",
		Do: complete,
	},
	// LEADER_REVIEW ─new instruction─▶ COMPLETED + a new item [S26b]; the
	// instruction text is Reason and Outcome.FollowUp tells the app.
	LeaderCloseWithInstruction: {
		From: []zhongshu.SupervisionStatus{leaderRev}, Who: (*call).reviewer, Denied: "办结由交办领导审阅",
		Text: "请填写新的批示内容",
		Do: func(c *call) zhongshu.SupervisionStatus {
			c.followUp = true
			to := complete(c)
			c.emit(EventFollowUp)
			return to
		},
	},
	// COMPLETED ─evaluation─▶ CLOSED (销号), by the 督查室.
	EvaluateClose: {
		From: []zhongshu.SupervisionStatus{completed}, Who: supervisor, Denied: "评价销号由督查员办理",
		Do: func(c *call) zhongshu.SupervisionStatus {
			c.item.ClosedAt = c.req.Now
			c.emit(EventClosed)
			return closed
		},
	},
	// CLOSED ─▶ ARCHIVED (一事一档) [S27].
	Archive: {
		From: []zhongshu.SupervisionStatus{closed}, Who: supervisor, Denied: "归档由督查员办理",
		Do: func(c *call) zhongshu.SupervisionStatus { c.emit(EventArchived); return archived },
	},
	// any active ─leader decision─▶ SUSPENDED, remembering where it was.
	Suspend: {
		From: active, Who: decider, Denied: "暂缓办理须由县领导或办公室主任决定",
		Text: "请说明暂缓的理由",
		Do: func(c *call) zhongshu.SupervisionStatus {
			c.item.StatusBeforeSuspend = c.from
			c.emit(EventSuspended)
			return suspended
		},
	},
	// SUSPENDED ─resume─▶ IN_PROGRESS (§5.4), except that an item suspended
	// while ISSUED or TRANSFER_REQUESTED goes back there: a 签收 or a 转办
	// decision was still owed, and IN_PROGRESS would pretend it was made. A
	// pending extension request or completion report lapses with the pause;
	// the unit files it again if still needed.
	Resume: {
		From: []zhongshu.SupervisionStatus{suspended}, Who: decider, Denied: "恢复办理须由县领导或办公室主任决定",
		Do: func(c *call) zhongshu.SupervisionStatus {
			to := inProgress
			if b := c.item.StatusBeforeSuspend; b == issued || b == transfer {
				to = b
			}
			c.item.StatusBeforeSuspend = ""
			c.item.RequestedDueAt = time.Time{}
			c.emit(EventResumed)
			return to
		},
	},
	// any active (and DRAFT, PENDING_APPROVAL, SUSPENDED) ─撤销立项─▶
	// CANCELLED; never once 办结. A 督查员 may discard a draft; anything
	// submitted needs a county leader or the office director.
	Cancel: {
		From: append([]zhongshu.SupervisionStatus{draft, pending, suspended}, active...),
		Who: func(c *call) bool {
			return decider(c) || (c.from == draft && supervisor(c))
		},
		Denied: "撤销立项须由县领导或办公室主任决定",
		Text:   "请说明撤销的理由",
		Do:     func(c *call) zhongshu.SupervisionStatus { c.emit(EventCancelled); return cancelled },
	},
}

// issue sends the item to its units (交办).
func issue(c *call) zhongshu.SupervisionStatus {
	c.item.IssuedAt = c.req.Now
	c.emit(EventIssued)
	return issued
}

func complete(c *call) zhongshu.SupervisionStatus {
	c.item.CompletedAt = c.req.Now
	c.emit(EventCompleted)
	return completed
}

// unsigned are the actor's assignments still to sign, without a pending
// objection.
func unsigned(c *call) []int {
	return slices.DeleteFunc(c.units(""), func(i int) bool {
		a := c.item.Assignments[i]
		return !a.SignedAt.IsZero() || !a.ObjectedAt.IsZero()
	})
}

// objecting reports whether one of the actor's units has an objection pending.
func objecting(c *call) bool {
	return slices.ContainsFunc(c.units(""), func(i int) bool { return !c.item.Assignments[i].ObjectedAt.IsZero() })
}

// signed are the actor's signed assignments with role r ("" for any).
func signed(c *call, r zhongshu.AssignmentRole) []int {
	return slices.DeleteFunc(c.units(r), func(i int) bool { return c.item.Assignments[i].SignedAt.IsZero() })
}

// extendedDue is the date an approved extension sets: the approver's, or
// the one asked for.
func extendedDue(c *call) time.Time {
	if !c.req.NewDue.IsZero() {
		return c.req.NewDue
	}
	return c.item.RequestedDueAt
}
