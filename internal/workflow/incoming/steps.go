package incoming

import (
	"slices"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// Shorter names for the states, used only in the table below.
const (
	received    = zhongshu.IncomingReceived
	signedSt    = zhongshu.IncomingSigned
	registered  = zhongshu.IncomingRegistered
	returned    = zhongshu.IncomingReturned
	circulating = zhongshu.IncomingCirculating
	proposed    = zhongshu.IncomingProposed
	awaiting    = zhongshu.IncomingAwaitingInstruction
	assigned    = zhongshu.IncomingAssigned
	inProgress  = zhongshu.IncomingInProgress
	replied     = zhongshu.IncomingReplied
	completed   = zhongshu.IncomingCompleted
	archived    = zhongshu.IncomingArchived
	voided      = zhongshu.IncomingVoided
)

type states = []zhongshu.IncomingStatus

// Who may act (DOMAIN.md §1.2, §3.5): the 文书 of the 文电科 signs,
// registers, routes and closes; the office leadership may do what the 文电科
// does except registering; the 拟办人 named at registration proposes;
// leaders give 批示; the units' people act for their units.
func registrar(c *call) bool { return c.hasRole(zhongshu.RoleRegistrar) }

func officeLeader(c *call) bool {
	return c.hasRole(zhongshu.RoleOfficeDirector, zhongshu.RoleOfficeDeputy)
}

func router(c *call) bool { return registrar(c) || officeLeader(c) }

// signer: the 文电科, or, for a document delivered inside Zhongshu to a
// unit, a person of that unit (签收回执).
func signer(c *call) bool {
	return registrar(c) || (c.doc.RecipientUnitID != 0 && slices.Contains(c.req.ActorUnits, c.doc.RecipientUnitID))
}
func proposer(c *call) bool { return c.is(c.doc.ProposerID) || officeLeader(c) }
func dispatcher(c *call) bool {
	return registrar(c) || proposer(c)
}
func anyUnit(c *call) bool  { return len(c.units("")) > 0 }
func leadUnit(c *call) bool { return len(c.units(zhongshu.AssignmentLead)) > 0 }
func coUnit(c *call) bool   { return len(c.units(zhongshu.AssignmentCo)) > 0 }

// pendingLeader returns the index of the 批示 the actor may give now: a
// leader (or their stand-in) whom the document has reached and who has not
// yet written; -1 if none.
func pendingLeader(c *call) int {
	for i, in := range c.doc.Instructions {
		if !in.Done() && !in.SentAt.IsZero() && c.is(in.LeaderID) {
			return i
		}
	}
	return -1
}

// pendingReader is the same for the 传阅.
func pendingReader(c *call) int {
	for i, r := range c.doc.Readers {
		if r.FinishedAt.IsZero() && !r.SentAt.IsZero() && c.is(r.PersonID) {
			return i
		}
	}
	return -1
}

// steps is the 收文 route of DOMAIN.md §3.5.1, one entry per action.
var steps = map[Action]step{
	// RECEIVED ─签收─▶ SIGNED: 逐件清点, 签字, 注明签收时间.
	Sign: {
		From: states{received}, Who: signer, Denied: "收文由文电科文书或收文单位签收",
		Do: func(c *call) zhongshu.IncomingStatus {
			c.doc.SignedByID, c.doc.SignedAt = c.req.Actor.ID(), c.req.Now
			c.emit(EventSigned)
			return signedSt
		},
	},
	// SIGNED ─登记─▶ REGISTERED (文不过夜: the same working day). A document
	// not yet signed is signed by its registration.
	Register: {
		From: states{received, signedSt}, Who: registrar, Denied: "收文由文电科文书登记",
		Do: func(c *call) zhongshu.IncomingStatus {
			if c.doc.SignedAt.IsZero() {
				c.doc.SignedByID, c.doc.SignedAt = c.req.Actor.ID(), c.req.Now
				c.emit(EventSigned)
			}
			c.doc.RegisteredByID, c.doc.RegisteredAt = c.req.Actor.ID(), c.req.Now
			c.emit(EventRegistered)
			return registered
		},
	},
	// REGISTERED ─阅件─▶ CIRCULATING to the readers, all at once or in order.
	Circulate: {
		From: states{registered}, Who: router, Denied: "传阅由文电科或办公室领导安排",
		Guard: func(c *call) error {
			if c.doc.Handling != zhongshu.HandlingRead {
				return precondition("办件须先拟办、呈批，不能直接传阅。")
			}
			return nil
		},
		Input: func(c *call, p *zhongshu.Problems) { checkPeople(p, "readers", c.req.Readers, "请选择传阅对象") },
		Do: func(c *call) zhongshu.IncomingStatus {
			c.doc.ReadInOrder = c.req.InOrder
			c.doc.Readers = nil
			for i, id := range c.req.Readers {
				r := zhongshu.Reader{PersonID: id}
				if i == 0 || !c.req.InOrder {
					r.SentAt = c.req.Now
				}
				c.doc.Readers = append(c.doc.Readers, r)
			}
			c.emit(EventCirculated)
			return circulating
		},
	},
	// CIRCULATING ─each reader 已阅─▶ … ─all done─▶ COMPLETED.
	Read: {
		From: states{circulating}, Who: func(c *call) bool { return pendingReader(c) >= 0 },
		Denied: "您不是本件的传阅对象，或尚未轮到您阅",
		Do: func(c *call) zhongshu.IncomingStatus {
			i := pendingReader(c)
			r := &c.doc.Readers[i]
			if r.OpenedAt.IsZero() {
				r.OpenedAt = c.req.Now
			}
			r.FinishedAt, r.Text = c.req.Now, c.req.Text
			c.emit(EventRead)
			if c.doc.ReadInOrder && i+1 < len(c.doc.Readers) {
				c.doc.Readers[i+1].SentAt = c.req.Now
			}
			for _, r := range c.doc.Readers {
				if r.FinishedAt.IsZero() {
					return circulating
				}
			}
			c.doc.CompletedAt = c.req.Now
			c.emit(EventReadAll, EventCompleted)
			return completed
		},
	},
	// REGISTERED ─办件: 拟办意见─▶ PROPOSED. With leaders named it goes on to
	// AWAITING_INSTRUCTION at once (拟办 and 呈批 are one act of the 拟办人);
	// with units and no leaders it is 转有关部门办理 at once (§3.5 承办).
	// Units proposed alongside leaders are 交办 when the last 批示 is given.
	Propose: {
		From: states{registered}, Who: proposer, Denied: "拟办意见由拟办人或办公室领导提出",
		Guard: func(c *call) error {
			if c.doc.Handling != zhongshu.HandlingAction {
				return precondition("阅件不需拟办，请直接分送传阅。")
			}
			return nil
		},
		Input: func(c *call, p *zhongshu.Problems) {
			checkPeople(p, "leaders", c.req.Leaders, "")
			if len(c.req.Assignments) > 0 {
				addFields(p, zhongshu.ValidateIncomingAssignments(c.req.Assignments))
			}
		},
		Text: "请填写拟办意见",
		Do: func(c *call) zhongshu.IncomingStatus {
			c.doc.Proposal, c.doc.ProposedAt = c.req.Text, c.req.Now
			if c.doc.ProposerID == 0 || !c.is(c.doc.ProposerID) {
				c.doc.ProposerID = c.req.Actor.ID()
			}
			c.doc.Assignments = slices.Clone(c.req.Assignments)
			c.emit(EventProposed)
			switch {
			case len(c.req.Leaders) > 0:
				return submit(c)
			case len(c.req.Assignments) > 0:
				return assign(c)
			}
			return proposed
		},
	},
	// PROPOSED ─呈批─▶ AWAITING_INSTRUCTION.
	Submit: {
		From: states{proposed}, Who: dispatcher, Denied: "呈批由拟办人、文书或办公室领导办理",
		Input: func(c *call, p *zhongshu.Problems) {
			checkPeople(p, "leaders", c.req.Leaders, "请选择呈批的领导")
		},
		Do: submit,
	},
	// AWAITING_INSTRUCTION ─批示─▶ … ─last 批示─▶ ASSIGNED when units were
	// proposed; otherwise the 文电科 still has to 交办 (a 漏 until it does).
	Instruct: {
		From: states{awaiting}, Who: func(c *call) bool { return pendingLeader(c) >= 0 },
		Denied: "您不在本件的呈批领导之列，或尚未轮到您批示",
		Text:   "请填写批示意见",
		Do: func(c *call) zhongshu.IncomingStatus {
			i := pendingLeader(c)
			in := &c.doc.Instructions[i]
			in.Text, in.ByID, in.At = c.req.Text, c.req.Actor.ID(), c.req.Now
			if in.Proxy() {
				c.proxy = in.LeaderID
			}
			c.emit(EventInstructed)
			if c.doc.InstructInOrder && i+1 < len(c.doc.Instructions) {
				c.doc.Instructions[i+1].SentAt = c.req.Now
			}
			if !c.doc.InstructionsDone() {
				return awaiting
			}
			c.emit(EventInstructed2)
			if len(c.doc.Assignments) > 0 {
				to := assign(c)
				c.doc.AssignedByID = c.doc.ProposerID // the 拟办人 proposed these units
				return to
			}
			c.unassigned = true
			return awaiting
		},
	},
	// PROPOSED, or AWAITING_INSTRUCTION after every 批示 ─交办─▶ ASSIGNED:
	// exactly one 主办, any 协办, each with a due date ([no 主办 → block]).
	Assign: {
		From: states{proposed, awaiting}, Who: dispatcher, Denied: "交办由文书、拟办人或办公室领导办理",
		Guard: func(c *call) error {
			if c.from == awaiting && !c.doc.InstructionsDone() {
				return precondition("领导尚未全部批示，请待批示后交办。")
			}
			return nil
		},
		Input: func(c *call, p *zhongshu.Problems) {
			addFields(p, zhongshu.ValidateIncomingAssignments(c.req.Assignments))
		},
		Do: func(c *call) zhongshu.IncomingStatus {
			c.doc.Assignments = slices.Clone(c.req.Assignments)
			return assign(c)
		},
	},
	// ASSIGNED ─主办单位签收─▶ IN_PROGRESS. 协办 units sign when they like;
	// the signer becomes the unit's 责任人 unless one was named.
	Accept: {
		From: states{assigned, inProgress}, Who: anyUnit, Denied: "您不是本件承办单位的人员",
		Guard: func(c *call) error {
			if len(unsignedUnits(c)) == 0 {
				return precondition("本单位已签收。")
			}
			return nil
		},
		Do: func(c *call) zhongshu.IncomingStatus {
			for _, i := range unsignedUnits(c) {
				a := &c.doc.Assignments[i]
				a.SignedAt = c.req.Now
				if a.PersonID == 0 {
					a.PersonID = c.req.Actor.ID()
				}
			}
			c.emit(EventAccepted)
			if lead := c.doc.Lead(); lead >= 0 && !c.doc.Assignments[lead].SignedAt.IsZero() {
				return inProgress
			}
			return c.from
		},
	},
	// 协办单位 send their input to the 主办 (no state change).
	CoInput: {
		From: states{assigned, inProgress}, Who: coUnit, Denied: "协办意见由协办单位报送",
		Guard: func(c *call) error {
			for _, i := range c.units(zhongshu.AssignmentCo) {
				if c.doc.Assignments[i].SignedAt.IsZero() {
					return precondition("请先签收，再报送协办意见。")
				}
			}
			return nil
		},
		Text: "请填写协办意见",
		Do: func(c *call) zhongshu.IncomingStatus {
			for _, i := range c.units(zhongshu.AssignmentCo) {
				c.doc.Assignments[i].InputAt = c.req.Now
			}
			c.emit(EventCoInput)
			return c.from
		},
	},
	// IN_PROGRESS ─办理结果, 答复来文单位─▶ REPLIED. Only the 主办 reports.
	Report: {
		From: states{inProgress}, Who: leadUnit, Denied: "办理结果由主办单位报送",
		Text: "请填写办理结果",
		Do: func(c *call) zhongshu.IncomingStatus {
			c.doc.Result, c.doc.ResultAt, c.doc.ReplyNumber = c.req.Text, c.req.Now, c.req.ReplyNumber
			c.emit(EventReported)
			return replied
		},
	},
	// REPLIED ─办结─▶ COMPLETED: the 文电科 checks the answer and closes.
	Complete: {
		From: states{replied}, Who: router, Denied: "办结由文电科或办公室领导确认",
		Do: func(c *call) zhongshu.IncomingStatus {
			c.doc.CompletedAt = c.req.Now
			c.emit(EventCompleted)
			return completed
		},
	},
	// COMPLETED ─归档─▶ ARCHIVED (the 件 goes to the archive, §3.7).
	Archive: {
		From: states{completed}, Who: registrar, Denied: "归档由文电科文书办理",
		Do: func(c *call) zhongshu.IncomingStatus {
			c.doc.ArchiveNumber, c.doc.ArchivedAt = c.req.ArchiveNumber, c.req.Now
			c.emit(EventArchived)
			return archived
		},
	},
	// 催办: recorded and sent to whoever holds the document (no state change).
	Urge: {
		From: states{circulating, proposed, awaiting, assigned, inProgress},
		Who: func(c *call) bool {
			return router(c) || c.hasRole(zhongshu.RoleSupervisor)
		},
		Denied: "催办由文电科、办公室领导或督查室办理",
		Do: func(c *call) zhongshu.IncomingStatus {
			c.emit(EventUrged)
			return c.from
		},
	},
	// 转办: a leader passes the 批示 to another leader; a unit's 责任人 hands
	// the unit's work to another person.
	Transfer: {
		From: states{awaiting, assigned, inProgress},
		Who: func(c *call) bool {
			if c.from == awaiting {
				return pendingLeader(c) >= 0
			}
			return anyUnit(c)
		},
		Denied: "只有当前批示领导或承办单位人员可以转办",
		Input: func(c *call, p *zhongshu.Problems) {
			switch {
			case c.req.To == 0:
				p.Add("to", "请选择转交给谁")
			case c.req.To == c.req.Actor.ID():
				p.Add("to", "不能转给自己")
			case c.from == awaiting && slices.ContainsFunc(c.doc.Instructions,
				func(in zhongshu.Instruction) bool { return in.LeaderID == c.req.To }):
				p.Add("to", "该领导已在呈批之列")
			}
		},
		Do: func(c *call) zhongshu.IncomingStatus {
			if c.from == awaiting {
				in := &c.doc.Instructions[pendingLeader(c)]
				in.LeaderID, in.SentAt = c.req.To, c.req.Now
			} else {
				for _, i := range c.units("") {
					c.doc.Assignments[i].PersonID = c.req.To
				}
			}
			c.emit(EventTransferred)
			return c.from
		},
	},
	// IN_PROGRESS ─承办单位退回 (not our remit)─▶ PROPOSED for re-dispatch.
	Decline: {
		From: states{assigned, inProgress}, Who: leadUnit, Denied: "只有主办单位可以退回",
		Text: "请说明退回理由（如不属于本单位职责）",
		Do: func(c *call) zhongshu.IncomingStatus {
			c.doc.Assignments, c.doc.AssignedAt, c.doc.AssignedByID = nil, time.Time{}, 0
			c.doc.Declines++
			c.unassigned = true
			c.emit(EventDeclined)
			return proposed
		},
	},
	// 撤回: whoever sent the document on takes it back before anyone acted.
	Withdraw: {
		From: states{circulating, proposed, awaiting, assigned},
		Who: func(c *call) bool {
			switch c.from {
			case circulating:
				return router(c)
			case proposed:
				return proposer(c)
			case awaiting:
				return dispatcher(c)
			}
			return dispatcher(c) || c.is(c.doc.AssignedByID)
		},
		Denied: "只有送出本件的人可以撤回",
		Guard: func(c *call) error {
			switch c.from {
			case circulating:
				for _, r := range c.doc.Readers {
					if !r.OpenedAt.IsZero() {
						return precondition("已有传阅对象阅看，不能撤回。")
					}
				}
			case proposed, awaiting:
				// A 拟办 back in PROPOSED after a 承办单位退回 has had its 批示
				// and stays: undone, the 批示 would sit on a REGISTERED
				// document (open to 退回/作废) and a new 拟办 would drop them.
				for _, in := range c.doc.Instructions {
					if in.Done() {
						return precondition("领导已批示，不能撤回。")
					}
				}
			case assigned:
				for _, a := range c.doc.Assignments {
					if !a.SignedAt.IsZero() {
						return precondition("承办单位已签收，不能撤回。")
					}
				}
			}
			return nil
		},
		Do: func(c *call) zhongshu.IncomingStatus {
			c.emit(EventWithdrawn)
			switch c.from {
			case circulating:
				c.doc.Readers = nil
				return registered
			case proposed:
				c.doc.Proposal, c.doc.ProposedAt, c.doc.Assignments = "", time.Time{}, nil
				return registered
			case awaiting:
				c.doc.Instructions = nil
				return proposed
			}
			c.doc.AssignedAt, c.doc.AssignedByID = time.Time{}, 0
			if len(c.doc.Instructions) > 0 {
				c.unassigned = true
				return awaiting
			}
			return proposed
		},
	},
	// REGISTERED ─初审 fails─▶ RETURNED to the sender, with the reason.
	ReturnDoc: {
		From: states{registered}, Who: router, Denied: "退回来文单位由文电科或办公室领导决定",
		Text: "请说明退回理由（如不符合行文规则）",
		Do: func(c *call) zhongshu.IncomingStatus {
			c.doc.EndReason = c.req.Text
			c.emit(EventReturned)
			return returned
		},
	},
	// REGISTERED ─作废─▶ VOIDED: a registration made in error; the 收文号 is
	// recorded as void and never given again.
	VoidNumber: {
		From: states{registered}, Who: registrar, Denied: "作废登记由文电科文书办理",
		Text: "请说明作废理由（如重复登记）",
		Do: func(c *call) zhongshu.IncomingStatus {
			c.doc.EndReason = c.req.Text
			c.emit(EventVoided)
			return voided
		},
	},
}

// submit sends the document to the leaders of the request.
func submit(c *call) zhongshu.IncomingStatus {
	c.doc.InstructInOrder = c.req.InOrder
	c.doc.Instructions = nil
	for i, id := range c.req.Leaders {
		in := zhongshu.Instruction{LeaderID: id}
		if i == 0 || !c.req.InOrder {
			in.SentAt = c.req.Now
		}
		c.doc.Instructions = append(c.doc.Instructions, in)
	}
	c.emit(EventSubmitted)
	return awaiting
}

// assign hands the document's (already set) units their work.
func assign(c *call) zhongshu.IncomingStatus {
	c.doc.AssignedAt, c.doc.AssignedByID = c.req.Now, c.req.Actor.ID()
	for i := range c.doc.Assignments {
		c.doc.Assignments[i].SignedAt, c.doc.Assignments[i].InputAt = time.Time{}, time.Time{}
	}
	c.emit(EventAssigned)
	return assigned
}

// unsignedUnits are the actor's assignments not yet signed for.
func unsignedUnits(c *call) []int {
	var out []int
	for _, i := range c.units("") {
		if c.doc.Assignments[i].SignedAt.IsZero() {
			out = append(out, i)
		}
	}
	return out
}

// checkPeople requires distinct, non-zero people; missing is the message
// when the list is empty and must not be ("" allows an empty list).
func checkPeople(p *zhongshu.Problems, field string, ids []int64, missing string) {
	if len(ids) == 0 {
		if missing != "" {
			p.Add(field, missing)
		}
		return
	}
	seen := map[int64]bool{}
	for _, id := range ids {
		switch {
		case id == 0:
			p.Add(field, "人员不能为空")
		case seen[id]:
			p.Add(field, "同一人员不能重复选择")
		}
		seen[id] = true
	}
}

func addFields(p *zhongshu.Problems, err error) {
	for k, v := range zhongshu.ErrorFields(err) {
		p.Add(k, v)
	}
}
