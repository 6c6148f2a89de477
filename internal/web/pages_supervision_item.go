package web

// The item page: the timeline, and the next step of the lifecycle for
// whoever holds it.

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/supervision"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// ---------------------------------------------------------------------------
// The item page.

// actionForm is one action the viewer may take, with what its form needs.
type actionForm struct {
	Action      supervision.Action
	Label       string
	NeedsReason bool   // the rules ask for a text
	ReasonLabel string // what the text is
	NeedsDue    bool   // a new due date (required for RequestExtension)
	DueRequired bool
	Reassign    bool   // unit selects
	Confirm     string // data-confirm text
	Danger      bool
	Primary     bool
	ItemID      int64
	Units       []*app.UnitNode // for Reassign
	// Milestones are the open 办理节点 the lead unit may report done with
	// this 阶段反馈 ("本次完成的节点"); empty for everybody else.
	Milestones     []milestoneOption
	Milestone      int    // the node chosen, after a refusal
	Reason         string // as typed, after a refusal
	ReasonError    string
	DueError       string
	UnitError      string
	MilestoneError string
}

// milestoneOption is a node offered in the 阶段反馈 form.
type milestoneOption struct {
	N     int // 1-based, as the form posts it
	Label string
}

func newActionForm(act supervision.Action) actionForm {
	f := actionForm{Action: act, Label: act.Label(), ReasonLabel: "意见或说明（可选）"}
	switch act {
	case supervision.Reject:
		f.NeedsReason, f.ReasonLabel, f.Confirm, f.Danger = true, "不予立项的理由", "确定不予立项吗？", true
	case supervision.Object:
		f.NeedsReason, f.ReasonLabel = true, "异议理由（须经单位领导同意）"
	case supervision.RefuseTransfer:
		f.NeedsReason, f.ReasonLabel = true, "不同意转办的理由"
	case supervision.Report:
		f.NeedsReason, f.ReasonLabel = true, "进展情况、存在问题、下一步措施"
	case supervision.SendInput:
		f.NeedsReason, f.ReasonLabel = true, "协办意见"
	case supervision.RequestExtension:
		f.NeedsReason, f.ReasonLabel, f.NeedsDue, f.DueRequired = true, "延期理由和目前进展", true, true
	case supervision.ApproveExtension:
		f.NeedsDue = true
	case supervision.RejectExtension:
		f.NeedsReason, f.ReasonLabel = true, "不批准延期的理由"
	case supervision.RequestCompletion:
		f.ReasonLabel = "办理过程和结果（办结报告）"
	case supervision.Return:
		f.NeedsReason, f.ReasonLabel, f.Confirm, f.Danger = true, "退回重办的理由", "确定退回重办吗？", true
	case supervision.LeaderCloseWithInstruction:
		f.NeedsReason, f.ReasonLabel = true, "新的批示内容"
	case supervision.Suspend:
		f.NeedsReason, f.ReasonLabel, f.Confirm, f.Danger = true, "暂缓的理由", "确定暂缓办理此事项吗？", true
	case supervision.Cancel:
		f.NeedsReason, f.ReasonLabel, f.Confirm, f.Danger = true, "撤销的理由", "确定撤销立项吗？此操作不可恢复。", true
	case supervision.Reassign:
		f.Reassign = true
	}
	return f
}

// primaryOrder ranks the forward steps: the first one allowed is the
// page's one obvious button.
var primaryOrder = []supervision.Action{supervision.Submit, supervision.Approve, supervision.Sign, supervision.Reassign,
	supervision.ApproveExtension, supervision.RequestCompletion, supervision.Accept, supervision.LeaderClose,
	supervision.EvaluateClose, supervision.Archive, supervision.Resume, supervision.SendInput, supervision.Report}

// assignmentRow is one unit's part as the page shows it.
type assignmentRow struct {
	zhongshu.Assignment
	Unit, Person string
	// InputLate: a co unit's 协办意见 is past its 时限 and has not come,
	// while the item runs.
	InputLate bool
}

// milestoneView is one 办理节点 as the page shows it: 已完成 with its date,
// 未到期, or 滞后 (past due and not done while the item runs, in the
// warning colour of the light it causes); a node past due on an item that
// does not run (draft, suspended, 办结) is 未报告完成, without colour.
type milestoneView struct {
	N      int
	Name   string
	DueAt  time.Time
	DoneAt time.Time
	State  string // 已完成, 未到期, 滞后 or 未报告完成
	Class  string // the light class of 滞后
}

func viewMilestones(it *zhongshu.SupervisionItem, now time.Time) []milestoneView {
	var out []milestoneView
	for i, m := range it.Milestones {
		v := milestoneView{N: i + 1, Name: m.Name, DueAt: m.DueAt, DoneAt: m.DoneAt}
		switch {
		case !m.DoneAt.IsZero():
			v.State = "已完成"
		case now.Before(m.DueAt):
			v.State = "未到期"
		case it.Status.Active():
			v.State, v.Class = "滞后", viewLight(zhongshu.LightBehind).Class
		default:
			v.State = "未报告完成"
		}
		out = append(out, v)
	}
	return out
}

type supervisionItemPage struct {
	BasePage
	D          *app.SupervisionDetail
	Light      lightView
	LeadUnit   string
	Assigning  string
	Resp       string
	Supervisor string
	Rows       []assignmentRow
	Milestones []milestoneView
	Timeline   timeline
	Primary    *actionForm
	Secondary  []actionForm
	Units      []*app.UnitNode
	Error      string
	// 催办: shown to the 督查室 and office leadership while the item is
	// with the units.
	CanUrge      bool
	UrgeChannels []struct{ Code, Label string }
	UrgeFields   map[string]string
}

func (s *Server) supervisionItemPage(w http.ResponseWriter, r *http.Request, id int64) (*supervisionItemPage, error) {
	a := actor(r)
	d, err := s.app.FindSupervisionItem(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	it := d.Item
	people := []int64{it.AssigningLeaderID, it.ResponsibleLeaderID, it.SupervisorID}
	for _, as := range it.Assignments {
		people = append(people, as.PersonID)
	}
	nb, err := s.names(r.Context(), a, people...)
	if err != nil {
		return nil, err
	}
	p := &supervisionItemPage{BasePage: s.base(w, r, it.Number+" "+it.Title), D: d, Light: viewLight(d.Light),
		Assigning: nb.person(it.AssigningLeaderID), Resp: nb.person(it.ResponsibleLeaderID),
		Supervisor: nb.person(it.SupervisorID), CanUrge: app.CanUrge(actor(r), it), UrgeChannels: app.UrgeChannels,
		Timeline: timeline{ID: "supervision-timeline"}}
	now := s.clock.Now()
	p.Milestones = viewMilestones(it, now)
	for _, as := range it.Assignments {
		late := as.Role == zhongshu.AssignmentCo && as.CoInputAt.IsZero() && !as.CoInputDue.IsZero() &&
			!now.Before(as.CoInputDue) && it.Status.Active()
		p.Rows = append(p.Rows, assignmentRow{Assignment: as, Unit: nb.unit(as.UnitID), Person: nb.person(as.PersonID), InputLate: late})
		if as.Role == zhongshu.AssignmentLead {
			p.LeadUnit = nb.unit(as.UnitID)
		}
	}
	for _, e := range d.Events {
		label := supervision.Action(e.Action).Label()
		switch e.Action {
		case "create":
			label = "登记立项"
		case "urge":
			label = "催办"
		}
		p.Timeline.Entries = append(p.Timeline.Entries, newTimelineEntry(e.At, e.ActorName, label, e.FromStatus, e.ToStatus, e.Text))
	}
	for _, act := range primaryOrder {
		if slices.Contains(d.Allowed, act) {
			f := newActionForm(act)
			p.Primary = &f
			break
		}
	}
	for _, act := range d.Allowed {
		if p.Primary != nil && act == p.Primary.Action {
			continue
		}
		p.Secondary = append(p.Secondary, newActionForm(act))
		if act == supervision.Reassign && p.Units == nil {
			if _, p.Units, err = s.app.UnitTree(r.Context(), a); err != nil {
				return nil, err
			}
		}
	}
	if p.Primary != nil && p.Primary.Reassign {
		if _, p.Units, err = s.app.UnitTree(r.Context(), a); err != nil {
			return nil, err
		}
	}
	var open []milestoneOption
	for _, n := range d.Milestones {
		m := it.Milestones[n-1]
		open = append(open, milestoneOption{N: n, Label: fmt.Sprintf("%d. %s（时限 %s）", n, m.Name, dueDateValue(m.DueAt))})
	}
	fill := func(f *actionForm) {
		f.ItemID, f.Units = id, p.Units
		if f.Action == supervision.Report {
			f.Milestones = open
		}
	}
	if p.Primary != nil {
		p.Primary.Primary = true
		fill(p.Primary)
	}
	for i := range p.Secondary {
		fill(&p.Secondary[i])
	}
	return p, nil
}

// refused keeps what was typed into the form of the refused action, with
// its field messages.
func (s *Server) handleSupervisionUrge(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	err = s.app.UrgeSupervision(r.Context(), a, id, r.PostFormValue("channel"), r.PostFormValue("text"))
	if err != nil {
		switch zhongshu.ErrorCode(err) {
		case zhongshu.CodePrecondition, zhongshu.CodeForbidden, zhongshu.CodeInvalid:
		default:
			return err
		}
		p, perr := s.supervisionItemPage(w, r, id)
		if perr != nil {
			return perr
		}
		p.Error, p.UrgeFields = zhongshu.ErrorMessage(err), zhongshu.ErrorFields(err)
		return s.pages.render(w, statusOf(zhongshu.ErrorCode(err)), "supervision_item", "layout", p)
	}
	return redirect(w, r, app.SupervisionURL(id), "催办已记录，并已通知当前承办人。")
}

func (p *supervisionItemPage) refused(act supervision.Action, reason string, milestone int, fields map[string]string) {
	set := func(f *actionForm) {
		if f.Action == act {
			f.Reason, f.ReasonError, f.DueError, f.UnitError = reason, fields["reason"], fields["new_due"], fields["assignments"]
			f.Milestone, f.MilestoneError = milestone, fields["milestone"]
		}
	}
	if p.Primary != nil {
		set(p.Primary)
	}
	for i := range p.Secondary {
		set(&p.Secondary[i])
	}
}

func (s *Server) handleSupervisionItem(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.supervisionItemPage(w, r, id)
	if err != nil {
		return err
	}
	return s.pages.render(w, http.StatusOK, "supervision_item", "layout", p)
}

// validAction reports whether a is an action of the 督办 machine.
func validAction(a supervision.Action) bool {
	return slices.Contains(supervision.SupervisionActions(), a)
}

func (s *Server) handleSupervisionAct(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	act := supervision.Action(r.PostFormValue("action"))
	req := app.SupervisionRequest{Action: act, Reason: r.PostFormValue("reason")}
	var probs zhongshu.Problems
	if !validAction(act) {
		probs.Add("action", "请选择要进行的操作")
	}
	if v := strings.TrimSpace(r.PostFormValue("new_due")); v != "" {
		due, ok := endOfDay(v)
		if !ok {
			probs.Add("new_due", "新的办结时限须为日期")
		}
		req.NewDue = due
	}
	if v := strings.TrimSpace(r.PostFormValue("milestone")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			probs.Add("milestone", "请选择本次完成的节点")
		}
		req.Milestone = n
	}
	if act == supervision.Reassign {
		lead, ok := formID(r.PostFormValue("lead_unit_id"))
		if !ok || lead == 0 {
			probs.Add("assignments", "请选择主办单位")
		} else {
			req.Assignments = append(req.Assignments, zhongshu.Assignment{UnitID: lead, Role: zhongshu.AssignmentLead})
		}
		for _, v := range r.PostForm["co_unit_id"] {
			if cid, ok := formID(v); ok && cid != 0 && cid != lead {
				req.Assignments = append(req.Assignments, zhongshu.Assignment{UnitID: cid, Role: zhongshu.AssignmentCo})
			}
		}
	}
	var done *zhongshu.SupervisionItem
	if err = probs.Err(); err == nil {
		done, err = s.app.ActOnSupervision(r.Context(), a, id, req)
	}
	if err != nil {
		status := statusOf(zhongshu.ErrorCode(err))
		switch zhongshu.ErrorCode(err) {
		case zhongshu.CodePrecondition, zhongshu.CodeForbidden, zhongshu.CodeInvalid, zhongshu.CodeConflict:
		default:
			return err
		}
		p, perr := s.supervisionItemPage(w, r, id)
		if perr != nil {
			return perr
		}
		p.Error = zhongshu.ErrorMessage(err)
		p.refused(act, req.Reason, req.Milestone, zhongshu.ErrorFields(err))
		return s.pages.render(w, status, "supervision_item", "layout", p)
	}
	flash := act.Label() + "已完成。"
	if n := req.Milestone; act == supervision.Report && n > 0 && n <= len(done.Milestones) {
		flash = fmt.Sprintf("阶段反馈已报送，节点“%s”记为已完成。", done.Milestones[n-1].Name)
	}
	return redirect(w, r, app.SupervisionURL(id), flash)
}
