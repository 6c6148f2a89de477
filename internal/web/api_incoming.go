package web

// The JSON API of 收文: the register, registration, one document with its
// route and timeline, the actions of the route, 转督办 and the voided
// 收文号. Attachments are in attachments_upload.go and files.go.

import (
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/incoming"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// ---------------------------------------------------------------------------
// The register.

// readIncomingFilter reads the list's query parameters.
func readIncomingFilter(q *queryParams) store.IncomingFilter {
	var f store.IncomingFilter
	f.Statuses = readStatuses[zhongshu.IncomingStatus](q)
	if s := q.str("urgency"); s != "" {
		if u, ok := zhongshu.ParseUrgency(s); ok {
			f.MinUrgency = u
		} else {
			q.p.Add("urgency", "紧急程度须为 加急、特急，或 1、2")
		}
	}
	if s := q.str("handling"); s != "" {
		if h, ok := zhongshu.ParseHandling(s); ok {
			f.Handling = h
		} else {
			q.p.Add("handling", "须为 read（阅件）或 action（办件）")
		}
	}
	f.From = q.date("from")
	if to := q.date("to"); !to.IsZero() {
		f.To = to.AddDate(0, 0, 1) // to is inclusive
		if !f.From.IsZero() && f.To.Before(f.From) {
			q.p.Add("to", "截止日期不能早于起始日期")
		}
	}
	f.Sender = q.str("sender")
	if id := q.id("unit_id"); id != nil {
		f.UnitID = *id
	}
	if b := q.flag("overdue"); b != nil {
		f.Overdue = *b
	}
	f.Text = q.str("q")
	return f
}

func (s *Server) handleAPIIncomingList(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	pg := q.page()
	f := readIncomingFilter(q)
	if err := q.err(); err != nil {
		return err
	}
	l, err := s.app.FindIncomingDocs(r.Context(), actor(r), f, pg)
	if err != nil {
		return err
	}
	out := incomingListJSON{listJSON: listJSON[incomingDocJSON]{Items: []incomingDocJSON{}, Total: l.Total, Offset: pg.Offset, Limit: pg.Limit}, More: l.More}
	for i, d := range l.Docs {
		out.Items = append(out.Items, incomingOut(d, l.Deadlines[i]))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// ---------------------------------------------------------------------------
// Registration.

// incomingInput is a 签收 and 登记.
type incomingInput struct {
	Mode         string           `json:"mode" doc:"register（默认）签收并登记，取得收文号；sign 仅签收，当日再登记"`
	ReceivedAt   *time.Time       `json:"received_at" doc:"收文时间；省略为现在，不能晚于现在"`
	SenderUnitID *int64           `json:"sender_unit_id" doc:"来文单位编号（在册单位时）；省略 sender_name 时取该单位全称"`
	SenderName   string           `json:"sender_name" api:"req" doc:"来文机关，不超过100个字"`
	SenderNumber string           `json:"sender_number" doc:"来文字号，如 市政办发〔2026〕12号；[ ]、( )、﹝﹞ 等括号规范为〔〕并给出提示"`
	Kind         string           `json:"kind" doc:"文种代码或中文名称；省略时按标题末尾推断"`
	Title        string           `json:"title" api:"req" doc:"标题，不超过200个字"`
	Secrecy      string           `json:"secrecy" doc:"密级：none 非密（默认）。其他密级一律拒绝：涉密事项请通过机要渠道办理"`
	Urgency      zhongshu.Urgency `json:"urgency" doc:"紧急程度：0 平件（默认），1 加急，2 特急"`
	Copies       int              `json:"copies" doc:"份数，默认 1"`
	Channel      string           `json:"channel" doc:"来文渠道：exchange 电子公文交换，paper 纸质（默认），fax 传真，system 系统内发文，other 其他"`
	Handling     string           `json:"handling" api:"req" doc:"read 阅件，action 办件"`
	Disclosure   string           `json:"disclosure" doc:"公开属性：active 主动公开，on_request 依申请公开，not_disclosed 不予公开；可省略"`
	InternalMark string           `json:"internal_mark" doc:"内部标记，不超过20个字"`
	Summary      string           `json:"summary" doc:"内容摘要和来文要求"`
	DueDate      string           `json:"due_date" doc:"来文要求的办理时限 YYYY-MM-DD（当日24时）；可省略"`
	ProposerID   *int64           `json:"proposer_id" doc:"办件的拟办人；省略为办公室主任"`
}

// incomingCreatedJSON answers a registration.
type incomingCreatedJSON struct {
	Document incomingDocJSON `json:"document" doc:"新登记的收文，number 为收文号"`
	Warnings []string        `json:"warnings" doc:"已自动更正或需要核对的地方（如来文字号括号已规范、来文字号曾登记过）"`
}

// readIncomingInput turns the body into a document, collecting the
// problems found at the edge.
func readIncomingInput(in incomingInput, p *zhongshu.Problems) (*zhongshu.IncomingDoc, app.RegisterMode) {
	d := &zhongshu.IncomingDoc{SenderUnitID: deref(in.SenderUnitID), SenderName: in.SenderName, SenderNumber: in.SenderNumber,
		Title: in.Title, Urgency: in.Urgency, Copies: in.Copies, InternalMark: in.InternalMark, Summary: in.Summary,
		ProposerID: deref(in.ProposerID)}
	if in.ReceivedAt != nil {
		d.ReceivedAt = *in.ReceivedAt
	}
	mode := app.RegisterMode(strings.TrimSpace(in.Mode))
	switch mode {
	case "", app.ModeRegister, app.ModeSignOnly:
	default:
		p.Add("mode", "须为 register（签收并登记）或 sign（仅签收）")
	}
	if s := strings.TrimSpace(in.Kind); s != "" {
		if k, ok := zhongshu.ParseDocKind(s); ok {
			d.Kind = k
		} else {
			p.Add("kind", "文种不正确")
		}
	}
	var ok bool
	if d.Secrecy, ok = zhongshu.ParseSecrecy(in.Secrecy); !ok {
		p.Add("secrecy", "密级不正确")
	}
	if d.Channel, ok = zhongshu.ParseChannel(in.Channel); !ok {
		p.Add("channel", "请选择来文渠道")
	}
	if strings.TrimSpace(in.Handling) != "" {
		if d.Handling, ok = zhongshu.ParseHandling(in.Handling); !ok {
			p.Add("handling", "须为 read（阅件）或 action（办件）")
		}
	}
	if s := strings.TrimSpace(in.Disclosure); s != "" {
		if d.Disclosure, ok = zhongshu.ParseDisclosure(s); !ok {
			p.Add("disclosure", "公开属性不正确")
		}
	}
	if strings.TrimSpace(in.DueDate) != "" {
		if d.DueAt, ok = endOfDay(in.DueDate); !ok {
			p.Add("due_date", "须为日期，格式为 YYYY-MM-DD")
		}
	}
	return d, mode
}

// apiIncomingFieldNames maps the domain's field names to the API's.
var apiIncomingFieldNames = map[string]string{"due_at": "due_date"}

func (s *Server) handleAPIIncomingCreate(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	var in incomingInput
	if _, err := decodeJSON(r, &in); err != nil {
		return err
	}
	if !a.User.HasRole(zhongshu.RoleRegistrar) {
		_, err := s.app.RegisterIncoming(r.Context(), a, &zhongshu.IncomingDoc{}, app.ModeRegister) // refused and recorded
		return err
	}
	var p zhongshu.Problems
	d, mode := readIncomingInput(in, &p)
	if err := withProblems(p, func() error { _, err := d.Validate(); return err }); err != nil {
		return renameFields(err, apiIncomingFieldNames)
	}
	warnings, err := s.app.RegisterIncoming(r.Context(), a, d, mode)
	if err != nil {
		return renameFields(err, apiIncomingFieldNames)
	}
	det, err := s.app.FindIncomingDoc(r.Context(), a, d.ID)
	if err != nil {
		return err
	}
	out := incomingCreatedJSON{Document: incomingOut(det.Doc, det.Deadline), Warnings: append([]string{}, warnings...)}
	out.Document.Attachments = len(det.Attachments)
	return created(w, fmt.Sprintf("/api/v1/incoming/%d", d.ID), out)
}

// ---------------------------------------------------------------------------
// One document and its route.

func (s *Server) handleAPIIncomingItem(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.writeIncomingDetail(w, r, id, http.StatusOK)
}

// incomingAssignmentInput is one unit named by a 拟办 or 交办.
type incomingAssignmentInput struct {
	UnitID   int64  `json:"unit_id" api:"req" doc:"承办单位编号"`
	Role     string `json:"role" api:"req" doc:"lead 主办（须且只能有一个），co 协办"`
	PersonID *int64 `json:"person_id" doc:"单位责任人；省略时由单位签收人担任"`
	Due      string `json:"due" doc:"办理时限 YYYY-MM-DD（当日24时）；省略时取 due_workdays 或本件的办理时限"`
}

// incomingActionInput is one step of the route.
type incomingActionInput struct {
	Action        string                    `json:"action" api:"req" doc:"操作代码，见收文详情的 allowed"`
	Text          string                    `json:"text" doc:"拟办意见、批示、阅批意见、办理结果、协办意见、催办内容或理由；规则要求时必填"`
	Leaders       []int64                   `json:"leaders" doc:"呈批的领导（propose、submit）"`
	Readers       []int64                   `json:"readers" doc:"传阅对象（circulate）"`
	InOrder       bool                      `json:"in_order" doc:"true 依次呈批或传阅，false 同时（默认）"`
	Assignments   []incomingAssignmentInput `json:"assignments" doc:"主办和协办单位（propose、assign）"`
	DueWorkdays   int                       `json:"due_workdays" doc:"自现在起若干个工作日办结，适用于全部承办单位；与 assignments 的 due 二选一"`
	To            *int64                    `json:"to" doc:"转办给谁（transfer）"`
	Channel       string                    `json:"channel" doc:"催办方式（urge）：system 系统，phone 电话，sms 短信，onsite 当面"`
	ReplyNumber   string                    `json:"reply_number" doc:"答复文号（report），答复为正式公文时填写"`
	ArchiveNumber string                    `json:"archive_number" doc:"归档号（archive）；省略时按收文号生成"`
}

// urgeChannels are the 催办 channels by code, as the timeline names them.
var urgeChannels = map[string]string{"system": "系统", "phone": "电话", "sms": "短信", "onsite": "当面"}

// readIncomingAction turns the body into an app request.
func readIncomingAction(in incomingActionInput) (app.IncomingRequest, error) {
	req := app.IncomingRequest{Action: incoming.Action(strings.TrimSpace(in.Action)), Text: in.Text, Leaders: in.Leaders,
		Readers: in.Readers, InOrder: in.InOrder, DueWorkdays: in.DueWorkdays, To: deref(in.To),
		ReplyNumber: strings.TrimSpace(in.ReplyNumber), Archive: strings.TrimSpace(in.ArchiveNumber)}
	var p zhongshu.Problems
	if !req.Action.Valid() {
		p.Add("action", "操作代码不正确")
	}
	if in.DueWorkdays < 0 || in.DueWorkdays > 365 {
		p.Add("due_workdays", "须为0至365的整数")
	}
	if c := strings.TrimSpace(in.Channel); c != "" {
		if label, ok := urgeChannels[c]; ok {
			req.Channel = label
		} else if slices.Contains(slices.Collect(maps.Values(urgeChannels)), c) {
			req.Channel = c // already the Chinese name
		} else {
			p.Add("channel", "催办方式须为 system、phone、sms 或 onsite")
		}
	}
	for _, as := range in.Assignments {
		ia := zhongshu.IncomingAssignment{UnitID: as.UnitID, Role: zhongshu.AssignmentRole(strings.TrimSpace(as.Role)), PersonID: deref(as.PersonID)}
		if strings.TrimSpace(as.Due) != "" {
			due, ok := endOfDay(as.Due)
			if !ok {
				p.Add("assignments", "办理时限须为日期，格式为 YYYY-MM-DD")
			}
			ia.DueAt = due
		}
		req.Assignments = append(req.Assignments, ia)
	}
	return req, p.Err()
}

func (s *Server) handleAPIIncomingAct(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	var in incomingActionInput
	if _, err := decodeJSON(r, &in); err != nil {
		return err
	}
	// A document the caller may not see is not found, whatever the body
	// says (ActOnIncoming checks that first too).
	req, err := readIncomingAction(in)
	if err := notFoundFirst(err, func() error {
		_, err := s.app.FindIncomingDoc(r.Context(), a, id)
		return err
	}); err != nil {
		return err
	}
	if _, err := s.app.ActOnIncoming(r.Context(), a, id, req); err != nil {
		return err
	}
	return s.writeIncomingDetail(w, r, id, http.StatusOK)
}

// ---------------------------------------------------------------------------
// 转督办 and the voided numbers.

func (s *Server) handleAPIIncomingSupervise(w http.ResponseWriter, r *http.Request) error {
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
		return err
	}
	d, err := s.app.FindSupervisionItem(r.Context(), a, it.ID)
	if err != nil {
		return err
	}
	return created(w, fmt.Sprintf("/api/v1/supervision/%d", it.ID), supervisionOut(d.Item, d.Light))
}

// voidedJSON is one voided 收文号.
type voidedJSON struct {
	Number   string    `json:"number" doc:"作废的收文号"`
	Seq      int       `json:"seq" doc:"年度序号"`
	DocID    int64     `json:"doc_id" doc:"作废的收文"`
	Reason   string    `json:"reason" doc:"作废理由"`
	VoidedBy int64     `json:"voided_by" doc:"作废人"`
	VoidedAt time.Time `json:"voided_at" doc:"作废时间"`
}

// voidedListJSON is a year's voided numbers.
type voidedListJSON struct {
	Year  int          `json:"year" doc:"年度"`
	Items []voidedJSON `json:"items" doc:"作废号，按序号排列"`
}

func (s *Server) handleAPIIncomingVoided(w http.ResponseWriter, r *http.Request) error {
	year := s.clock.Now().In(chinaTime).Year()
	if v := strings.TrimSpace(r.URL.Query().Get("year")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 2000 || n > 2100 {
			return &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "查询参数有误，请按提示修改后重试。",
				Fields: map[string]string{"year": "须为四位年份"}}
		}
		year = n
	}
	vs, err := s.app.VoidedIncomingNumbers(r.Context(), actor(r), year)
	if err != nil {
		return err
	}
	out := voidedListJSON{Year: year, Items: []voidedJSON{}}
	for _, v := range vs {
		out.Items = append(out.Items, voidedJSON{Number: v.Number, Seq: v.Seq, DocID: v.DocID, Reason: v.Reason,
			VoidedBy: v.VoidedBy, VoidedAt: apiTime(v.VoidedAt)})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// ---------------------------------------------------------------------------
// OpenAPI.

// incomingAPIDocs describes the 收文 operations for OpenAPI.
func incomingAPIDocs() map[string]opDoc {
	return map[string]opDoc{
		"GET /api/v1/incoming": {resp: tp[incomingListJSON](), query: append(pagingParams(),
			map[string]any{"name": "status", "in": "query", "required": false, "style": "form", "explode": true,
				"schema":      map[string]any{"type": "array", "items": map[string]any{"type": "string", "enum": incomingStatusCodes()}},
				"description": "状态代码；可重复，或以逗号分隔"},
			queryParam("urgency", strSchema(), "最低紧急程度：加急（含特急）或特急；也可为 1、2"),
			queryParam("handling", map[string]any{"type": "string", "enum": []any{"read", "action"}}, "read 阅件，action 办件"),
			queryParam("from", dateSchema(), "收文日期起（含），北京时间，YYYY-MM-DD"),
			queryParam("to", dateSchema(), "收文日期止（含），北京时间，YYYY-MM-DD"),
			queryParam("sender", strSchema(), "来文机关（前缀匹配）"),
			queryParam("unit_id", intSchema(), "主办或协办单位编号"),
			queryParam("overdue", boolSchema(), "true 或 1 时只列超过办理时限、尚未办结的"),
			queryParam("q", strSchema(), "在标题、收文号和来文字号中查找")),
			note: "文电科和办公室领导看全部收文，其他人只看送到本人或本单位的；按收文时间倒序。total 超过 10000 时计到 10000 为止，more 为 true。"},
		"POST /api/v1/incoming": {body: tp[incomingInput](), resp: tp[incomingCreatedJSON](), status: http.StatusCreated,
			note: "仅文电科文书可以签收登记。登记时按年度顺序取收文号，不重号、不跳号。密级不是非密的一律拒绝（涉密事项请通过机要渠道办理），不保存任何内容。"},
		"GET /api/v1/incoming/{id}": {resp: tp[incomingDetailJSON](),
			note: "无权查看的收文返回 404。holders 为当前去向；allowed 为调用者现在可以进行的操作。"},
		"POST /api/v1/incoming/{id}/actions": {body: tp[incomingActionInput](), resp: tp[incomingDetailJSON](),
			note: "按收文流程办理一步：不是该环节的办理人返回 403，当前状态不允许返回 409，缺少内容返回 400（fields 指明字段），收文不变。受托处理领导工作的人批示时记为“代”。"},
		"POST /api/v1/incoming/{id}/files": {upload: "file", uploadDoc: "附件（pdf、ofd、doc、docx、wps、xls、xlsx、et、txt、jpg、png、zip 等，以系统设置为准）",
			resp: tp[attachmentJSON](), status: http.StatusCreated,
			note: "文电科、办公室领导和承办单位可以上传。类型、大小和内容须符合附件规定；有密级标志的拒绝。本系统为非涉密系统，严禁处理涉密信息。"},
		"GET /api/v1/incoming/{id}/files/{file}": {download: true, resp: tp[attachmentJSON](),
			note: "返回附件内容（Content-Disposition: attachment）；请求头 Accept: application/json 时返回附件说明。无权查看收文的返回 404。"},
		"POST /api/v1/incoming/{id}/supervise": {resp: tp[supervisionItemJSON](), status: http.StatusCreated,
			note: "督查员将已交办的收文及其批示转为督办事项（拟立项），两者互相关联；每件只能转一次。"},
		"GET /api/v1/incoming/voided": {resp: tp[voidedListJSON](),
			query: []map[string]any{queryParam("year", map[string]any{"type": "integer"}, "年度；默认今年")},
			note:  "作废的收文号永不重用。仅文电科和办公室领导可以查看。"},
	}
}

func incomingStatusCodes() []any {
	var out []any
	for _, st := range zhongshu.AllIncomingStatuses() {
		out = append(out, string(st))
	}
	return out
}

// incomingSchemaNames names the 收文 DTOs in OpenAPI.
func incomingSchemaNames() map[reflect.Type]schemaDef {
	return map[reflect.Type]schemaDef{
		tp[incomingDocJSON]():         {"IncomingDocument", false},
		tp[incomingListJSON]():        {"IncomingList", false},
		tp[incomingCreatedJSON]():     {"IncomingRegistered", false},
		tp[incomingDetailJSON]():      {"IncomingDetail", false},
		tp[instructionJSON]():         {"IncomingInstruction", false},
		tp[readerJSON]():              {"IncomingReader", false},
		tp[incomingAssignmentJSON]():  {"IncomingAssignment", false},
		tp[attachmentJSON]():          {"Attachment", false},
		tp[incomingEventJSON]():       {"IncomingEvent", false},
		tp[holderJSON]():              {"IncomingHolder", false},
		tp[incomingInput]():           {"IncomingInput", true},
		tp[incomingActionInput]():     {"IncomingActionInput", true},
		tp[incomingAssignmentInput](): {"IncomingAssignmentInput", true},
		tp[voidedListJSON]():          {"IncomingVoidedList", false},
		tp[voidedJSON]():              {"IncomingVoidedNumber", false},
	}
}
