package app

import (
	"context"
	"fmt"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// supervisionTask is the 待办 one person should hold on an item.
type supervisionTask struct {
	step string
	due  time.Time
}

// syncSupervisionWork brings the item's 待办 and its search index entry in
// step with its state: it works out who should hold what
// (supervisionTasks), closes the open items that no longer match, and
// registers and announces the missing ones. Work that is unchanged keeps
// its item, so its 压 and reminders carry on. It returns the item's open
// work items after it, as FindOpenWorkItems would read them, so that the
// action need not read them again (actOnWorkItems).
func (a *App) syncSupervisionWork(ctx context.Context, tx *store.Tx, it *zhongshu.SupervisionItem) ([]*zhongshu.WorkItem, error) {
	want, order, err := a.supervisionTasks(ctx, tx, it)
	if err != nil {
		return nil, err
	}
	open, err := tx.FindOpenWorkItems(ctx, SupervisionModule, SupervisionRefType, it.ID)
	if err != nil {
		return nil, err
	}
	have, closed := map[int64]bool{}, map[int64]bool{}
	for _, w := range open {
		if w.Kind != zhongshu.WorkTodo {
			continue
		}
		if t, ok := want[w.OwnerID]; ok && t.step == w.Step && t.due.Equal(w.DueAt) {
			have[w.OwnerID] = true
			continue
		}
		// All of the owner's open items on the item close, 待阅 too.
		if _, err := tx.CloseWorkItems(ctx, SupervisionModule, SupervisionRefType, it.ID, w.OwnerID); err != nil {
			return nil, err
		}
		closed[w.OwnerID] = true
	}
	var after []*zhongshu.WorkItem
	for _, w := range open {
		if !closed[w.OwnerID] {
			after = append(after, w)
		}
	}
	title := it.Number + " " + it.Title
	for _, owner := range order {
		if have[owner] {
			continue
		}
		t := want[owner]
		w := &zhongshu.WorkItem{OwnerID: owner, Kind: zhongshu.WorkTodo, Module: SupervisionModule, RefType: SupervisionRefType,
			RefID: it.ID, Title: title, Step: t.step, DueAt: t.due, URL: SupervisionURL(it.ID)}
		if err := a.AddWork(ctx, tx, w); err != nil {
			return nil, err
		}
		if w.ID != 0 {
			after = append(after, w)
		}
		body := "请及时办理。"
		if !t.due.IsZero() {
			body = fmt.Sprintf("办理期限：%s。", dateLabel(t.due))
		}
		if err := notice(ctx, tx, owner, "supervision", fmt.Sprintf("【督办%s】%s", t.step, title), body, w.URL); err != nil {
			return nil, err
		}
	}
	return after, a.reindexSupervision(ctx, tx, it)
}

// supervisionTasks says who should hold which 待办 on the item now:
//
//   - PENDING_APPROVAL: the office director, 立项审批;
//   - while the item is out with the units (ISSUED to EXTENSION_PENDING):
//     each unit that has neither signed nor objected, 签收 within 1 working
//     day of 交办; the signed lead unit, 办理 by the item's due; each signed
//     co unit that has not sent its input, 协办意见 by its sub-deadline;
//   - TRANSFER_REQUESTED: the 督查员, 处理转办申请; EXTENSION_PENDING: the
//     督查员, 审批延期; UNDER_REVIEW: the 督查员, 审核办结;
//   - LEADER_REVIEW: the reviewing leader, 审阅; COMPLETED: the 督查员, 评价销号;
//   - nothing for drafts, suspended, closed, archived and cancelled items.
//
// A unit's work goes to the assignment's 责任人, or else to the unit's
// 督办联络员 (or its 联络员). One person holds one 待办 per item: the first
// task found wins.
func (a *App) supervisionTasks(ctx context.Context, tx *store.Tx, it *zhongshu.SupervisionItem) (map[int64]supervisionTask, []int64, error) {
	want := map[int64]supervisionTask{}
	var order []int64
	add := func(owner int64, step string, due time.Time) {
		if _, ok := want[owner]; owner != 0 && !ok {
			want[owner] = supervisionTask{step: step, due: due.UTC().Truncate(time.Microsecond)}
			order = append(order, owner)
		}
	}
	switch it.Status {
	case zhongshu.SupervisionPendingApproval:
		ids, err := tx.UsersWithRoleInUnit(ctx, string(zhongshu.RoleOfficeDirector), 0)
		if err != nil {
			return nil, nil, err
		}
		due, _ := a.DueIn(tx.Now(), 1)
		for _, id := range ids {
			add(id, StepSupervisionApprove, due)
		}
	case zhongshu.SupervisionTransferRequested:
		add(it.SupervisorID, StepSupervisionTransfer, time.Time{})
	case zhongshu.SupervisionExtensionPending:
		add(it.SupervisorID, StepSupervisionExtension, it.DueAt)
	case zhongshu.SupervisionUnderReview:
		add(it.SupervisorID, StepSupervisionReview, time.Time{})
	case zhongshu.SupervisionLeaderReview:
		reviewers := []int64{it.AssigningLeaderID}
		if it.AssigningLeaderID == 0 {
			reviewers = []int64{it.ResponsibleLeaderID}
		}
		if reviewers[0] == 0 {
			ids, err := tx.UsersWithRoleInUnit(ctx, string(zhongshu.RoleOfficeDirector), 0)
			if err != nil {
				return nil, nil, err
			}
			reviewers = ids
		}
		for _, id := range reviewers {
			add(id, StepSupervisionLeader, time.Time{})
		}
	case zhongshu.SupervisionCompleted:
		add(it.SupervisorID, StepSupervisionEvaluation, time.Time{})
	}
	switch it.Status {
	case zhongshu.SupervisionIssued, zhongshu.SupervisionInProgress, zhongshu.SupervisionTransferRequested,
		zhongshu.SupervisionExtensionPending:
		signDue, _ := a.DueIn(it.IssuedAt, 1)
		for _, as := range it.Assignments {
			owner, err := assignmentOwner(ctx, tx, as)
			if err != nil {
				return nil, nil, err
			}
			switch {
			case as.SignedAt.IsZero() && as.ObjectedAt.IsZero():
				add(owner, StepSupervisionSign, signDue)
			case as.SignedAt.IsZero():
				// Objected: the 督查室 decides; nothing to do meanwhile.
			case as.Role == zhongshu.AssignmentLead:
				add(owner, StepSupervisionHandle, it.DueAt)
			case as.CoInputAt.IsZero():
				due := as.CoInputDue
				if due.IsZero() {
					due = it.DueAt
				}
				add(owner, StepSupervisionCoInput, due)
			}
		}
	}
	return want, order, nil
}

// assignmentOwner is the person who holds a unit's work on an item.
func assignmentOwner(ctx context.Context, tx *store.Tx, as zhongshu.Assignment) (int64, error) {
	if as.PersonID != 0 {
		return as.PersonID, nil
	}
	u, err := tx.FindUnitByID(ctx, as.UnitID)
	if err != nil {
		return 0, err
	}
	if u.SupervisionLiaisonID != 0 {
		return u.SupervisionLiaisonID, nil
	}
	return u.LiaisonID, nil
}
