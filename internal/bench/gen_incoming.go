package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// How far a generated 收文 has got along its route.
const (
	stReceived = iota
	stSigned
	stRegistered
	stProposed
	stAwaiting
	stAssigned
	stInProgress
	stReplied
	stCompleted
	stArchived
	stCirculating
)

const day = 24 * time.Hour

// incomingStage picks how far a document received age ago has got: older
// than 90 days nearly all 已办结 or 已归档, about 1 % of 办件 still open (and
// overdue by now); the last 90 days every status, further along the older
// they are.
func (g *generator) incomingStage(age time.Duration, action bool) int {
	var st int
	switch {
	case age > 90*day && action:
		st = []int{stInProgress, stCompleted, stArchived}[g.weighted(1, 20)]
		if g.rng.IntN(1000) < 3 {
			st = []int{stAssigned, stReplied}[g.rng.IntN(2)]
		}
	case age > 90*day:
		st = []int{stCirculating, stCompleted, stArchived}[g.weighted(1, 25)]
	case age < day:
		st = []int{stReceived, stSigned, stRegistered, stProposed, stAwaiting}[g.weighted(15, 10, 35, 20)]
	case age < 10*day && action:
		st = []int{stProposed, stAwaiting, stAssigned, stInProgress, stReplied}[g.weighted(5, 25, 20, 45)]
	case age < 10*day:
		st = []int{stCirculating, stCompleted}[g.weighted(80)]
	case action:
		st = []int{stInProgress, stReplied, stCompleted, stArchived}[g.weighted(15, 5, 70)]
	default:
		st = []int{stCirculating, stCompleted, stArchived}[g.weighted(10, 60)]
	}
	if !action && st >= stProposed && st <= stReplied {
		st = stCirculating
	}
	return st
}

// docRoute is a document being generated with its timeline.
type docRoute struct {
	g      *generator
	d      *zhongshu.IncomingDoc
	events []*store.IncomingEvent
	step   time.Duration // between the route's steps
	clerk  *zhongshu.User
}

func (r *docRoute) stepAt(k int) time.Time { return r.d.ReceivedAt.Add(time.Duration(k) * r.step) }

// ev adds a timeline entry.
func (r *docRoute) ev(t time.Time, actor int64, action string, from, to zhongshu.IncomingStatus, text string) {
	r.events = append(r.events, &store.IncomingEvent{At: t, ActorID: actor, ActorName: r.g.person(actor).Name,
		Action: action, FromStatus: from, ToStatus: to, Text: text})
	r.d.UpdatedAt = t
}

// incomingDoc generates the i-th of n documents with its timeline.
func (g *generator) incomingDoc(i, n int, seqs map[int]int) (*zhongshu.IncomingDoc, []*store.IncomingEvent) {
	c := g.c
	at := g.at(i, n)
	age := g.now.Sub(at)
	action := g.rng.IntN(10) < 6
	st := g.incomingStage(age, action)
	topic := g.text.pick(topics)
	title, kind := g.text.title(topic)
	snd := c.senders[g.rng.IntN(len(c.senders))]
	clerk := g.pickUser(c.registrars)
	d := &zhongshu.IncomingDoc{ReceivedAt: at, SenderUnitID: snd.unitID, SenderName: snd.name, Kind: zhongshu.DocKind(kind),
		Title: title, Secrecy: zhongshu.SecrecyNone, Urgency: zhongshu.Urgency(g.weighted(80, 15)), Copies: 1 + g.rng.IntN(3),
		Channel:  []zhongshu.Channel{zhongshu.ChannelExchange, zhongshu.ChannelPaper, zhongshu.ChannelSystem}[g.weighted(70, 20)],
		Handling: zhongshu.HandlingRead, Summary: g.text.body(topic, 2+g.rng.IntN(3)), Status: zhongshu.IncomingReceived,
		CreatedByID: clerk.ID, CreatedAt: at, UpdatedAt: at}
	if snd.code != "" {
		d.SenderNumber = fmt.Sprintf("%s〔%d〕%d号", snd.code, at.In(chinaTime).Year(), 1+g.rng.IntN(300))
	}
	if action {
		d.Handling = zhongshu.HandlingAction
	}
	r := &docRoute{g: g, d: d, step: min(age/8, 2*day), clerk: clerk}
	if st == stReceived {
		return d, r.events
	}
	d.Status, d.SignedByID, d.SignedAt = zhongshu.IncomingSigned, clerk.ID, at
	if st == stSigned {
		r.ev(at, clerk.ID, "sign", "", zhongshu.IncomingSigned, "")
		return d, r.events
	}
	year := at.In(chinaTime).Year()
	seqs[year]++
	d.Year, d.Seq, d.Number = year, seqs[year], store.IncomingNumber(year, seqs[year])
	d.Status, d.RegisteredByID, d.RegisteredAt = zhongshu.IncomingRegistered, clerk.ID, at
	proposer := c.director
	if g.rng.IntN(3) == 0 {
		proposer = g.pickUser(c.deputies)
	}
	if action {
		d.ProposerID = proposer.ID
	}
	r.ev(at, clerk.ID, "register", "", zhongshu.IncomingRegistered,
		fmt.Sprintf("来文机关：%s；文种：%s；份数：%d", d.SenderName, d.Kind.Label(), d.Copies))
	switch x := g.rng.IntN(200); {
	case x == 0:
		d.Status, d.EndReason = zhongshu.IncomingReturned, "非本机关办理事项，已退回来文单位。"
		r.ev(r.stepAt(1), clerk.ID, "return", zhongshu.IncomingRegistered, d.Status, d.EndReason)
	case x == 1:
		d.Status, d.EndReason = zhongshu.IncomingVoided, "重复登记。"
		r.ev(r.stepAt(1), clerk.ID, "void", zhongshu.IncomingRegistered, d.Status, d.EndReason)
	case st == stRegistered:
	case !action:
		r.circulate(st)
	default:
		r.handle(st, proposer)
	}
	return d, r.events
}

// circulate takes a 阅件 through its 传阅 to two to four leaders, and to
// 办结 and 归档 when st says so.
func (r *docRoute) circulate(st int) {
	c, d, clerk := r.g.c, r.d, r.clerk
	d.Status = zhongshu.IncomingCirculating
	r.ev(r.stepAt(1), clerk.ID, "circulate", zhongshu.IncomingRegistered, d.Status, "分送传阅")
	readers := append([]*zhongshu.User{c.director}, c.leaders[:2+r.g.rng.IntN(3)]...)
	open := st == stCirculating
	for k, u := range readers {
		rd := zhongshu.Reader{PersonID: u.ID, SentAt: r.stepAt(1)}
		if !open || k < len(readers)/2 {
			rd.OpenedAt, rd.FinishedAt = r.stepAt(2), r.stepAt(2)
			r.ev(r.stepAt(2), u.ID, "read", zhongshu.IncomingCirculating, zhongshu.IncomingCirculating, "已阅")
		}
		d.Readers = append(d.Readers, rd)
	}
	if open {
		return
	}
	d.Status, d.CompletedAt = zhongshu.IncomingCompleted, r.stepAt(3)
	r.ev(r.stepAt(3), clerk.ID, "complete", zhongshu.IncomingCirculating, d.Status, "")
	if st == stArchived {
		d.Status, d.ArchiveNumber, d.ArchivedAt = zhongshu.IncomingArchived, fmt.Sprintf("%d-收-%04d", d.Year, d.Seq), r.stepAt(4)
		r.ev(r.stepAt(4), clerk.ID, "archive", zhongshu.IncomingCompleted, d.Status, d.ArchiveNumber)
	}
}

// handle takes a 办件 as far as st: 拟办 naming the units, 呈批 to one or
// two leaders, 批示, 交办, the units' 签收 and 协办意见, the result, 办结, 归档.
func (r *docRoute) handle(st int, proposer *zhongshu.User) {
	g, c, d := r.g, r.g.c, r.d
	lead := g.pickUnit(c.handling)
	d.Assignments = []zhongshu.IncomingAssignment{{UnitID: lead, Role: zhongshu.AssignmentLead}}
	if g.rng.IntN(3) == 0 {
		if co := g.pickUnit(c.handling); co != lead {
			d.Assignments = append(d.Assignments, zhongshu.IncomingAssignment{UnitID: co, Role: zhongshu.AssignmentCo})
		}
	}
	d.Proposal = fmt.Sprintf("拟请%s阅示，由%s牵头办理。", c.leaders[0].Name, c.name[lead])
	d.ProposedAt = r.stepAt(1)
	d.Status = zhongshu.IncomingProposed
	if st == stProposed {
		r.ev(r.stepAt(1), proposer.ID, "propose", zhongshu.IncomingRegistered, d.Status, d.Proposal)
		return
	}
	leaders := []*zhongshu.User{c.leaders[g.rng.IntN(len(c.leaders))]}
	if g.rng.IntN(4) == 0 && leaders[0] != c.leaders[0] {
		leaders = append(leaders, c.leaders[0])
	}
	d.Status, d.InstructInOrder = zhongshu.IncomingAwaitingInstruction, true
	r.ev(r.stepAt(1), proposer.ID, "propose", zhongshu.IncomingRegistered, d.Status, d.Proposal)
	for k, l := range leaders {
		in := zhongshu.Instruction{LeaderID: l.ID}
		if k == 0 {
			in.SentAt = r.stepAt(1)
		}
		d.Instructions = append(d.Instructions, in)
	}
	if st == stAwaiting {
		return
	}
	for k := range d.Instructions {
		in := &d.Instructions[k]
		t := r.stepAt(1).Add(time.Duration(k+1) * r.step / 2)
		in.SentAt, in.Text, in.ByID, in.At = t.Add(-r.step/2), fmt.Sprintf(g.text.pick(instructionTexts), c.name[lead]), in.LeaderID, t
		if k == 0 {
			in.SentAt = r.stepAt(1)
		}
		r.ev(t, in.LeaderID, "instruct", zhongshu.IncomingAwaitingInstruction, zhongshu.IncomingAwaitingInstruction, in.Text)
	}
	r.events[len(r.events)-1].ToStatus = zhongshu.IncomingAssigned
	d.Status, d.AssignedByID, d.AssignedAt = zhongshu.IncomingAssigned, proposer.ID, r.stepAt(2)
	d.DueAt, _ = g.app.DueIn(r.stepAt(2), 10+g.rng.IntN(11))
	for k := range d.Assignments {
		d.Assignments[k].DueAt = d.DueAt
	}
	if st == stAssigned {
		return
	}
	d.Status = zhongshu.IncomingInProgress
	for k := range d.Assignments {
		a := &d.Assignments[k]
		if a.Role == zhongshu.AssignmentLead || st >= stReplied || g.rng.IntN(2) == 0 {
			a.SignedAt, a.PersonID = r.stepAt(3), c.liaison[a.UnitID]
			from := zhongshu.IncomingAssigned
			if k > 0 {
				from = zhongshu.IncomingInProgress
			}
			r.ev(r.stepAt(3), a.PersonID, "accept", from, zhongshu.IncomingInProgress, "")
		}
		if a.Role == zhongshu.AssignmentCo && st >= stReplied {
			a.InputAt = r.stepAt(4)
			r.ev(r.stepAt(4), a.PersonID, "co_input", zhongshu.IncomingInProgress, zhongshu.IncomingInProgress, g.text.pick(progressTexts))
		}
	}
	if st == stInProgress {
		return
	}
	d.Status, d.Result, d.ResultAt = zhongshu.IncomingReplied, g.text.pick(progressTexts), r.stepAt(5)
	r.ev(r.stepAt(5), d.Assignments[0].PersonID, "report", zhongshu.IncomingInProgress, d.Status, d.Result)
	if st == stReplied {
		return
	}
	d.Status, d.CompletedAt = zhongshu.IncomingCompleted, r.stepAt(6)
	r.ev(r.stepAt(6), r.clerk.ID, "complete", zhongshu.IncomingReplied, d.Status, "")
	if st == stArchived {
		d.Status, d.ArchiveNumber, d.ArchivedAt = zhongshu.IncomingArchived, fmt.Sprintf("%d-收-%04d", d.Year, d.Seq), r.stepAt(7)
		r.ev(r.stepAt(7), r.clerk.ID, "archive", zhongshu.IncomingCompleted, d.Status, d.ArchiveNumber)
	}
}

// genIncoming writes the 收文 in batches: the documents with their route
// (store.BulkInsertIncoming), their timelines and their search index
// entries, one transaction per batch; the open ones' 待办 and the sampled
// ones' audit entries are kept for later.
// incomingBatch is 收文 done..done+len(docs)-1 of a run, with their
// timelines.
type incomingBatch struct {
	done      int
	docs      []*zhongshu.IncomingDoc
	timelines [][]*store.IncomingEvent
	events    int
}

func (g *generator) newIncomingBatch(done, end, n int, seqs map[int]int) *incomingBatch {
	b := &incomingBatch{done: done}
	for i := done; i < end; i++ {
		d, es := g.incomingDoc(i, n, seqs)
		b.docs, b.timelines = append(b.docs, d), append(b.timelines, es)
	}
	return b
}

// write inserts the batch in tx and returns its search entries, in id
// order, with their creation times.
func (b *incomingBatch) write(ctx context.Context, tx *store.Tx) ([]*store.SearchDoc, []time.Time, error) {
	if len(b.docs) == 0 {
		return nil, nil, nil
	}
	if err := tx.BulkInsertIncoming(ctx, b.docs); err != nil {
		return nil, nil, err
	}
	var events []*store.IncomingEvent
	index := make([]*store.SearchDoc, len(b.docs))
	at := make([]time.Time, len(b.docs))
	for k, d := range b.docs {
		for _, e := range b.timelines[k] {
			e.DocID = d.ID
		}
		events = append(events, b.timelines[k]...)
		index[k], at[k] = incomingSearchDoc(d), d.CreatedAt
	}
	b.events = len(events)
	return index, at, tx.BulkInsertIncomingEvents(ctx, events)
}

// afterIncoming adds the batch's 待办 and sampled audit entries, once it is
// committed.
func (g *generator) afterIncoming(b *incomingBatch) {
	for k, d := range b.docs {
		g.incomingWork(d)
		if (b.done+k)%g.opts.AuditEvery == 0 {
			for _, e := range b.timelines[k] {
				g.audit(e.At, e.ActorID, "incoming."+e.Action, "incoming", d.ID, string(e.FromStatus), string(e.ToStatus), e.Text)
			}
		}
	}
	g.res.Docs += len(b.docs)
	g.res.Events += b.events
	g.res.SearchDocs += len(b.docs)
}

// incomingSearchDoc is the app's index entry of d (app.IncomingSearchDoc),
// given everyone it reached as the store records them; generated documents
// have no attachments.
func incomingSearchDoc(d *zhongshu.IncomingDoc) *store.SearchDoc {
	people, units := incomingParties(d)
	return app.IncomingSearchDoc(d, people, units, nil, nil)
}

// incomingParties is who a document reached, as the store records them.
func incomingParties(d *zhongshu.IncomingDoc) (people, units []int64) {
	people = append(people, d.ProposerID, d.AssignedByID)
	for _, in := range d.Instructions {
		people = append(people, in.LeaderID, in.ByID)
	}
	for _, r := range d.Readers {
		people = append(people, r.PersonID)
	}
	if !d.AssignedAt.IsZero() {
		for _, a := range d.Assignments {
			units = append(units, a.UnitID)
			people = append(people, a.PersonID)
		}
	}
	return distinct(people), distinct(units)
}

// incomingWork keeps the open 待办 and 待阅 of a document as the route
// gives them (app.incomingTasks): the 文书 until it is registered, the
// 拟办人, the leaders reached, the units' people (or 联络员), the readers.
func (g *generator) incomingWork(d *zhongshu.IncomingDoc) {
	if !d.Status.Open() {
		return
	}
	seen := map[int64]bool{}
	add := func(at time.Time, owner int64, kind zhongshu.WorkKind, step string, due time.Time) {
		if owner == 0 || seen[owner] {
			return
		}
		seen[owner] = true
		g.work = append(g.work, pendingWork{at: at, w: &zhongshu.WorkItem{OwnerID: owner, Kind: kind, Module: app.IncomingModule,
			RefType: app.IncomingRefType, RefID: d.ID, Title: incomingTitle(d), Step: step, Urgency: d.Urgency, DueAt: due,
			URL: app.IncomingURL(d.ID)}})
	}
	by := func(from time.Time, slow int) time.Time {
		n := slow
		switch d.Urgency {
		case zhongshu.UrgencyExtra:
			n = 0
		case zhongshu.UrgencyUrgent:
			n = min(slow, 1)
		}
		due, _ := g.app.DueIn(from, n)
		return due
	}
	switch d.Status {
	case zhongshu.IncomingReceived, zhongshu.IncomingSigned:
		due, _ := g.app.DueIn(d.ReceivedAt, 0)
		for _, r := range g.c.registrars {
			add(d.ReceivedAt, r.ID, zhongshu.WorkTodo, app.StepIncomingRegister, due)
		}
	case zhongshu.IncomingRegistered:
		if d.Handling == zhongshu.HandlingRead {
			due, _ := g.app.DueIn(d.RegisteredAt, 0)
			for _, r := range g.c.registrars {
				add(d.RegisteredAt, r.ID, zhongshu.WorkTodo, app.StepIncomingRoute, due)
			}
			break
		}
		add(d.RegisteredAt, d.ProposerID, zhongshu.WorkTodo, app.StepIncomingPropose, by(d.RegisteredAt, 1))
	case zhongshu.IncomingProposed:
		add(d.ProposedAt, d.ProposerID, zhongshu.WorkTodo, app.StepIncomingDispatch, by(d.ProposedAt, 1))
	case zhongshu.IncomingAwaitingInstruction:
		for _, in := range d.Instructions {
			if !in.Done() && !in.SentAt.IsZero() {
				add(in.SentAt, in.LeaderID, zhongshu.WorkTodo, app.StepIncomingInstruct, by(in.SentAt, 2))
			}
		}
	case zhongshu.IncomingAssigned, zhongshu.IncomingInProgress:
		signDue, _ := g.app.DueIn(d.AssignedAt, 1)
		for _, a := range d.Assignments {
			owner := a.PersonID
			if owner == 0 {
				owner = g.c.liaison[a.UnitID]
			}
			switch {
			case a.SignedAt.IsZero():
				add(d.AssignedAt, owner, zhongshu.WorkTodo, app.StepIncomingAccept, signDue)
			case a.Role == zhongshu.AssignmentLead:
				add(a.SignedAt, owner, zhongshu.WorkTodo, app.StepIncomingHandle, a.DueAt)
			case a.InputAt.IsZero():
				add(a.SignedAt, owner, zhongshu.WorkTodo, app.StepIncomingCoInput, a.DueAt)
			}
		}
	case zhongshu.IncomingCirculating:
		for _, r := range d.Readers {
			if r.FinishedAt.IsZero() && !r.SentAt.IsZero() {
				due, _ := g.app.DueIn(r.SentAt, 2)
				add(r.SentAt, r.PersonID, zhongshu.WorkToRead, app.StepIncomingRead, due)
			}
		}
	case zhongshu.IncomingReplied:
		due, _ := g.app.DueIn(d.ResultAt, 1)
		for _, r := range g.c.registrars {
			add(d.ResultAt, r.ID, zhongshu.WorkTodo, app.StepIncomingComplete, due)
		}
	}
}

// incomingTitle is how a document shows in a 待办 list: its 收文号 and title.
func incomingTitle(d *zhongshu.IncomingDoc) string {
	if d.Number == "" {
		return d.Title
	}
	return d.Number + " " + d.Title
}
