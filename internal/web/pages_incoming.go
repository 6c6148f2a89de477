package web

// 收文 (DOMAIN.md §3.5): the list with its filters and paging, the
// leaders' 待批 view, and the rows the pages share. The registration form
// and the attachments are in pages_incoming_form.go; the document page, its
// actions and 转督办 in pages_incoming_doc.go.

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/incoming"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

const incomingPageSize = 50

// incomingListQuery is the list's filter as the query string carries it
// (the export link passes the same query on):
//
//	status    one IncomingStatus
//	urgency   urgent (加急 and 特急) or extra (特急 only)
//	handling  read (阅件) or action (办件)
//	from, to  收文日期 YYYY-MM-DD, both days included
//	sender    来文机关 starting with this
//	unit_id   承办单位 (主办 or 协办)
//	overdue   1: open and past its 办理时限
//	q         in the 标题, 收文号 or 来文字号
type incomingListQuery struct {
	Status   string
	Urgency  string
	Handling string
	From, To string
	Sender   string
	UnitID   int64
	Overdue  bool
	Text     string
}

// Filtered reports whether any filter is set.
func (q incomingListQuery) Filtered() bool {
	return q.Status != "" || q.Urgency != "" || q.Handling != "" || q.From != "" || q.To != "" || q.Sender != "" ||
		q.UnitID != 0 || q.Overdue || q.Text != ""
}

func (q incomingListQuery) encode() string {
	v := url.Values{}
	for k, s := range map[string]string{"status": q.Status, "urgency": q.Urgency, "handling": q.Handling,
		"from": q.From, "to": q.To, "sender": q.Sender, "q": q.Text} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if q.UnitID != 0 {
		v.Set("unit_id", strconv.FormatInt(q.UnitID, 10))
	}
	if q.Overdue {
		v.Set("overdue", "1")
	}
	return v.Encode()
}

// readIncomingListQuery reads the filter and the store filter it makes;
// qp collects the problems.
func readIncomingListQuery(qp *queryParams) (incomingListQuery, store.IncomingFilter) {
	var q incomingListQuery
	var f store.IncomingFilter
	if s := qp.str("status"); s != "" {
		if !zhongshu.IncomingStatus(s).Valid() {
			qp.p.Add("status", "收文状态不正确")
		}
		q.Status = s
		f.Statuses = []zhongshu.IncomingStatus{zhongshu.IncomingStatus(s)}
	}
	switch s := qp.str("urgency"); s {
	case "":
	case "urgent":
		q.Urgency, f.MinUrgency = s, zhongshu.UrgencyUrgent
	case "extra":
		q.Urgency, f.MinUrgency = s, zhongshu.UrgencyExtra
	default:
		qp.p.Add("urgency", "紧急程度须为 urgent 或 extra")
	}
	if s := qp.str("handling"); s != "" {
		h, ok := zhongshu.ParseHandling(s)
		if !ok {
			qp.p.Add("handling", "须为阅件或办件")
		}
		q.Handling, f.Handling = string(h), h
	}
	q.From, q.To, f.From, f.To = qp.dateRange()
	q.Sender, f.Sender = qp.str("sender"), qp.str("sender")
	q.UnitID = deref(qp.id("unit_id"))
	f.UnitID = q.UnitID
	if b := qp.flag("overdue"); b != nil {
		q.Overdue, f.Overdue = *b, *b
	}
	q.Text, f.Text = qp.str("q"), qp.str("q")
	return q, f
}

// seesAllIncomingDocs mirrors the app's rule (DOMAIN.md §2.8): the 文电科
// and the office leadership see every 收文.
func seesAllIncomingDocs(a *zhongshu.Actor) bool {
	u := a.User
	return u.HasRole(zhongshu.RoleRegistrar) || u.HasRole(zhongshu.RoleOfficeDirector) || u.HasRole(zhongshu.RoleOfficeDeputy)
}

// givesInstructions reports whether documents are submitted to a for 批示:
// county leaders and the office leadership (their 待批 view).
func givesInstructions(a *zhongshu.Actor) bool {
	for _, r := range a.User.Roles {
		if r.IsLeader() || r == zhongshu.RoleOfficeDirector || r == zhongshu.RoleOfficeDeputy {
			return true
		}
	}
	return false
}

// incomingRow is one line of the list.
type incomingRow struct {
	*zhongshu.IncomingDoc
	URL      string
	Deadline zhongshu.DeadlineState
}

// pageLink is one numbered link of a pager.
type pageLink struct {
	N       int
	URL     string
	Current bool
	Gap     bool // an ellipsis before this link
}

// numberedPager is a pager with page numbers: the first and last pages and
// two on each side of the current one.
type numberedPager struct {
	Page, Pages      int
	PrevURL, NextURL string
	Links            []pageLink
}

func newNumberedPager(r *http.Request, total, page, size int) numberedPager {
	base := newPager(r, total, page, size)
	p := numberedPager{Page: page, Pages: base.Pages, PrevURL: base.PrevURL, NextURL: base.NextURL}
	if p.Pages <= 1 {
		return p
	}
	link := func(n int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n))
		return r.URL.Path + "?" + q.Encode()
	}
	last := 0
	for n := 1; n <= p.Pages; n++ {
		if n != 1 && n != p.Pages && (n < page-2 || n > page+2) {
			continue
		}
		p.Links = append(p.Links, pageLink{N: n, URL: link(n), Current: n == page, Gap: last != 0 && n > last+1})
		last = n
	}
	return p
}

// incomingListPage is the 收文 list.
type incomingListPage struct {
	BasePage
	Scope      string
	WholeScope bool
	CanCreate  bool
	Query      incomingListQuery
	Statuses   []zhongshu.IncomingStatus
	Units      []*app.UnitNode
	Rows       []incomingRow
	Total      int
	More       bool
	Pager      numberedPager
	ExportURL  string
}

func (s *Server) handleIncomingList(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	qp := newQuery(r)
	q, f := readIncomingListQuery(qp)
	if err := qp.err(); err != nil {
		return zhongshu.Errorf(zhongshu.CodeInvalid, "筛选条件有误：%s", firstProblem(qp.p))
	}
	pg, n := pageParams(r, incomingPageSize)
	l, err := s.app.FindIncomingDocs(r.Context(), a, f, pg)
	if err != nil {
		return err
	}
	whole := seesAllIncomingDocs(a)
	p := &incomingListPage{BasePage: s.base(w, r, "收文"), Scope: "与我和本单位有关的收文", WholeScope: whole,
		CanCreate: a.User.HasRole(zhongshu.RoleRegistrar), Query: q, Statuses: zhongshu.AllIncomingStatuses(),
		Total: l.Total, More: l.More, Pager: newNumberedPager(r, l.Total, n, incomingPageSize),
		ExportURL: withQuery("/incoming/export", q.encode())}
	if whole {
		p.Scope = "全部收文"
	}
	for i, d := range l.Docs {
		p.Rows = append(p.Rows, incomingRow{IncomingDoc: d, URL: app.IncomingURL(d.ID), Deadline: l.Deadlines[i]})
	}
	if _, p.Units, err = s.app.UnitTree(r.Context(), a); err != nil {
		return err
	}
	return s.pages.render(w, http.StatusOK, "incoming_list", "layout", p)
}

// dateTimeValue is t as a datetime-local input shows it (China time).
func dateTimeValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(chinaTime).Format("2006-01-02T15:04")
}

// ---------------------------------------------------------------------------
// 待批: the documents awaiting the viewer's 批示 (their own, or those of
// leaders whose work they hold), each with an inline 批示 form.

type incomingPendingCard struct {
	Doc      *zhongshu.IncomingDoc
	URL      string
	Proposer string
	For      string // the leader the viewer signs for (代), if not themself
	Due      holderRow
	Earlier  []incomingInstructionRow
	Form     *incomingActionForm
	Error    string
}

type incomingPendingPage struct {
	BasePage
	Cards []incomingPendingCard
}

func (s *Server) handleIncomingPending(w http.ResponseWriter, r *http.Request) error {
	return s.renderIncomingPending(w, r, http.StatusOK, 0, "", "")
}

// renderIncomingPending shows the 待批 view; a refused 批示 on document
// errID shows its message and keeps the text typed.
func (s *Server) renderIncomingPending(w http.ResponseWriter, r *http.Request, status int, errID int64, msg, text string) error {
	ctx, a := r.Context(), actor(r)
	if errID != 0 { // not-found for those who may not see it, as everywhere
		if _, err := s.app.FindIncomingDoc(ctx, a, errID); err != nil {
			return err
		}
	}
	wl, err := s.app.Work(ctx, a, zhongshu.WorkTodo, false, app.Page{Limit: zhongshu.MaxPageSize})
	if err != nil {
		return err
	}
	p := &incomingPendingPage{BasePage: s.base(w, r, "待批公文")}
	seen := map[int64]bool{}
	now := s.clock.Now()
	for _, wi := range wl.Items {
		if wi.Module != app.IncomingModule || wi.Step != app.StepIncomingInstruct || seen[wi.RefID] {
			continue
		}
		seen[wi.RefID] = true
		d, err := s.app.FindIncomingDoc(ctx, a, wi.RefID)
		if zhongshu.ErrorCode(err) == zhongshu.CodeNotFound {
			continue
		} else if err != nil {
			return err
		}
		nb, err := s.names(ctx, a, incomingPeople(d)...)
		if err != nil {
			return err
		}
		c := incomingPendingCard{Doc: d.Doc, URL: app.IncomingURL(d.Doc.ID), Proposer: nb.person(d.Doc.ProposerID),
			Due: holderRow{Holder: app.Holder{DueAt: wi.DueAt, Since: wi.CreatedAt}, Light: wi.Deadline(now)}}
		if wi.OwnerID != a.ID() {
			c.For = nb.person(wi.OwnerID)
			if c.For == "" {
				c.For = fmt.Sprintf("人员%d", wi.OwnerID)
			}
		}
		for _, in := range instructionRows(d.Doc, nb) {
			if in.Done() {
				c.Earlier = append(c.Earlier, in)
			}
		}
		if slices.Contains(d.Allowed, incoming.Instruct) {
			f := newIncomingActionForm(incoming.Instruct, d.Doc, nb)
			f.Primary, f.Back, f.C = true, "pending", &incomingChoices{}
			if d.Doc.ID == errID {
				f.V.Text, f.Open = text, true
				c.Error = msg
			}
			c.Form = &f
		}
		p.Cards = append(p.Cards, c)
	}
	return s.pages.render(w, status, "incoming_pending", "layout", p)
}

// reachedReader reports whether a is a 传阅 reader the document has
// reached and who has not opened it yet.
func reachedReader(d *zhongshu.IncomingDoc, a *zhongshu.Actor) bool {
	if d.Status != zhongshu.IncomingCirculating {
		return false
	}
	return slices.ContainsFunc(d.Readers, func(rd zhongshu.Reader) bool {
		return !rd.SentAt.IsZero() && rd.OpenedAt.IsZero() && slices.Contains(a.OwnerIDs(), rd.PersonID)
	})
}

// actorAssignments are the units of the document's assignments that a
// works in.
func actorAssignments(d *zhongshu.IncomingDoc, a *zhongshu.Actor) []int64 {
	var out []int64
	for _, as := range d.Assignments {
		if slices.ContainsFunc(a.User.Posts, func(p zhongshu.Post) bool { return p.UnitID == as.UnitID }) {
			out = append(out, as.UnitID)
		}
	}
	return out
}

// incomingEventLabels name the timeline entries that are not steps of the
// route.
var incomingEventLabels = map[string]string{"attach": "上传附件", "create": "登记", "edit": "修改登记信息"}

// incomingTimelineEntry is e as the document page's timeline shows it.
func incomingTimelineEntry(e *store.IncomingEvent) timelineEntry {
	label := incoming.Action(e.Action).Label()
	if l, ok := incomingEventLabels[e.Action]; ok {
		label = l
	}
	return newTimelineEntry(e.At, e.ActorName, label, e.FromStatus, e.ToStatus, e.Text)
}

// incomingTitle is a document as a page title names it.
func incomingTitle(d *zhongshu.IncomingDoc) string {
	if d.Number == "" {
		return d.Title
	}
	return d.Number + " " + d.Title
}

// incomingPeople are everyone a document's page names.
func incomingPeople(d *app.IncomingDetail) []int64 {
	doc := d.Doc
	ids := []int64{doc.ProposerID, doc.SignedByID, doc.RegisteredByID, doc.AssignedByID}
	for _, in := range doc.Instructions {
		ids = append(ids, in.LeaderID, in.ByID)
	}
	for _, rd := range doc.Readers {
		ids = append(ids, rd.PersonID)
	}
	for _, as := range doc.Assignments {
		ids = append(ids, as.PersonID)
	}
	for _, h := range d.Holders {
		ids = append(ids, h.PersonID)
	}
	for _, f := range d.Attachments {
		ids = append(ids, f.UploadedBy)
	}
	return ids
}

// Rows of the document page.
type (
	incomingInstructionRow struct {
		zhongshu.Instruction
		Leader, By string
	}
	incomingReaderRow struct {
		zhongshu.Reader
		Person string
	}
	incomingAssignmentRow struct {
		zhongshu.IncomingAssignment
		Unit, Person string
		Proposed     bool // named by the 拟办意见, not yet 交办
	}
)

func instructionRows(d *zhongshu.IncomingDoc, nb nameBook) []incomingInstructionRow {
	var out []incomingInstructionRow
	for _, in := range d.Instructions {
		out = append(out, incomingInstructionRow{Instruction: in, Leader: nb.person(in.LeaderID), By: nb.person(in.ByID)})
	}
	return out
}

// fileSize writes a size as clerks read it.
func fileSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d 字节", n)
}

// incomingChoices are the leaders, people, units and 催办 ways the action
// forms choose from.
type incomingChoices struct {
	Leaders    []*zhongshu.User
	People     []*zhongshu.User
	TransferTo []*zhongshu.User
	Units      []*app.UnitNode
	Channels   []string
}

// instructionLeaders are those a document may be submitted to for 批示:
// the county leaders, then the office leadership.
func (s *Server) instructionLeaders(ctx context.Context, a *zhongshu.Actor) ([]*zhongshu.User, error) {
	out, err := s.countyLeaders(ctx, a)
	if err != nil {
		return nil, err
	}
	active := zhongshu.UserActive
	for _, role := range []zhongshu.Role{zhongshu.RoleOfficeDirector, zhongshu.RoleOfficeDeputy} {
		users, _, err := s.app.FindUsers(ctx, a, zhongshu.UserFilter{Role: &role, Status: &active})
		if err != nil {
			return nil, err
		}
		out = append(out, users...)
	}
	return out, nil
}
