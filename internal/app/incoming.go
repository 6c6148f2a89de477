package app

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/incoming"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// The 收文's place in the 待办 lists, the ledger and the notices.
const (
	IncomingModule  = "incoming"
	IncomingRefType = "doc"
)

// IncomingURL is the page of document id.
func IncomingURL(id int64) string { return fmt.Sprintf("/incoming/%d", id) }

// RegisterMode says how far RegisterIncoming takes a new document.
type RegisterMode string

// Registration modes: 签收 and 登记 at once (the usual case), or 签收 only,
// the 登记 to follow the same day.
const (
	ModeRegister RegisterMode = "register"
	ModeSignOnly RegisterMode = "sign"
)

// RegisterIncoming records a document that has arrived: 签收 and, unless
// mode is ModeSignOnly, 登记 with the next 收文号 of the year. Only the
// 文电科 (文书) registers. The 拟办人 of a 办件 defaults to the office
// director. Any 密级 other than 非密 is refused and nothing is saved. The
// warnings say what was corrected (a 来文字号 in the wrong brackets) or
// looks wrong (the same 来文字号 registered before).
func (a *App) RegisterIncoming(ctx context.Context, actor *zhongshu.Actor, d *zhongshu.IncomingDoc, mode RegisterMode) ([]string, error) {
	if !actor.User.HasRole(zhongshu.RoleRegistrar) {
		return nil, a.deny(ctx, actor, "incoming.register", zhongshu.Errorf(zhongshu.CodeForbidden, "收文由文电科文书签收登记。"))
	}
	if mode == "" {
		mode = ModeRegister
	}
	if mode != ModeRegister && mode != ModeSignOnly {
		return nil, zhongshu.Errorf(zhongshu.CodeInvalid, "登记方式不正确。")
	}
	warnings, err := newIncoming(d, a.clock.Now())
	if err != nil {
		if zhongshu.ErrorFields(err)["secrecy"] != "" {
			return nil, a.deny(ctx, actor, "incoming.register", err)
		}
		return nil, err
	}
	action := incoming.Sign
	if mode == ModeRegister {
		action = incoming.Register
	}
	ready, dup := *d, []string(nil)
	err = a.db.Transact(ctx, func(tx *store.Tx) (err error) {
		*d = ready // a retried transaction starts again
		if dup, err = a.registerIncoming(ctx, tx, actor, d, action, string(action), ""); err != nil {
			return err
		}
		return a.record(ctx, tx, actor, event{action: "incoming." + string(action), objectType: "incoming", objectID: d.ID,
			to: string(d.Status), detail: fmt.Sprintf("%s：%s %s（%s）", action.Label(), d.Number, d.Title, d.SenderName)})
	})
	if err != nil {
		return nil, err
	}
	return append(warnings, dup...), nil
}

// newIncoming readies d for registration at now: it keeps only the 登记
// fields, defaults the 收文时间 to now, refuses one later than now and
// validates (Validate's warnings are returned).
func newIncoming(d *zhongshu.IncomingDoc, now time.Time) ([]string, error) {
	fresh := zhongshu.IncomingDoc{ReceivedAt: d.ReceivedAt, SenderUnitID: d.SenderUnitID, SenderName: d.SenderName,
		SenderNumber: d.SenderNumber, Kind: d.Kind, Title: d.Title, Secrecy: d.Secrecy, Urgency: d.Urgency,
		Copies: d.Copies, Channel: d.Channel, Handling: d.Handling, Disclosure: d.Disclosure,
		InternalMark: d.InternalMark, Summary: d.Summary, DueAt: d.DueAt, ProposerID: d.ProposerID}
	*d = fresh
	if d.ReceivedAt.IsZero() {
		d.ReceivedAt = now
	}
	if d.ReceivedAt.After(now) {
		return nil, &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "收文时间不能晚于现在。",
			Fields: map[string]string{"received_at": "收文时间不能晚于现在"}}
	}
	return d.Validate()
}

// registerIncoming saves d, readied by newIncoming, in tx: it checks the
// sender unit and the 拟办人, applies action (Sign or Register), numbers
// a registration, appends the timeline event (named event, note before
// the registration text) and brings the 待办 in step. It returns a warning
// when the same 来文字号 was registered before. RegisterIncoming and
// ImportIncoming share it, so that an imported document is what a
// registration by hand makes.
func (a *App) registerIncoming(ctx context.Context, tx *store.Tx, actor *zhongshu.Actor, d *zhongshu.IncomingDoc,
	action incoming.Action, event, note string) ([]string, error) {
	var warnings []string
	if err := a.checkIncomingRefs(ctx, tx, d); err != nil {
		return nil, err
	}
	if d.SenderNumber != "" {
		n, err := tx.CountIncomingBySenderNumber(ctx, d.SenderName, d.SenderNumber)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			warnings = append(warnings, fmt.Sprintf("来文字号 %s 已登记过%d次，请核对是否重复登记。", d.SenderNumber, n))
		}
	}
	d.CreatedByID = actor.ID()
	d.Status = zhongshu.IncomingReceived
	out, err := incoming.Apply(*d, incoming.Request{Action: action, Actor: actor, Now: tx.Now()})
	if err != nil {
		return nil, err
	}
	*d = out.Doc
	if out.To == zhongshu.IncomingRegistered {
		if err := a.numberIncoming(ctx, tx, d); err != nil {
			return nil, err
		}
	}
	if err := tx.CreateIncoming(ctx, d); err != nil {
		return nil, err
	}
	if err := tx.AddIncomingEvent(ctx, &store.IncomingEvent{DocID: d.ID, ActorID: actor.ID(), ActorName: actor.User.Name,
		Action: event, ToStatus: d.Status, Text: note + registrationText(d)}); err != nil {
		return nil, err
	}
	if err := a.syncIncomingWork(ctx, tx, d); err != nil {
		return nil, err
	}
	return warnings, nil
}

// numberIncoming gives d the next 收文号 of the year it was received.
func (a *App) numberIncoming(ctx context.Context, tx *store.Tx, d *zhongshu.IncomingDoc) error {
	year := d.ReceivedAt.In(chinaTime).Year()
	n, err := tx.NextIncomingNumber(ctx, year)
	if err != nil {
		return err
	}
	d.Year, d.Seq, d.Number = year, n, store.IncomingNumber(year, n)
	return nil
}

func registrationText(d *zhongshu.IncomingDoc) string {
	s := fmt.Sprintf("来文机关：%s；文种：%s；%s；份数：%d；渠道：%s", d.SenderName, d.Kind.Label(), d.Handling.Label(),
		d.Copies, d.Channel.Label())
	if d.SenderNumber != "" {
		s += "；来文字号：" + d.SenderNumber
	}
	if l := d.Urgency.Label(); l != "" {
		s += "；" + l
	}
	return s
}

// checkIncomingRefs checks the sender unit and the 拟办人, defaulting the
// 拟办人 of a 办件 to the office director and the sender's name to the
// unit's.
func (a *App) checkIncomingRefs(ctx context.Context, tx *store.Tx, d *zhongshu.IncomingDoc) error {
	var p zhongshu.Problems
	if d.SenderUnitID != 0 {
		u, err := tx.FindUnitByID(ctx, d.SenderUnitID)
		switch {
		case zhongshu.ErrorCode(err) == zhongshu.CodeNotFound:
			p.Add("sender_unit_id", "来文单位不存在")
		case err != nil:
			return err
		case d.SenderName == "":
			d.SenderName = u.FullName
		}
	}
	if d.Handling == zhongshu.HandlingAction && d.ProposerID == 0 {
		ids, err := tx.UsersWithRoleInUnit(ctx, string(zhongshu.RoleOfficeDirector), 0)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			p.Add("proposer_id", "请指定拟办人")
		} else {
			d.ProposerID = ids[0]
		}
	}
	if err := checkActiveUser(ctx, tx, d.ProposerID, "proposer_id", &p); err != nil {
		return err
	}
	return p.Err()
}

// IncomingRequest is an action on a document, as the form sends it.
type IncomingRequest struct {
	Action      incoming.Action
	Text        string
	Leaders     []int64
	Readers     []int64
	InOrder     bool
	Assignments []zhongshu.IncomingAssignment
	// DueWorkdays, when positive, sets every assignment's due date that
	// many working days from now (紧急公文应当明确办理时限).
	DueWorkdays int
	To          int64
	Channel     string // 催办 channel: 系统, 电话, 短信, 当面
	ReplyNumber string
	Archive     string
}

// ActOnIncoming applies one step of the 收文 route (DOMAIN.md §3.5.1) to
// document id: load and lock, let the workflow decide, check the people and
// units named, save, number (登记) or void the number (作废), append the
// timeline event and the audit entry, bring everyone's 待办 in step and
// keep the 漏 ledger — one transaction. A document the actor may not see is
// not found.
func (a *App) ActOnIncoming(ctx context.Context, actor *zhongshu.Actor, id int64, req IncomingRequest) (*zhongshu.IncomingDoc, error) {
	var out incoming.Outcome
	err := a.db.Transact(ctx, func(tx *store.Tx) error {
		d, err := tx.FindIncomingByID(ctx, id)
		if err != nil {
			return err
		}
		if ok, err := a.canSeeIncoming(ctx, tx, actor, d); err != nil {
			return err
		} else if !ok {
			return errIncomingNotFound
		}
		now := tx.Now()
		as := slices.Clone(req.Assignments)
		for i := range as {
			if req.DueWorkdays > 0 {
				as[i].DueAt, _ = a.DueIn(now, req.DueWorkdays)
			} else if as[i].DueAt.IsZero() && !d.DueAt.IsZero() {
				as[i].DueAt = d.DueAt
			}
		}
		out, err = incoming.Apply(*d, incoming.Request{Action: req.Action, Actor: actor, ActorUnits: actorUnits(actor),
			Now: now, Text: req.Text, Leaders: req.Leaders, Readers: req.Readers, InOrder: req.InOrder,
			Assignments: as, To: req.To, ReplyNumber: req.ReplyNumber, ArchiveNumber: req.Archive})
		if err != nil {
			return err
		}
		if err := a.checkIncomingAction(ctx, tx, d, &out, req); err != nil {
			return err
		}
		nd := &out.Doc
		switch req.Action {
		case incoming.Register:
			if err := a.numberIncoming(ctx, tx, nd); err != nil {
				return err
			}
		case incoming.VoidNumber:
			if err := tx.VoidIncomingNumber(ctx, nd, out.Doc.EndReason, actor.ID()); err != nil {
				return err
			}
		case incoming.Archive:
			if nd.ArchiveNumber == "" {
				nd.ArchiveNumber = fmt.Sprintf("%d-收-%04d", nd.Year, nd.Seq)
			}
		}
		if nd.DueAt.IsZero() && !nd.AssignedAt.IsZero() {
			if lead := nd.Lead(); lead >= 0 {
				nd.DueAt = nd.Assignments[lead].DueAt
			}
		}
		if err := tx.UpdateIncoming(ctx, nd); err != nil {
			return err
		}
		if d.SignedAt.IsZero() && !nd.SignedAt.IsZero() {
			if err := a.receiptForOutgoing(ctx, tx, actor, nd); err != nil {
				return err
			}
		}
		text, err := a.incomingEventText(ctx, tx, d, &out, req)
		if err != nil {
			return err
		}
		if err := tx.AddIncomingEvent(ctx, &store.IncomingEvent{DocID: id, ActorID: actor.ID(), ActorName: actor.User.Name,
			Action: string(req.Action), FromStatus: out.From, ToStatus: out.To, Text: text}); err != nil {
			return err
		}
		detail := fmt.Sprintf("%s：%s %s", req.Action.Label(), nd.Number, nd.Title)
		if text != "" {
			detail += "。" + text
		}
		if err := a.record(ctx, tx, actor, event{action: "incoming." + string(req.Action), objectType: "incoming",
			objectID: id, from: string(out.From), to: string(out.To), detail: detail}); err != nil {
			return err
		}
		if err := a.ActOnWork(ctx, tx, IncomingModule, IncomingRefType, id, actor.ID()); err != nil {
			return err
		}
		if err := a.syncIncomingWork(ctx, tx, nd); err != nil {
			return err
		}
		if req.Action == incoming.Urge {
			if err := a.urgeIncoming(ctx, tx, actor, nd, req); err != nil {
				return err
			}
		}
		return a.keepIncomingLedger(ctx, tx, nd, &out)
	})
	if zhongshu.ErrorCode(err) == zhongshu.CodeForbidden {
		return nil, a.deny(ctx, actor, "incoming."+string(req.Action), err)
	}
	if err != nil {
		return nil, err
	}
	return &out.Doc, nil
}

var errIncomingNotFound = zhongshu.Errorf(zhongshu.CodeNotFound, "收文不存在，或您无权查看。")

// seesAllIncoming reports whether the actor sees every 收文 (DOMAIN.md
// §2.8): the 文电科 and the office leadership.
func seesAllIncoming(actor *zhongshu.Actor) bool {
	u := actor.User
	return u.HasRole(zhongshu.RoleRegistrar) || u.HasRole(zhongshu.RoleOfficeDirector) || u.HasRole(zhongshu.RoleOfficeDeputy)
}

// canSeeIncoming: the 文电科 and office leadership, everyone the document
// was ever routed to — people (or whoever holds their work) and the members
// of units — and the 督查室 once a leader has written a 批示 on it (批示 are
// what the 督查室 turns into 督办 items, §5.2).
func (a *App) canSeeIncoming(ctx context.Context, tx *store.Tx, actor *zhongshu.Actor, d *zhongshu.IncomingDoc) (bool, error) {
	if seesAllIncoming(actor) || (actor.User.HasRole(zhongshu.RoleSupervisor) && instructed(d)) {
		return true, nil
	}
	return tx.IsIncomingParty(ctx, d.ID, actor.OwnerIDs(), actorUnits(actor))
}

// instructed reports whether a leader has written a 批示 on d.
func instructed(d *zhongshu.IncomingDoc) bool {
	for _, in := range d.Instructions {
		if in.Done() {
			return true
		}
	}
	return false
}

// incomingScope is canSeeIncoming as a list filter (nil: everything).
func incomingScope(actor *zhongshu.Actor) *store.IncomingScope {
	if seesAllIncoming(actor) {
		return nil
	}
	return &store.IncomingScope{People: actor.OwnerIDs(), Units: actorUnits(actor),
		Instructed: actor.User.HasRole(zhongshu.RoleSupervisor)}
}
