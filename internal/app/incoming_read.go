package app

import (
	"context"
	"fmt"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/incoming"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// Holder is someone who holds a document now (公文去向): whose 待办 or 待阅
// it sits in, for what, since when and by when.
type Holder struct {
	PersonID int64
	Kind     zhongshu.WorkKind
	Step     string
	Since    time.Time
	DueAt    time.Time
	Level    int  // the deadline engine's escalation
	Held     bool // 压
}

// IncomingDetail is a document as one viewer sees it.
type IncomingDetail struct {
	Doc         *zhongshu.IncomingDoc
	Events      []*store.IncomingEvent
	Attachments []*zhongshu.Attachment
	Holders     []Holder          // 去向
	Allowed     []incoming.Action // what the viewer may do now
	CanLink     bool              // the viewer may make a 督办 item of it
	Deadline    zhongshu.DeadlineState
}

// FindIncomingDoc returns document id with its timeline, attachments,
// holders and the actions the actor may take, or not-found when the actor
// may not see it.
func (a *App) FindIncomingDoc(ctx context.Context, actor *zhongshu.Actor, id int64) (*IncomingDetail, error) {
	var d IncomingDetail
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		if d.Doc, err = tx.FindIncomingByID(ctx, id); err != nil {
			return err
		}
		if ok, err := a.canSeeIncoming(ctx, tx, actor, d.Doc); err != nil {
			return err
		} else if !ok {
			return errIncomingNotFound
		}
		if d.Events, err = tx.FindIncomingEvents(ctx, id); err != nil {
			return err
		}
		if d.Attachments, err = tx.FindAttachments(ctx, IncomingModule, id); err != nil {
			return err
		}
		open, err := tx.FindOpenWorkItems(ctx, IncomingModule, IncomingRefType, id)
		if err != nil {
			return err
		}
		for _, w := range open {
			d.Holders = append(d.Holders, Holder{PersonID: w.OwnerID, Kind: w.Kind, Step: w.Step, Since: w.CreatedAt,
				DueAt: w.DueAt, Level: w.Level, Held: w.Held})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	now := a.clock.Now()
	d.Allowed = incoming.Allowed(*d.Doc, actor, actorUnits(actor), now)
	d.CanLink = actor.User.HasRole(zhongshu.RoleSupervisor) && d.Doc.SupervisionItemID == 0 &&
		d.Doc.Status.Registered() && d.Doc.Status != zhongshu.IncomingVoided && d.Doc.Status != zhongshu.IncomingReturned
	d.Deadline = incomingDeadline(d.Doc, now)
	return &d, nil
}

// incomingDeadline is the document's light: grey when finished, else by its
// 办理时限 (none when it has none).
func incomingDeadline(d *zhongshu.IncomingDoc, now time.Time) zhongshu.DeadlineState {
	if !d.Status.Open() {
		return zhongshu.DeadlineDone
	}
	w := zhongshu.WorkItem{DueAt: d.DueAt}
	return w.Deadline(now)
}

// IncomingList is one page of documents.
type IncomingList struct {
	Docs      []*zhongshu.IncomingDoc
	Deadlines []zhongshu.DeadlineState // one per document
	Total     int
	More      bool // Total stopped counting at store.MaxIncomingCount
}

// FindIncomingDocs lists the documents matching f that the actor may see;
// the scope is applied in the query, so pages and totals count only those.
func (a *App) FindIncomingDocs(ctx context.Context, actor *zhongshu.Actor, f store.IncomingFilter, page Page) (*IncomingList, error) {
	if !actor.Can(zhongshu.PermDelegateOwn) { // the three administrators handle no documents
		return nil, zhongshu.Errorf(zhongshu.CodeForbidden, "管理员账号不处理公文。")
	}
	page = page.Normalize()
	f.Offset, f.Limit, f.Scope = page.Offset, page.Limit, incomingScope(actor)
	var l IncomingList
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		l.Docs, l.Total, err = tx.FindIncoming(ctx, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	if l.Total > store.MaxIncomingCount {
		l.Total, l.More = store.MaxIncomingCount, true
	}
	now := a.clock.Now()
	for _, d := range l.Docs {
		l.Deadlines = append(l.Deadlines, incomingDeadline(d, now))
	}
	return &l, nil
}

// MarkIncomingOpened records that a 传阅 reader has opened the document
// (the reader was reached: 不得漏传). It writes only the first time.
func (a *App) MarkIncomingOpened(ctx context.Context, actor *zhongshu.Actor, id int64) error {
	return a.db.Transact(ctx, func(tx *store.Tx) error {
		d, err := tx.FindIncomingByID(ctx, id)
		if err != nil {
			return err
		}
		if d.Status != zhongshu.IncomingCirculating {
			return nil
		}
		changed := false
		for i, r := range d.Readers {
			if r.OpenedAt.IsZero() && !r.SentAt.IsZero() && actorHolds(actor, r.PersonID) {
				d.Readers[i].OpenedAt, changed = tx.Now(), true
				if err := tx.ClearOwnerFlags(ctx, IncomingModule, IncomingRefType, id, r.PersonID, "传阅对象已阅看",
					zhongshu.FlagMissed); err != nil {
					return err
				}
			}
		}
		if !changed {
			return nil
		}
		if err := tx.UpdateIncoming(ctx, d); err != nil {
			return err
		}
		return a.ActOnWork(ctx, tx, IncomingModule, IncomingRefType, id, actor.ID())
	})
}

func actorHolds(actor *zhongshu.Actor, id int64) bool {
	for _, o := range actor.OwnerIDs() {
		if o == id {
			return true
		}
	}
	return false
}

// VoidedIncomingNumbers lists the year's voided 收文号 (文电科 and office
// leadership only).
func (a *App) VoidedIncomingNumbers(ctx context.Context, actor *zhongshu.Actor, year int) ([]store.VoidedNumber, error) {
	if !seesAllIncoming(actor) {
		return nil, zhongshu.Errorf(zhongshu.CodeForbidden, "只有文电科和办公室领导可以查看作废号。")
	}
	var out []store.VoidedNumber
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		out, err = tx.FindVoidedIncomingNumbers(ctx, year)
		return err
	})
	return out, err
}

// CreateSupervisionFromIncoming makes a draft 督办 item of a 收文 and its
// 批示 in one action, linked both ways (DOMAIN.md §3.5.1 "批示 may also spawn
// a 督办事项", §5.2). The 督查员 completes and submits the draft.
func (a *App) CreateSupervisionFromIncoming(ctx context.Context, actor *zhongshu.Actor, docID int64) (*zhongshu.SupervisionItem, error) {
	if !actor.User.HasRole(zhongshu.RoleSupervisor) {
		return nil, a.deny(ctx, actor, "incoming.link_item", zhongshu.Errorf(zhongshu.CodeForbidden, "督办事项由督查员立项。"))
	}
	var it *zhongshu.SupervisionItem
	err := a.db.Transact(ctx, func(tx *store.Tx) error {
		d, err := tx.FindIncomingByID(ctx, docID)
		if err != nil {
			return err
		}
		if ok, err := a.canSeeIncoming(ctx, tx, actor, d); err != nil {
			return err
		} else if !ok {
			return errIncomingNotFound
		}
		if d.SupervisionItemID != 0 {
			return zhongshu.Errorf(zhongshu.CodeConflict, "该收文已转为督办事项。")
		}
		if !d.Status.Registered() || d.Status == zhongshu.IncomingVoided || d.Status == zhongshu.IncomingReturned {
			return zhongshu.Errorf(zhongshu.CodePrecondition, "该收文当前为“%s”，不能转为督办事项。", d.Status.Label())
		}
		it, err = a.supervisionDraftOf(ctx, tx, actor, d)
		if err != nil {
			return err
		}
		if err := a.createSupervisionItem(ctx, tx, actor, it, "由收文"+d.Number+"生成"); err != nil {
			return err
		}
		if err := tx.LinkIncomingSupervision(ctx, d.ID, it.ID); err != nil {
			return err
		}
		if err := tx.AddIncomingEvent(ctx, &store.IncomingEvent{DocID: d.ID, ActorID: actor.ID(), ActorName: actor.User.Name,
			Action: string(incoming.LinkItem), FromStatus: d.Status, ToStatus: d.Status,
			Text: "已转为督办事项 " + it.Number}); err != nil {
			return err
		}
		return a.record(ctx, tx, actor, event{action: "incoming.link_item", objectType: "incoming", objectID: d.ID,
			detail: fmt.Sprintf("收文 %s 转督办：%s", d.Number, it.Number)})
	})
	if err != nil {
		return nil, err
	}
	return it, nil
}

// supervisionDraftOf drafts the 督办 item of a document: its 批示 (or, with
// none, the document itself) as the source, its units as the assignments.
func (a *App) supervisionDraftOf(ctx context.Context, tx *store.Tx, actor *zhongshu.Actor, d *zhongshu.IncomingDoc) (*zhongshu.SupervisionItem, error) {
	it := &zhongshu.SupervisionItem{Title: d.Title, Source: zhongshu.SourceDocument, SupervisorID: actor.ID(),
		Status: zhongshu.SupervisionDraft, FeedbackCycle: zhongshu.FeedbackOnce, Content: d.Summary}
	ref := fmt.Sprintf("收文%s（%s %s）", d.Number, d.SenderName, d.SenderNumber)
	for _, in := range d.Instructions {
		if !in.Done() {
			continue
		}
		u, err := tx.FindUserByID(ctx, in.LeaderID)
		if err != nil {
			return nil, err
		}
		it.Source, it.AssigningLeaderID = zhongshu.SourceInstruction, in.LeaderID
		ref += fmt.Sprintf("；%s %s批示：%s", u.Name, in.At.In(chinaTime).Format("2006年1月2日"), in.Text)
		if it.Content == "" {
			it.Content = in.Text
		}
	}
	if it.Content == "" {
		it.Content = "按来文要求办理：" + d.Title
	}
	it.SourceRef = truncateRunes(ref, zhongshu.MaxSupervisionRef)
	it.Title = truncateRunes(it.Title, zhongshu.MaxSupervisionTitle)
	for _, as := range d.Assignments {
		it.Assignments = append(it.Assignments, zhongshu.Assignment{UnitID: as.UnitID, Role: as.Role, PersonID: as.PersonID})
	}
	switch {
	case !d.DueAt.IsZero() && d.DueAt.After(tx.Now()):
		it.DueAt = d.DueAt
	default:
		it.DueAt, _, _ = a.SupervisionDefaultDue(it.Source, tx.Now())
		if it.DueAt.IsZero() {
			it.DueAt, _ = a.DueIn(tx.Now(), 15)
		}
	}
	if len(it.Assignments) == 0 {
		// The draft cannot be saved without a 主办; the 督查员 names one
		// later. Validate would refuse it, so a placeholder is not made:
		return nil, zhongshu.Errorf(zhongshu.CodePrecondition, "该收文尚未交办承办单位，请交办后再转督办。")
	}
	if err := it.Validate(); err != nil {
		return nil, err
	}
	return it, nil
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
