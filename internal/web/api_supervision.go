package web

// The JSON API of 督查督办: the ledger, registration, one item with its
// timeline and the actions of the lifecycle.

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/supervision"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// assignmentJSON is one unit's part in an item.
type assignmentJSON struct {
	UnitID     int64      `json:"unit_id" api:"req" doc:"承办单位编号"`
	Role       string     `json:"role" api:"req" doc:"lead 主办，co 协办"`
	RoleLabel  string     `json:"role_label" api:"ro" doc:"主办或协办"`
	PersonID   *int64     `json:"person_id" doc:"单位责任人的人员编号，可为 null"`
	SignedAt   *time.Time `json:"signed_at" api:"ro" doc:"签收时间；未签收为 null"`
	ObjectedAt *time.Time `json:"objected_at" api:"ro" doc:"提出异议（申请转办）的时间；无为 null"`
	CoInputAt  *time.Time `json:"co_input_at" api:"ro" doc:"最近一次报送协办意见的时间；无为 null"`
	CoInputDue *time.Time `json:"co_input_due" api:"ro" doc:"协办意见时限；无为 null"`
}

// milestoneJSON is one 办理节点 (序时进度) of an item.
type milestoneJSON struct {
	Name    string     `json:"name" doc:"节点名称"`
	DueAt   time.Time  `json:"due_at" doc:"节点时限（当日24时）"`
	DueDate string     `json:"due_date" doc:"节点时限所在的日期 YYYY-MM-DD"`
	DoneAt  *time.Time `json:"done_at" doc:"主办单位在阶段反馈中报告完成的时间；未完成为 null。未完成且已过时限的节点使事项显示“滞后”"`
}

// supervisionItemJSON is a 督办 item with its light.
type supervisionItemJSON struct {
	ID                  int64            `json:"id" doc:"事项编号"`
	Number              string           `json:"number" doc:"督办编号，如 督〔2026〕1号"`
	Title               string           `json:"title" doc:"事项名称"`
	Source              string           `json:"source" doc:"来源代码"`
	SourceLabel         string           `json:"source_label" doc:"来源的中文名称"`
	SourceRef           string           `json:"source_ref" doc:"来源依据（批示原文、会议议定事项、工单编号等）"`
	Content             string           `json:"content" doc:"办理要求"`
	AssigningLeaderID   *int64           `json:"assigning_leader_id" doc:"交办领导；无为 null"`
	ResponsibleLeaderID *int64           `json:"responsible_leader_id" doc:"分管县领导；无为 null"`
	SupervisorID        int64            `json:"supervisor_id" doc:"督查员"`
	Status              string           `json:"status" doc:"状态代码"`
	StatusLabel         string           `json:"status_label" doc:"状态的中文名称"`
	Light               string           `json:"light" doc:"督办灯：green 正常，near 临期，behind 滞后，overdue 超期，done_on_time 按期办结，done_late 逾期办结；无时限运行的为空"`
	LightLabel          string           `json:"light_label" doc:"督办灯的中文说明"`
	DueAt               *time.Time       `json:"due_at" doc:"办结时限（当日24时）；无为 null"`
	DueDate             string           `json:"due_date" doc:"办结时限所在的日期 YYYY-MM-DD"`
	OriginalDueAt       *time.Time       `json:"original_due_at" doc:"首次延期前的时限；未延期为 null"`
	RequestedDueAt      *time.Time       `json:"requested_due_at" doc:"延期审批中申请的时限；无为 null"`
	FeedbackCycle       string           `json:"feedback_cycle" doc:"阶段反馈：once、weekly、monthly 或 milestone"`
	Milestones          []milestoneJSON  `json:"milestones" doc:"办理节点（序时进度），按顺序；无为空数组"`
	Assignments         []assignmentJSON `json:"assignments" doc:"主办和协办单位"`
	Returns             int              `json:"returns" doc:"退回重办次数"`
	Extensions          int              `json:"extensions" doc:"批准延期次数"`
	CreatedAt           time.Time        `json:"created_at" doc:"登记时间"`
	IssuedAt            *time.Time       `json:"issued_at" doc:"交办时间；未交办为 null"`
	CompletedAt         *time.Time       `json:"completed_at" doc:"办结时间；未办结为 null"`
	ClosedAt            *time.Time       `json:"closed_at" doc:"销号时间；未销号为 null"`
	URL                 string           `json:"url" doc:"事项页面地址"`
}

func supervisionOut(it *zhongshu.SupervisionItem, l zhongshu.SupervisionLight) supervisionItemJSON {
	out := supervisionItemJSON{ID: it.ID, Number: it.Number, Title: it.Title, Source: string(it.Source),
		SourceLabel: it.Source.Label(), SourceRef: it.SourceRef, Content: it.Content,
		AssigningLeaderID: optID(it.AssigningLeaderID), ResponsibleLeaderID: optID(it.ResponsibleLeaderID),
		SupervisorID: it.SupervisorID, Status: string(it.Status), StatusLabel: it.Status.Label(), Light: string(l),
		LightLabel: l.Label(), DueAt: optTime(it.DueAt), DueDate: dueDateValue(it.DueAt), OriginalDueAt: optTime(it.OriginalDueAt),
		RequestedDueAt: optTime(it.RequestedDueAt), FeedbackCycle: string(it.FeedbackCycle), Milestones: []milestoneJSON{},
		Assignments: []assignmentJSON{},
		Returns:     it.Returns, Extensions: it.Extensions, CreatedAt: apiTime(it.CreatedAt), IssuedAt: optTime(it.IssuedAt),
		CompletedAt: optTime(it.CompletedAt), ClosedAt: optTime(it.ClosedAt), URL: app.SupervisionURL(it.ID)}
	for _, m := range it.Milestones {
		out.Milestones = append(out.Milestones, milestoneJSON{Name: m.Name, DueAt: apiTime(m.DueAt), DueDate: dueDateValue(m.DueAt),
			DoneAt: optTime(m.DoneAt)})
	}
	for _, as := range it.Assignments {
		out.Assignments = append(out.Assignments, assignmentJSON{UnitID: as.UnitID, Role: string(as.Role), RoleLabel: as.Role.Label(),
			PersonID: optID(as.PersonID), SignedAt: optTime(as.SignedAt), ObjectedAt: optTime(as.ObjectedAt),
			CoInputAt: optTime(as.CoInputAt), CoInputDue: optTime(as.CoInputDue)})
	}
	return out
}

// supervisionEventJSON is one entry of an item's timeline.
type supervisionEventJSON struct {
	At          time.Time `json:"at" doc:"时间"`
	ActorID     *int64    `json:"actor_id" doc:"操作人；系统为 null"`
	ActorName   string    `json:"actor_name" doc:"操作人姓名"`
	Action      string    `json:"action" doc:"操作代码；登记为 create"`
	ActionLabel string    `json:"action_label" doc:"操作的中文名称"`
	FromStatus  string    `json:"from_status" doc:"操作前的状态；登记时为空"`
	ToStatus    string    `json:"to_status" doc:"操作后的状态"`
	Text        string    `json:"text" doc:"理由、进展、协办意见或批示"`
}

// supervisionDetailJSON is an item with its timeline and what the caller may do.
type supervisionDetailJSON struct {
	Item    supervisionItemJSON    `json:"item" doc:"事项"`
	Events  []supervisionEventJSON `json:"events" doc:"办理过程，最早的在前"`
	Allowed []actionJSON           `json:"allowed_actions" doc:"调用者当前可以进行的操作"`
}

func supervisionDetailOut(d *app.SupervisionDetail) supervisionDetailJSON {
	out := supervisionDetailJSON{Item: supervisionOut(d.Item, d.Light), Events: []supervisionEventJSON{}, Allowed: allowedOut(d.Allowed)}
	for _, e := range d.Events {
		label := supervision.Action(e.Action).Label()
		if e.Action == "create" {
			label = "登记立项"
		}
		out.Events = append(out.Events, supervisionEventJSON{At: apiTime(e.At), ActorID: optID(e.ActorID), ActorName: e.ActorName,
			Action: e.Action, ActionLabel: label, FromStatus: string(e.FromStatus), ToStatus: string(e.ToStatus), Text: e.Text})
	}
	return out
}

// supervisionInput registers a draft item.
type supervisionInput struct {
	Title               string            `json:"title" api:"req" doc:"事项名称，不超过100个字"`
	Source              string            `json:"source" api:"req" doc:"来源代码：decision、meeting、instruction、higher、npc_cppcc、hotline、work_plan、document、media、other"`
	SourceRef           string            `json:"source_ref" doc:"来源依据；领导批示、会议、建议提案和热线类必填"`
	Content             string            `json:"content" api:"req" doc:"办理要求"`
	AssigningLeaderID   *int64            `json:"assigning_leader_id" doc:"交办领导的人员编号，可为 null"`
	ResponsibleLeaderID *int64            `json:"responsible_leader_id" doc:"分管县领导的人员编号，可为 null"`
	LeadUnitID          int64             `json:"lead_unit_id" doc:"主办单位编号；必填，除非 assignments 中有 role 为 lead 的一项"`
	LeadPersonID        *int64            `json:"lead_person_id" doc:"主办单位责任人，可为 null（由督办联络员签收）"`
	CoUnitIDs           []int64           `json:"co_unit_ids" doc:"协办单位编号（不指定责任人和协办意见时限时的简便写法）"`
	Assignments         []assignmentInput `json:"assignments" doc:"承办单位及其责任人；协办单位可带协办意见时限。可与 lead_unit_id、co_unit_ids 同用，同一单位不能重复"`
	DueDate             string            `json:"due_date" doc:"办结时限 YYYY-MM-DD（当日24时）；与 due_workdays 二选一"`
	DueWorkdays         int               `json:"due_workdays" doc:"自现在起若干个工作日办结；与 due_date 二选一"`
	FeedbackCycle       string            `json:"feedback_cycle" doc:"阶段反馈：once（默认）、weekly、monthly，或 milestone（按节点反馈，须有 milestones）"`
	Milestones          []milestoneInput  `json:"milestones" doc:"办理节点（序时进度），最多10个，时限不能晚于办结时限"`
}

// assignmentInput is one unit's part in a new item.
type assignmentInput struct {
	UnitID     int64  `json:"unit_id" api:"req" doc:"承办单位编号"`
	Role       string `json:"role" api:"req" doc:"lead 主办（至多一个，与 lead_unit_id 相同或代替它），co 协办"`
	PersonID   *int64 `json:"person_id" doc:"单位责任人的人员编号，可为 null（由该单位督办联络员签收）"`
	CoInputDue string `json:"co_input_due" doc:"协办意见时限 YYYY-MM-DD（当日24时），仅协办单位；不能晚于办结时限，可不填"`
}

// milestoneInput is one 办理节点 of a new item.
type milestoneInput struct {
	Name string `json:"name" api:"req" doc:"节点名称，不超过50个字"`
	Due  string `json:"due" api:"req" doc:"节点时限 YYYY-MM-DD（当日24时），不能晚于办结时限"`
}

// supervisionActionInput is one action on an item.
type supervisionActionInput struct {
	Action      string           `json:"action" api:"req" doc:"操作代码，见事项详情的 allowed_actions"`
	Reason      string           `json:"reason" doc:"理由、进展、协办意见或新批示；规则要求时必填"`
	NewDue      string           `json:"new_due" doc:"申请或批准的新办结时限 YYYY-MM-DD（申请延期、批准延期）"`
	Assignments []assignmentJSON `json:"assignments" doc:"重新交办的主办和协办单位（仅 reassign）"`
	Milestone   int              `json:"milestone" doc:"阶段反馈（report）时本次完成的办理节点序号，从1起；不填或0为无。仅主办单位可以报告节点完成"`
}

// urgeInput is a 催办.
type urgeInput struct {
	Channel string `json:"channel" api:"req" doc:"催办方式：system 系统、phone 电话、sms 短信、notice 催办通知单、onsite 现场督办"`
	Text    string `json:"text" doc:"催办内容"`
}

func (s *Server) handleAPISupervisionUrge(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in urgeInput
	if _, err := decodeJSON(r, &in); err != nil {
		return err
	}
	a := actor(r)
	if err := s.app.UrgeSupervision(r.Context(), a, id, strings.TrimSpace(in.Channel), in.Text); err != nil {
		return err
	}
	d, err := s.app.FindSupervisionItem(r.Context(), a, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, supervisionOut(d.Item, d.Light))
	return nil
}

func (s *Server) handleAPISupervisionList(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	pg := q.page()
	sq := readSupervisionQuery(q)
	if err := q.err(); err != nil {
		return err
	}
	l, err := s.findSupervision(r.Context(), actor(r), sq, pg)
	if err != nil {
		return err
	}
	out := listJSON[supervisionItemJSON]{Items: []supervisionItemJSON{}, Total: l.Total, Offset: pg.Offset, Limit: pg.Limit}
	for i, it := range l.Items {
		out.Items = append(out.Items, supervisionOut(it, l.Lights[i]))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) handleAPISupervisionCreate(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	var in supervisionInput
	if _, err := decodeJSON(r, &in); err != nil {
		return err
	}
	if !a.User.HasRole(zhongshu.RoleSupervisor) {
		return s.app.CreateSupervisionItem(r.Context(), a, &zhongshu.SupervisionItem{}) // refused and recorded
	}
	var p zhongshu.Problems
	f := supervisionForm{Title: in.Title, Source: in.Source, SourceRef: in.SourceRef, Content: in.Content,
		AssigningLeaderID: deref(in.AssigningLeaderID), ResponsibleLeaderID: deref(in.ResponsibleLeaderID),
		LeadUnitID: in.LeadUnitID, LeadPersonID: deref(in.LeadPersonID), DueDate: in.DueDate,
		FeedbackCycle: in.FeedbackCycle}
	if in.DueWorkdays != 0 {
		f.DueWorkdays = fmt.Sprint(in.DueWorkdays)
	}
	for _, id := range in.CoUnitIDs {
		f.CoUnits = append(f.CoUnits, coRow{UnitID: id})
	}
	leads := 0
	for _, as := range in.Assignments {
		switch zhongshu.AssignmentRole(strings.TrimSpace(as.Role)) {
		case zhongshu.AssignmentLead:
			leads++
			switch {
			case leads > 1 || (f.LeadUnitID != 0 && f.LeadUnitID != as.UnitID):
				p.Add("assignments", "须明确一个且只有一个主办单位")
			case as.PersonID != nil && f.LeadPersonID != 0 && f.LeadPersonID != *as.PersonID:
				p.Add("assignments", "主办单位责任人与 lead_person_id 不一致")
			case strings.TrimSpace(as.CoInputDue) != "":
				p.Add("assignments", "协办意见时限只用于协办单位")
			}
			f.LeadUnitID = as.UnitID
			if as.PersonID != nil {
				f.LeadPersonID = *as.PersonID
			}
		case zhongshu.AssignmentCo:
			f.CoUnits = append(f.CoUnits, coRow{UnitID: as.UnitID, PersonID: deref(as.PersonID), InputDue: as.CoInputDue})
		default:
			p.Add("assignments", "role 须为 lead（主办）或 co（协办）")
		}
	}
	for _, m := range in.Milestones {
		f.Milestones = append(f.Milestones, milestoneRow{Name: m.Name, Due: m.Due})
	}
	if f.LeadUnitID <= 0 {
		p.Add("lead_unit_id", "请选择主办单位")
	}
	it := s.buildSupervisionItem(&f, &p)
	it.SupervisorID = a.ID()
	if err := withProblems(p, it.Validate); err != nil {
		return apiFieldError(err)
	}
	if err := s.app.CreateSupervisionItem(r.Context(), a, it); err != nil {
		return apiFieldError(err)
	}
	// it is the item as stored: the answer needs no second read.
	return created(w, fmt.Sprintf("/api/v1/supervision/%d", it.ID), supervisionOut(it, s.app.SupervisionLight(it)))
}

func (s *Server) handleAPISupervisionItem(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.app.FindSupervisionItem(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, supervisionDetailOut(d))
	return nil
}

func (s *Server) handleAPISupervisionAct(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	var in supervisionActionInput
	if _, err := decodeJSON(r, &in); err != nil {
		return err
	}
	req := app.SupervisionRequest{Action: supervision.Action(strings.TrimSpace(in.Action)), Reason: in.Reason, Milestone: in.Milestone}
	var p zhongshu.Problems
	if !validAction(req.Action) {
		p.Add("action", "操作代码不正确")
	}
	if strings.TrimSpace(in.NewDue) != "" {
		due, ok := endOfDay(in.NewDue)
		if !ok {
			p.Add("new_due", "须为日期，格式为 YYYY-MM-DD")
		}
		req.NewDue = due
	}
	for _, as := range in.Assignments {
		req.Assignments = append(req.Assignments, zhongshu.Assignment{UnitID: as.UnitID, Role: zhongshu.AssignmentRole(as.Role), PersonID: deref(as.PersonID)})
	}
	// An item the caller may not see is not found, whatever the body says
	// (ActOnSupervision checks that first too).
	if err := notFoundFirst(p.Err(), func() error {
		_, err := s.app.FindSupervisionItem(r.Context(), a, id)
		return err
	}); err != nil {
		return err
	}
	// The answer is the item as the action saved it, without a second read.
	it, err := s.app.ActOnSupervision(r.Context(), a, id, req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, supervisionOut(it, s.app.SupervisionLight(it)))
	return nil
}

// supervisionAPIDocs describes the 督办 operations for OpenAPI.
func supervisionAPIDocs() map[string]opDoc {
	return map[string]opDoc{
		"GET /api/v1/supervision": {resp: tp[listJSON[supervisionItemJSON]](), query: append(pagingParams(),
			queryParam("status", strSchema(), "状态代码"),
			queryParam("source", strSchema(), "来源代码"),
			queryParam("unit_id", intSchema(), "主办或协办单位编号"),
			queryParam("leader_id", intSchema(), "交办领导或分管领导的人员编号"),
			queryParam("light", map[string]any{"type": "string", "enum": []any{"green", "yellow", "red", "done"}}, "督办灯：green 绿，yellow 黄（临期或滞后），red 红（超期），done 已办结"),
			queryParam("year", map[string]any{"type": "integer"}, "立项年度"),
			queryParam("overdue", boolSchema(), "true 时只列超期未办结的")),
			note: "督查室、办公室领导和县领导看全部事项，其他人看本单位承办或本人相关的。按督办编号倒序。"},
		"POST /api/v1/supervision": {body: tp[supervisionInput](), resp: tp[supervisionItemJSON](), status: http.StatusCreated,
			note: "仅督查员可以立项；新事项为“拟立项”，须再以 submit 操作提交。字段错误按 lead_unit_id、co_unit_id（协办单位）、milestones（办理节点）、due_date 等返回。"},
		"GET /api/v1/supervision/{id}": {resp: tp[supervisionDetailJSON]()},
		"POST /api/v1/supervision/{id}/actions": {body: tp[supervisionActionInput](), resp: tp[supervisionItemJSON](),
			note: "按督办流程办理一步；不符合规则的操作返回 403、409 或 400，事项不变。"},
		"POST /api/v1/supervision/{id}/urge": {body: tp[urgeInput](), resp: tp[supervisionItemJSON](),
			note: "督查室或办公室领导催办：记录方式、时间和催办人，并通知当前承办人。"},
	}
}

// supervisionSchemaNames names the 督办 DTOs in OpenAPI.
func supervisionSchemaNames() map[reflect.Type]schemaDef {
	return map[reflect.Type]schemaDef{
		tp[supervisionItemJSON]():           {"SupervisionItem", false},
		tp[listJSON[supervisionItemJSON]](): {"SupervisionList", false},
		tp[supervisionDetailJSON]():         {"SupervisionDetail", false},
		tp[supervisionEventJSON]():          {"SupervisionEvent", false},
		tp[assignmentJSON]():                {"SupervisionAssignment", true},
		tp[assignmentInput]():               {"SupervisionAssignmentInput", true},
		tp[milestoneJSON]():                 {"SupervisionMilestone", false},
		tp[milestoneInput]():                {"SupervisionMilestoneInput", true},
		tp[actionJSON]():                    {"SupervisionAction", false},
		tp[supervisionInput]():              {"SupervisionInput", true},
		tp[supervisionActionInput]():        {"SupervisionActionInput", true},
		tp[urgeInput]():                     {"SupervisionUrgeInput", true},
	}
}
