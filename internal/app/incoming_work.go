package app

import (
	"context"
	"fmt"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// Steps of the 收文 待办 and 待阅.
const (
	StepIncomingRegister = "签收登记"
	StepIncomingSign     = "签收"
	StepIncomingRoute    = "分送传阅"
	StepIncomingPropose  = "拟办"
	StepIncomingDispatch = "呈批或交办"
	StepIncomingInstruct = "批示"
	StepIncomingAssign   = "交办"
	StepIncomingAccept   = "承办签收"
	StepIncomingHandle   = "办理"
	StepIncomingCoInput  = "协办意见"
	StepIncomingComplete = "办结"
	StepIncomingRead     = "阅文"
)

type incomingTask struct {
	kind zhongshu.WorkKind
	step string
	due  time.Time
}

// incomingTasks says who should hold which 待办 or 待阅 on the document now
// (DOMAIN.md §2.6 for the deadlines):
//
//   - RECEIVED, SIGNED: every 文书, 签收登记 by the end of the working day
//     it arrived (文不过夜);
//   - REGISTERED: a 阅件 — every 文书, 分送传阅 the same day; a 办件 — the
//     拟办人, 拟办: 特急 the same working day, otherwise by the next;
//   - PROPOSED: the 拟办人, 呈批或交办, as fast;
//   - AWAITING_INSTRUCTION: each leader it has reached and who has not
//     written, 批示 (特急 the same day, 加急 1, 平件 2 working days); once
//     every 批示 is in and no units were named, the 拟办人, 交办;
//   - ASSIGNED, IN_PROGRESS: each unit that has not signed, 承办签收 within
//     1 working day (事不隔天); the signed 主办, 办理 by its due date; each
//     signed 协办 without input, 协办意见 by its due date;
//   - CIRCULATING: each reader it has reached, 阅文 (待阅) within 2;
//   - REPLIED: every 文书, 办结 by the next working day.
//
// A unit's work goes to its named person, else to its 联络员.
func (a *App) incomingTasks(ctx context.Context, tx *store.Tx, d *zhongshu.IncomingDoc) (map[int64]incomingTask, []int64, error) {
	want := map[int64]incomingTask{}
	var order []int64
	add := func(owner int64, kind zhongshu.WorkKind, step string, due time.Time) {
		if _, ok := want[owner]; owner != 0 && !ok {
			want[owner] = incomingTask{kind: kind, step: step, due: due.UTC().Truncate(time.Microsecond)}
			order = append(order, owner)
		}
	}
	registrars := func(step string, due time.Time) error {
		ids, err := tx.UsersWithRoleInUnit(ctx, string(zhongshu.RoleRegistrar), 0)
		if err != nil {
			return err
		}
		for _, id := range ids {
			add(id, zhongshu.WorkTodo, step, due)
		}
		return nil
	}
	now := tx.Now()
	// 特急 the same working day, 加急 the next; otherwise slow.
	by := func(from time.Time, slow int) time.Time {
		n := slow
		switch d.Urgency {
		case zhongshu.UrgencyExtra:
			n = 0
		case zhongshu.UrgencyUrgent:
			n = min(slow, 1)
		}
		due, _ := a.DueIn(from, n)
		return due
	}
	switch d.Status {
	case zhongshu.IncomingReceived, zhongshu.IncomingSigned:
		due, _ := a.DueIn(d.ReceivedAt, 0)
		if d.RecipientUnitID != 0 {
			// Delivered inside Zhongshu to a unit: the unit signs for it the
			// same day; its own handling follows outside this register
			// unless the unit is the office itself.
			u, err := tx.FindUnitByID(ctx, d.RecipientUnitID)
			if err != nil {
				return nil, nil, err
			}
			if u.Type != zhongshu.UnitGovOffice {
				if d.Status == zhongshu.IncomingReceived {
					owner, err := unitOwner(ctx, tx, d.RecipientUnitID)
					if err != nil {
						return nil, nil, err
					}
					add(owner, zhongshu.WorkTodo, StepIncomingSign, due)
				}
				break
			}
		}
		if err := registrars(StepIncomingRegister, due); err != nil {
			return nil, nil, err
		}
	case zhongshu.IncomingRegistered:
		if d.Handling == zhongshu.HandlingRead {
			due, _ := a.DueIn(d.RegisteredAt, 0)
			if err := registrars(StepIncomingRoute, due); err != nil {
				return nil, nil, err
			}
		} else {
			add(d.ProposerID, zhongshu.WorkTodo, StepIncomingPropose, by(d.RegisteredAt, 1))
		}
	case zhongshu.IncomingProposed:
		add(d.ProposerID, zhongshu.WorkTodo, StepIncomingDispatch, by(now, 1))
	case zhongshu.IncomingAwaitingInstruction:
		for _, in := range d.Instructions {
			if !in.Done() && !in.SentAt.IsZero() {
				add(in.LeaderID, zhongshu.WorkTodo, StepIncomingInstruct, by(in.SentAt, 2))
			}
		}
		if d.InstructionsDone() {
			add(d.ProposerID, zhongshu.WorkTodo, StepIncomingAssign, by(now, 1))
		}
	case zhongshu.IncomingAssigned, zhongshu.IncomingInProgress:
		signDue, _ := a.DueIn(d.AssignedAt, 1)
		for _, as := range d.Assignments {
			owner, err := incomingUnitOwner(ctx, tx, as)
			if err != nil {
				return nil, nil, err
			}
			switch {
			case as.SignedAt.IsZero():
				add(owner, zhongshu.WorkTodo, StepIncomingAccept, signDue)
			case as.Role == zhongshu.AssignmentLead:
				add(owner, zhongshu.WorkTodo, StepIncomingHandle, as.DueAt)
			case as.InputAt.IsZero():
				add(owner, zhongshu.WorkTodo, StepIncomingCoInput, as.DueAt)
			}
		}
	case zhongshu.IncomingCirculating:
		for _, r := range d.Readers {
			if r.FinishedAt.IsZero() && !r.SentAt.IsZero() {
				due, _ := a.DueIn(r.SentAt, 2)
				add(r.PersonID, zhongshu.WorkToRead, StepIncomingRead, due)
			}
		}
	case zhongshu.IncomingReplied:
		due, _ := a.DueIn(d.ResultAt, 1)
		if err := registrars(StepIncomingComplete, due); err != nil {
			return nil, nil, err
		}
	}
	return want, order, nil
}

// incomingUnitOwner is the person who holds a unit's work on a document:
// its named person, else the unit's owner (unitOwner).
func incomingUnitOwner(ctx context.Context, tx *store.Tx, as zhongshu.IncomingAssignment) (int64, error) {
	if as.PersonID != 0 {
		return as.PersonID, nil
	}
	return unitOwner(ctx, tx, as.UnitID)
}

// syncIncomingWork brings the document's 待办/待阅 and its search index
// entry in step with its state: it closes open items that no longer match
// and registers and announces the missing ones. Unchanged work keeps its
// item, so its 压 and reminders carry on. Every change of a document ends
// here.
func (a *App) syncIncomingWork(ctx context.Context, tx *store.Tx, d *zhongshu.IncomingDoc) error {
	want, order, err := a.incomingTasks(ctx, tx, d)
	if err != nil {
		return err
	}
	open, err := tx.FindOpenWorkItems(ctx, IncomingModule, IncomingRefType, d.ID)
	if err != nil {
		return err
	}
	have := map[int64]bool{}
	for _, w := range open {
		if t, ok := want[w.OwnerID]; ok && t.kind == w.Kind && t.step == w.Step && t.due.Equal(w.DueAt) &&
			w.Urgency == d.Urgency {
			have[w.OwnerID] = true
			continue
		}
		if _, err := tx.CloseWorkItems(ctx, IncomingModule, IncomingRefType, d.ID, w.OwnerID); err != nil {
			return err
		}
	}
	title := incomingTitle(d)
	for _, owner := range order {
		if have[owner] {
			continue
		}
		t := want[owner]
		w := &zhongshu.WorkItem{OwnerID: owner, Kind: t.kind, Module: IncomingModule, RefType: IncomingRefType,
			RefID: d.ID, Title: title, Step: t.step, Urgency: d.Urgency, DueAt: t.due, URL: IncomingURL(d.ID)}
		if err := a.AddWork(ctx, tx, w); err != nil {
			return err
		}
		body := "请及时办理。"
		if !t.due.IsZero() {
			body = fmt.Sprintf("请于%s前%s。", dateLabel(t.due), t.step)
		}
		subject := fmt.Sprintf("【收文%s】%s", t.step, title)
		if l := d.Urgency.Label(); l != "" {
			subject = "【" + l + "】" + subject
		}
		if err := notice(ctx, tx, owner, "incoming", subject, body, w.URL); err != nil {
			return err
		}
	}
	return a.reindex(ctx, tx, IncomingModule, d.ID)
}
