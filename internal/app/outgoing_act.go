package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/outgoing"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// SaveOutgoing saves a changed text of draft id: whoever holds the draft
// now may change it (the drafter while drafting, the 核稿人, the office
// reviewer, the 文电科 at 复核). A change of the printed text keeps a new
// version with who, when and why, so the next reader sees the difference
// (痕迹保留). The warnings are as for CreateOutgoing.
func (a *App) SaveOutgoing(ctx context.Context, actor *zhongshu.Actor, id int64, in *zhongshu.OutgoingDoc, reason string) (*zhongshu.OutgoingDoc, []string, error) {
	var d *zhongshu.OutgoingDoc
	var warnings []string
	err := a.db.Transact(ctx, func(tx *store.Tx) error {
		before, err := a.outgoingForActor(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		out, err := outgoing.Apply(*before, outgoing.Request{Action: outgoing.Edit, Actor: actor,
			ActorUnits: actorUnits(actor), Now: tx.Now()})
		if err != nil {
			return err
		}
		d = &out.Doc
		draftFields(d, in)
		if warnings, err = d.Validate(); err != nil {
			return err
		}
		if err := a.checkOutgoingRefs(ctx, tx, d); err != nil {
			return err
		}
		reason = strings.TrimSpace(reason)
		changed := textChanged(before, d)
		if changed {
			d.Version++
			if reason == "" {
				reason = "修改文稿"
			}
			if err := tx.AddOutgoingVersion(ctx, d.ID, versionOf(d, actor.ID(), reason)); err != nil {
				return err
			}
		}
		if err := tx.UpdateOutgoing(ctx, d); err != nil {
			return err
		}
		text := "修改登记信息"
		if changed {
			text = fmt.Sprintf("修改文稿，形成第%d稿：%s", d.Version, reason)
		}
		if err := tx.AddOutgoingEvent(ctx, &store.DocEvent{DocID: id, ActorID: actor.ID(), ActorName: actor.User.Name,
			Action: string(outgoing.Edit), FromStatus: string(d.Status), ToStatus: string(d.Status), Text: text}); err != nil {
			return err
		}
		findings, err := a.outgoingFindings(ctx, tx, d)
		if err != nil {
			return err
		}
		warnings = append(warnings, findings...)
		if err := a.record(ctx, tx, actor, event{action: "outgoing.edit", objectType: "outgoing", objectID: id,
			detail: d.Title + "：" + text}); err != nil {
			return err
		}
		return a.reindex(ctx, tx, OutgoingModule, id)
	})
	if zhongshu.ErrorCode(err) == zhongshu.CodeForbidden || zhongshu.ErrorFields(err)["secrecy"] != "" {
		return nil, nil, a.deny(ctx, actor, "outgoing.edit", err)
	}
	if err != nil {
		return nil, nil, err
	}
	return d, warnings, nil
}

// OutgoingRequest is an action on a 发文, as the form sends it.
type OutgoingRequest struct {
	Action        outgoing.Action
	Text          string
	To            int64   // 核稿人 (submit), office reviewer (check), 复核人 (sign)
	Units         []int64 // 会签单位 (check)
	Checks        []zhongshu.ReviewCheck
	Signers       []zhongshu.Signature
	NeedsMeeting  bool
	MeetingRef    string
	Circled       bool
	Copies        int
	ArchiveNumber string
	DecidedBy     string
	DecisionRef   string
	EffectiveAt   time.Time
}

// ActOnOutgoing applies one step of the 发文 route (DOMAIN.md §3.4.1) to
// document id in one transaction: load and lock, check the 行文规则 where
// the step needs them (送核稿, 登记), let the workflow decide, number (登记)
// from the 机关代字's sequence, save, append the timeline event and the
// audit entry, and bring everyone's 待办 in step. 登记 goes on to make the
// rendition (see ProduceOutgoing); 核发 delivers the document to the
// recipient units inside Zhongshu. A document the actor may not see is not
// found.
func (a *App) ActOnOutgoing(ctx context.Context, actor *zhongshu.Actor, id int64, req OutgoingRequest) (*zhongshu.OutgoingDoc, error) {
	if req.Action == outgoing.Produce {
		return a.ProduceOutgoing(ctx, actor, id)
	}
	var out outgoing.Outcome
	err := a.db.Transact(ctx, func(tx *store.Tx) error {
		d, err := a.outgoingForActor(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		r, err := a.outgoingRequest(ctx, tx, actor, d, req)
		if err != nil {
			return err
		}
		if out, err = outgoing.Apply(*d, r); err != nil {
			return err
		}
		if err := a.checkOutgoingPeople(ctx, tx, &out, req); err != nil {
			return err
		}
		nd := &out.Doc
		if req.Action == outgoing.VoidNumber {
			if err := tx.VoidOutgoingNumber(ctx, d, strings.TrimSpace(req.Text), actor.ID()); err != nil {
				return err
			}
		}
		if err := tx.UpdateOutgoing(ctx, nd); err != nil {
			return err
		}
		if req.Action == outgoing.Dispatch {
			if err := a.deliverOutgoing(ctx, tx, actor, nd); err != nil {
				return err
			}
		}
		if err := tx.AddOutgoingParties(ctx, id, outgoingPeople(nd), outgoingUnits(nd)); err != nil {
			return err
		}
		text, err := a.outgoingEventText(ctx, tx, &out, req)
		if err != nil {
			return err
		}
		if err := tx.AddOutgoingEvent(ctx, &store.DocEvent{DocID: id, ActorID: actor.ID(), ActorName: actor.User.Name,
			Action: string(req.Action), FromStatus: string(out.From), ToStatus: string(out.To), Text: text}); err != nil {
			return err
		}
		detail := fmt.Sprintf("%s：%s %s", req.Action.Label(), nd.Number, nd.Title)
		if text != "" {
			detail += "。" + text
		}
		if err := a.record(ctx, tx, actor, event{action: "outgoing." + string(req.Action), objectType: "outgoing",
			objectID: id, from: string(out.From), to: string(out.To), detail: detail}); err != nil {
			return err
		}
		if err := a.ActOnWork(ctx, tx, OutgoingModule, OutgoingRefType, id, actor.ID()); err != nil {
			return err
		}
		return a.syncOutgoingWork(ctx, tx, nd)
	})
	if zhongshu.ErrorCode(err) == zhongshu.CodeForbidden {
		return nil, a.deny(ctx, actor, "outgoing."+string(req.Action), err)
	}
	if err != nil {
		return nil, err
	}
	if req.Action == outgoing.Register {
		// The rendition follows at once, in its own transaction: a font or
		// key problem leaves the number given and says what to fix.
		d, err := a.ProduceOutgoing(ctx, actor, id)
		if err != nil {
			a.log.ErrorContext(ctx, "rendition failed after registration", "doc", id, "err", err)
			return nil, &zhongshu.Error{Code: zhongshu.ErrorCode(err), Message: fmt.Sprintf(
				"已登记编号%s，但生成版式文件失败：%s请处理后再点“生成版式文件”。", out.Doc.Number, zhongshu.ErrorMessage(err))}
		}
		return d, nil
	}
	return &out.Doc, nil
}

// outgoingForActor loads (and in a write transaction locks) document id
// for someone who may see it.
func (a *App) outgoingForActor(ctx context.Context, tx *store.Tx, actor *zhongshu.Actor, id int64) (*zhongshu.OutgoingDoc, error) {
	d, err := tx.FindOutgoingByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if ok, err := a.canSeeOutgoing(ctx, tx, actor, d); err != nil {
		return nil, err
	} else if !ok {
		return nil, errOutgoingNotFound
	}
	return d, nil
}

// outgoingRequest turns the form's request into the workflow's, with the
// defaults (the unit's 科长 as 核稿人, the office director as reviewer) and
// what the app supplies: the rules' verdict on 送核稿 and the number on 登记.
func (a *App) outgoingRequest(ctx context.Context, tx *store.Tx, actor *zhongshu.Actor, d *zhongshu.OutgoingDoc, req OutgoingRequest) (outgoing.Request, error) {
	r := outgoing.Request{Action: req.Action, Actor: actor, ActorUnits: actorUnits(actor), Now: tx.Now(),
		Text: req.Text, To: req.To, Units: req.Units, Checks: req.Checks, Signers: req.Signers,
		NeedsMeeting: req.NeedsMeeting, MeetingRef: req.MeetingRef, Circled: req.Circled, Copies: req.Copies,
		ArchiveNumber: req.ArchiveNumber, DecidedBy: req.DecidedBy, DecisionRef: req.DecisionRef,
		EffectiveAt: req.EffectiveAt}
	first := func(role zhongshu.Role, unit int64) (int64, error) {
		ids, err := tx.UsersWithRoleInUnit(ctx, string(role), unit)
		if err != nil {
			return 0, err
		}
		for _, id := range ids {
			if id != d.DrafterID {
				return id, nil
			}
		}
		return 0, nil
	}
	var err error
	switch req.Action {
	case outgoing.Submit:
		if r.To == 0 && d.DraftUnit != 0 {
			if r.To, err = first(zhongshu.RoleSectionChief, d.DraftUnit); err != nil {
				return r, err
			}
		}
		if err := a.blockingRules(ctx, tx, d); err != nil {
			return r, err
		}
	case outgoing.Check:
		if r.To == 0 {
			if r.To, err = first(zhongshu.RoleOfficeDirector, 0); err != nil {
				return r, err
			}
		}
	case outgoing.Register:
		if err := a.blockingRules(ctx, tx, d); err != nil {
			return r, err
		}
		if d.Status == zhongshu.OutgoingRecheck && actor.User.HasRole(zhongshu.RoleRegistrar) {
			if err := a.numberOutgoing(ctx, tx, d, &r); err != nil {
				return r, err
			}
		}
	case outgoing.Archive:
		if r.ArchiveNumber == "" && d.Number != "" {
			r.ArchiveNumber = fmt.Sprintf("%d-发-%s", d.Year, d.Number)
		}
	}
	return r, nil
}

// blockingRules refuses a document the 行文规则 block.
func (a *App) blockingRules(ctx context.Context, tx *store.Tx, d *zhongshu.OutgoingDoc) error {
	fs, err := a.checkOutgoingRules(ctx, tx, d)
	if err != nil {
		return err
	}
	return zhongshu.BlockingFindings(fs)
}

// numberOutgoing takes the next number of the document's 机关代字 for the
// year (令号 run on across years) into r.
func (a *App) numberOutgoing(ctx context.Context, tx *store.Tx, d *zhongshu.OutgoingDoc, r *outgoing.Request) error {
	year := tx.Now().In(chinaTime).Year()
	seqYear := year
	if d.Kind == zhongshu.KindOrder {
		seqYear = 0
	}
	n, err := tx.NextOutgoingNumber(ctx, d.Series, seqYear)
	if err != nil {
		return err
	}
	r.Year, r.Seq, r.Number = year, n, OutgoingNumber(d.Kind, d.Series, year, n)
	return nil
}

// OutgoingNumber formats a 发文字号: 青政办发〔2026〕12号, or 第12号 for a 令.
func OutgoingNumber(kind zhongshu.DocKind, series string, year, n int) string {
	if kind == zhongshu.KindOrder {
		return fmt.Sprintf("第%d号", n)
	}
	return zhongshu.DocNumber{Code: series, Year: year, Seq: n}.String()
}

// checkOutgoingPeople checks that the people and units a step names exist
// and are active.
func (a *App) checkOutgoingPeople(ctx context.Context, tx *store.Tx, out *outgoing.Outcome, req OutgoingRequest) error {
	var p zhongshu.Problems
	switch req.Action {
	case outgoing.Submit, outgoing.Check, outgoing.Sign:
		// The person named in "to": the 核稿人, the reviewer, the 复核人.
		id := map[outgoing.Action]int64{outgoing.Submit: out.Doc.CheckerID, outgoing.Check: out.Doc.ReviewerID,
			outgoing.Sign: out.Doc.RecheckByID}[req.Action]
		if err := checkActiveUser(ctx, tx, id, "to", &p); err != nil {
			return err
		}
	case outgoing.Review:
		for _, s := range req.Signers {
			if err := checkActiveUser(ctx, tx, s.LeaderID, "signers", &p); err != nil {
				return err
			}
		}
	}
	if req.Action == outgoing.Check {
		for _, u := range req.Units {
			if _, err := tx.FindUnitByID(ctx, u); zhongshu.ErrorCode(err) == zhongshu.CodeNotFound {
				p.Add("units", "会签单位不存在")
			} else if err != nil {
				return err
			}
		}
	}
	return p.Err()
}

// outgoingPeople and outgoingUnits are everyone a document has reached:
// they may see it from then on.
func outgoingPeople(d *zhongshu.OutgoingDoc) []int64 {
	ids := []int64{d.DrafterID, d.CheckerID, d.ReviewerID, d.RecheckByID, d.RegisteredByID, d.DispatchedByID}
	for _, c := range d.Countersigns {
		ids = append(ids, c.ByID)
	}
	for _, s := range d.Signatures {
		ids = append(ids, s.LeaderID, s.ByID)
	}
	return ids
}

func outgoingUnits(d *zhongshu.OutgoingDoc) []int64 {
	ids := []int64{d.DraftUnit}
	for _, c := range d.Countersigns {
		ids = append(ids, c.UnitID)
	}
	return ids
}

// seesAllOutgoing: the 文电科 and the office leadership see every 发文.
func seesAllOutgoing(actor *zhongshu.Actor) bool { return seesAllIncoming(actor) }

// canSeeOutgoing: the 文电科 and office leadership; everyone the draft was
// routed to (people, or whoever holds their work, and the members of its
// units). Recipients read the issued document as their 收文.
func (a *App) canSeeOutgoing(ctx context.Context, tx *store.Tx, actor *zhongshu.Actor, d *zhongshu.OutgoingDoc) (bool, error) {
	if seesAllOutgoing(actor) {
		return true, nil
	}
	return tx.IsOutgoingParty(ctx, d.ID, actor.OwnerIDs(), actorUnits(actor))
}

// outgoingScope is canSeeOutgoing as a list filter (nil: everything).
func outgoingScope(actor *zhongshu.Actor) *store.IncomingScope {
	if seesAllOutgoing(actor) {
		return nil
	}
	return &store.IncomingScope{People: actor.OwnerIDs(), Units: actorUnits(actor)}
}
