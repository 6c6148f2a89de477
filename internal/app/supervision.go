package app

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/calendar"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/supervision"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// The 督办 items' place in the 待办 lists and the notices.
const (
	SupervisionModule  = "supervision"
	SupervisionRefType = "item"
)

// SupervisionURL is the page of item id.
func SupervisionURL(id int64) string { return fmt.Sprintf("/supervision/%d", id) }

// Steps of the 督办 待办, one open item per person and 督办 item at a time.
const (
	StepSupervisionApprove    = "立项审批"
	StepSupervisionSign       = "签收"
	StepSupervisionHandle     = "办理"
	StepSupervisionCoInput    = "协办意见"
	StepSupervisionTransfer   = "处理转办申请"
	StepSupervisionExtension  = "审批延期"
	StepSupervisionReview     = "审核办结"
	StepSupervisionLeader     = "审阅"
	StepSupervisionEvaluation = "评价销号"
)

// CreateSupervisionItem registers a draft 督办 item (拟立项). Only the
// 督查室 drafts items; the item gets the next 督办编号 of the year, the
// actor as its 督查员 unless another is named, and status DRAFT.
func (a *App) CreateSupervisionItem(ctx context.Context, actor *zhongshu.Actor, it *zhongshu.SupervisionItem) error {
	if !actor.User.HasRole(zhongshu.RoleSupervisor) {
		return a.deny(ctx, actor, "supervision.create", zhongshu.Errorf(zhongshu.CodeForbidden, "督办事项由督查员立项。"))
	}
	now := a.clock.Now()
	*it = zhongshu.SupervisionItem{Title: it.Title, Source: it.Source, SourceRef: it.SourceRef, Content: it.Content,
		AssigningLeaderID: it.AssigningLeaderID, ResponsibleLeaderID: it.ResponsibleLeaderID, SupervisorID: it.SupervisorID,
		Status: zhongshu.SupervisionDraft, DueAt: it.DueAt, FeedbackCycle: it.FeedbackCycle,
		Milestones: slices.Clone(it.Milestones), Assignments: slices.Clone(it.Assignments), CreatedAt: now}
	for i, as := range it.Assignments { // the units act on them later
		it.Assignments[i] = zhongshu.Assignment{UnitID: as.UnitID, Role: as.Role, PersonID: as.PersonID, CoInputDue: as.CoInputDue}
	}
	if it.SupervisorID == 0 {
		it.SupervisorID = actor.ID()
	}
	if it.DueAt.IsZero() { // the county's default for the source, if any (§5.2)
		it.DueAt, _, _ = a.SupervisionDefaultDue(it.Source, now)
	}
	if err := it.Validate(); err != nil {
		return err
	}
	return a.db.Transact(ctx, func(tx *store.Tx) error {
		if err := checkSupervisionRefs(ctx, tx, it); err != nil {
			return err
		}
		return a.createSupervisionItem(ctx, tx, actor, it, "")
	})
}

// createSupervisionItem numbers and stores a valid draft, with its first
// timeline event and its audit entry.
func (a *App) createSupervisionItem(ctx context.Context, tx *store.Tx, actor *zhongshu.Actor, it *zhongshu.SupervisionItem, text string) error {
	year := tx.Now().In(chinaTime).Year()
	n, err := tx.NextSupervisionNumber(ctx, year)
	if err != nil {
		return err
	}
	it.Number = store.SupervisionNumber(year, n)
	if err := tx.CreateSupervisionItem(ctx, it, year, n); err != nil {
		return err
	}
	if err := tx.AddSupervisionEvent(ctx, &store.SupervisionEvent{ItemID: it.ID, ActorID: actor.ID(), ActorName: actor.User.Name,
		Action: "create", ToStatus: it.Status, Text: text}); err != nil {
		return err
	}
	if err := a.record(ctx, tx, actor, event{action: "supervision.create", objectType: "supervision", objectID: it.ID,
		to: string(it.Status), detail: fmt.Sprintf("督办立项登记：%s %s", it.Number, it.Title)}); err != nil {
		return err
	}
	return a.reindexSupervision(ctx, tx, it)
}

// checkSupervisionRefs checks that the people and units named exist.
func checkSupervisionRefs(ctx context.Context, tx *store.Tx, it *zhongshu.SupervisionItem) error {
	var p zhongshu.Problems
	for field, id := range map[string]int64{"assigning_leader_id": it.AssigningLeaderID,
		"responsible_leader_id": it.ResponsibleLeaderID, "supervisor_id": it.SupervisorID} {
		if err := checkActiveUser(ctx, tx, id, field, &p); err != nil {
			return err
		}
	}
	for _, as := range it.Assignments {
		if _, err := tx.FindUnitByID(ctx, as.UnitID); zhongshu.ErrorCode(err) == zhongshu.CodeNotFound {
			p.Add("assignments", "承办单位不存在")
		} else if err != nil {
			return err
		}
		if err := checkActiveUser(ctx, tx, as.PersonID, "assignments", &p); err != nil {
			return err
		}
	}
	return p.Err()
}

// SupervisionRequest is an action on an item, as the form sends it.
type SupervisionRequest struct {
	Action      supervision.Action
	NewDue      time.Time             // RequestExtension, ApproveExtension
	Reason      string                // reason, progress, 协办意见 or new 批示
	Assignments []zhongshu.Assignment // Reassign
	// Milestone is the 1-based index of the 办理节点 a Report of the lead
	// unit says is done; 0 for none.
	Milestone int
}

// ActOnSupervision applies one action of the 督办 lifecycle (DOMAIN.md
// §5.4) to item id: it loads the item, lets the workflow decide, saves the
// outcome, appends the timeline event and the audit entry, and brings
// everyone's 待办 in step with the new state, notifying those who get new
// work — all in one transaction. Refusals are the workflow's errors and
// change nothing; an item the actor may not see is not found.
func (a *App) ActOnSupervision(ctx context.Context, actor *zhongshu.Actor, id int64, req SupervisionRequest) (*zhongshu.SupervisionItem, error) {
	var out supervision.Outcome
	err := a.db.Transact(ctx, func(tx *store.Tx) (err error) {
		out, _, err = a.actOnSupervision(ctx, tx, actor, id, req)
		return err
	})
	if zhongshu.ErrorCode(err) == zhongshu.CodeForbidden {
		return nil, a.deny(ctx, actor, "supervision."+string(req.Action), err)
	}
	if err != nil {
		return nil, err
	}
	return &out.Item, nil
}

// actOnSupervision is ActOnSupervision in tx. It also returns the item's
// open work items after the action.
func (a *App) actOnSupervision(ctx context.Context, tx *store.Tx, actor *zhongshu.Actor, id int64, req SupervisionRequest) (out supervision.Outcome, open []*zhongshu.WorkItem, err error) {
	it, err := tx.FindSupervisionItemByID(ctx, id)
	if err != nil {
		return out, nil, err
	}
	if !canSeeSupervision(actor, it) {
		return out, nil, errSupervisionNotFound
	}
	out, err = supervision.Apply(*it, supervision.Request{Action: req.Action, Actor: actor, ActorUnits: actorUnits(actor),
		Now: tx.Now(), NewDue: req.NewDue, Reason: req.Reason, Assignments: req.Assignments, WorkdaysSince: a.workdaysSince,
		Milestone: req.Milestone})
	if err != nil {
		return out, nil, err
	}
	if req.Action == supervision.Reassign {
		if err := checkSupervisionRefs(ctx, tx, &out.Item); err != nil {
			return out, nil, err
		}
	}
	if err := tx.UpdateSupervisionItem(ctx, &out.Item, it); err != nil {
		return out, nil, err
	}
	text := req.Reason
	switch req.Action {
	case supervision.RequestExtension:
		text = fmt.Sprintf("申请延至%s。%s", dateLabel(out.Item.RequestedDueAt), req.Reason)
	case supervision.ApproveExtension:
		text = fmt.Sprintf("办结时限延至%s。%s", dateLabel(out.Item.DueAt), req.Reason)
	case supervision.Report:
		if n := req.Milestone; n > 0 {
			text = fmt.Sprintf("完成节点：%s。%s", out.Item.Milestones[n-1].Name, req.Reason)
		}
	}
	if err := tx.AddSupervisionEvent(ctx, &store.SupervisionEvent{ItemID: id, ActorID: actor.ID(), ActorName: actor.User.Name,
		Action: string(req.Action), FromStatus: out.From, ToStatus: out.To, Text: text}); err != nil {
		return out, nil, err
	}
	detail := fmt.Sprintf("%s：%s %s", req.Action.Label(), it.Number, it.Title)
	if text != "" {
		detail += "。" + text
	}
	if err := a.record(ctx, tx, actor, event{action: "supervision." + string(req.Action), objectType: "supervision",
		objectID: id, from: string(out.From), to: string(out.To), detail: detail}); err != nil {
		return out, nil, err
	}
	if open, err = a.syncSupervisionWork(ctx, tx, &out.Item); err != nil {
		return out, nil, err
	}
	if err := a.actOnWorkItems(ctx, tx, open, actor.ID()); err != nil {
		return out, nil, err
	}
	if out.FollowUp {
		return out, open, a.followUpSupervision(ctx, tx, actor, &out.Item, req.Reason)
	}
	return out, open, nil
}

// followUpSupervision drafts the new item a leader's new 批示 calls for
// (§5.4 "COMPLETED + new item"): same units and people, the 批示 as its
// source and requirements, the 非急件 deadline of 15 working days (§5.2).
// The 督查员 reviews the draft and submits it.
func (a *App) followUpSupervision(ctx context.Context, tx *store.Tx, actor *zhongshu.Actor, done *zhongshu.SupervisionItem, instruction string) error {
	due, _ := a.DueIn(tx.Now(), 15)
	it := &zhongshu.SupervisionItem{Title: done.Title, Source: zhongshu.SourceInstruction,
		SourceRef: fmt.Sprintf("%s办结时%s的新批示：%s", done.Number, actor.User.Name, instruction), Content: instruction,
		AssigningLeaderID: done.AssigningLeaderID, ResponsibleLeaderID: done.ResponsibleLeaderID,
		SupervisorID: done.SupervisorID, Status: zhongshu.SupervisionDraft, DueAt: due, FeedbackCycle: zhongshu.FeedbackOnce}
	for _, as := range done.Assignments {
		it.Assignments = append(it.Assignments, zhongshu.Assignment{UnitID: as.UnitID, Role: as.Role, PersonID: as.PersonID})
	}
	if err := it.Validate(); err != nil {
		return err
	}
	if err := a.createSupervisionItem(ctx, tx, actor, it, "由"+done.Number+"办结时的新批示生成"); err != nil {
		return err
	}
	return notice(ctx, tx, it.SupervisorID, "supervision", "【督办】领导作出新批示，已生成督办草稿："+it.Title,
		instruction, SupervisionURL(it.ID))
}

var errSupervisionNotFound = zhongshu.Errorf(zhongshu.CodeNotFound, "督办事项不存在或已被删除。")

// workdaysSince counts working days on the calendar in force.
func (a *App) workdaysSince(from, to time.Time) int {
	return a.Calendar().WorkdaysBetween(calendar.DateOf(from, chinaTime), calendar.DateOf(to, chinaTime))
}

func dateLabel(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(chinaTime).Add(-time.Nanosecond).Format("2006年1月2日")
}

// actorUnits are the units the actor works for: its posts.
func actorUnits(actor *zhongshu.Actor) []int64 {
	var ids []int64
	for _, p := range actor.User.Posts {
		ids = append(ids, p.UnitID)
	}
	return ids
}

// seesAllSupervision reports whether the actor sees every item (DOMAIN.md
// §2.8): the 督查室, office leadership, and whoever sees the whole ledger.
func seesAllSupervision(actor *zhongshu.Actor) bool {
	u := actor.User
	return u.HasRole(zhongshu.RoleSupervisor) || u.HasRole(zhongshu.RoleOfficeDirector) ||
		u.HasRole(zhongshu.RoleOfficeDeputy) || actor.Can(zhongshu.PermLedgerAll)
}

// canSeeSupervision: everyone who sees all items, the leaders concerned,
// the item's 督查员, and the members and named persons of its units.
func canSeeSupervision(actor *zhongshu.Actor, it *zhongshu.SupervisionItem) bool {
	if seesAllSupervision(actor) {
		return true
	}
	people := actor.OwnerIDs()
	for _, id := range []int64{it.AssigningLeaderID, it.ResponsibleLeaderID, it.SupervisorID} {
		if id != 0 && slices.Contains(people, id) {
			return true
		}
	}
	units := actorUnits(actor)
	for _, as := range it.Assignments {
		if slices.Contains(units, as.UnitID) || (as.PersonID != 0 && slices.Contains(people, as.PersonID)) {
			return true
		}
	}
	return false
}

// supervisionScope is canSeeSupervision as a filter (nil: everything).
func supervisionScope(actor *zhongshu.Actor) *store.SupervisionScope {
	if seesAllSupervision(actor) {
		return nil
	}
	return &store.SupervisionScope{People: actor.OwnerIDs(), Units: actorUnits(actor)}
}

// SupervisionDetail is an item as one viewer sees it.
type SupervisionDetail struct {
	Item    *zhongshu.SupervisionItem
	Events  []*store.SupervisionEvent
	Light   zhongshu.SupervisionLight
	Allowed []supervision.Action // what the viewer may do now
	// Milestones are the open 办理节点 (1-based) the viewer may report done
	// with a 阶段反馈 now: those of the lead unit's people.
	Milestones []int
}

// FindSupervisionItem returns item id with its timeline, light and the
// actions the actor may take, or not-found when the actor may not see it.
func (a *App) FindSupervisionItem(ctx context.Context, actor *zhongshu.Actor, id int64) (*SupervisionDetail, error) {
	var d SupervisionDetail
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		if d.Item, err = tx.FindSupervisionItemByID(ctx, id); err != nil {
			return err
		}
		if !canSeeSupervision(actor, d.Item) {
			return errSupervisionNotFound
		}
		d.Events, err = tx.FindSupervisionEvents(ctx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	now := a.clock.Now()
	d.Light = a.supervisionLight(d.Item, now)
	d.Allowed = supervision.Allowed(*d.Item, actor, actorUnits(actor), now, a.workdaysSince)
	d.Milestones = supervision.OpenMilestones(*d.Item, actor, actorUnits(actor), now)
	return &d, nil
}

// SupervisionLight is the 督办灯 of it now.
func (a *App) SupervisionLight(it *zhongshu.SupervisionItem) zhongshu.SupervisionLight {
	return a.supervisionLight(it, a.clock.Now())
}

func (a *App) supervisionLight(it *zhongshu.SupervisionItem, now time.Time) zhongshu.SupervisionLight {
	left := 0
	if !it.DueAt.IsZero() {
		left = a.workdaysSince(now, it.DueAt.Add(-time.Nanosecond))
	}
	rules := supervision.DefaultLightRules
	if a.cfg.WarnWorkdays > 0 {
		rules.WarnWorkdays = a.cfg.WarnWorkdays
	}
	return supervision.Light(*it, now, left, false, rules)
}

// SupervisionList is one page of items with their lights.
type SupervisionList struct {
	Items  []*zhongshu.SupervisionItem
	Lights []zhongshu.SupervisionLight // one per item
	Total  int
}

// FindSupervisionItems lists the items matching f that the actor may see;
// the scope is applied in the query, so pages and totals count only those.
func (a *App) FindSupervisionItems(ctx context.Context, actor *zhongshu.Actor, f store.SupervisionFilter, page Page) (*SupervisionList, error) {
	page = page.Normalize()
	f.Offset, f.Limit, f.Scope = page.Offset, page.Limit, supervisionScope(actor)
	var l SupervisionList
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		l.Items, l.Total, err = tx.FindSupervisionItems(ctx, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	now := a.clock.Now()
	for _, it := range l.Items {
		l.Lights = append(l.Lights, a.supervisionLight(it, now))
	}
	return &l, nil
}
