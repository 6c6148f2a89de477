package web

// The 收文 document page: what it is, who holds it (去向), its 批示, 传阅
// and 承办, its attachments and timeline, and the next step for the viewer;
// the POSTs that take the steps and make a 督办 item of it.

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/incoming"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// incomingPrimary ranks the forward steps: the first one allowed is the
// page's one obvious button; the rest are side steps.
var incomingPrimary = []incoming.Action{incoming.Register, incoming.Sign, incoming.Propose, incoming.Circulate,
	incoming.Submit, incoming.Instruct, incoming.Assign, incoming.Accept, incoming.Read, incoming.Report,
	incoming.CoInput, incoming.Complete, incoming.Archive}

// incomingUrgeChannels are the ways a 催办 is made.
var incomingUrgeChannels = []string{"系统", "电话", "短信", "当面"}

type incomingDocPage struct {
	BasePage
	D            *app.IncomingDetail
	Doc          *zhongshu.IncomingDoc
	Proposer     string
	SignedBy     string
	RegisteredBy string
	Holders      []holderRow
	Instructions []incomingInstructionRow
	Readers      []incomingReaderRow
	Assignments  []incomingAssignmentRow
	Attach       attachmentPanel
	Timeline     timeline
	Primary      *incomingActionForm
	Secondary    []incomingActionForm
	C            incomingChoices
	Error        string
}

func (s *Server) incomingDocPage(w http.ResponseWriter, r *http.Request, id int64, open bool) (*incomingDocPage, error) {
	ctx, a := r.Context(), actor(r)
	d, err := s.app.FindIncomingDoc(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if open && reachedReader(d.Doc, a) {
		if err := s.app.MarkIncomingOpened(ctx, a, id); err != nil {
			s.log.WarnContext(ctx, "mark incoming opened", "doc", id, "err", err)
		} else if d, err = s.app.FindIncomingDoc(ctx, a, id); err != nil {
			return nil, err
		}
	}
	doc := d.Doc
	nb, err := s.names(ctx, a, incomingPeople(d)...)
	if err != nil {
		return nil, err
	}
	p := &incomingDocPage{BasePage: s.base(w, r, incomingTitle(doc)), D: d, Doc: doc,
		Proposer: nb.person(doc.ProposerID), SignedBy: nb.person(doc.SignedByID), RegisteredBy: nb.person(doc.RegisteredByID),
		C: incomingChoices{Channels: incomingUrgeChannels}, Holders: holderRows(d.Holders, nb.person, s.clock.Now()),
		Attach: s.newAttachmentPanel("incoming", id, d.Attachments, nb.person,
			seesAllIncomingDocs(a) || (!doc.AssignedAt.IsZero() && len(actorAssignments(doc, a)) > 0)),
		Timeline: timeline{ID: "incoming-timeline"}}
	p.Instructions = instructionRows(doc, nb)
	for _, rd := range doc.Readers {
		p.Readers = append(p.Readers, incomingReaderRow{Reader: rd, Person: nb.person(rd.PersonID)})
	}
	for _, as := range doc.Assignments {
		p.Assignments = append(p.Assignments, incomingAssignmentRow{IncomingAssignment: as, Unit: nb.unit(as.UnitID),
			Person: nb.person(as.PersonID), Proposed: doc.AssignedAt.IsZero()})
	}
	for _, e := range d.Events {
		p.Timeline.Entries = append(p.Timeline.Entries, incomingTimelineEntry(e))
	}
	for _, act := range incomingPrimary {
		if slices.Contains(d.Allowed, act) {
			f := newIncomingActionForm(act, doc, nb)
			f.Primary = true
			p.Primary = &f
			break
		}
	}
	for _, act := range d.Allowed {
		if p.Primary == nil || act != p.Primary.Action {
			p.Secondary = append(p.Secondary, newIncomingActionForm(act, doc, nb))
		}
	}
	if err := s.fillIncomingChoices(ctx, a, p); err != nil {
		return nil, err
	}
	for _, f := range p.forms() {
		f.C = &p.C
	}
	return p, nil
}

// forms are the page's action forms, the primary one first.
func (p *incomingDocPage) forms() []*incomingActionForm {
	return actionForms(p.Primary, p.Secondary)
}

// fillIncomingChoices loads the leaders, people and units the shown forms
// choose from.
func (s *Server) fillIncomingChoices(ctx context.Context, a *zhongshu.Actor, p *incomingDocPage) error {
	var need incomingActionForm
	for _, f := range p.forms() {
		need.Leaders, need.Readers = need.Leaders || f.Leaders, need.Readers || f.Readers
		need.Units, need.To = need.Units || f.Units, need.To || f.To
	}
	var err error
	if need.Leaders || (need.To && p.Doc.Status == zhongshu.IncomingAwaitingInstruction) {
		if p.C.Leaders, err = s.instructionLeaders(ctx, a); err != nil {
			return err
		}
	}
	if need.Units {
		if _, p.C.Units, err = s.app.UnitTree(ctx, a); err != nil {
			return err
		}
	}
	if !need.Readers && !need.To {
		return nil
	}
	active := zhongshu.UserActive
	users, _, err := s.app.FindUsers(ctx, a, zhongshu.UserFilter{Status: &active})
	if err != nil {
		return err
	}
	mine := actorAssignments(p.Doc, a)
	for _, u := range users {
		if u.HasRole(zhongshu.RoleSysAdmin) || u.HasRole(zhongshu.RoleSecAdmin) || u.HasRole(zhongshu.RoleAuditAdmin) {
			continue
		}
		p.C.People = append(p.C.People, u)
		if u.ID != a.ID() && slices.ContainsFunc(u.Posts, func(po zhongshu.Post) bool { return slices.Contains(mine, po.UnitID) }) {
			p.C.TransferTo = append(p.C.TransferTo, u)
		}
	}
	if p.Doc.Status == zhongshu.IncomingAwaitingInstruction { // another leader, not yet in the chain
		p.C.TransferTo = nil
		for _, u := range p.C.Leaders {
			if !slices.ContainsFunc(p.Doc.Instructions, func(in zhongshu.Instruction) bool { return in.LeaderID == u.ID }) {
				p.C.TransferTo = append(p.C.TransferTo, u)
			}
		}
	}
	return nil
}

func (s *Server) handleIncomingDoc(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.incomingDocPage(w, r, id, true)
	if err != nil {
		return err
	}
	return s.pages.render(w, http.StatusOK, "incoming_doc", "layout", p)
}

// readIncomingAction reads an action form into the request and the values
// to show again, with the problems found at the edge.
func (s *Server) readIncomingAction(r *http.Request) (app.IncomingRequest, incomingActionValues, zhongshu.Problems) {
	var probs zhongshu.Problems
	v := r.PostFormValue
	act := incoming.Action(v("action"))
	if !act.Valid() {
		probs.Add("action", "请选择要进行的操作")
	}
	ids := func(name, msg string) []int64 {
		var out []int64
		for _, x := range r.PostForm[name] {
			if id, ok := formID(x); !ok {
				probs.Add(name, msg)
			} else if id != 0 {
				out = append(out, id)
			}
		}
		return out
	}
	val := incomingActionValues{Text: v("text"), Leaders: ids("leaders", "领导选择不正确"), Readers: ids("readers", "传阅对象选择不正确"),
		InOrder: v("in_order") == "1", CoUnits: ids("co_unit_id", "协办单位选择不正确"), DueWorkdays: strings.TrimSpace(v("due_workdays")),
		DueDate: strings.TrimSpace(v("due_date")), Channel: v("channel"), Reply: v("reply_number"), Archive: v("archive_number")}
	var ok bool
	if val.LeadUnit, ok = formID(v("lead_unit_id")); !ok {
		probs.Add("assignments", "主办单位选择不正确")
	}
	if val.To, ok = formID(v("to")); !ok {
		probs.Add("to", "请选择转交给谁")
	}
	req := app.IncomingRequest{Action: act, Text: val.Text, Leaders: val.Leaders, Readers: val.Readers, InOrder: val.InOrder,
		To: val.To, ReplyNumber: strings.TrimSpace(val.Reply), Archive: strings.TrimSpace(val.Archive)}
	if act == incoming.Urge {
		if val.Channel != "" && !slices.Contains(incomingUrgeChannels, val.Channel) {
			probs.Add("channel", "催办方式不正确")
		}
		req.Channel = val.Channel
	}
	if act == incoming.Propose || act == incoming.Assign {
		if val.LeadUnit != 0 || len(val.CoUnits) > 0 || act == incoming.Assign {
			if val.LeadUnit == 0 {
				probs.Add("assignments", "请选择主办单位")
			}
			req.Assignments = append(req.Assignments, zhongshu.IncomingAssignment{UnitID: val.LeadUnit, Role: zhongshu.AssignmentLead})
			for _, id := range val.CoUnits {
				if id != val.LeadUnit {
					req.Assignments = append(req.Assignments, zhongshu.IncomingAssignment{UnitID: id, Role: zhongshu.AssignmentCo})
				}
			}
		}
		switch {
		case val.DueWorkdays != "":
			n, err := strconv.Atoi(val.DueWorkdays)
			if err != nil || n < 1 || n > 250 {
				probs.Add("due", "工作日数须为1至250的整数")
			}
			req.DueWorkdays = n
		case val.DueDate != "":
			due, ok := endOfDay(val.DueDate)
			if !ok {
				probs.Add("due", "办理时限须为日期")
			}
			for i := range req.Assignments {
				req.Assignments[i].DueAt = due
			}
		}
	}
	return req, val, probs
}

func (s *Server) handleIncomingAct(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return zhongshu.Errorf(zhongshu.CodeInvalid, "表单内容有误。")
	}
	a := actor(r)
	req, val, probs := s.readIncomingAction(r)
	fromPending := r.PostFormValue("back") == "pending"
	if err = probs.Err(); err == nil {
		_, err = s.app.ActOnIncoming(r.Context(), a, id, req)
	}
	if err != nil {
		switch zhongshu.ErrorCode(err) {
		case zhongshu.CodePrecondition, zhongshu.CodeForbidden, zhongshu.CodeInvalid, zhongshu.CodeConflict:
		default:
			return err
		}
		status := statusOf(zhongshu.ErrorCode(err))
		if fromPending {
			msg := zhongshu.ErrorMessage(err)
			if ft := zhongshu.ErrorFields(err)["text"]; ft != "" {
				msg = ft + "。"
			}
			return s.renderIncomingPending(w, r, status, id, msg, val.Text)
		}
		p, perr := s.incomingDocPage(w, r, id, false)
		if perr != nil {
			return perr
		}
		p.Error = zhongshu.ErrorMessage(err)
		p.refused(req.Action, val, zhongshu.ErrorFields(err))
		return s.pages.render(w, status, "incoming_doc", "layout", p)
	}
	done := req.Action.Label() + "已完成。"
	if fromPending {
		return redirect(w, r, "/incoming/pending", done)
	}
	return redirect(w, r, app.IncomingURL(id), done)
}

// refused keeps what was typed into the refused action's form, with its
// field messages, and opens it.
func (p *incomingDocPage) refused(act incoming.Action, val incomingActionValues, fields map[string]string) {
	if fields == nil {
		fields = map[string]string{}
	}
	for _, f := range p.forms() {
		if f.Action == act {
			f.V, f.Fields, f.Open = val, fields, true
		}
	}
}

func (s *Server) handleIncomingSupervise(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	if _, err := s.app.FindIncomingDoc(r.Context(), a, id); err != nil {
		return err
	}
	it, err := s.app.CreateSupervisionFromIncoming(r.Context(), a, id)
	if err != nil {
		switch zhongshu.ErrorCode(err) {
		case zhongshu.CodePrecondition, zhongshu.CodeForbidden, zhongshu.CodeInvalid, zhongshu.CodeConflict:
		default:
			return err
		}
		p, perr := s.incomingDocPage(w, r, id, false)
		if perr != nil {
			return perr
		}
		p.Error = zhongshu.ErrorMessage(err)
		return s.pages.render(w, statusOf(zhongshu.ErrorCode(err)), "incoming_doc", "layout", p)
	}
	return redirect(w, r, app.SupervisionURL(it.ID),
		fmt.Sprintf("已由收文生成督办事项 %s（拟立项），请核对、补充后提交立项。", it.Number))
}

// incomingActionForm is one action the viewer may take, with what its form
// asks for.
type incomingActionForm struct {
	Action           incoming.Action
	Label            string
	DocID            int64
	Primary, Danger  bool
	Confirm          string // data-confirm text: the step cannot be undone
	Text             bool   // a text area, with its label and quick phrases
	TextRequired     bool
	TextLabel        string
	Quick            []string
	Leaders, Readers bool // the 呈批 chain or the 传阅 list, and their order
	Units            bool // 主办, 协办 and 办理时限 (optional for 拟办)
	UnitsOptional    bool
	To, Channel      bool // 转办 to whom, 催办方式
	Reply, Archive   bool // 答复文号, 归档号
	Back             string
	C                *incomingChoices
	Open             bool // shown open: refused, with what was typed
	V                incomingActionValues
	Fields           map[string]string
}

// incomingActionValues is what was typed into an action form.
type incomingActionValues struct {
	Text                 string
	Leaders, Readers     []int64
	InOrder              bool
	LeadUnit             int64
	CoUnits              []int64
	DueWorkdays, DueDate string
	To                   int64
	Channel, Reply       string
	Archive              string
}

// LeaderAt is the leader chosen in place i of the chain, or 0.
func (v incomingActionValues) LeaderAt(i int) int64 {
	if i < len(v.Leaders) {
		return v.Leaders[i]
	}
	return 0
}

func (v incomingActionValues) IsReader(id int64) bool { return slices.Contains(v.Readers, id) }
func (v incomingActionValues) IsCo(id int64) bool     { return slices.Contains(v.CoUnits, id) }

// Places is the number of leader selects of the 呈批 chain.
func (f incomingActionForm) Places() []int { return []int{0, 1, 2, 3} }

func newIncomingActionForm(act incoming.Action, d *zhongshu.IncomingDoc, nb nameBook) incomingActionForm {
	f := incomingActionForm{Action: act, Label: act.Label(), DocID: d.ID, Fields: map[string]string{}}
	text := func(label string, required bool) { f.Text, f.TextLabel, f.TextRequired = true, label, required }
	danger := func(confirm string) { f.Danger, f.Confirm = true, confirm }
	switch act {
	case incoming.Propose:
		text("拟办意见", true)
		f.Leaders, f.Units, f.UnitsOptional = true, true, true
	case incoming.Submit:
		f.Leaders = true
	case incoming.Circulate:
		f.Readers = true
	case incoming.Instruct:
		text("批示意见", true)
		f.Quick = []string{"同意。"}
		if d.Proposal != "" {
			f.Quick = append(f.Quick, "同意拟办意见。")
		}
		for _, as := range d.Assignments {
			f.Quick = append(f.Quick, "请"+nb.unit(as.UnitID)+"阅办。")
		}
		f.Quick = append(f.Quick, "已阅。")
	case incoming.Assign:
		f.Units = true
	case incoming.Read:
		text("阅批意见（可不填）", false)
		f.Quick = []string{"已阅。"}
	case incoming.CoInput:
		text("协办意见", true)
	case incoming.Report:
		text("办理结果（答复来文单位的内容）", true)
		f.Reply = true
	case incoming.Archive:
		f.Archive = true
	case incoming.Urge:
		text("催办内容", false)
		f.Channel = true
	case incoming.Transfer:
		text("转办说明（可不填）", false)
		f.To = true
	case incoming.Decline:
		text("退回理由（如不属于本单位职责）", true)
		danger("确定将本件退回办公室重新交办吗？")
	case incoming.Withdraw:
		text("撤回说明（可不填）", false)
		f.Confirm = "确定撤回吗？撤回后本件回到上一环节。"
	case incoming.ReturnDoc:
		text("退回理由（如不符合行文规则）", true)
		danger("确定将本件退回来文单位吗？此操作不可恢复。")
	case incoming.VoidNumber:
		text("作废理由（如重复登记）", true)
		danger("确定作废本件登记吗？收文号作废后不再使用，此操作不可恢复。")
	}
	return f
}
