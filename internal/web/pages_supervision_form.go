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

// Rows of the registration form's repeated parts. Without script the form
// shows at least the minimum of empty rows; with it, "添加节点" and
// "添加协办单位" add rows up to the maximum (static/supervision.js).
const (
	maxMilestoneRows = 10 // issue 5: up to 10 办理节点
	minMilestoneRows = 5
	maxCoRows        = 30
	minCoRows        = 3
)

// milestoneRow is one 办理节点 (序时进度) as typed, with its problem.
type milestoneRow struct {
	Name, Due string
	Error     string // the row's message, next to the field it concerns
	BadName   bool
	BadDue    bool
}

func (m milestoneRow) empty() bool {
	return strings.TrimSpace(m.Name) == "" && strings.TrimSpace(m.Due) == ""
}

// coRow is one 协办 unit as typed: the unit, its optional 责任人 and its
// optional 协办意见时限, with the row's problem.
type coRow struct {
	UnitID, PersonID int64
	InputDue         string
	Error            string
	BadUnit          bool
	BadPerson        bool
	BadDue           bool
}

func (c coRow) empty() bool {
	return c.UnitID == 0 && c.PersonID == 0 && strings.TrimSpace(c.InputDue) == ""
}

// supervisionForm is the registration form as typed. Empty rows of the
// repeated parts are dropped when the form is read.
type supervisionForm struct {
	Title               string
	Source              string
	SourceRef           string
	Content             string
	AssigningLeaderID   int64
	ResponsibleLeaderID int64
	LeadUnitID          int64
	LeadPersonID        int64
	CoUnits             []coRow
	DueDate             string
	DueWorkdays         string
	FeedbackCycle       string
	Milestones          []milestoneRow
}

// MilestoneRows are the 办理节点 rows to show: those typed, then empty ones
// up to the minimum.
func (f supervisionForm) MilestoneRows() []milestoneRow {
	return padRows(f.Milestones, minMilestoneRows)
}

// CoRows are the 协办 rows to show: those typed, then empty ones up to the
// minimum.
func (f supervisionForm) CoRows() []coRow { return padRows(f.CoUnits, minCoRows) }

func padRows[T any](rows []T, n int) []T {
	out := slices.Clone(rows)
	for len(out) < n {
		var zero T
		out = append(out, zero)
	}
	return out
}

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
	// MaxMilestones and MaxCoUnits tell the script how many rows it may add.
	MaxMilestones, MaxCoUnits int
}

// MilestonesError is the message for the 办理节点 as a whole, shown when no
// row carries its own (e.g. 按节点反馈 without nodes).
func (p *supervisionFormPage) MilestonesError() string {
	for _, m := range p.F.Milestones {
		if m.Error != "" {
			return ""
		}
	}
	return p.Fields["milestones"]
}

// CoError is the message for the 协办 units as a whole, shown when no row
// carries its own.
func (p *supervisionFormPage) CoError() string {
	for _, c := range p.F.CoUnits {
		if c.Error != "" {
			return ""
		}
	}
	return p.Fields["co_unit_id"]
}

func (s *Server) supervisionFormPage(w http.ResponseWriter, r *http.Request, f supervisionForm) (*supervisionFormPage, error) {
	a := actor(r)
	p := &supervisionFormPage{BasePage: s.base(w, r, "新建督办事项"), F: f, Sources: zhongshu.AllSupervisionSources(),
		Cycles: []zhongshu.FeedbackCycle{zhongshu.FeedbackOnce, zhongshu.FeedbackWeekly, zhongshu.FeedbackMonthly, zhongshu.FeedbackMilestone},
		Fields: map[string]string{}, MaxMilestones: maxMilestoneRows, MaxCoUnits: maxCoRows}
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
	// Everyone active, page by page: a 责任人 may be anybody in the county.
	active := zhongshu.UserActive
	for offset := 0; ; {
		people, total, err := s.app.FindUsers(r.Context(), a, zhongshu.UserFilter{Status: &active, Offset: offset, Limit: zhongshu.MaxPageSize})
		if err != nil {
			return nil, err
		}
		for _, u := range people {
			if !u.HasRole(zhongshu.RoleSysAdmin) && !u.HasRole(zhongshu.RoleSecAdmin) && !u.HasRole(zhongshu.RoleAuditAdmin) {
				p.People = append(p.People, u)
			}
		}
		offset += len(people)
		if len(people) == 0 || offset >= total {
			break
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
// problems found at the edge. Each row of the repeated parts gets its own
// message; the domain's rules for a single node or 协办 unit are asked one
// row at a time (milestoneProblem, coDueProblem), so that the message
// stands next to the row it is about.
func (s *Server) buildSupervisionItem(f *supervisionForm, p *zhongshu.Problems) *zhongshu.SupervisionItem {
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
	// The rows are checked against the due the item will get: the one typed,
	// or else the county's default for the source, which the app applies.
	due := it.DueAt
	if due.IsZero() {
		due, _, _ = s.app.SupervisionDefaultDue(it.Source, s.clock.Now())
	}
	if f.LeadUnitID != 0 {
		it.Assignments = append(it.Assignments, zhongshu.Assignment{UnitID: f.LeadUnitID, Role: zhongshu.AssignmentLead, PersonID: f.LeadPersonID})
	}
	it.Assignments = append(it.Assignments, formCoAssignments(f, due, p)...)
	it.Milestones = formMilestones(f, due, p)
	return it
}

// formCoAssignments are the 协办 rows as assignments of an item due at due;
// each faulty row gets its message and is left out.
func formCoAssignments(f *supervisionForm, due time.Time, p *zhongshu.Problems) []zhongshu.Assignment {
	var out []zhongshu.Assignment
	if len(f.CoUnits) > maxCoRows {
		p.Add("co_unit_id", fmt.Sprintf("协办单位不能超过%d个", maxCoRows))
	}
	seen := map[int64]bool{f.LeadUnitID: true}
	for i := range f.CoUnits {
		c := &f.CoUnits[i]
		a := zhongshu.Assignment{UnitID: c.UnitID, Role: zhongshu.AssignmentCo, PersonID: c.PersonID}
		if v := strings.TrimSpace(c.InputDue); v != "" {
			d, ok := endOfDay(v)
			if !ok {
				c.Error, c.BadDue = "协办意见时限须为日期", true
			}
			a.CoInputDue = d
		}
		switch {
		case c.Error != "":
		case c.UnitID == 0:
			c.Error, c.BadUnit = "请选择协办单位", true
		case c.UnitID == f.LeadUnitID:
			c.Error, c.BadUnit = "协办单位不能与主办单位相同", true
		case seen[c.UnitID]:
			c.Error, c.BadUnit = "同一单位不能重复交办", true
		default:
			if msg := coDueProblem(a.CoInputDue, due); msg != "" {
				c.Error, c.BadDue = msg, true
			}
		}
		seen[c.UnitID] = true
		if c.Error != "" {
			p.Add("co_unit_id", c.Error)
			continue
		}
		out = append(out, a)
	}
	return out
}

// formMilestones are the 办理节点 rows as milestones of an item due at due;
// each faulty row gets its message.
func formMilestones(f *supervisionForm, due time.Time, p *zhongshu.Problems) []zhongshu.Milestone {
	var out []zhongshu.Milestone
	if len(f.Milestones) > maxMilestoneRows {
		p.Add("milestones", fmt.Sprintf("办理节点不能超过%d个", maxMilestoneRows))
	}
	for i := range f.Milestones {
		m := &f.Milestones[i]
		ms := zhongshu.Milestone{Name: m.Name}
		if v := strings.TrimSpace(m.Due); v != "" {
			d, ok := endOfDay(v)
			if !ok {
				m.Error, m.BadDue = "节点时限须为日期", true
			}
			ms.DueAt = d
		}
		if msg := milestoneProblem(zhongshu.Milestone{Name: m.Name, DueAt: time.Unix(0, 0)}, time.Time{}); msg != "" {
			m.Error, m.BadName = msg, true
		} else if msg := milestoneProblem(zhongshu.Milestone{Name: "节点", DueAt: ms.DueAt}, due); msg != "" && m.Error == "" {
			m.Error, m.BadDue = msg, true
		}
		if m.Error != "" {
			p.Add("milestones", m.Error)
		}
		out = append(out, ms)
	}
	return out
}

// milestoneProblem is the domain's message for one node of an item due at
// due (zero: no due to compare with), or "".
func milestoneProblem(m zhongshu.Milestone, due time.Time) string {
	probe := zhongshu.SupervisionItem{DueAt: due, Milestones: []zhongshu.Milestone{m}}
	return zhongshu.ErrorFields(probe.Validate())["milestones"]
}

// coDueProblem is the domain's message for a 协办意见时限 of an item due at
// due, or "".
func coDueProblem(inputDue, due time.Time) string {
	probe := []zhongshu.Assignment{{UnitID: 1, Role: zhongshu.AssignmentLead}, {UnitID: 2, Role: zhongshu.AssignmentCo, CoInputDue: inputDue}}
	return zhongshu.ErrorFields(zhongshu.ValidateAssignments(probe, due))["assignments"]
}

// leadProblems are the domain's messages on the assignments that concern
// the 主办 unit; the others (协办 units, people or units not found) are
// shown for the units as a whole.
var leadProblems = []string{"请选择主办单位", "须明确一个且只有一个主办单位"}

// pageFields renames the domain's fields to the form's (due_at is the form's
// due_date; the 主办 problems of assignments belong to lead_unit_id); a
// message found at the edge under the form's own name wins over the
// domain's.
func pageFields(fields map[string]string) map[string]string {
	out := map[string]string{}
	rename := func(k, v string) string {
		switch {
		case k == "due_at":
			return "due_date"
		case k == "assignments" && slices.Contains(leadProblems, v):
			return "lead_unit_id"
		}
		return k
	}
	for k, v := range fields {
		if rename(k, v) == k {
			out[k] = v
		}
	}
	for k, v := range fields {
		if n := rename(k, v); n != k {
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

// readSupervisionForm reads the posted registration form. The rows of the
// repeated parts are read by position (every row posts each of its
// fields, empty or not); empty rows are dropped.
func readSupervisionForm(r *http.Request, probs *zhongshu.Problems) supervisionForm {
	readID := func(name, v, msg string) int64 {
		id, ok := formID(v)
		if !ok {
			probs.Add(name, msg)
		}
		return id
	}
	f := supervisionForm{Title: r.PostFormValue("title"), Source: r.PostFormValue("source"), SourceRef: r.PostFormValue("source_ref"),
		Content: r.PostFormValue("content"), DueDate: r.PostFormValue("due_date"), DueWorkdays: r.PostFormValue("due_workdays"),
		FeedbackCycle: r.PostFormValue("feedback_cycle")}
	f.AssigningLeaderID = readID("assigning_leader_id", r.PostFormValue("assigning_leader_id"), "交办领导选择不正确")
	f.ResponsibleLeaderID = readID("responsible_leader_id", r.PostFormValue("responsible_leader_id"), "分管领导选择不正确")
	f.LeadUnitID = readID("lead_unit_id", r.PostFormValue("lead_unit_id"), "主办单位选择不正确")
	f.LeadPersonID = readID("lead_person_id", r.PostFormValue("lead_person_id"), "责任人选择不正确")
	at := func(name string, i int) string {
		if vs := r.PostForm[name]; i < len(vs) {
			return vs[i]
		}
		return ""
	}
	units, people, dues := r.PostForm["co_unit_id"], r.PostForm["co_person_id"], r.PostForm["co_input_due"]
	for i := range max(len(units), len(people), len(dues)) {
		var c coRow
		var ok bool
		if c.UnitID, ok = formID(at("co_unit_id", i)); !ok {
			c.Error, c.BadUnit = "协办单位选择不正确", true
		}
		if c.PersonID, ok = formID(at("co_person_id", i)); !ok && c.Error == "" {
			c.Error, c.BadPerson = "责任人选择不正确", true
		}
		c.InputDue = strings.TrimSpace(at("co_input_due", i))
		if c.Error != "" {
			probs.Add("co_unit_id", c.Error)
		}
		if !c.empty() || c.Error != "" {
			f.CoUnits = append(f.CoUnits, c)
		}
	}
	for i := range max(len(r.PostForm["milestone_name"]), len(r.PostForm["milestone_due"])) {
		m := milestoneRow{Name: at("milestone_name", i), Due: strings.TrimSpace(at("milestone_due", i))}
		if !m.empty() {
			f.Milestones = append(f.Milestones, m)
		}
	}
	if f.LeadUnitID == 0 {
		probs.Add("lead_unit_id", "请选择主办单位")
	}
	return f
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
	f := readSupervisionForm(r, &probs)
	it := s.buildSupervisionItem(&f, &probs)
	it.SupervisorID = a.ID()
	if it.FeedbackCycle == zhongshu.FeedbackMilestone && len(it.Milestones) == 0 {
		// The domain says so under milestones; the select says so too.
		probs.Add("feedback_cycle", "按节点反馈须设置办理节点，请在下方填写")
	}
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
