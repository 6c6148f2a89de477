package web

// 督查督办 (DOMAIN.md §5): the 督办台账 with its filters and Excel export,
// the 督查员's registration form, and the item page where everyone
// concerned takes the next step of the lifecycle.

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/store"
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

// names loads the unit names (shared: read only), and the names of the
// people given.
func (s *Server) names(ctx context.Context, a *zhongshu.Actor, people ...int64) (nameBook, error) {
	units, err := s.app.UnitNames(ctx, a)
	if err != nil {
		return nameBook{}, err
	}
	nb := nameBook{units: units, people: map[int64]string{}}
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
