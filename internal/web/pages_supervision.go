package web

// 督查督办 (DOMAIN.md §5): the 督办台账 with its filters and Excel export,
// the 督查员's registration form, and the item page where everyone
// concerned takes the next step of the lifecycle.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/supervision"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

const (
	supervisionPageSize  = 50
	supervisionExportMax = 20000
	supervisionScanMax   = 5000 // items scanned when filtering by a computed light
)

// Light filter values: the four colours of UI.md.
const (
	lightFilterGreen  = "green"
	lightFilterYellow = "yellow"
	lightFilterRed    = "red"
	lightFilterDone   = "done"
)

type lightOption struct{ Value, Label string }

var lightOptions = []lightOption{
	{lightFilterGreen, "绿 正常"}, {lightFilterYellow, "黄 临期/滞后"}, {lightFilterRed, "红 超期"}, {lightFilterDone, "灰 已办结"},
}

// supervisionQuery is the ledger's filter, read from the query string (the
// page and the API use the same names).
type supervisionQuery struct {
	Status   string
	Source   string
	UnitID   int64
	LeaderID int64
	Light    string
	Year     int
	Overdue  bool
}

func (q supervisionQuery) Filtered() bool {
	return q.Status != "" || q.Source != "" || q.UnitID != 0 || q.LeaderID != 0 || q.Light != "" || q.Year != 0 || q.Overdue
}

func (q supervisionQuery) encode() string {
	v := url.Values{}
	if q.Status != "" {
		v.Set("status", q.Status)
	}
	if q.Source != "" {
		v.Set("source", q.Source)
	}
	if q.UnitID != 0 {
		v.Set("unit_id", strconv.FormatInt(q.UnitID, 10))
	}
	if q.LeaderID != 0 {
		v.Set("leader_id", strconv.FormatInt(q.LeaderID, 10))
	}
	if q.Light != "" {
		v.Set("light", q.Light)
	}
	if q.Year != 0 {
		v.Set("year", strconv.Itoa(q.Year))
	}
	if q.Overdue {
		v.Set("overdue", "1")
	}
	return v.Encode()
}

// readSupervisionQuery reads the filter; q collects the problems.
func readSupervisionQuery(q *queryParams) supervisionQuery {
	var sq supervisionQuery
	if s := q.str("status"); s != "" {
		if !zhongshu.SupervisionStatus(s).Valid() {
			q.p.Add("status", "事项状态不正确")
		}
		sq.Status = s
	}
	if s := q.str("source"); s != "" {
		if !zhongshu.SupervisionSource(s).Valid() {
			q.p.Add("source", "事项来源不正确")
		}
		sq.Source = s
	}
	sq.UnitID = deref(q.id("unit_id"))
	sq.LeaderID = deref(q.id("leader_id"))
	switch l := q.str("light"); l {
	case "", lightFilterGreen, lightFilterYellow, lightFilterRed, lightFilterDone:
		sq.Light = l
	default:
		q.p.Add("light", "须为 green、yellow、red 或 done")
	}
	if s := q.str("year"); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < 2000 || y > 2100 {
			q.p.Add("year", "年度不正确")
		}
		sq.Year = y
	}
	if b := q.flag("overdue"); b != nil {
		sq.Overdue = *b
	}
	return sq
}

// matchesLight reports whether a light falls under a light filter.
func matchesLight(filter string, l zhongshu.SupervisionLight) bool {
	switch filter {
	case lightFilterGreen:
		return l == zhongshu.LightGreen
	case lightFilterYellow:
		return l == zhongshu.LightNear || l == zhongshu.LightBehind
	case lightFilterRed:
		return l == zhongshu.LightOverdue
	case lightFilterDone:
		return l == zhongshu.LightDoneOnTime || l == zhongshu.LightDoneLate
	}
	return true
}

// findSupervision lists one page of the items matching q that a may see.
// The green and yellow lights are computed on read, so those filters scan
// the active items and page in memory.
func (s *Server) findSupervision(ctx context.Context, a *zhongshu.Actor, q supervisionQuery, pg app.Page) (*app.SupervisionList, error) {
	f := store.SupervisionFilter{Source: zhongshu.SupervisionSource(q.Source), UnitID: q.UnitID, LeaderID: q.LeaderID,
		Year: q.Year, Overdue: q.Overdue || q.Light == lightFilterRed}
	var want []zhongshu.SupervisionStatus
	switch q.Light {
	case lightFilterDone:
		want = []zhongshu.SupervisionStatus{zhongshu.SupervisionCompleted, zhongshu.SupervisionClosed, zhongshu.SupervisionArchived}
	case lightFilterGreen, lightFilterYellow:
		for _, st := range zhongshu.AllSupervisionStatuses() {
			if st.Active() {
				want = append(want, st)
			}
		}
	}
	switch {
	case q.Status != "" && want != nil:
		if !slices.Contains(want, zhongshu.SupervisionStatus(q.Status)) {
			return &app.SupervisionList{}, nil
		}
		f.Statuses = []zhongshu.SupervisionStatus{zhongshu.SupervisionStatus(q.Status)}
	case q.Status != "":
		f.Statuses = []zhongshu.SupervisionStatus{zhongshu.SupervisionStatus(q.Status)}
	default:
		f.Statuses = want
	}
	if q.Light != lightFilterGreen && q.Light != lightFilterYellow {
		return s.app.FindSupervisionItems(ctx, a, f, pg)
	}
	var all app.SupervisionList
	for {
		l, err := s.app.FindSupervisionItems(ctx, a, f, app.Page{Offset: all.Total, Limit: zhongshu.MaxPageSize})
		if err != nil {
			return nil, err
		}
		all.Total += len(l.Items)
		for i, it := range l.Items {
			if matchesLight(q.Light, l.Lights[i]) {
				all.Items = append(all.Items, it)
				all.Lights = append(all.Lights, l.Lights[i])
			}
		}
		if len(l.Items) < zhongshu.MaxPageSize || all.Total >= l.Total || all.Total >= supervisionScanMax {
			break
		}
	}
	pg = pg.Normalize()
	out := &app.SupervisionList{Total: len(all.Items), Items: pageOf(all.Items, pg), Lights: pageOf(all.Lights, pg)}
	return out, nil
}

// seesAllSupervision mirrors the app's rule (DOMAIN.md §2.8): the 督查室,
// office leadership and whoever sees the whole ledger see every item.
func seesAllSupervision(a *zhongshu.Actor) bool {
	u := a.User
	return u.HasRole(zhongshu.RoleSupervisor) || u.HasRole(zhongshu.RoleOfficeDirector) ||
		u.HasRole(zhongshu.RoleOfficeDeputy) || a.Can(zhongshu.PermLedgerAll)
}

// lightView is a light as the pages show it: the colour class and words.
type lightView struct{ Class, Label string }

func viewLight(l zhongshu.SupervisionLight) lightView {
	st := l.DeadlineState()
	if st == zhongshu.DeadlineNone {
		return lightView{}
	}
	return lightView{Class: "light-" + string(st), Label: l.Label()}
}

// supervisionRow is one line of the 督办台账.
type supervisionRow struct {
	*zhongshu.SupervisionItem
	URL      string
	Light    lightView
	LeadUnit string
	CoCount  int
	CoUnits  string
}

// nameBook resolves the names of units and people for display.
type nameBook struct {
	units  map[int64]string
	people map[int64]string
}

func (n nameBook) unit(id int64) string {
	if v, ok := n.units[id]; ok {
		return v
	}
	if id == 0 {
		return ""
	}
	return fmt.Sprintf("单位%d", id)
}

func (n nameBook) person(id int64) string {
	if v, ok := n.people[id]; ok {
		return v
	}
	if id == 0 {
		return ""
	}
	return fmt.Sprintf("人员%d", id)
}

// names loads the unit names, and the names of the people given.
func (s *Server) names(ctx context.Context, a *zhongshu.Actor, people ...int64) (nameBook, error) {
	nb := nameBook{units: map[int64]string{}, people: map[int64]string{}}
	units, _, err := s.app.FindUnits(ctx, a, zhongshu.UnitFilter{})
	if err != nil {
		return nb, err
	}
	for _, u := range units {
		name := u.ShortName
		if name == "" {
			name = u.FullName
		}
		nb.units[u.ID] = name
	}
	for _, id := range people {
		if _, ok := nb.people[id]; ok || id == 0 {
			continue
		}
		u, err := s.app.FindUserByID(ctx, a, id)
		if zhongshu.ErrorCode(err) == zhongshu.CodeNotFound {
			continue
		} else if err != nil {
			return nb, err
		}
		nb.people[id] = u.Name
	}
	return nb, nil
}

func (nb nameBook) row(it *zhongshu.SupervisionItem, l zhongshu.SupervisionLight) supervisionRow {
	r := supervisionRow{SupervisionItem: it, URL: app.SupervisionURL(it.ID), Light: viewLight(l)}
	var co []string
	for _, as := range it.Assignments {
		if as.Role == zhongshu.AssignmentLead {
			r.LeadUnit = nb.unit(as.UnitID)
		} else {
			co = append(co, nb.unit(as.UnitID))
		}
	}
	r.CoCount, r.CoUnits = len(co), strings.Join(co, "、")
	return r
}

// workGroup is a heading of "my 督办 work" with its items.
type workGroup struct {
	Label string
	Items []*zhongshu.WorkItem
}

// workGroupLabel sorts a 督办 待办 under 待我签收, 待反馈 or 待办结.
func workGroupLabel(step string) string {
	switch step {
	case app.StepSupervisionSign:
		return "待我签收"
	case app.StepSupervisionHandle, app.StepSupervisionCoInput:
		return "待反馈"
	case app.StepSupervisionReview, app.StepSupervisionLeader, app.StepSupervisionEvaluation:
		return "待办结"
	}
	return "待审批"
}

// supervisionWork groups the actor's open 督办 待办.
func (s *Server) supervisionWork(ctx context.Context, a *zhongshu.Actor) ([]workGroup, error) {
	wl, err := s.app.Work(ctx, a, zhongshu.WorkTodo, false, app.Page{Limit: zhongshu.MaxPageSize})
	if err != nil {
		return nil, err
	}
	order := []string{"待我签收", "待反馈", "待办结", "待审批"}
	byLabel := map[string][]*zhongshu.WorkItem{}
	for _, w := range wl.Items {
		if w.Module != app.SupervisionModule {
			continue
		}
		l := workGroupLabel(w.Step)
		byLabel[l] = append(byLabel[l], w)
	}
	var out []workGroup
	for _, l := range order {
		if len(byLabel[l]) > 0 {
			out = append(out, workGroup{Label: l, Items: byLabel[l]})
		}
	}
	return out, nil
}

// supervisionListPage is the 督办台账.
type supervisionListPage struct {
	BasePage
	Scope      string
	WholeScope bool
	CanCreate  bool
	Query      supervisionQuery
	Statuses   []zhongshu.SupervisionStatus
	Sources    []zhongshu.SupervisionSource
	Lights     []lightOption
	Units      []*app.UnitNode
	Leaders    []*zhongshu.User
	Years      []int
	Rows       []supervisionRow
	Total      int
	Pager      Pager
	ExportURL  string
	Work       []workGroup
}

func (s *Server) handleSupervisionList(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	qp := newQuery(r)
	q := readSupervisionQuery(qp)
	if err := qp.err(); err != nil {
		return zhongshu.Errorf(zhongshu.CodeInvalid, "筛选条件有误：%s", firstProblem(qp.p))
	}
	pg, n := pageParams(r, supervisionPageSize)
	l, err := s.findSupervision(r.Context(), a, q, pg)
	if err != nil {
		return err
	}
	nb, err := s.names(r.Context(), a)
	if err != nil {
		return err
	}
	whole := seesAllSupervision(a)
	p := &supervisionListPage{BasePage: s.base(w, r, "督办台账"), Scope: "本单位及本人相关", WholeScope: whole,
		CanCreate: a.User.HasRole(zhongshu.RoleSupervisor), Query: q, Statuses: zhongshu.AllSupervisionStatuses(),
		Sources: zhongshu.AllSupervisionSources(), Lights: lightOptions, Total: l.Total,
		Pager: newPager(r, l.Total, n, supervisionPageSize), ExportURL: withQuery("/supervision/export", q.encode())}
	if whole {
		p.Scope = "全部"
	}
	for i, it := range l.Items {
		p.Rows = append(p.Rows, nb.row(it, l.Lights[i]))
	}
	if _, p.Units, err = s.app.UnitTree(r.Context(), a); err != nil {
		return err
	}
	if p.Leaders, err = s.countyLeaders(r.Context(), a); err != nil {
		return err
	}
	this := s.clock.Now().In(chinaTime).Year()
	for y := this; y >= this-4; y-- {
		p.Years = append(p.Years, y)
	}
	if p.Work, err = s.supervisionWork(r.Context(), a); err != nil {
		return err
	}
	return s.pages.render(w, http.StatusOK, "supervision_list", "layout", p)
}

// countyLeaders are the people who may assign items or answer for them:
// the county head and deputies, in that order.
func (s *Server) countyLeaders(ctx context.Context, a *zhongshu.Actor) ([]*zhongshu.User, error) {
	active := zhongshu.UserActive
	var out []*zhongshu.User
	for _, role := range []zhongshu.Role{zhongshu.RoleCountyHead, zhongshu.RoleExecDeputyHead, zhongshu.RoleDeputyHead} {
		users, _, err := s.app.FindUsers(ctx, a, zhongshu.UserFilter{Role: &role, Status: &active})
		if err != nil {
			return nil, err
		}
		out = append(out, users...)
	}
	return out, nil
}

// handleSupervisionExport writes the ledger of the current filter as .xlsx.
func (s *Server) handleSupervisionExport(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	qp := newQuery(r)
	q := readSupervisionQuery(qp)
	if err := qp.err(); err != nil {
		return zhongshu.Errorf(zhongshu.CodeInvalid, "筛选条件有误：%s", firstProblem(qp.p))
	}
	var all app.SupervisionList
	for {
		l, err := s.findSupervision(r.Context(), a, q, app.Page{Offset: len(all.Items), Limit: zhongshu.MaxPageSize})
		if err != nil {
			return err
		}
		all.Items = append(all.Items, l.Items...)
		all.Lights = append(all.Lights, l.Lights...)
		if len(l.Items) < zhongshu.MaxPageSize || len(all.Items) >= l.Total || len(all.Items) >= supervisionExportMax {
			break
		}
	}
	var people []int64
	for _, it := range all.Items {
		people = append(people, it.AssigningLeaderID, it.ResponsibleLeaderID)
	}
	nb, err := s.names(r.Context(), a, people...)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := writeSupervisionXLSX(&buf, nb, &all); err != nil {
		return err
	}
	if err := s.app.NoteExport(r.Context(), a, "督办台账", len(all.Items)); err != nil {
		return err
	}
	name := fmt.Sprintf("督办台账-%s.xlsx", s.clock.Now().In(chinaTime).Format("20060102"))
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	_, err = buf.WriteTo(w)
	return err
}

func writeSupervisionXLSX(buf *bytes.Buffer, nb nameBook, l *app.SupervisionList) (err error) {
	x := excelize.NewFile()
	defer func() {
		if cerr := x.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("web: supervision export: %w", cerr)
		}
	}()
	const sheet = "督办台账"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("web: supervision export: %w", err)
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("web: supervision export: %w", err)
	}
	_ = sw.SetColWidth(1, 1, 16)
	_ = sw.SetColWidth(2, 2, 44)
	_ = sw.SetColWidth(3, 5, 16)
	_ = sw.SetColWidth(6, 6, 30)
	_ = sw.SetColWidth(7, 9, 18)
	header := []any{"督办编号", "事项名称", "来源", "状态", "督办灯", "主办单位", "协办单位", "交办领导", "分管领导", "办结时限", "延期次数", "退回次数"}
	if err := sw.SetRow("A1", header); err != nil {
		return fmt.Errorf("web: supervision export: %w", err)
	}
	for i, it := range l.Items {
		row := nb.row(it, l.Lights[i])
		light := row.Light.Label
		if light == "" {
			light = "—"
		}
		cells := []any{it.Number, it.Title, it.Source.Label(), it.Status.Label(), light, row.LeadUnit, row.CoUnits,
			nb.person(it.AssigningLeaderID), nb.person(it.ResponsibleLeaderID), fmtDue(it.DueAt), it.Extensions, it.Returns}
		if err := sw.SetRow("A"+strconv.Itoa(i+2), cells); err != nil {
			return fmt.Errorf("web: supervision export: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("web: supervision export: %w", err)
	}
	if _, err := x.WriteTo(buf); err != nil {
		return fmt.Errorf("web: supervision export: %w", err)
	}
	return nil
}

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
}

func (s *Server) supervisionFormPage(w http.ResponseWriter, r *http.Request, f supervisionForm) (*supervisionFormPage, error) {
	a := actor(r)
	p := &supervisionFormPage{BasePage: s.base(w, r, "新建督办事项"), F: f, Sources: zhongshu.AllSupervisionSources(),
		Cycles: []zhongshu.FeedbackCycle{zhongshu.FeedbackOnce, zhongshu.FeedbackWeekly, zhongshu.FeedbackMonthly}, Fields: map[string]string{}}
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
	due, _ := s.app.DueIn(s.clock.Now(), 15)
	f := supervisionForm{Source: string(zhongshu.SourceInstruction), FeedbackCycle: string(zhongshu.FeedbackOnce),
		DueDate: dueDateValue(due)}
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
	Reason      string          // as typed, after a refusal
	ReasonError string
	DueError    string
	UnitError   string
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
}

// eventRow is one timeline entry.
type eventRow struct {
	*store.SupervisionEvent
	Label    string
	From, To string
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
	Events     []eventRow
	Primary    *actionForm
	Secondary  []actionForm
	Units      []*app.UnitNode
	Error      string
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
		Supervisor: nb.person(it.SupervisorID)}
	for _, as := range it.Assignments {
		p.Rows = append(p.Rows, assignmentRow{Assignment: as, Unit: nb.unit(as.UnitID), Person: nb.person(as.PersonID)})
		if as.Role == zhongshu.AssignmentLead {
			p.LeadUnit = nb.unit(as.UnitID)
		}
	}
	for _, e := range d.Events {
		row := eventRow{SupervisionEvent: e, Label: supervision.Action(e.Action).Label(), To: e.ToStatus.Label()}
		if e.Action == "create" {
			row.Label = "登记立项"
		}
		if e.FromStatus != "" && e.FromStatus != e.ToStatus {
			row.From = e.FromStatus.Label()
		}
		p.Events = append(p.Events, row)
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
	if p.Primary != nil {
		p.Primary.Primary, p.Primary.ItemID, p.Primary.Units = true, id, p.Units
	}
	for i := range p.Secondary {
		p.Secondary[i].ItemID, p.Secondary[i].Units = id, p.Units
	}
	return p, nil
}

// refused keeps what was typed into the form of the refused action, with
// its field messages.
func (p *supervisionItemPage) refused(act supervision.Action, reason string, fields map[string]string) {
	set := func(f *actionForm) {
		if f.Action == act {
			f.Reason, f.ReasonError, f.DueError, f.UnitError = reason, fields["reason"], fields["new_due"], fields["assignments"]
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
	if err = probs.Err(); err == nil {
		_, err = s.app.ActOnSupervision(r.Context(), a, id, req)
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
		p.refused(act, req.Reason, zhongshu.ErrorFields(err))
		return s.pages.render(w, status, "supervision_item", "layout", p)
	}
	return redirect(w, r, app.SupervisionURL(id), act.Label()+"已完成。")
}
