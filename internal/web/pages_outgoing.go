package web

// 发文 (DOMAIN.md §3.4): the 发文登记簿 and the drafts — the list with its
// tabs, filters and paging, and its export to .xlsx — and what the 发文
// pages share. The drafting form is in pages_outgoing_form.go; the
// document page, its actions, the rendition and the attachments in
// pages_outgoing_doc.go.

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/outgoing"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

const outgoingPageSize = 50

// Tabs of the 发文 list.
const (
	outgoingTabAll    = "all"    // every 发文 the viewer may see
	outgoingTabIssued = "issued" // the 发文登记簿: documents 核发
	outgoingTabMine   = "mine"   // the viewer's own drafts
	outgoingTabTodo   = "todo"   // the 发文 in the viewer's 待办
)

// outgoingListQuery is the list's tab and filter as the query string
// carries them (the export link passes the same query on):
//
//	tab       all, issued, mine or todo
//	kind      one DocKind
//	status    one OutgoingStatus
//	lead      主办机关 (unit id)
//	from, to  date (核发 for issued documents, last change for drafts), both days included
//	q         in the 标题 or the 发文字号
type outgoingListQuery struct {
	Tab      string
	Kind     string
	Status   string
	Lead     int64
	From, To string
	Text     string
}

// Filtered reports whether any filter beyond the tab is set.
func (q outgoingListQuery) Filtered() bool {
	return q.Kind != "" || q.Status != "" || q.Lead != 0 || q.From != "" || q.To != "" || q.Text != ""
}

func (q outgoingListQuery) encode() string {
	v := url.Values{}
	for k, s := range map[string]string{"kind": q.Kind, "status": q.Status, "from": q.From, "to": q.To, "q": q.Text} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if q.Tab != outgoingTabAll {
		v.Set("tab", q.Tab)
	}
	if q.Lead != 0 {
		v.Set("lead", strconv.FormatInt(q.Lead, 10))
	}
	return v.Encode()
}

// TabURL is the list on tab t with the same filter.
func (q outgoingListQuery) TabURL(t string) string {
	q.Tab = t
	if t == outgoingTabTodo {
		return "/outgoing?tab=todo"
	}
	return withQuery("/outgoing", q.encode())
}

// ClearURL is the list on the same tab without the filter.
func (q outgoingListQuery) ClearURL() string { return outgoingListQuery{Tab: q.Tab}.TabURL(q.Tab) }

// readOutgoingListQuery reads the tab and filter and the store filter they
// make for the viewer me; qp collects the problems.
func readOutgoingListQuery(qp *queryParams, me int64) (outgoingListQuery, store.OutgoingFilter) {
	var q outgoingListQuery
	var f store.OutgoingFilter
	switch t := qp.str("tab"); t {
	case "", outgoingTabAll:
		q.Tab = outgoingTabAll
	case outgoingTabIssued:
		q.Tab, f.Issued = t, true
	case outgoingTabMine:
		q.Tab, f.DrafterID = t, me
	case outgoingTabTodo:
		q.Tab = t
	default:
		qp.p.Add("tab", "分类选择不正确")
	}
	if s := qp.str("kind"); s != "" {
		k, ok := zhongshu.ParseDocKind(s)
		if !ok || k == zhongshu.KindOther {
			qp.p.Add("kind", "文种不正确")
		}
		q.Kind, f.Kind = s, k
	}
	if s := qp.str("status"); s != "" {
		if !zhongshu.OutgoingStatus(s).Valid() {
			qp.p.Add("status", "发文状态不正确")
		}
		q.Status, f.Statuses = s, []zhongshu.OutgoingStatus{zhongshu.OutgoingStatus(s)}
	}
	q.Lead = deref(qp.id("lead"))
	f.LeadUnit = q.Lead
	q.From, q.To, f.From, f.To = qp.dateRange()
	q.Text, f.Text = qp.str("q"), qp.str("q")
	return q, f
}

// outgoingRow is one line of the list.
type outgoingRow struct {
	*zhongshu.OutgoingDoc
	URL         string
	DraftUnit   string
	Drafter     string
	Signers     string
	StatusClass string
	Date        time.Time
	DateLabel   string
}

// outgoingTodoRow is one 发文 in the viewer's 待办.
type outgoingTodoRow struct {
	*zhongshu.WorkItem
	Light zhongshu.DeadlineState
}

// outgoingListPage is the 发文 list.
type outgoingListPage struct {
	BasePage
	Query     outgoingListQuery
	Kinds     []zhongshu.DocKind
	Statuses  []zhongshu.OutgoingStatus
	Leads     []*zhongshu.Unit
	Rows      []outgoingRow
	Todo      []outgoingTodoRow
	TodoCount int
	Total     int
	More      bool
	Pager     numberedPager
	ExportURL string
	WholeView bool
}

// outgoingStatusClass is the badge colour of a status: grey while drafting
// or withdrawn, blue on the way, green once issued, red when no longer in
// force. The status is always written out beside the colour.
func outgoingStatusClass(s zhongshu.OutgoingStatus) string {
	switch s {
	case zhongshu.OutgoingDrafting, zhongshu.OutgoingWithdrawn, zhongshu.OutgoingArchived:
		return "badge-grey"
	case zhongshu.OutgoingDispatched, zhongshu.OutgoingPublished:
		return "badge-green"
	case zhongshu.OutgoingRevoked, zhongshu.OutgoingAbolished:
		return "badge-red"
	}
	return "badge-blue"
}

// outgoingKinds are the 15 法定文种 (not 其他).
func outgoingKinds() []zhongshu.DocKind {
	return slices.DeleteFunc(zhongshu.AllDocKinds(), func(k zhongshu.DocKind) bool { return k == zhongshu.KindOther })
}

func (s *Server) handleOutgoingList(w http.ResponseWriter, r *http.Request) error {
	ctx, a := r.Context(), actor(r)
	qp := newQuery(r)
	q, f := readOutgoingListQuery(qp, a.ID())
	if err := qp.err(); err != nil {
		return zhongshu.Errorf(zhongshu.CodeInvalid, "筛选条件有误：%s", firstProblem(qp.p))
	}
	p := &outgoingListPage{BasePage: s.base(w, r, "发文"), Query: q, Kinds: outgoingKinds(),
		Statuses: zhongshu.AllOutgoingStatuses(), ExportURL: withQuery("/outgoing/export", q.encode()),
		WholeView: seesAllIncomingDocs(a)}
	todo, err := s.outgoingTodo(ctx, a)
	if err != nil {
		return err
	}
	p.TodoCount = len(todo)
	if q.Tab == outgoingTabTodo {
		p.Todo = todo
		return s.pages.render(w, http.StatusOK, "outgoing_list", "layout", p)
	}
	pg, n := pageParams(r, outgoingPageSize)
	l, err := s.app.FindOutgoingDocs(ctx, a, f, pg)
	if err != nil {
		return err
	}
	p.Total, p.More, p.Pager = l.Total, l.More, newNumberedPager(r, l.Total, n, outgoingPageSize)
	for _, d := range l.Docs {
		p.Rows = append(p.Rows, outgoingRowOf(d, l.Units, l.People))
	}
	if p.Leads, err = s.issuingUnits(ctx, a); err != nil {
		return err
	}
	return s.pages.render(w, http.StatusOK, "outgoing_list", "layout", p)
}

func outgoingRowOf(d *zhongshu.OutgoingDoc, units, people map[int64]string) outgoingRow {
	row := outgoingRow{OutgoingDoc: d, URL: app.OutgoingURL(d.ID), DraftUnit: units[d.DraftUnit], Drafter: people[d.DrafterID],
		StatusClass: outgoingStatusClass(d.Status), Date: d.UpdatedAt, DateLabel: "更新"}
	var signers []string
	for _, sg := range d.Signatures {
		if !sg.Done() {
			continue
		}
		n := people[sg.LeaderID]
		if sg.Proxy() {
			n += "（代）"
		}
		signers = append(signers, n)
	}
	row.Signers = strings.Join(signers, "、")
	if !d.DispatchedAt.IsZero() {
		row.Date, row.DateLabel = d.DispatchedAt, "核发"
	}
	return row
}

// outgoingTodo lists the 发文 in the viewer's 待办: one read of the open
// 待办, which are few.
func (s *Server) outgoingTodo(ctx context.Context, a *zhongshu.Actor) ([]outgoingTodoRow, error) {
	wl, err := s.app.Work(ctx, a, zhongshu.WorkTodo, false, app.Page{Limit: zhongshu.MaxPageSize})
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	var out []outgoingTodoRow
	for _, wi := range wl.Items {
		if wi.Module == app.OutgoingModule {
			out = append(out, outgoingTodoRow{WorkItem: wi, Light: wi.Deadline(now)})
		}
	}
	return out, nil
}

// issuingUnits are the units that issue documents: those on file with a
// 机关代字, active and not outside the county's system.
func (s *Server) issuingUnits(ctx context.Context, a *zhongshu.Actor) ([]*zhongshu.Unit, error) {
	units, _, err := s.app.FindUnits(ctx, a, zhongshu.UnitFilter{})
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(units, func(u *zhongshu.Unit) bool { return u.DocCode == "" || u.IsExternal || !u.Active }), nil
}

// handleOutgoingExport writes the 发文登记簿 of the current tab and filter
// as .xlsx: what the actor may see, audited by the app.
func (s *Server) handleOutgoingExport(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	qp := newQuery(r)
	_, f := readOutgoingListQuery(qp, a.ID())
	if err := qp.err(); err != nil {
		return zhongshu.Errorf(zhongshu.CodeInvalid, "筛选条件有误：%s", firstProblem(qp.p))
	}
	var buf bytes.Buffer
	if _, err := s.app.ExportOutgoing(r.Context(), a, f, &buf); err != nil {
		return err
	}
	name := fmt.Sprintf("发文登记簿-%s.xlsx", s.clock.Now().In(chinaTime).Format("20060102"))
	w.Header().Set("Content-Type", incomingXLSXType)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	_, err := buf.WriteTo(w)
	return err
}

// outgoingTitle is a document as a page title names it.
func outgoingTitle(d *zhongshu.OutgoingDoc) string {
	if d.Number == "" {
		return d.Title
	}
	return d.Number + " " + d.Title
}

// chineseDate writes a date as a 公文 does: 2026年3月5日.
func chineseDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(chinaTime)
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// recipientNames prints 主送 or 抄送 as the document does: names joined by
// "，".
func recipientNames(rs []zhongshu.Recipient, units map[int64]string) string {
	names := make([]string, 0, len(rs))
	for _, r := range rs {
		n := r.Name
		if n == "" {
			n = units[r.UnitID]
		}
		names = append(names, n)
	}
	return strings.Join(names, "，")
}

// outgoingActionForm is one step the viewer may take, with what its form
// asks for.
type outgoingActionForm struct {
	Action          outgoing.Action
	Label           string
	DocID           int64
	Primary, Danger bool
	Confirm         string // data-confirm text
	Hint            string
	Text            bool // a text area, with its label and quick phrases
	TextRequired    bool
	TextLabel       string
	Quick           []string
	Checker         bool // 核稿人 (送核稿)
	Reviewer        bool // 会签单位 and 审核人 (核稿通过)
	Checks          bool // the five points, the 签发 leaders and 上会 (审核通过)
	MeetingRef      bool // 会议 (上会审议通过)
	Circle          bool // 圈阅 and the 复核人 (签发)
	Copies          bool // 印制份数 (登记)
	Archive         bool // 归档号
	Decision        bool // 决定机关 and 决定文号 (撤销, 废止)
	Effective       bool // 废止日期
	C               *outgoingChoices
	Open            bool // shown open: refused, with what was typed
	V               outgoingActionValues
	Fields          map[string]string
}

// outgoingActionValues is what was typed into an action form.
type outgoingActionValues struct {
	Text         string
	To           int64
	Units        []int64
	Checks       []bool
	Comments     []string
	Signers      map[int64]int64 // issuer unit → leader
	NeedsMeeting bool
	MeetingRef   string
	Circled      bool
	Copies       string
	Archive      string
	DecidedBy    string
	DecisionRef  string
	EffectiveAt  string
}

// IsUnit reports whether unit id was chosen for 会签.
func (v outgoingActionValues) IsUnit(id int64) bool { return slices.Contains(v.Units, id) }

// CheckAt reports whether review point i was ticked as passed.
func (v outgoingActionValues) CheckAt(i int) bool {
	return i < len(v.Checks) && v.Checks[i]
}

// CommentAt is the comment typed on review point i.
func (v outgoingActionValues) CommentAt(i int) string {
	if i < len(v.Comments) {
		return v.Comments[i]
	}
	return ""
}

// SignerFor is the leader chosen to sign for issuer unit.
func (v outgoingActionValues) SignerFor(unit int64) int64 { return v.Signers[unit] }

// outgoingChoices are the people and units the action forms choose from.
type outgoingChoices struct {
	Checkers    []*zhongshu.User // the drafting unit's people, 科长 first
	Reviewers   []*zhongshu.User // the office leadership
	Units       []*app.UnitNode  // 会签 candidates
	Slots       []signerSlot     // one 签发 place per issuer
	Registrars  []*zhongshu.User
	ReviewItems []string
}

// signerSlot is the 签发 place of one issuer: the leaders who may sign for
// it and the usual one.
type signerSlot struct {
	UnitID  int64
	Unit    string
	Leaders []*zhongshu.User
	Default int64
}

func newOutgoingActionForm(act outgoing.Action, d *zhongshu.OutgoingDoc) outgoingActionForm {
	f := outgoingActionForm{Action: act, Label: act.Label(), DocID: d.ID, Fields: map[string]string{}}
	text := func(label string, required bool) { f.Text, f.TextLabel, f.TextRequired = true, label, required }
	danger := func(confirm string) { f.Danger, f.Confirm = true, confirm }
	switch act {
	case outgoing.Submit:
		f.Checker, f.Hint = true, "送本科室（部门）负责人核稿；送出后在核稿人办理前可以撤回。"
	case outgoing.Recall:
		text("撤回说明（可不填）", false)
		f.Confirm = "确定撤回吗？撤回后文稿回到起草中，修改后重新送核稿。"
	case outgoing.Check:
		f.Reviewer = true
		text("核稿意见（可不填）", false)
	case outgoing.Countersign:
		text("会签意见（可不填）", false)
		f.Quick = []string{"同意。", "无意见。"}
	case outgoing.Return:
		text("退回意见（写明需修改之处）", true)
		danger("确定退回拟稿人修改吗？")
	case outgoing.Review:
		f.Checks = true
		text("审核意见（可不填）", false)
	case outgoing.Deliberate:
		f.MeetingRef = true
	case outgoing.Sign:
		f.Circle = true
		text("签发意见（圈阅的可不填）", false)
		f.Quick = []string{"同意。", "同意印发。", "同意，请按程序印发。"}
	case outgoing.Resign:
		text("需报原签批人复审的实质性修改", true)
		f.Confirm = "确定报原签批人复审吗？已有的签发将重新进行。"
	case outgoing.Register:
		f.Label, f.Copies = "登记编号并生成版式文件", true
		f.Hint = "取机关代字的下一个发文字号，按 GB/T 9704 生成版式文件（PDF），并以主办机关的 SM2 密钥对签发记录签名。"
	case outgoing.Produce:
		f.Hint = "按 GB/T 9704 排版生成版式文件（PDF），并以主办机关的 SM2 密钥对签发记录签名。"
		if d.RenditionID != 0 {
			f.Label, f.Hint = "重新生成版式文件", "按当前文稿重新排版生成 PDF 并重新签名，核发前均可重新生成。"
		}
	case outgoing.Dispatch:
		f.Confirm = "确定核发吗？核发后公文分送主送、抄送单位，不能再修改。"
		f.Hint = "请先核对版式文件的文字、格式；核发后系统内的收文单位即收到公文并签收。"
	case outgoing.Publish:
		f.Confirm = "确定公开发布吗？"
	case outgoing.Archive:
		f.Archive = true
	case outgoing.Revoke:
		f.Decision = true
		text("撤销理由", true)
		danger("撤销后该文自始无效，此操作不可恢复。确定撤销吗？")
	case outgoing.Abolish:
		f.Decision, f.Effective = true, true
		text("废止理由", true)
		danger("废止后该文自废止之日起失效，此操作不可恢复。确定废止吗？")
	case outgoing.VoidNumber:
		text("作废原因（如机关代字选错、重复登记）", true)
		danger("确定作废本件的发文字号吗？作废的字号不再使用，版式文件一并作废，本件回到复核。")
	case outgoing.Withdraw:
		text("撤稿理由", true)
		danger("撤稿后该文稿不再办理（记录保留），此操作不可恢复。确定撤稿吗？")
	}
	return f
}

// defaults fills a fresh form with the usual choices: the unit's 科长 as
// 核稿人, the office director as reviewer and the last round's 会签单位, the
// usual 签发 leaders, the draft's 上会 and 印制份数.
func (f *outgoingActionForm) defaults(d *zhongshu.OutgoingDoc, c *outgoingChoices) {
	if f.Open {
		return
	}
	first := func(users []*zhongshu.User, role zhongshu.Role) int64 {
		for _, u := range users {
			if u.HasRole(role) {
				return u.ID
			}
		}
		if len(users) > 0 {
			return users[0].ID
		}
		return 0
	}
	switch {
	case f.Checker:
		f.V.To = first(c.Checkers, zhongshu.RoleSectionChief)
	case f.Reviewer:
		f.V.To = first(c.Reviewers, zhongshu.RoleOfficeDirector)
		for _, cs := range d.Countersigns {
			f.V.Units = append(f.V.Units, cs.UnitID)
		}
	case f.Checks:
		f.V.NeedsMeeting, f.V.Signers = d.NeedsMeeting, map[int64]int64{}
		for _, sl := range c.Slots {
			f.V.Signers[sl.UnitID] = sl.Default
		}
	case f.Copies && d.Copies > 0:
		f.V.Copies = strconv.Itoa(d.Copies)
	}
}

// readOutgoingAction reads an action form into the request and the values
// to show again, with the problems found at the edge.
func readOutgoingAction(r *http.Request, d *zhongshu.OutgoingDoc) (app.OutgoingRequest, outgoingActionValues, zhongshu.Problems) {
	var probs zhongshu.Problems
	v := r.PostFormValue
	act := outgoing.Action(v("action"))
	if !act.Valid() || act == outgoing.Edit {
		probs.Add("action", "请选择要进行的操作")
	}
	val := outgoingActionValues{Text: v("text"), NeedsMeeting: v("needs_meeting") == "1", MeetingRef: v("meeting_ref"),
		Circled: v("circled") == "1", Copies: strings.TrimSpace(v("copies")), Archive: v("archive_number"),
		DecidedBy: v("decided_by"), DecisionRef: v("decision_ref"), EffectiveAt: strings.TrimSpace(v("effective_at")),
		Signers: map[int64]int64{}}
	var ok bool
	if val.To, ok = formID(v("to")); !ok {
		probs.Add("to", "人员选择不正确")
	}
	for _, x := range r.PostForm["units"] {
		if id, ok := formID(x); !ok {
			probs.Add("units", "会签单位选择不正确")
		} else if id != 0 {
			val.Units = append(val.Units, id)
		}
	}
	req := app.OutgoingRequest{Action: act, Text: val.Text, To: val.To, Units: val.Units, NeedsMeeting: val.NeedsMeeting,
		MeetingRef: strings.TrimSpace(val.MeetingRef), Circled: val.Circled, ArchiveNumber: strings.TrimSpace(val.Archive),
		DecidedBy: strings.TrimSpace(val.DecidedBy), DecisionRef: strings.TrimSpace(val.DecisionRef)}
	if act == outgoing.Review {
		for i := range zhongshu.ReviewItems {
			c := zhongshu.ReviewCheck{OK: v(fmt.Sprintf("check_%d", i)) == "1", Comment: strings.TrimSpace(v(fmt.Sprintf("comment_%d", i)))}
			val.Checks, val.Comments = append(val.Checks, c.OK), append(val.Comments, c.Comment)
			req.Checks = append(req.Checks, c)
		}
		for _, is := range d.Issuers {
			id, ok := formID(v(fmt.Sprintf("signer_%d", is.UnitID)))
			if !ok {
				probs.Add("signers", "签发领导选择不正确")
			} else if id != 0 {
				val.Signers[is.UnitID] = id
				req.Signers = append(req.Signers, zhongshu.Signature{LeaderID: id, UnitID: is.UnitID})
			}
		}
	}
	if val.Copies != "" {
		n, err := strconv.Atoi(val.Copies)
		if err != nil || n < 1 {
			probs.Add("copies", "印制份数须为正整数")
		}
		req.Copies = n
	}
	if val.EffectiveAt != "" {
		t, err := time.ParseInLocation("2006-01-02", val.EffectiveAt, chinaTime)
		if err != nil {
			probs.Add("effective_at", "废止日期须为日期")
		}
		req.EffectiveAt = t
	}
	return req, val, probs
}
