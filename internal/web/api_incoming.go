package web

// The JSON API of 收文: the register, registration, one document with its
// route and timeline, the actions of the route, attachments, 转督办 and the
// voided 收文号.

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"mime"
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

// incomingDocJSON is a 收文 with its 登记 fields and where it stands.
type incomingDocJSON struct {
	ID                int64            `json:"id" doc:"收文编号"`
	Number            string           `json:"number" doc:"收文号，如 收〔2026〕0012；仅签收未登记时为空"`
	ReceivedAt        time.Time        `json:"received_at" doc:"收文时间"`
	SenderUnitID      *int64           `json:"sender_unit_id" doc:"来文单位编号（在册单位）；无为 null"`
	SenderName        string           `json:"sender_name" doc:"来文机关"`
	SenderNumber      string           `json:"sender_number" doc:"来文字号（已规范为〔〕括号）"`
	Kind              string           `json:"kind" doc:"文种代码"`
	KindLabel         string           `json:"kind_label" doc:"文种的中文名称"`
	Title             string           `json:"title" doc:"标题"`
	Secrecy           string           `json:"secrecy" doc:"密级，恒为 none（非密）"`
	SecrecyLabel      string           `json:"secrecy_label" doc:"密级的中文名称"`
	Urgency           zhongshu.Urgency `json:"urgency" doc:"紧急程度：0 平件，1 加急，2 特急"`
	UrgencyLabel      string           `json:"urgency_label" doc:"紧急程度的中文名称；平件为空"`
	Copies            int              `json:"copies" doc:"份数"`
	Channel           string           `json:"channel" doc:"来文渠道代码"`
	ChannelLabel      string           `json:"channel_label" doc:"来文渠道的中文名称"`
	Handling          string           `json:"handling" doc:"read 阅件，action 办件"`
	HandlingLabel     string           `json:"handling_label" doc:"阅件或办件"`
	Disclosure        string           `json:"disclosure" doc:"公开属性代码；未注明为空"`
	DisclosureLabel   string           `json:"disclosure_label" doc:"公开属性的中文名称"`
	InternalMark      string           `json:"internal_mark" doc:"内部标记"`
	Summary           string           `json:"summary" doc:"内容摘要和来文要求"`
	DueAt             *time.Time       `json:"due_at" doc:"办理时限（当日24时）；无为 null"`
	DueDate           string           `json:"due_date" doc:"办理时限所在的日期 YYYY-MM-DD"`
	Deadline          deadlineJSON     `json:"deadline" doc:"时限状态"`
	Status            string           `json:"status" doc:"状态代码"`
	StatusLabel       string           `json:"status_label" doc:"状态的中文名称"`
	SignedAt          *time.Time       `json:"signed_at" doc:"签收时间"`
	RegisteredAt      *time.Time       `json:"registered_at" doc:"登记时间；未登记为 null"`
	ProposerID        *int64           `json:"proposer_id" doc:"拟办人；阅件为 null"`
	Proposal          string           `json:"proposal" doc:"拟办意见"`
	ProposedAt        *time.Time       `json:"proposed_at" doc:"拟办时间"`
	AssignedAt        *time.Time       `json:"assigned_at" doc:"交办时间；未交办为 null"`
	Declines          int              `json:"declines" doc:"承办单位退回次数"`
	Result            string           `json:"result" doc:"办理结果"`
	ResultAt          *time.Time       `json:"result_at" doc:"报送办理结果的时间"`
	ReplyNumber       string           `json:"reply_number" doc:"答复文号"`
	CompletedAt       *time.Time       `json:"completed_at" doc:"办结时间"`
	ArchiveNumber     string           `json:"archive_number" doc:"归档号"`
	ArchivedAt        *time.Time       `json:"archived_at" doc:"归档时间"`
	EndReason         string           `json:"end_reason" doc:"退回来文单位或作废的理由"`
	SupervisionItemID *int64           `json:"supervision_item_id" doc:"由本件生成的督办事项；无为 null"`
	Attachments       int              `json:"attachments" doc:"附件数"`
	CreatedAt         time.Time        `json:"created_at" doc:"创建时间"`
	UpdatedAt         time.Time        `json:"updated_at" doc:"最后修改时间"`
	URL               string           `json:"url" doc:"收文页面地址"`
}

func incomingOut(d *zhongshu.IncomingDoc, dl zhongshu.DeadlineState) incomingDocJSON {
	return incomingDocJSON{ID: d.ID, Number: d.Number, ReceivedAt: apiTime(d.ReceivedAt), SenderUnitID: optID(d.SenderUnitID),
		SenderName: d.SenderName, SenderNumber: d.SenderNumber, Kind: string(d.Kind), KindLabel: d.Kind.Label(), Title: d.Title,
		Secrecy: string(d.Secrecy), SecrecyLabel: d.Secrecy.Label(), Urgency: d.Urgency, UrgencyLabel: d.Urgency.Label(),
		Copies: d.Copies, Channel: string(d.Channel), ChannelLabel: d.Channel.Label(), Handling: string(d.Handling),
		HandlingLabel: d.Handling.Label(), Disclosure: string(d.Disclosure), DisclosureLabel: d.Disclosure.Label(),
		InternalMark: d.InternalMark, Summary: d.Summary, DueAt: optTime(d.DueAt), DueDate: dueDateValue(d.DueAt),
		Deadline: deadlineOut(dl), Status: string(d.Status), StatusLabel: d.Status.Label(), SignedAt: optTime(d.SignedAt),
		RegisteredAt: optTime(d.RegisteredAt), ProposerID: optID(d.ProposerID), Proposal: d.Proposal,
		ProposedAt: optTime(d.ProposedAt), AssignedAt: optTime(d.AssignedAt), Declines: d.Declines, Result: d.Result,
		ResultAt: optTime(d.ResultAt), ReplyNumber: d.ReplyNumber, CompletedAt: optTime(d.CompletedAt),
		ArchiveNumber: d.ArchiveNumber, ArchivedAt: optTime(d.ArchivedAt), EndReason: d.EndReason,
		SupervisionItemID: optID(d.SupervisionItemID), Attachments: d.Attachments, CreatedAt: apiTime(d.CreatedAt),
		UpdatedAt: apiTime(d.UpdatedAt), URL: app.IncomingURL(d.ID)}
}

// incomingListJSON is one page of the register.
type incomingListJSON struct {
	listJSON[incomingDocJSON]
	More bool `json:"more" doc:"为 true 时符合条件的收文超过 total 件（计数到此为止）"`
}

// instructionJSON is one leader's place in the 呈批 chain.
type instructionJSON struct {
	LeaderID   int64      `json:"leader_id" doc:"呈批的领导"`
	LeaderName string     `json:"leader_name" doc:"领导姓名"`
	SentAt     *time.Time `json:"sent_at" doc:"送达该领导的时间；依次呈批、尚未轮到时为 null"`
	Text       string     `json:"text" doc:"批示内容"`
	ByID       *int64     `json:"by_id" doc:"批示人：领导本人，或受托代为批示的人；未批示为 null"`
	ByName     string     `json:"by_name" doc:"批示人姓名"`
	Proxy      bool       `json:"proxy" doc:"是否由他人代批（代）"`
	At         *time.Time `json:"at" doc:"批示时间；未批示为 null"`
}

// readerJSON is one person of a 传阅.
type readerJSON struct {
	PersonID   int64      `json:"person_id" doc:"传阅对象"`
	PersonName string     `json:"person_name" doc:"姓名"`
	SentAt     *time.Time `json:"sent_at" doc:"送达时间；依次传阅、尚未轮到时为 null"`
	OpenedAt   *time.Time `json:"opened_at" doc:"首次打开的时间"`
	FinishedAt *time.Time `json:"finished_at" doc:"已阅时间"`
	Text       string     `json:"text" doc:"阅批意见"`
}

// incomingAssignmentJSON is one unit's part in handling a 办件.
type incomingAssignmentJSON struct {
	UnitID     int64      `json:"unit_id" doc:"承办单位编号"`
	UnitName   string     `json:"unit_name" doc:"承办单位简称"`
	Role       string     `json:"role" doc:"lead 主办，co 协办"`
	RoleLabel  string     `json:"role_label" doc:"主办或协办"`
	PersonID   *int64     `json:"person_id" doc:"单位责任人；未指定为 null（由单位签收人担任）"`
	PersonName string     `json:"person_name" doc:"责任人姓名"`
	DueAt      *time.Time `json:"due_at" doc:"办理时限（当日24时）"`
	DueDate    string     `json:"due_date" doc:"办理时限所在的日期 YYYY-MM-DD"`
	SignedAt   *time.Time `json:"signed_at" doc:"单位签收时间；未签收为 null"`
	InputAt    *time.Time `json:"input_at" doc:"协办意见报送时间；无为 null"`
}

// attachmentJSON describes an attachment; its bytes are at url.
type attachmentJSON struct {
	ID          int64     `json:"id" doc:"附件编号"`
	Name        string    `json:"name" doc:"文件名"`
	ContentType string    `json:"content_type" doc:"媒体类型；未知为空"`
	Size        int64     `json:"size" doc:"字节数"`
	SHA256      string    `json:"sha256" doc:"内容的 SHA-256 摘要（十六进制）"`
	UploadedBy  int64     `json:"uploaded_by" doc:"上传人"`
	UploadedAt  time.Time `json:"uploaded_at" doc:"上传时间"`
	URL         string    `json:"url" doc:"下载地址（本接口）"`
}

func attachmentOut(docID int64, a *zhongshu.Attachment) attachmentJSON {
	return attachmentJSON{ID: a.ID, Name: a.Name, ContentType: a.ContentType, Size: a.Size, SHA256: a.Digest,
		UploadedBy: a.UploadedBy, UploadedAt: apiTime(a.UploadedAt), URL: fmt.Sprintf("/api/v1/incoming/%d/files/%d", docID, a.ID)}
}

// incomingEventJSON is one entry of a document's timeline.
type incomingEventJSON struct {
	At          time.Time `json:"at" doc:"时间"`
	ActorID     *int64    `json:"actor_id" doc:"操作人；系统为 null"`
	ActorName   string    `json:"actor_name" doc:"操作人姓名"`
	Action      string    `json:"action" doc:"操作代码；上传附件为 attach，转督办为 link_item"`
	ActionLabel string    `json:"action_label" doc:"操作的中文名称"`
	FromStatus  string    `json:"from_status" doc:"操作前的状态；登记时为空"`
	ToStatus    string    `json:"to_status" doc:"操作后的状态"`
	Text        string    `json:"text" doc:"意见、批示、理由、去向等（代批时含“代某某批示”）"`
}

// eventLabel names a timeline entry's action: the route's actions and the
// entries the app writes besides them.
func eventLabel(action string) string {
	switch action {
	case "create":
		return "登记"
	case "edit":
		return "修改登记"
	case "attach":
		return "上传附件"
	}
	return incoming.Action(action).Label()
}

// holderJSON is someone holding the document now (去向).
type holderJSON struct {
	PersonID   int64      `json:"person_id" doc:"人员编号"`
	PersonName string     `json:"person_name" doc:"姓名"`
	Kind       string     `json:"kind" doc:"todo 待办，toread 待阅"`
	KindLabel  string     `json:"kind_label" doc:"待办或待阅"`
	Step       string     `json:"step" doc:"待办理的环节，如 批示、承办签收"`
	Since      time.Time  `json:"since" doc:"到达时间"`
	DueAt      *time.Time `json:"due_at" doc:"该环节的时限；无为 null"`
	Held       bool       `json:"held" doc:"是否已压（积压未办）"`
}

// incomingDetailJSON is a document with its route and what the caller may do.
type incomingDetailJSON struct {
	Document     incomingDocJSON          `json:"document" doc:"收文"`
	Instructions []instructionJSON        `json:"instructions" doc:"呈批领导和批示，按呈批顺序"`
	Readers      []readerJSON             `json:"readers" doc:"传阅对象，按传阅顺序"`
	Assignments  []incomingAssignmentJSON `json:"assignments" doc:"主办和协办单位（交办前为拟办时提出的单位）"`
	AttachList   []attachmentJSON         `json:"attachments" doc:"附件"`
	Events       []incomingEventJSON      `json:"events" doc:"办理过程，最早的在前"`
	Holders      []holderJSON             `json:"holders" doc:"去向：本件当前在谁的待办或待阅中"`
	Allowed      []actionJSON             `json:"allowed" doc:"调用者当前可以进行的操作"`
	CanSupervise bool                     `json:"can_supervise" doc:"调用者可否将本件转为督办事项"`
}

func (s *Server) incomingDetailOut(ctx context.Context, a *zhongshu.Actor, d *app.IncomingDetail) (incomingDetailJSON, error) {
	doc := d.Doc
	var people []int64
	for _, in := range doc.Instructions {
		people = append(people, in.LeaderID, in.ByID)
	}
	for _, r := range doc.Readers {
		people = append(people, r.PersonID)
	}
	for _, as := range doc.Assignments {
		people = append(people, as.PersonID)
	}
	for _, h := range d.Holders {
		people = append(people, h.PersonID)
	}
	nb, err := s.names(ctx, a, people...)
	if err != nil {
		return incomingDetailJSON{}, err
	}
	person, unit := func(id int64) string { return nb.people[id] }, func(id int64) string { return nb.units[id] }
	out := incomingDetailJSON{Document: incomingOut(doc, d.Deadline), Instructions: []instructionJSON{}, Readers: []readerJSON{},
		Assignments: []incomingAssignmentJSON{}, AttachList: []attachmentJSON{}, Events: []incomingEventJSON{},
		Holders: []holderJSON{}, Allowed: []actionJSON{}, CanSupervise: d.CanLink}
	out.Document.Attachments = len(d.Attachments)
	for _, in := range doc.Instructions {
		j := instructionJSON{LeaderID: in.LeaderID, LeaderName: person(in.LeaderID), SentAt: optTime(in.SentAt),
			Text: in.Text, Proxy: in.Proxy(), At: optTime(in.At)}
		if in.Done() {
			j.ByID, j.ByName = optID(in.ByID), person(in.ByID)
		}
		out.Instructions = append(out.Instructions, j)
	}
	for _, r := range doc.Readers {
		out.Readers = append(out.Readers, readerJSON{PersonID: r.PersonID, PersonName: person(r.PersonID),
			SentAt: optTime(r.SentAt), OpenedAt: optTime(r.OpenedAt), FinishedAt: optTime(r.FinishedAt), Text: r.Text})
	}
	for _, as := range doc.Assignments {
		out.Assignments = append(out.Assignments, incomingAssignmentJSON{UnitID: as.UnitID, UnitName: unit(as.UnitID),
			Role: string(as.Role), RoleLabel: as.Role.Label(), PersonID: optID(as.PersonID), PersonName: person(as.PersonID),
			DueAt: optTime(as.DueAt), DueDate: dueDateValue(as.DueAt), SignedAt: optTime(as.SignedAt), InputAt: optTime(as.InputAt)})
	}
	for _, at := range d.Attachments {
		out.AttachList = append(out.AttachList, attachmentOut(doc.ID, at))
	}
	for _, e := range d.Events {
		out.Events = append(out.Events, incomingEventJSON{At: apiTime(e.At), ActorID: optID(e.ActorID), ActorName: e.ActorName,
			Action: e.Action, ActionLabel: eventLabel(e.Action), FromStatus: string(e.FromStatus), ToStatus: string(e.ToStatus), Text: e.Text})
	}
	for _, h := range d.Holders {
		kind := "待办"
		if h.Kind == zhongshu.WorkToRead {
			kind = "待阅"
		}
		out.Holders = append(out.Holders, holderJSON{PersonID: h.PersonID, PersonName: person(h.PersonID), Kind: string(h.Kind),
			KindLabel: kind, Step: h.Step, Since: apiTime(h.Since), DueAt: optTime(h.DueAt), Held: h.Held})
	}
	for _, act := range d.Allowed {
		out.Allowed = append(out.Allowed, actionJSON{Action: string(act), Label: act.Label()})
	}
	return out, nil
}

// writeIncomingDetail answers with document id as the caller sees it now.
func (s *Server) writeIncomingDetail(w http.ResponseWriter, r *http.Request, id int64, status int) error {
	a := actor(r)
	d, err := s.app.FindIncomingDoc(r.Context(), a, id)
	if err != nil {
		return err
	}
	out, err := s.incomingDetailOut(r.Context(), a, d)
	if err != nil {
		return err
	}
	writeJSON(w, status, out)
	return nil
}

// ---------------------------------------------------------------------------
// The register.

// readIncomingFilter reads the list's query parameters.
func readIncomingFilter(q *queryParams) store.IncomingFilter {
	var f store.IncomingFilter
	for _, v := range q.v["status"] {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s == "" {
				continue
			}
			if st := zhongshu.IncomingStatus(s); st.Valid() {
				f.Statuses = append(f.Statuses, st)
			} else {
				q.p.Add("status", "状态代码不正确："+s)
			}
		}
	}
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
	// A document the caller may not see is not found, whatever the body says.
	if _, err := s.app.FindIncomingDoc(r.Context(), a, id); err != nil {
		return err
	}
	req, err := readIncomingAction(in)
	if err != nil {
		return err
	}
	if _, err := s.app.ActOnIncoming(r.Context(), a, id, req); err != nil {
		return err
	}
	return s.writeIncomingDetail(w, r, id, http.StatusOK)
}

// ---------------------------------------------------------------------------
// Attachments.

func (s *Server) handleAPIIncomingUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	// Not found before anything about the upload is said.
	if _, err := s.app.FindIncomingDoc(r.Context(), a, id); err != nil {
		return err
	}
	missing := &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "请以 multipart/form-data 格式上传附件（字段名 file）。",
		Fields: map[string]string{"file": "请选择要上传的附件"}}
	if err := r.ParseMultipartForm(4 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return missing
	}
	defer r.MultipartForm.RemoveAll()
	f, fh, err := r.FormFile("file")
	if err != nil {
		return missing
	}
	defer f.Close()
	att, err := s.app.AddIncomingAttachment(r.Context(), a, id, fh.Filename, fh.Size, f)
	if err != nil {
		return err
	}
	out := attachmentOut(id, att)
	return created(w, out.URL, out)
}

// handleAPIIncomingFile sends an attachment's bytes, or its description
// when the caller asks for JSON.
func (s *Server) handleAPIIncomingFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	fileID, err := pathID(r, "file")
	if err != nil {
		return err
	}
	att, rc, err := s.app.OpenIncomingAttachment(r.Context(), actor(r), id, fileID)
	if err != nil {
		return err
	}
	defer rc.Close()
	if wantsJSON(r) {
		writeJSON(w, http.StatusOK, attachmentOut(id, att))
		return nil
	}
	ct := att.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": att.Name}))
	h.Set("Cache-Control", "private, no-store")
	h.Set("ETag", strconv.Quote("sha256-"+att.Digest))
	http.ServeContent(w, r, "", att.UploadedAt, rc)
	return nil
}

// wantsJSON reports whether the Accept header names JSON explicitly.
func wantsJSON(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(mt), "application/json") {
			return true
		}
	}
	return false
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
