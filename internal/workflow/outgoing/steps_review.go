package outgoing

import (
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// reviewSteps are the arrows of §3.4.1 from the office's 审核 to 复核.
var reviewSteps = map[Action]step{
	// OFFICE_REVIEW ─five points pass─▶ SIGNING, or ─▶ DELIBERATION for an
	// important draft the government must adopt at a meeting first. A point
	// that fails is a return, not a review.
	Review: {
		From: states{officeReview}, Who: reviewer, Denied: "审核由办公室审核人或办公室领导办理",
		Input: func(c *call, p *zhongshu.Problems) {
			checkReview(p, c.req.Checks)
			checkSigners(p, &c.doc, c.req.Signers)
		},
		Do: func(c *call) zhongshu.OutgoingStatus {
			d := &c.doc
			d.Review, d.ReviewedAt = slices.Clone(c.req.Checks), c.req.Now
			if d.ReviewerID == 0 {
				d.ReviewerID = c.req.Actor.ID()
			}
			d.Signatures = nil
			for _, s := range c.req.Signers {
				d.Signatures = append(d.Signatures, zhongshu.Signature{LeaderID: s.LeaderID, UnitID: signerUnit(d, s)})
			}
			c.emit(EventReviewed)
			if c.req.NeedsMeeting || d.NeedsMeeting {
				d.NeedsMeeting = true
				return deliberation
			}
			return sendToSign(c)
		},
	},
	// DELIBERATION ─adopted at the meeting─▶ SIGNING.
	Deliberate: {
		From: states{deliberation}, Who: officeLeader, Denied: "上会审议结果由办公室领导登记",
		Input: func(c *call, p *zhongshu.Problems) {
			ref(p, "meeting_ref", &c.req.MeetingRef, "请填写审议通过的会议")
		},
		Do: func(c *call) zhongshu.OutgoingStatus {
			c.doc.MeetingRef = c.req.MeetingRef
			c.emit(EventDeliberated)
			return sendToSign(c)
		},
	},
	// SIGNING ─each leader signs (in parallel)─▶ … ─all signed─▶ RECHECK.
	// An opinion, or a 圈阅, which counts as consent.
	Sign: {
		From: states{signing}, Who: func(c *call) bool { return pendingSigner(c) >= 0 },
		Denied: "您不在本件的签发领导之列，或已签发",
		Input: func(c *call, p *zhongshu.Problems) {
			if c.req.Text == "" && !c.req.Circled {
				p.Add("text", "请填写签发意见，或选择圈阅")
			}
		},
		Do: func(c *call) zhongshu.OutgoingStatus {
			s := &c.doc.Signatures[pendingSigner(c)]
			s.ByID, s.At, s.Opinion, s.Circled = c.req.Actor.ID(), c.req.Now, c.req.Text, c.req.Circled
			if s.Proxy() {
				c.proxy = s.LeaderID
			}
			if c.req.To != 0 {
				c.doc.RecheckByID = c.req.To
			}
			c.emit(EventSigned)
			if !c.doc.SignaturesDone() {
				return signing
			}
			c.emit(EventSigningDone)
			return recheck
		},
	},
	// RECHECK ─实质性修改─▶ SIGNING: back to the leaders who signed, all
	// of them again.
	Resign: {
		From: states{recheck}, Who: func(c *call) bool { return registrar(c) || officeLeader(c) },
		Denied: "报原签批人复审由文电科或办公室领导办理",
		Guard: func(c *call) error {
			if len(c.doc.Signatures) == 0 {
				return precondition("本件没有签批人，不能报原签批人复审。")
			}
			return nil
		},
		Text: "请说明需报原签批人复审的实质性修改",
		Do: func(c *call) zhongshu.OutgoingStatus {
			for i, s := range c.doc.Signatures {
				c.doc.Signatures[i] = zhongshu.Signature{LeaderID: s.LeaderID, UnitID: s.UnitID}
			}
			c.emit(EventResign)
			return sendToSign(c)
		},
	},
}

// sendToSign sends the document to every leader of its 签发 at once.
func sendToSign(c *call) zhongshu.OutgoingStatus {
	for i := range c.doc.Signatures {
		c.doc.Signatures[i].SentAt = c.req.Now
	}
	c.emit(EventSentToSign)
	return signing
}

// checkReview requires a verdict on each of the five points, all passed.
func checkReview(p *zhongshu.Problems, checks []zhongshu.ReviewCheck) {
	if len(checks) != len(zhongshu.ReviewItems) {
		p.Add("checks", fmt.Sprintf("请逐项填写审核意见（共%d项）", len(zhongshu.ReviewItems)))
		return
	}
	for i, ck := range checks {
		switch {
		case utf8.RuneCountInString(ck.Comment) > MaxText:
			p.Add("checks", fmt.Sprintf("第%d项的审核意见不能超过%d个字", i+1, MaxText))
		case !ck.OK:
			p.Add("checks", fmt.Sprintf("第%d项审核未通过，请退回修改，不能审核通过", i+1))
		}
	}
}

// checkSigners requires distinct leaders, each signing for an issuer of
// the document, and for a joint document one for every issuer (联合发文由所有
// 联署机关的负责人会签).
func checkSigners(p *zhongshu.Problems, d *zhongshu.OutgoingDoc, signers []zhongshu.Signature) {
	if len(signers) == 0 {
		p.Add("signers", "请选择签发领导")
		return
	}
	seen := map[int64]bool{}
	units := map[int64]bool{}
	for _, s := range signers {
		u := signerUnit(d, s)
		switch {
		case s.LeaderID == 0:
			p.Add("signers", "签发领导不能为空")
		case seen[s.LeaderID]:
			p.Add("signers", "同一领导不能重复选择")
		case len(d.Issuers) > 0 && !slices.ContainsFunc(d.Issuers, func(is zhongshu.Issuer) bool { return is.UnitID == u }):
			p.Add("signers", "签发领导须代表本件的发文机关签发")
		}
		seen[s.LeaderID], units[u] = true, true
	}
	if d.Joint() {
		for _, is := range d.Issuers {
			if !units[is.UnitID] {
				p.Add("signers", "联合发文须由所有联署机关负责人签发")
			}
		}
	}
}

// signerUnit is the issuer a leader signs for: the one named, else the
// 主办机关.
func signerUnit(d *zhongshu.OutgoingDoc, s zhongshu.Signature) int64 {
	if s.UnitID != 0 {
		return s.UnitID
	}
	return d.Lead()
}
