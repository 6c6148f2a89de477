package outgoing

import (
	"slices"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// Shorter names for the states, used only in the tables.
const (
	drafting     = zhongshu.OutgoingDrafting
	unitCheck    = zhongshu.OutgoingUnitCheck
	countersign  = zhongshu.OutgoingCountersign
	officeReview = zhongshu.OutgoingOfficeReview
	deliberation = zhongshu.OutgoingDeliberation
	signing      = zhongshu.OutgoingSigning
	recheck      = zhongshu.OutgoingRecheck
	registered   = zhongshu.OutgoingRegistered
	producing    = zhongshu.OutgoingProducing
	dispatched   = zhongshu.OutgoingDispatched
	published    = zhongshu.OutgoingPublished
	archived     = zhongshu.OutgoingArchived
	revoked      = zhongshu.OutgoingRevoked
	abolished    = zhongshu.OutgoingAbolished
	withdrawn    = zhongshu.OutgoingWithdrawn
)

type states = []zhongshu.OutgoingStatus

// Who may act (DOMAIN.md §1.2, §3.4): the drafter, the 核稿人 and the office
// reviewer named on the way (or whoever holds their work); the office
// leadership, who may review instead of the named reviewer; the people of
// the 会签单位; the leaders of 签发 (or their stand-ins, 代); the 文书 of
// the 文电科, who 复核, register, produce, dispatch and archive.
func drafter(c *call) bool { return c.is(c.doc.DrafterID) }
func checker(c *call) bool { return c.is(c.doc.CheckerID) }
func registrar(c *call) bool {
	return c.hasRole(zhongshu.RoleRegistrar)
}

func officeLeader(c *call) bool {
	return c.hasRole(zhongshu.RoleOfficeDirector, zhongshu.RoleOfficeDeputy)
}

// reviewer: the named office reviewer, or an office leader.
func reviewer(c *call) bool { return c.is(c.doc.ReviewerID) || officeLeader(c) }

// pendingCountersign returns the index of the first 会签 the actor may
// answer now: of one of the actor's units, sent and not yet answered; -1
// if none.
func pendingCountersign(c *call) int {
	for i, cs := range c.doc.Countersigns {
		if !cs.Done() && !cs.SentAt.IsZero() && slices.Contains(c.req.ActorUnits, cs.UnitID) {
			return i
		}
	}
	return -1
}

// pendingSigner returns the index of the 签发 the actor may give now: a
// leader the document has been sent to who has not yet signed — the
// actor's own place first, then one held by a 委托; -1 if none.
func pendingSigner(c *call) int {
	held := -1
	for i, s := range c.doc.Signatures {
		if s.Done() || s.SentAt.IsZero() || !c.is(s.LeaderID) {
			continue
		}
		if s.LeaderID == c.req.Actor.ID() {
			return i
		}
		if held < 0 {
			held = i
		}
	}
	return held
}

// editor: whoever holds the draft at a step where its text may change.
// Outside those steps anyone who may ever edit is told it is not the time.
func editor(c *call) bool {
	switch c.from {
	case drafting:
		return drafter(c)
	case unitCheck:
		return checker(c)
	case officeReview:
		return reviewer(c)
	case recheck:
		return registrar(c)
	}
	return drafter(c) || checker(c) || reviewer(c) || registrar(c)
}

// returner: whoever holds the draft at a review step. Outside those steps
// the 核稿人 and the office are told it is not the time.
func returner(c *call) bool {
	switch c.from {
	case unitCheck:
		return checker(c)
	case countersign:
		return pendingCountersign(c) >= 0
	case officeReview:
		return reviewer(c)
	case deliberation:
		return officeLeader(c)
	case signing:
		return pendingSigner(c) >= 0
	}
	return checker(c) || reviewer(c)
}

// draftSteps are the arrows of §3.4.1 from 起草 to 会签, and the return
// from every review step.
var draftSteps = map[Action]step{
	// 修改文稿: no state change; the app keeps the version (痕迹保留).
	Edit: {
		From: states{drafting, unitCheck, officeReview, recheck}, Who: editor,
		Denied: "文稿由当前环节的经办人修改",
		Do: func(c *call) zhongshu.OutgoingStatus {
			c.emit(EventEdited)
			return c.from
		},
	},
	// DRAFTING ─送核稿─▶ UNIT_CHECK. A new round: the answers of the last
	// one (审核, 会签, 签发) go; the 会签单位 stay as the next round's default.
	Submit: {
		From: states{drafting}, Who: drafter, Denied: "送核稿由拟稿人办理",
		Input: func(c *call, p *zhongshu.Problems) {
			if c.req.To == 0 {
				p.Add("to", "请选择核稿人")
			}
		},
		Do: func(c *call) zhongshu.OutgoingStatus {
			d := &c.doc
			d.CheckerID, d.CheckedAt = c.req.To, time.Time{}
			d.ReturnedFrom, d.ReturnText = "", ""
			d.Review, d.ReviewedAt = nil, time.Time{}
			for i, cs := range d.Countersigns {
				d.Countersigns[i] = zhongshu.Countersign{UnitID: cs.UnitID}
			}
			d.Signatures = nil
			c.emit(EventSubmitted)
			return unitCheck
		},
	},
	// UNIT_CHECK ─撤回─▶ DRAFTING before the 核稿人 acts.
	Recall: {
		From: states{unitCheck}, Who: drafter, Denied: "只有拟稿人可以撤回",
		Do: func(c *call) zhongshu.OutgoingStatus {
			c.emit(EventRecalled)
			return drafting
		},
	},
	// UNIT_CHECK ─核稿通过─▶ COUNTERSIGN (the units in parallel) when the
	// draft touches other units' remit, else ─▶ OFFICE_REVIEW.
	Check: {
		From: states{unitCheck}, Who: checker, Denied: "核稿由送核的核稿人办理",
		Input: func(c *call, p *zhongshu.Problems) {
			if c.req.To == 0 {
				p.Add("to", "请选择审核人")
			}
			seen := map[int64]bool{}
			for _, u := range c.req.Units {
				switch {
				case u == 0:
					p.Add("units", "会签单位不能为空")
				case seen[u]:
					p.Add("units", "同一单位不能重复选择")
				case u == c.doc.DraftUnit:
					p.Add("units", "会签单位不能是拟稿单位")
				}
				seen[u] = true
			}
		},
		Do: func(c *call) zhongshu.OutgoingStatus {
			c.doc.CheckedAt, c.doc.ReviewerID = c.req.Now, c.req.To
			c.doc.Countersigns = nil
			for _, u := range c.req.Units {
				c.doc.Countersigns = append(c.doc.Countersigns, zhongshu.Countersign{UnitID: u, SentAt: c.req.Now})
			}
			c.emit(EventChecked)
			if len(c.doc.Countersigns) == 0 {
				return officeReview
			}
			c.emit(EventCountersignSent)
			return countersign
		},
	},
	// COUNTERSIGN ─each unit agrees─▶ … ─all agreed─▶ OFFICE_REVIEW.
	Countersign: {
		From: states{countersign}, Who: func(c *call) bool { return pendingCountersign(c) >= 0 },
		Denied: "您不是待会签单位的人员，或本单位已会签",
		Do: func(c *call) zhongshu.OutgoingStatus {
			cs := &c.doc.Countersigns[pendingCountersign(c)]
			cs.ByID, cs.At, cs.Agreed, cs.Text = c.req.Actor.ID(), c.req.Now, true, c.req.Text
			c.emit(EventCountersigned)
			for _, cs := range c.doc.Countersigns {
				if !cs.Done() {
					return countersign
				}
			}
			c.emit(EventCountersignDone)
			return officeReview
		},
	},
	// any review step ─退回 (with comments)─▶ DRAFTING.
	Return: {
		From: states{unitCheck, countersign, officeReview, deliberation, signing}, Who: returner,
		Denied: "退回修改由当前环节的经办人办理",
		Text:   "请填写退回意见",
		Do: func(c *call) zhongshu.OutgoingStatus {
			switch c.from {
			case countersign:
				cs := &c.doc.Countersigns[pendingCountersign(c)]
				cs.ByID, cs.At, cs.Text, cs.Returned = c.req.Actor.ID(), c.req.Now, c.req.Text, true
			case signing:
				if s := c.doc.Signatures[pendingSigner(c)]; s.LeaderID != c.req.Actor.ID() {
					c.proxy = s.LeaderID
				}
			}
			c.doc.ReturnedFrom, c.doc.ReturnText = c.from, c.req.Text
			c.emit(EventReturned)
			return drafting
		},
	},
	// DRAFTING ─撤稿─▶ WITHDRAWN (terminal; the history stays).
	Withdraw: {
		From: states{drafting}, Who: func(c *call) bool { return drafter(c) || officeLeader(c) },
		Denied: "撤稿由拟稿人或办公室领导决定",
		Text:   "请填写撤稿理由",
		Do: func(c *call) zhongshu.OutgoingStatus {
			c.doc.WithdrawReason = c.req.Text
			c.emit(EventWithdrawn)
			return withdrawn
		},
	},
}
