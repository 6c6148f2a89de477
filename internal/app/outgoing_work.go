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

// Steps of the 发文 待办.
const (
	StepOutgoingRevise      = "修改文稿"
	StepOutgoingCheck       = "核稿"
	StepOutgoingCountersign = "会签"
	StepOutgoingReview      = "审核"
	StepOutgoingMeeting     = "提请审议"
	StepOutgoingSign        = "签发"
	StepOutgoingRecheck     = "复核登记"
	StepOutgoingIssue       = "印制核发"
	StepOutgoingPublish     = "公开发布"
)

// Working days each step may take (DOMAIN.md §2.6: 事不隔天 — a first
// action by the next working day; 特急 the same day; 会签 and 签发 two days
// for a 平件). 主动公开 documents are published within 20 working days (§3.8).
var outgoingStepDays = map[string]int{
	StepOutgoingRevise: 1, StepOutgoingCheck: 1, StepOutgoingCountersign: 2, StepOutgoingReview: 1,
	StepOutgoingMeeting: 5, StepOutgoingSign: 2, StepOutgoingRecheck: 1, StepOutgoingIssue: 1,
	StepOutgoingPublish: 20,
}

// outgoingTasks says who holds which 待办 on the document now: the drafter
// of a returned draft, the 核稿人, each 会签 unit that has not answered (its
// 联络员, else its 科长), the office reviewer, each leader yet to sign, the
// 复核人 (else every 文书), and the 文书 for 印制核发 and 公开发布.
func (a *App) outgoingTasks(ctx context.Context, tx *store.Tx, d *zhongshu.OutgoingDoc) (map[int64]incomingTask, []int64, error) {
	want := map[int64]incomingTask{}
	var order []int64
	add := func(owner int64, step string, from time.Time) {
		if _, ok := want[owner]; owner == 0 || ok {
			return
		}
		n := outgoingStepDays[step]
		if step != StepOutgoingPublish {
			switch d.Urgency {
			case zhongshu.UrgencyExtra:
				n = 0
			case zhongshu.UrgencyUrgent:
				n = min(n, 1)
			}
		}
		due, _ := a.DueIn(from, n)
		want[owner] = incomingTask{kind: zhongshu.WorkTodo, step: step, due: due.UTC().Truncate(time.Microsecond)}
		order = append(order, owner)
	}
	registrars := func(step string, from time.Time) error {
		ids, err := tx.UsersWithRoleInUnit(ctx, string(zhongshu.RoleRegistrar), 0)
		if err != nil {
			return err
		}
		for _, id := range ids {
			add(id, step, from)
		}
		return nil
	}
	now := tx.Now()
	switch d.Status {
	case zhongshu.OutgoingDrafting:
		if d.ReturnedFrom != "" {
			add(d.DrafterID, StepOutgoingRevise, d.UpdatedAt)
		}
	case zhongshu.OutgoingUnitCheck:
		add(d.CheckerID, StepOutgoingCheck, now)
	case zhongshu.OutgoingCountersign:
		for _, c := range d.Countersigns {
			if c.Done() {
				continue
			}
			owner, err := unitOwner(ctx, tx, c.UnitID)
			if err != nil {
				return nil, nil, err
			}
			add(owner, StepOutgoingCountersign, c.SentAt)
		}
	case zhongshu.OutgoingOfficeReview:
		add(d.ReviewerID, StepOutgoingReview, now)
	case zhongshu.OutgoingDeliberation:
		add(d.ReviewerID, StepOutgoingMeeting, d.ReviewedAt)
	case zhongshu.OutgoingSigning:
		for _, s := range d.Signatures {
			if !s.Done() {
				add(s.LeaderID, StepOutgoingSign, s.SentAt)
			}
		}
	case zhongshu.OutgoingRecheck:
		if d.RecheckByID != 0 {
			add(d.RecheckByID, StepOutgoingRecheck, d.LastSignedAt())
		} else if err := registrars(StepOutgoingRecheck, d.LastSignedAt()); err != nil {
			return nil, nil, err
		}
	case zhongshu.OutgoingRegistered, zhongshu.OutgoingProducing:
		if err := registrars(StepOutgoingIssue, d.RegisteredAt); err != nil {
			return nil, nil, err
		}
	case zhongshu.OutgoingDispatched:
		if d.Disclosure == zhongshu.DisclosureActive {
			if err := registrars(StepOutgoingPublish, d.DispatchedAt); err != nil {
				return nil, nil, err
			}
		}
	}
	return want, order, nil
}

// unitOwner is who holds a unit's work: its 联络员, else its 督办联络员,
// else its first 科长.
func unitOwner(ctx context.Context, tx *store.Tx, unitID int64) (int64, error) {
	u, err := tx.FindUnitByID(ctx, unitID)
	if err != nil {
		return 0, err
	}
	if u.LiaisonID != 0 {
		return u.LiaisonID, nil
	}
	if u.SupervisionLiaisonID != 0 {
		return u.SupervisionLiaisonID, nil
	}
	ids, err := tx.UsersWithRoleInUnit(ctx, string(zhongshu.RoleSectionChief), unitID)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	return ids[0], nil
}

// syncOutgoingWork brings the document's 待办 and its search entry in step
// with its state (as syncIncomingWork does for 收文).
func (a *App) syncOutgoingWork(ctx context.Context, tx *store.Tx, d *zhongshu.OutgoingDoc) error {
	want, order, err := a.outgoingTasks(ctx, tx, d)
	if err != nil {
		return err
	}
	open, err := tx.FindOpenWorkItems(ctx, OutgoingModule, OutgoingRefType, d.ID)
	if err != nil {
		return err
	}
	have := map[int64]bool{}
	for _, w := range open {
		if t, ok := want[w.OwnerID]; ok && t.step == w.Step && t.due.Equal(w.DueAt) && w.Urgency == d.Urgency {
			have[w.OwnerID] = true
			continue
		}
		if _, err := tx.CloseWorkItems(ctx, OutgoingModule, OutgoingRefType, d.ID, w.OwnerID); err != nil {
			return err
		}
	}
	title := outgoingTitle(d)
	for _, owner := range order {
		if have[owner] {
			continue
		}
		t := want[owner]
		w := &zhongshu.WorkItem{OwnerID: owner, Kind: t.kind, Module: OutgoingModule, RefType: OutgoingRefType,
			RefID: d.ID, Title: title, Step: t.step, Urgency: d.Urgency, DueAt: t.due, URL: OutgoingURL(d.ID)}
		if err := a.AddWork(ctx, tx, w); err != nil {
			return err
		}
		subject := fmt.Sprintf("【发文%s】%s", t.step, title)
		if l := d.Urgency.Label(); l != "" {
			subject = "【" + l + "】" + subject
		}
		if err := notice(ctx, tx, owner, "outgoing", subject, fmt.Sprintf("请于%s前%s。", dateLabel(t.due), t.step),
			w.URL); err != nil {
			return err
		}
	}
	return a.reindex(ctx, tx, OutgoingModule, d.ID)
}

// outgoingTitle is how a 发文 is named in lists and notices.
func outgoingTitle(d *zhongshu.OutgoingDoc) string {
	if d.Number != "" {
		return d.Number + " " + d.Title
	}
	return d.Title
}

// outgoingSearchDoc describes a 发文 for the index: visible to the 文电科,
// the office leadership and everyone it was routed to (canSeeOutgoing).
func (a *App) outgoingSearchDoc(ctx context.Context, tx *store.Tx, id int64) (*store.SearchDoc, error) {
	d, err := tx.FindOutgoingByID(ctx, id)
	if err != nil {
		return nil, err
	}
	people, units, err := tx.OutgoingParties(ctx, id)
	if err != nil {
		return nil, err
	}
	texts, err := tx.AttachmentTexts(ctx, OutgoingModule, id)
	if err != nil {
		return nil, err
	}
	body := append([]string{recipientLine(d.MainTo), d.Body, notesLine(d), recipientLine(d.CC)}, texts...)
	party := ""
	if len(d.Issuers) > 0 {
		party = d.Issuers[0].Name
	}
	at := d.DispatchedAt
	if at.IsZero() {
		at = d.CreatedAt
	}
	status := d.Status.Label()
	keys := append(roleKeys(zhongshu.RoleRegistrar, zhongshu.RoleOfficeDirector, zhongshu.RoleOfficeDeputy),
		personKeys(people...)...)
	return &store.SearchDoc{Module: OutgoingModule, RefID: id, Title: d.Title, Numbers: nonEmpty(d.Number),
		Body: joinText(body), Kind: d.Kind.Label(), Party: party, Status: status, Urgency: int(d.Urgency), At: at,
		URL: OutgoingURL(id), Access: append(keys, unitKeys(units...)...)}, nil
}

// outgoingEventText is what the timeline says of an action: its text and
// whom it went to.
func (a *App) outgoingEventText(ctx context.Context, tx *store.Tx, out *outgoing.Outcome, req OutgoingRequest) (string, error) {
	var parts []string
	if t := strings.TrimRight(strings.TrimSpace(req.Text), "。"); t != "" {
		parts = append(parts, t)
	}
	person := func(label string, id int64) error {
		if id == 0 {
			return nil
		}
		u, err := tx.FindUserByID(ctx, id)
		if err != nil {
			return err
		}
		parts = append(parts, label+u.Name)
		return nil
	}
	d := &out.Doc
	switch req.Action {
	case outgoing.Submit:
		if err := person("核稿人：", d.CheckerID); err != nil {
			return "", err
		}
	case outgoing.Check:
		var names []string
		for _, c := range d.Countersigns {
			u, err := tx.FindUnitByID(ctx, c.UnitID)
			if err != nil {
				return "", err
			}
			names = append(names, u.Name())
		}
		if len(names) > 0 {
			parts = append(parts, "送会签："+strings.Join(names, "、"))
		}
		if err := person("审核人：", d.ReviewerID); err != nil {
			return "", err
		}
	case outgoing.Review:
		var names []string
		for _, s := range d.Signatures {
			u, err := tx.FindUserByID(ctx, s.LeaderID)
			if err != nil {
				return "", err
			}
			names = append(names, u.Name)
		}
		parts = append(parts, "审核五项均通过；呈签发："+strings.Join(names, "、"))
	case outgoing.Sign:
		if req.Circled {
			parts = append(parts, "圈阅")
		}
		if out.Proxy != 0 {
			if err := person("代", out.Proxy); err != nil {
				return "", err
			}
			parts[len(parts)-1] += "签发"
		}
	case outgoing.Register:
		parts = append(parts, "发文字号："+d.Number, fmt.Sprintf("印制%d份", max(d.Copies, 1)))
	case outgoing.Deliberate:
		parts = append(parts, "会议："+d.MeetingRef)
	case outgoing.Archive:
		parts = append(parts, "归档号："+d.ArchiveNumber)
	case outgoing.Revoke, outgoing.Abolish:
		if r := d.Revocation; r != nil {
			parts = append(parts, "决定机关："+r.DecidedBy)
			if req.Action == outgoing.Abolish {
				parts = append(parts, "自"+dateLabel(r.EffectiveAt)+"起失效")
			}
		}
	}
	return strings.Join(parts, "；"), nil
}
