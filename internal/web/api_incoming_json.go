package web

// The shapes of the 收文 JSON API: documents, their route and timeline, and
// the detail a viewer gets.

import (
	"context"
	"net/http"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
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
		Holders: holdersOut(d.Holders, person), Allowed: allowedOut(d.Allowed), CanSupervise: d.CanLink}
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
		out.AttachList = append(out.AttachList, attachmentOut("incoming", doc.ID, at))
	}
	for _, e := range d.Events {
		out.Events = append(out.Events, incomingEventJSON{At: apiTime(e.At), ActorID: optID(e.ActorID), ActorName: e.ActorName,
			Action: e.Action, ActionLabel: eventLabel(e.Action), FromStatus: string(e.FromStatus), ToStatus: string(e.ToStatus), Text: e.Text})
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
