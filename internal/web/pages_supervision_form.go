package web

// The 督查员's registration form for a new 督办事项.

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// ---------------------------------------------------------------------------
// 新建督办事项.

// supervisionForm is the registration form as typed.
type supervisionForm struct {
	Title               string
	Source              string
	SourceRef           string
	Content             string
	AssigningLeaderID   int64
	ResponsibleLeaderID int64
	LeadUnitID          int64
	CoUnitIDs           []int64
	LeadPersonID        int64
	DueDate             string
	DueWorkdays         string
	FeedbackCycle       string
}

// IsCo reports whether unit id is ticked as 协办.
func (f supervisionForm) IsCo(id int64) bool { return slices.Contains(f.CoUnitIDs, id) }

type supervisionFormPage struct {
	BasePage
	F       supervisionForm
	Sources []zhongshu.SupervisionSource
	Cycles  []zhongshu.FeedbackCycle
	Leaders []*zhongshu.User
	Units   []*app.UnitNode
	People  []*zhongshu.User
	Error   string
	Fields  map[string]string
	// Defaults describes the county's default deadline per source, e.g.
	// "领导批示交办 15个工作日".
	Defaults []string
}

func (s *Server) supervisionFormPage(w http.ResponseWriter, r *http.Request, f supervisionForm) (*supervisionFormPage, error) {
	a := actor(r)
	p := &supervisionFormPage{BasePage: s.base(w, r, "新建督办事项"), F: f, Sources: zhongshu.AllSupervisionSources(),
		Cycles: []zhongshu.FeedbackCycle{zhongshu.FeedbackOnce, zhongshu.FeedbackWeekly, zhongshu.FeedbackMonthly}, Fields: map[string]string{}}
	rules := s.app.SupervisionDeadlineRules()
	for _, src := range p.Sources {
		if r, ok := rules[src]; ok {
			p.Defaults = append(p.Defaults, src.Label()+" "+r.String())
		}
	}
	var err error
	if p.Leaders, err = s.countyLeaders(r.Context(), a); err != nil {
		return nil, err
	}
	if _, p.Units, err = s.app.UnitTree(r.Context(), a); err != nil {
		return nil, err
	}
	active := zhongshu.UserActive
	people, _, err := s.app.FindUsers(r.Context(), a, zhongshu.UserFilter{Status: &active})
	if err != nil {
		return nil, err
	}
	for _, u := range people {
		if !u.HasRole(zhongshu.RoleSysAdmin) && !u.HasRole(zhongshu.RoleSecAdmin) && !u.HasRole(zhongshu.RoleAuditAdmin) {
			p.People = append(p.People, u)
		}
	}
	return p, nil
}

// errNotSupervisor is the page's answer to those who may not register items.
var errNotSupervisor = zhongshu.Errorf(zhongshu.CodeForbidden, "督办事项由督查员立项。")

func (s *Server) handleSupervisionNew(w http.ResponseWriter, r *http.Request) error {
	if !actor(r).User.HasRole(zhongshu.RoleSupervisor) {
		return errNotSupervisor
	}
	// The deadline is left empty: the county's default for the chosen source
	// applies unless the 督查员 sets one.
	f := supervisionForm{Source: string(zhongshu.SourceInstruction), FeedbackCycle: string(zhongshu.FeedbackOnce)}
	p, err := s.supervisionFormPage(w, r, f)
	if err != nil {
		return err
	}
	return s.pages.render(w, http.StatusOK, "supervision_form", "layout", p)
}

// dueDateValue is an end-of-day deadline as the date input shows it.
func dueDateValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(chinaTime).Add(-time.Nanosecond).Format("2006-01-02")
}

// endOfDay reads a YYYY-MM-DD date as the deadline at the end of that day
// (the next midnight, China time).
func endOfDay(s string) (time.Time, bool) {
	d, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(s), chinaTime)
	if err != nil {
		return time.Time{}, false
	}
	return d.AddDate(0, 0, 1), true
}

// buildSupervisionItem turns the typed form into a draft item, with the
// problems found at the edge.
func (s *Server) buildSupervisionItem(f supervisionForm, p *zhongshu.Problems) *zhongshu.SupervisionItem {
	it := &zhongshu.SupervisionItem{Title: f.Title, Source: zhongshu.SupervisionSource(f.Source), SourceRef: f.SourceRef,
		Content: f.Content, AssigningLeaderID: f.AssigningLeaderID, ResponsibleLeaderID: f.ResponsibleLeaderID,
		FeedbackCycle: zhongshu.FeedbackCycle(f.FeedbackCycle)}
	switch {
	case strings.TrimSpace(f.DueWorkdays) != "":
		n, err := strconv.Atoi(strings.TrimSpace(f.DueWorkdays))
		if err != nil || n < 1 || n > 250 {
			p.Add("due_date", "工作日数须为1至250的整数")
			break
		}
		it.DueAt, _ = s.app.DueIn(s.clock.Now(), n)
	case strings.TrimSpace(f.DueDate) != "":
		due, ok := endOfDay(f.DueDate)
		if !ok {
			p.Add("due_date", "办结时限须为日期")
		}
		it.DueAt = due
	}
	if f.LeadUnitID != 0 {
		it.Assignments = append(it.Assignments, zhongshu.Assignment{UnitID: f.LeadUnitID, Role: zhongshu.AssignmentLead, PersonID: f.LeadPersonID})
	}
	for _, id := range f.CoUnitIDs {
		if id == f.LeadUnitID {
			p.Add("co_unit_id", "协办单位不能与主办单位相同")
			continue
		}
		it.Assignments = append(it.Assignments, zhongshu.Assignment{UnitID: id, Role: zhongshu.AssignmentCo})
	}
	return it
}

// supervisionFieldNames maps the domain's field names onto the form's.
var supervisionFieldNames = map[string]string{"due_at": "due_date", "assignments": "lead_unit_id", "milestones": "feedback_cycle"}

// pageFields renames the domain's fields; a message found at the edge
// under the form's own name wins over the domain's.
func pageFields(fields map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range fields {
		if _, renamed := supervisionFieldNames[k]; !renamed {
			out[k] = v
		}
	}
	for k, v := range fields {
		if n, renamed := supervisionFieldNames[k]; renamed {
			if _, ok := out[n]; !ok {
				out[n] = v
			}
		}
	}
	return out
}

// apiFieldError is err with its fields renamed as pageFields does.
func apiFieldError(err error) error {
	var e *zhongshu.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	return &zhongshu.Error{Code: e.Code, Message: e.Message, Fields: pageFields(e.Fields)}
}

func (s *Server) handleSupervisionCreate(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if !a.User.HasRole(zhongshu.RoleSupervisor) {
		// The app refuses, and records the refusal.
		return s.app.CreateSupervisionItem(r.Context(), a, &zhongshu.SupervisionItem{})
	}
	if err := r.ParseForm(); err != nil {
		return zhongshu.Errorf(zhongshu.CodeInvalid, "表单内容有误。")
	}
	var probs zhongshu.Problems
	readID := func(name, msg string) int64 {
		id, ok := formID(r.PostFormValue(name))
		if !ok {
			probs.Add(name, msg)
		}
		return id
	}
	f := supervisionForm{Title: r.PostFormValue("title"), Source: r.PostFormValue("source"), SourceRef: r.PostFormValue("source_ref"),
		Content: r.PostFormValue("content"), DueDate: r.PostFormValue("due_date"), DueWorkdays: r.PostFormValue("due_workdays"),
		FeedbackCycle: r.PostFormValue("feedback_cycle")}
	f.AssigningLeaderID = readID("assigning_leader_id", "交办领导选择不正确")
	f.ResponsibleLeaderID = readID("responsible_leader_id", "分管领导选择不正确")
	f.LeadUnitID = readID("lead_unit_id", "主办单位选择不正确")
	f.LeadPersonID = readID("lead_person_id", "责任人选择不正确")
	for _, v := range r.PostForm["co_unit_id"] {
		if id, ok := formID(v); ok && id != 0 && !slices.Contains(f.CoUnitIDs, id) {
			f.CoUnitIDs = append(f.CoUnitIDs, id)
		} else if !ok {
			probs.Add("co_unit_id", "协办单位选择不正确")
		}
	}
	if f.LeadUnitID == 0 {
		probs.Add("lead_unit_id", "请选择主办单位")
	}
	it := s.buildSupervisionItem(f, &probs)
	it.SupervisorID = a.ID()
	err := withProblems(probs, it.Validate)
	if err == nil {
		err = s.app.CreateSupervisionItem(r.Context(), a, it)
	}
	if err != nil {
		msg, fields, ok := formErrors(err)
		if !ok {
			return err
		}
		p, perr := s.supervisionFormPage(w, r, f)
		if perr != nil {
			return perr
		}
		p.Error, p.Fields = msg, pageFields(fields)
		return s.pages.render(w, http.StatusBadRequest, "supervision_form", "layout", p)
	}
	return redirect(w, r, app.SupervisionURL(it.ID), fmt.Sprintf("督办事项已登记为 %s（拟立项），请核对后提交立项。", it.Number))
}
