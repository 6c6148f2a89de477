package outgoing

import (
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// issueSteps are the arrows of §3.4.1 and §3.6 from 复核 on: 登记, 印制,
// 核发, 公开, 归档, and the 撤销 and 废止 of §3.7.
var issueSteps = map[Action]step{
	// RECHECK ─复核 ok─▶ REGISTERED: the 发文字号 (taken by the app from the
	// 机关代字's sequence) and the 印制份数. The 成文日期 defaults to the
	// date of the last 签发.
	Register: {
		From: states{recheck}, Who: registrar, Denied: "登记编号由文电科文书办理",
		Guard: func(c *call) error {
			if !c.doc.SignaturesDone() {
				return precondition("本件尚未签发，不能登记编号。")
			}
			return nil
		},
		Input: func(c *call, p *zhongshu.Problems) {
			ref(p, "number", &c.req.Number, "请填写发文字号")
			if c.req.Year <= 0 {
				p.Add("year", "请填写发文字号的年份")
			}
			if c.req.Seq <= 0 {
				p.Add("seq", "请填写发文字号的顺序号")
			}
			if c.req.Copies == 0 && c.doc.Copies > 0 {
				return // keep the document's
			}
			if c.req.Copies < 1 || c.req.Copies > 9999 {
				p.Add("copies", "印制份数须在1至9999之间")
			}
		},
		Do: func(c *call) zhongshu.OutgoingStatus {
			d := &c.doc
			d.Year, d.Seq, d.Number = c.req.Year, c.req.Seq, c.req.Number
			if c.req.Copies != 0 {
				d.Copies = c.req.Copies
			}
			d.RegisteredByID, d.RegisteredAt = c.req.Actor.ID(), c.req.Now
			if d.WrittenAt.IsZero() {
				d.WrittenAt = d.LastSignedAt()
			}
			c.emit(EventRegistered)
			return registered
		},
	},
	// REGISTERED, PRODUCING ─作废编号─▶ RECHECK: a number given in error
	// (the wrong 机关代字, a duplicate registration). The app records it as
	// void (作废号, never given again, §2.2); the rendition goes with it.
	VoidNumber: {
		From: states{registered, producing}, Who: registrar, Denied: "作废编号由文电科文书办理",
		Text: "请填写作废原因",
		Do: func(c *call) zhongshu.OutgoingStatus {
			d := &c.doc
			d.Year, d.Seq, d.Number = 0, 0, ""
			d.RegisteredByID, d.RegisteredAt = 0, time.Time{}
			d.RenditionID, d.RenditionSM3, d.ProducedAt = 0, "", time.Time{}
			c.emit(EventVoided)
			return recheck
		},
	},
	// REGISTERED ─生成版式文件─▶ PRODUCING; made again (校对) until 核发.
	Produce: {
		From: states{registered, producing}, Who: registrar, Denied: "版式文件由文电科文书生成",
		Input: func(c *call, p *zhongshu.Problems) {
			if c.req.RenditionID <= 0 || c.req.RenditionSM3 == "" {
				p.Add("rendition", "缺少版式文件")
			}
		},
		Do: func(c *call) zhongshu.OutgoingStatus {
			c.doc.RenditionID, c.doc.RenditionSM3, c.doc.ProducedAt = c.req.RenditionID, c.req.RenditionSM3, c.req.Now
			c.emit(EventProduced)
			return producing
		},
	},
	// PRODUCING ─文字、格式和印刷质量检查后分发─▶ DISPATCHED.
	Dispatch: {
		From: states{producing}, Who: registrar, Denied: "核发由文电科文书办理",
		Guard: func(c *call) error {
			if c.doc.RenditionID == 0 {
				return precondition("尚未生成版式文件，不能核发。")
			}
			return nil
		},
		Do: func(c *call) zhongshu.OutgoingStatus {
			c.doc.DispatchedByID, c.doc.DispatchedAt = c.req.Actor.ID(), c.req.Now
			if c.doc.PrintedAt.IsZero() {
				c.doc.PrintedAt = c.req.Now
			}
			c.emit(EventDispatched)
			return dispatched
		},
	},
	// DISPATCHED ─主动公开─▶ PUBLISHED (within 20 working days, §3.8).
	Publish: {
		From: states{dispatched}, Who: func(c *call) bool { return registrar(c) || officeLeader(c) },
		Denied: "公开发布由文电科或办公室领导办理",
		Guard: func(c *call) error {
			if c.doc.Disclosure != zhongshu.DisclosureActive {
				return precondition("只有主动公开的公文才能公开发布。")
			}
			return nil
		},
		Do: func(c *call) zhongshu.OutgoingStatus {
			c.doc.PublishedAt = c.req.Now
			c.emit(EventPublished)
			return published
		},
	},
	// DISPATCHED/PUBLISHED ─归档─▶ ARCHIVED (§3.7).
	Archive: {
		From: states{dispatched, published}, Who: registrar, Denied: "归档由文电科文书办理",
		Input: func(c *call, p *zhongshu.Problems) {
			ref(p, "archive_number", &c.req.ArchiveNumber, "请填写归档号")
		},
		Do: func(c *call) zhongshu.OutgoingStatus {
			c.doc.ArchiveNumber, c.doc.ArchivedAt = c.req.ArchiveNumber, c.req.Now
			c.emit(EventArchived)
			return archived
		},
	},
	// any issued state ─撤销─▶ REVOKED: void from the start.
	Revoke: {
		From: issuedStates, Who: officeLeader, Denied: "撤销决定由办公室领导登记",
		Input: decision,
		Text:  "请填写撤销理由",
		Do: func(c *call) zhongshu.OutgoingStatus {
			revoke(c, false, c.doc.DispatchedAt)
			c.emit(EventRevoked)
			return revoked
		},
	},
	// any issued state ─废止─▶ ABOLISHED: void from the date given, which
	// cannot come before the document was issued.
	Abolish: {
		From: issuedStates, Who: officeLeader, Denied: "废止决定由办公室领导登记",
		Input: func(c *call, p *zhongshu.Problems) {
			decision(c, p)
			switch {
			case c.req.EffectiveAt.IsZero():
				p.Add("effective_at", "请填写废止日期")
			case !onOrAfterDay(c.req.EffectiveAt, c.doc.DispatchedAt):
				p.Add("effective_at", "废止日期不能早于印发日期")
			}
		},
		Text: "请填写废止理由",
		Do: func(c *call) zhongshu.OutgoingStatus {
			revoke(c, true, c.req.EffectiveAt)
			c.emit(EventAbolished)
			return abolished
		},
	},
}

// issuedStates are those a 撤销 or 废止 may end: issued and still in force.
var issuedStates = states{dispatched, published, archived}

// decision checks the 决定机关 and 决定文号 of a 撤销 or 废止.
func decision(c *call, p *zhongshu.Problems) {
	ref(p, "decided_by", &c.req.DecidedBy, "请填写决定机关")
	ref(p, "decision_ref", &c.req.DecisionRef, "")
}

// revoke records a 撤销 or 废止 taking effect at from.
func revoke(c *call, abolished bool, from time.Time) {
	c.doc.Revocation = &zhongshu.Revocation{Abolished: abolished, EffectiveAt: from, DecidedBy: c.req.DecidedBy,
		DecisionRef: c.req.DecisionRef, Reason: c.req.Text, RecordedByID: c.req.Actor.ID(), RecordedAtUTC: c.req.Now.UTC()}
}

// onOrAfterDay reports whether a falls on b's date or later, both read in
// China time.
func onOrAfterDay(a, b time.Time) bool {
	ay, am, ad := a.In(china).Date()
	by, bm, bd := b.In(china).Date()
	return !time.Date(ay, am, ad, 0, 0, 0, 0, time.UTC).Before(time.Date(by, bm, bd, 0, 0, 0, 0, time.UTC))
}

// china is the time zone dates are read in (UTC+8, no daylight saving).
var china = time.FixedZone("CST", 8*3600)
