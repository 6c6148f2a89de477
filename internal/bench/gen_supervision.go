package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

var itemVerbs = []string{"加快推进", "抓紧落实", "限期办理", "认真做好", "着力解决", "全面完成", "扎实推进"}
var itemTails = []string{"相关工作", "突出问题整改", "整改任务", "年度目标任务", "群众反映问题", "重点任务"}

var sourceWeights = []struct {
	source zhongshu.SupervisionSource
	weight int
}{
	{zhongshu.SourceInstruction, 30}, {zhongshu.SourceMeeting, 20}, {zhongshu.SourceDecision, 10},
	{zhongshu.SourceHigher, 10}, {zhongshu.SourceNPCCPPCC, 8}, {zhongshu.SourceHotline, 10},
	{zhongshu.SourceWorkPlan, 5}, {zhongshu.SourceDocument, 4}, {zhongshu.SourceMedia, 3},
}

// How far a generated 督办 item has got in its lifecycle.
const (
	sDraft = iota
	sPending
	sIssued
	sInProgress
	sTransfer
	sExtension
	sUnderReview
	sLeaderReview
	sCompleted
	sClosed
	sArchived
	sSuspended
	sCancelled
)

// supervisionStage picks how far an item created age ago has got: older
// than 60 days nearly all 已销号 or 已归档, a few per cent still open (overdue
// by now), suspended or cancelled; newer ones in every state.
func (g *generator) supervisionStage(age time.Duration) int {
	switch {
	case age < 2*day:
		return []int{sDraft, sPending, sIssued, sInProgress}[g.weighted(10, 20, 50)]
	case age < 60*day:
		return []int{sIssued, sInProgress, sExtension, sTransfer, sUnderReview, sLeaderReview, sCompleted,
			sClosed}[g.weighted(4, 50, 3, 2, 8, 7, 6)]
	}
	return []int{sInProgress, sUnderReview, sLeaderReview, sCompleted, sSuspended, sCancelled, sClosed,
		sArchived}[g.weighted(2, 1, 1, 1, 1, 2, 52)]
}

// itemRoute is a 督办 item being generated with its timeline.
type itemRoute struct {
	g      *generator
	it     *zhongshu.SupervisionItem
	events []*store.SupervisionEvent
	step   time.Duration // between the lifecycle's steps
	sup    *zhongshu.User
	leader *zhongshu.User
}

func (r *itemRoute) stepAt(k int) time.Time { return r.it.CreatedAt.Add(time.Duration(k) * r.step) }

// ev adds a timeline entry.
func (r *itemRoute) ev(t time.Time, actor int64, action string, from, to zhongshu.SupervisionStatus, text string) {
	r.events = append(r.events, &store.SupervisionEvent{At: t, ActorID: actor, ActorName: r.g.person(actor).Name,
		Action: action, FromStatus: from, ToStatus: to, Text: text})
}

// supervisionItem generates the i-th of n items with its timeline.
func (g *generator) supervisionItem(i, n int, seqs map[int]int) (store.BulkSupervisionItem, []*store.SupervisionEvent) {
	c := g.c
	created := g.at(i, n)
	age := g.now.Sub(created)
	st := g.supervisionStage(age)
	topic := g.text.pick(topics)
	x, src := g.rng.IntN(100), zhongshu.SourceOther
	for _, sw := range sourceWeights {
		if x < sw.weight {
			src = sw.source
			break
		}
		x -= sw.weight
	}
	lead := g.pickUnit(c.supervisionUnits)
	leader := g.pickUser(c.leaders)
	sup := g.pickUser(c.supervisors)
	year := created.In(chinaTime).Year()
	seqs[year]++
	it := &zhongshu.SupervisionItem{Number: store.SupervisionNumber(year, seqs[year]),
		Title: g.text.pick(itemVerbs) + topic + g.text.pick(itemTails), Source: src,
		Content:           g.text.body(topic, 3+g.rng.IntN(4)) + fmt.Sprintf("请%s于办结时限前报送办理结果。", c.name[lead]),
		AssigningLeaderID: leader.ID, ResponsibleLeaderID: c.leaders[1+g.rng.IntN(len(c.leaders)-1)].ID,
		SupervisorID: sup.ID, Status: zhongshu.SupervisionDraft, FeedbackCycle: zhongshu.FeedbackOnce, CreatedAt: created}
	if g.rng.IntN(5) == 0 {
		it.FeedbackCycle = zhongshu.FeedbackMonthly
	}
	it.SourceRef = g.sourceRef(src, leader, lead, created)
	it.Assignments = []zhongshu.Assignment{{UnitID: lead, Role: zhongshu.AssignmentLead}}
	if g.rng.IntN(10) < 3 {
		if co := g.pickUnit(c.supervisionUnits); co != lead {
			it.Assignments = append(it.Assignments, zhongshu.Assignment{UnitID: co, Role: zhongshu.AssignmentCo})
		}
	}
	r := &itemRoute{g: g, it: it, step: min(age/11, 3*day), sup: sup, leader: leader}
	r.issue(st)
	return store.BulkSupervisionItem{SupervisionItem: it, Year: year, Seq: seqs[year],
		UpdatedAt: r.events[len(r.events)-1].At}, r.events
}

// issue takes an item from registration through 立项 to 交办, and on as far
// as st.
func (r *itemRoute) issue(st int) {
	g, c, it := r.g, r.g.c, r.it
	r.ev(it.CreatedAt, r.sup.ID, "create", "", zhongshu.SupervisionDraft, "")
	// A draft's deadline is set at registration.
	it.DueAt, _ = g.app.DueIn(it.CreatedAt, 15+g.rng.IntN(16))
	if st == sDraft {
		return
	}
	if !it.Source.SkipsApproval() {
		it.Status = zhongshu.SupervisionPendingApproval
		r.ev(it.CreatedAt.Add(r.step/4), r.sup.ID, "submit", zhongshu.SupervisionDraft, it.Status, "")
		if st == sPending {
			return
		}
		r.ev(r.stepAt(1), c.director.ID, "approve", it.Status, zhongshu.SupervisionIssued, "")
	} else {
		r.ev(r.stepAt(1), r.sup.ID, "submit", zhongshu.SupervisionDraft, zhongshu.SupervisionIssued, "")
	}
	if st == sCancelled && g.rng.IntN(2) == 0 {
		it.Status = zhongshu.SupervisionCancelled
		r.ev(r.stepAt(2), c.director.ID, "cancel", zhongshu.SupervisionIssued, it.Status, "情况发生变化，经研究撤销立项。")
		return
	}
	it.Status, it.IssuedAt = zhongshu.SupervisionIssued, r.stepAt(1)
	it.DueAt, _ = g.app.DueIn(it.IssuedAt, 15+g.rng.IntN(16))
	switch st {
	case sIssued:
	case sTransfer:
		it.Status = zhongshu.SupervisionTransferRequested
		it.Assignments[0].ObjectedAt = r.stepAt(2)
		r.ev(r.stepAt(2), c.liaison[it.Assignments[0].UnitID], "object", zhongshu.SupervisionIssued, it.Status,
			"该事项不属于本单位职责范围，建议转由其他单位办理。")
	default:
		r.handle(st)
	}
}

// handle takes an issued item through the units' 签收, 阶段反馈 and 协办意见
// to 办结申请, 审核, 领导审阅, 销号 and 归档 — or to a 延期申请, 暂缓 or 撤销 —
// as far as st.
func (r *itemRoute) handle(st int) {
	g, c, it := r.g, r.g.c, r.it
	it.Status = zhongshu.SupervisionInProgress
	for k := range it.Assignments {
		a := &it.Assignments[k]
		if k == 0 || st > sInProgress || g.rng.IntN(2) == 0 {
			a.SignedAt, a.PersonID = r.stepAt(2), c.liaison[a.UnitID]
			from := zhongshu.SupervisionIssued
			if k > 0 {
				from = zhongshu.SupervisionInProgress
			}
			r.ev(r.stepAt(2), a.PersonID, "sign", from, zhongshu.SupervisionInProgress, "")
		}
	}
	leadPerson := it.Assignments[0].PersonID
	reports := g.rng.IntN(3)
	if st == sInProgress && g.now.Sub(it.CreatedAt) < 60*day {
		reports = g.rng.IntN(2)
	}
	for k := range reports {
		r.ev(r.stepAt(3+k), leadPerson, "report", it.Status, it.Status, g.text.pick(progressTexts))
	}
	for k := range it.Assignments[1:] {
		a := &it.Assignments[1+k]
		if !a.SignedAt.IsZero() && (st > sInProgress || g.rng.IntN(2) == 0) {
			a.CoInputAt = r.stepAt(4)
			r.ev(r.stepAt(4), a.PersonID, "send_input", it.Status, it.Status, g.text.pick(progressTexts))
		}
	}
	switch st {
	case sInProgress:
		return
	case sExtension:
		it.Status, it.RequestedDueAt = zhongshu.SupervisionExtensionPending, it.DueAt.Add(10*day)
		r.ev(r.stepAt(5), leadPerson, "request_extension", zhongshu.SupervisionInProgress, it.Status, "因涉及多部门协调，申请延期办理。")
		return
	case sSuspended, sCancelled:
		it.Status, it.StatusBeforeSuspend = zhongshu.SupervisionSuspended, zhongshu.SupervisionInProgress
		r.ev(r.stepAt(5), c.leaders[0].ID, "suspend", zhongshu.SupervisionInProgress, it.Status, "根据上级最新部署，暂缓办理。")
		if st == sCancelled {
			it.StatusBeforeSuspend, it.Status = "", zhongshu.SupervisionCancelled
			r.ev(r.stepAt(6), c.director.ID, "cancel", zhongshu.SupervisionSuspended, it.Status, "情况发生变化，经研究撤销立项。")
		}
		return
	}
	it.Status = zhongshu.SupervisionUnderReview
	r.ev(r.stepAt(5), leadPerson, "request_completion", zhongshu.SupervisionInProgress, it.Status, g.text.pick(progressTexts))
	if st == sUnderReview {
		return
	}
	it.Status = zhongshu.SupervisionLeaderReview
	r.ev(r.stepAt(6), r.sup.ID, "accept", zhongshu.SupervisionUnderReview, it.Status, "")
	if st == sLeaderReview {
		return
	}
	it.Status, it.CompletedAt = zhongshu.SupervisionCompleted, r.stepAt(7)
	r.ev(r.stepAt(7), r.leader.ID, "leader_close", zhongshu.SupervisionLeaderReview, it.Status, "")
	if st == sCompleted {
		return
	}
	it.Status, it.ClosedAt = zhongshu.SupervisionClosed, r.stepAt(8)
	r.ev(r.stepAt(8), r.sup.ID, "evaluate_close", zhongshu.SupervisionCompleted, it.Status, "按期办结，效果良好，予以销号。")
	if st == sArchived {
		it.Status = zhongshu.SupervisionArchived
		r.ev(r.stepAt(9), r.sup.ID, "archive", zhongshu.SupervisionClosed, it.Status, "")
	}
}

// sourceRef is the 来源依据 of an item from src: the 批示 with its leader and
// date, the meeting and decision, the proposal or the 工单 number.
func (g *generator) sourceRef(src zhongshu.SupervisionSource, leader *zhongshu.User, lead int64, created time.Time) string {
	date := created.In(chinaTime).Format("2006年1月2日")
	switch src {
	case zhongshu.SourceInstruction:
		return fmt.Sprintf("%s同志批示：%s（%s）", leader.Name, fmt.Sprintf(g.text.pick(instructionTexts), g.c.name[lead]), date)
	case zhongshu.SourceMeeting:
		return fmt.Sprintf("县政府第%d次常务会议议定事项第%d项（%s）", 1+g.rng.IntN(40), 1+g.rng.IntN(12), date)
	case zhongshu.SourceNPCCPPCC:
		return fmt.Sprintf("县人大代表建议第%d号", 1+g.rng.IntN(300))
	case zhongshu.SourceHotline:
		return fmt.Sprintf("12345热线工单 QH%s%04d", created.In(chinaTime).Format("20060102"), g.rng.IntN(10000))
	case zhongshu.SourceHigher:
		return fmt.Sprintf("江州市政府督查室督办通知（%s）", date)
	}
	return ""
}

// genSupervision writes the 督办 items in batches, as genIncoming does.
// supervisionBatch is 督办 items done..done+len(items)-1 of a run, with
// their timelines.
type supervisionBatch struct {
	done      int
	items     []store.BulkSupervisionItem
	timelines [][]*store.SupervisionEvent
	events    int
}

func (g *generator) newSupervisionBatch(done, end, n int, seqs map[int]int) *supervisionBatch {
	b := &supervisionBatch{done: done}
	for i := done; i < end; i++ {
		it, es := g.supervisionItem(i, n, seqs)
		b.items, b.timelines = append(b.items, it), append(b.timelines, es)
	}
	return b
}

// write inserts the batch in tx and returns its search entries, in id
// order, with their creation times.
func (b *supervisionBatch) write(ctx context.Context, tx *store.Tx, g *generator) ([]*store.SearchDoc, []time.Time, error) {
	if len(b.items) == 0 {
		return nil, nil, nil
	}
	if err := tx.BulkInsertSupervision(ctx, b.items); err != nil {
		return nil, nil, err
	}
	var events []*store.SupervisionEvent
	index := make([]*store.SearchDoc, len(b.items))
	at := make([]time.Time, len(b.items))
	for k, it := range b.items {
		for _, e := range b.timelines[k] {
			e.ItemID = it.ID
		}
		events = append(events, b.timelines[k]...)
		doc, err := g.supervisionSearchDoc(it.SupervisionItem)
		if err != nil {
			return nil, nil, err
		}
		index[k], at[k] = doc, it.CreatedAt
	}
	b.events = len(events)
	return index, at, tx.BulkInsertSupervisionEvents(ctx, events)
}

// afterSupervision adds the batch's 待办 and sampled audit entries, once it
// is committed.
func (g *generator) afterSupervision(b *supervisionBatch) {
	for k, it := range b.items {
		g.supervisionWork(it.SupervisionItem, b.timelines[k])
		if (b.done+k)%g.opts.AuditEvery == 0 {
			for _, e := range b.timelines[k] {
				g.audit(e.At, e.ActorID, "supervision."+e.Action, "supervision", it.ID, string(e.FromStatus), string(e.ToStatus), e.Text)
			}
		}
	}
	g.res.Items += len(b.items)
	g.res.Events += b.events
	g.res.SearchDocs += len(b.items)
}

// genDocuments writes the 收文 and the 督办 items in step through the
// years: each transaction holds a batch of 收文 and the 督办 items of the
// same days, and indexes them for 检索 merged in the order they were
// created — the order app.ReindexAll rebuilds the index in. The index's
// ids then follow the documents' dates across both modules, as in a county
// that has used Zhongshu for years, and the search's newest-first ranking
// sees what it would there (with all 督办 items after all 收文, the 文书's
// search for 督办 walked 100,000 items invisible to them first).
func (g *generator) genDocuments(ctx context.Context) (int, error) {
	docs, items := g.opts.Docs, g.opts.Items
	total := docs + items
	docSeqs, itemSeqs := map[int]int{}, map[int]int{}
	t0 := time.Now()
	doneDocs, doneItems := 0, 0
	for doneDocs < docs || doneItems < items {
		endDocs := min(doneDocs+g.opts.Batch, docs)
		endItems := min(doneItems+g.opts.Batch, items) // no 收文 at all
		if docs > 0 {
			endItems = items
			if endDocs < docs { // record i of n falls at i/n of the years
				endItems = int(int64(endDocs) * int64(items) / int64(docs))
			}
		}
		ib := g.newIncomingBatch(doneDocs, endDocs, docs, docSeqs)
		sb := g.newSupervisionBatch(doneItems, endItems, items, itemSeqs)
		err := g.db.Transact(ctx, func(tx *store.Tx) error {
			di, dat, err := ib.write(ctx, tx)
			if err != nil {
				return fmt.Errorf("收文: %w", err)
			}
			si, sat, err := sb.write(ctx, tx, g)
			if err != nil {
				return fmt.Errorf("督办事项: %w", err)
			}
			return tx.BulkIndexSearchDocs(ctx, mergeByTime(di, dat, si, sat))
		})
		if err != nil {
			return doneDocs + doneItems, err
		}
		g.afterIncoming(ib)
		g.afterSupervision(sb)
		doneDocs, doneItems = endDocs, endItems
		g.progress("收文和督办事项", doneDocs+doneItems, total, t0)
	}
	return total, nil
}

// mergeByTime merges two lists, each in id order, by their heads' times,
// the first list's first on a tie — as app.ReindexAll takes the modules'
// records.
func mergeByTime(a []*store.SearchDoc, at []time.Time, b []*store.SearchDoc, bt []time.Time) []*store.SearchDoc {
	out := make([]*store.SearchDoc, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		if j >= len(b) || (i < len(a) && !bt[j].Before(at[i])) {
			out, i = append(out, a[i]), i+1
		} else {
			out, j = append(out, b[j]), j+1
		}
	}
	return out
}

// supervisionSearchDoc is the app's index entry of it
// (app.SupervisionSearchDoc), with the county's units.
func (g *generator) supervisionSearchDoc(it *zhongshu.SupervisionItem) (*store.SearchDoc, error) {
	return app.SupervisionSearchDoc(it, func(id int64) (*zhongshu.Unit, error) {
		if u := g.c.units[id]; u != nil {
			return u, nil
		}
		return nil, fmt.Errorf("bench: no unit %d", id)
	})
}

// supervisionWork keeps the open 待办 of an item as app.supervisionTasks
// gives them. events is the item's timeline: the last event is when the
// current step began.
func (g *generator) supervisionWork(it *zhongshu.SupervisionItem, events []*store.SupervisionEvent) {
	since := events[len(events)-1].At
	seen := map[int64]bool{}
	add := func(at time.Time, owner int64, step string, due time.Time) {
		if owner == 0 || seen[owner] {
			return
		}
		seen[owner] = true
		g.work = append(g.work, pendingWork{at: at, w: &zhongshu.WorkItem{OwnerID: owner, Kind: zhongshu.WorkTodo,
			Module: app.SupervisionModule, RefType: app.SupervisionRefType, RefID: it.ID, Title: it.Number + " " + it.Title,
			Step: step, DueAt: due, URL: app.SupervisionURL(it.ID)}})
	}
	switch it.Status {
	case zhongshu.SupervisionPendingApproval:
		due, _ := g.app.DueIn(since, 1)
		add(since, g.c.director.ID, app.StepSupervisionApprove, due)
	case zhongshu.SupervisionTransferRequested:
		add(since, it.SupervisorID, app.StepSupervisionTransfer, time.Time{})
	case zhongshu.SupervisionExtensionPending:
		add(since, it.SupervisorID, app.StepSupervisionExtension, it.DueAt)
	case zhongshu.SupervisionUnderReview:
		add(since, it.SupervisorID, app.StepSupervisionReview, time.Time{})
	case zhongshu.SupervisionLeaderReview:
		add(since, it.AssigningLeaderID, app.StepSupervisionLeader, time.Time{})
	case zhongshu.SupervisionCompleted:
		add(since, it.SupervisorID, app.StepSupervisionEvaluation, time.Time{})
	}
	switch it.Status {
	case zhongshu.SupervisionIssued, zhongshu.SupervisionInProgress, zhongshu.SupervisionTransferRequested,
		zhongshu.SupervisionExtensionPending:
		signDue, _ := g.app.DueIn(it.IssuedAt, 1)
		for _, as := range it.Assignments {
			owner := as.PersonID
			if owner == 0 {
				owner = g.c.liaison[as.UnitID]
			}
			switch {
			case as.SignedAt.IsZero() && as.ObjectedAt.IsZero():
				add(it.IssuedAt, owner, app.StepSupervisionSign, signDue)
			case as.SignedAt.IsZero():
			case as.Role == zhongshu.AssignmentLead:
				add(as.SignedAt, owner, app.StepSupervisionHandle, it.DueAt)
			case as.CoInputAt.IsZero():
				due := as.CoInputDue
				if due.IsZero() {
					due = it.DueAt
				}
				add(as.SignedAt, owner, app.StepSupervisionCoInput, due)
			}
		}
	}
}
