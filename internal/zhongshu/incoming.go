package zhongshu

import (
	"strings"
	"time"
	"unicode/utf8"
)

// IncomingStatus is a state of the 收文 route (DOMAIN.md §3.5.1).
type IncomingStatus string

// 收文 states. IncomingVoided is not in §3.5.1: a registration made in error
// (a duplicate, the wrong document) is 作废 with its 收文号 recorded as void,
// never reused (§2.2).
const (
	IncomingReceived            IncomingStatus = "received"             // 待签收
	IncomingSigned              IncomingStatus = "signed"               // 已签收，待登记
	IncomingRegistered          IncomingStatus = "registered"           // 已登记
	IncomingReturned            IncomingStatus = "returned"             // 已退回来文单位
	IncomingCirculating         IncomingStatus = "circulating"          // 传阅中
	IncomingProposed            IncomingStatus = "proposed"             // 已拟办
	IncomingAwaitingInstruction IncomingStatus = "awaiting_instruction" // 呈批中
	IncomingAssigned            IncomingStatus = "assigned"             // 已交办
	IncomingInProgress          IncomingStatus = "in_progress"          // 承办中
	IncomingReplied             IncomingStatus = "replied"              // 已答复
	IncomingCompleted           IncomingStatus = "completed"            // 已办结
	IncomingArchived            IncomingStatus = "archived"             // 已归档
	IncomingVoided              IncomingStatus = "voided"               // 已作废
)

var incomingStatusOrder = []IncomingStatus{IncomingReceived, IncomingSigned, IncomingRegistered, IncomingCirculating,
	IncomingProposed, IncomingAwaitingInstruction, IncomingAssigned, IncomingInProgress, IncomingReplied,
	IncomingCompleted, IncomingArchived, IncomingReturned, IncomingVoided}

var incomingStatusLabels = map[IncomingStatus]string{
	IncomingReceived: "待签收", IncomingSigned: "待登记", IncomingRegistered: "已登记", IncomingReturned: "已退回",
	IncomingCirculating: "传阅中", IncomingProposed: "已拟办", IncomingAwaitingInstruction: "呈批中",
	IncomingAssigned: "已交办", IncomingInProgress: "承办中", IncomingReplied: "已答复", IncomingCompleted: "已办结",
	IncomingArchived: "已归档", IncomingVoided: "已作废",
}

// AllIncomingStatuses returns every status in route order.
func AllIncomingStatuses() []IncomingStatus {
	return append([]IncomingStatus(nil), incomingStatusOrder...)
}

// Label is the status's Chinese name.
func (s IncomingStatus) Label() string {
	if l, ok := incomingStatusLabels[s]; ok {
		return l
	}
	return string(s)
}

// Valid reports whether s is known.
func (s IncomingStatus) Valid() bool { _, ok := incomingStatusLabels[s]; return ok }

// Open reports whether the document is still being handled: not finished,
// returned or void.
func (s IncomingStatus) Open() bool {
	switch s {
	case IncomingCompleted, IncomingArchived, IncomingReturned, IncomingVoided:
		return false
	}
	return s.Valid()
}

// Registered reports whether the document has a 收文号.
func (s IncomingStatus) Registered() bool {
	return s.Valid() && s != IncomingReceived && s != IncomingSigned
}

// Channel is how a document arrived (渠道, §3.5).
type Channel string

// Channels.
const (
	ChannelExchange Channel = "exchange" // 电子公文交换
	ChannelPaper    Channel = "paper"    // 纸质
	ChannelFax      Channel = "fax"      // 传真
	ChannelSystem   Channel = "system"   // 本系统内发文
	ChannelOther    Channel = "other"    // 其他
)

// AllChannels returns the channels in display order.
func AllChannels() []Channel {
	return []Channel{ChannelExchange, ChannelPaper, ChannelFax, ChannelSystem, ChannelOther}
}

// Label is the channel's Chinese name.
func (c Channel) Label() string {
	switch c {
	case ChannelExchange:
		return "电子公文交换"
	case ChannelPaper:
		return "纸质"
	case ChannelFax:
		return "传真"
	case ChannelSystem:
		return "系统内发文"
	case ChannelOther:
		return "其他"
	}
	return string(c)
}

// Valid reports whether c is known.
func (c Channel) Valid() bool { return c.Label() != string(c) }

// ParseChannel accepts a code or a Chinese name ("电子" and "交换" too).
func ParseChannel(s string) (Channel, bool) {
	s = strings.TrimSpace(s)
	for _, c := range AllChannels() {
		if s == string(c) || s == c.Label() {
			return c, true
		}
	}
	switch s {
	case "", "纸质件", "纸件":
		return ChannelPaper, true
	case "电子", "交换", "电子交换", "公文交换":
		return ChannelExchange, true
	}
	return "", false
}

// Handling is 阅件 or 办件 (办理性质, §2.1): a document to read or to act on.
type Handling string

// Handlings.
const (
	HandlingRead   Handling = "read"   // 阅件
	HandlingAction Handling = "action" // 办件
)

// Label is the handling's Chinese name.
func (h Handling) Label() string {
	switch h {
	case HandlingRead:
		return "阅件"
	case HandlingAction:
		return "办件"
	}
	return string(h)
}

// Valid reports whether h is known.
func (h Handling) Valid() bool { return h == HandlingRead || h == HandlingAction }

// ParseHandling accepts a code or 阅件/办件 (阅知/批办 too).
func ParseHandling(s string) (Handling, bool) {
	switch strings.TrimSpace(s) {
	case "read", "阅件", "阅知", "阅知件":
		return HandlingRead, true
	case "action", "办件", "批办", "批办件":
		return HandlingAction, true
	}
	return "", false
}

// Instruction is one leader's place in the 呈批 chain and the 批示 given
// (§3.5 领导批示 {领导, 批示内容, 时间}).
type Instruction struct {
	LeaderID int64
	SentAt   time.Time // when it reached the leader; zero while an earlier leader holds it (in order)
	Text     string
	ByID     int64     // who wrote it: the leader, or the person holding the leader's work (代)
	At       time.Time // zero while pending
}

// Done reports whether the 批示 has been given.
func (i Instruction) Done() bool { return !i.At.IsZero() }

// Proxy reports whether someone signed on the leader's behalf (代).
func (i Instruction) Proxy() bool { return i.Done() && i.ByID != i.LeaderID }

// Reader is one person in a 传阅 (§3.5.1 传阅 sub-record).
type Reader struct {
	PersonID   int64
	SentAt     time.Time // zero while an earlier reader holds it (in order)
	OpenedAt   time.Time
	FinishedAt time.Time
	Text       string // the reader's 阅批意见, if any
}

// IncomingAssignment is one unit's part in handling a 办件: one 主办, any
// 协办, each with a named person and a due date (§3.5 承办单位).
type IncomingAssignment struct {
	UnitID   int64
	Role     AssignmentRole
	PersonID int64     // 责任人; 0 until the unit names one (its 签收 does)
	DueAt    time.Time // 办理时限 (end-of-day instant)
	SignedAt time.Time // the unit's 签收
	InputAt  time.Time // 协办意见 sent to the 主办 (co units)
}

// IncomingDoc is a 收文 with the 收文登记 fields of DOMAIN.md §3.5 and its
// route.
type IncomingDoc struct {
	ID           int64
	Year, Seq    int
	Number       string // 收文号, e.g. 收〔2026〕0123; "" until registered
	ReceivedAt   time.Time
	SenderUnitID int64  // when the sender is a unit on file; 0 otherwise
	SenderName   string // 来文机关
	SenderNumber string // 来文字号, normalised (§4.3)
	Kind         DocKind
	Title        string
	Secrecy      Secrecy
	Urgency      Urgency
	Copies       int // 份数
	Channel      Channel
	Handling     Handling
	Disclosure   Disclosure // "" when the document does not say
	InternalMark string
	Summary      string    // 内容摘要 and the 来文要求
	DueAt        time.Time // 办理时限 of the whole document; zero when none
	Status       IncomingStatus

	SignedByID, RegisteredByID int64
	SignedAt, RegisteredAt     time.Time

	ProposerID int64 // 拟办人, named at registration for a 办件
	Proposal   string
	ProposedAt time.Time

	InstructInOrder bool // 呈批 one leader after another (true) or all at once
	Instructions    []Instruction
	ReadInOrder     bool
	Readers         []Reader

	Assignments  []IncomingAssignment // proposed while AssignedAt is zero
	AssignedByID int64
	AssignedAt   time.Time
	Declines     int // 承办单位退回 count

	Result        string // 办理结果
	ResultAt      time.Time
	ReplyNumber   string // 答复文号, if the answer was a document
	CompletedAt   time.Time
	ArchiveNumber string
	ArchivedAt    time.Time
	EndReason     string // why it was returned to the sender or voided

	SupervisionItemID int64 // the 督办 item made from its 批示, if any
	// RecipientUnitID is the unit a document delivered inside Zhongshu (a
	// 发文 of another unit) was addressed to: that unit signs for it. 0 for
	// the office's own register.
	RecipientUnitID int64
	Attachments     int // number of attachments (filled on read)
	CreatedByID     int64
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// Lead returns the index of the 主办 assignment, or -1.
func (d *IncomingDoc) Lead() int {
	for i, a := range d.Assignments {
		if a.Role == AssignmentLead {
			return i
		}
	}
	return -1
}

// InstructionsDone reports whether every leader in the chain has given a
// 批示 (true for an empty chain).
func (d *IncomingDoc) InstructionsDone() bool {
	for _, in := range d.Instructions {
		if !in.Done() {
			return false
		}
	}
	return true
}

// Limits on the lengths of a 收文's texts, in characters.
const (
	MaxIncomingTitle   = 200
	MaxIncomingSender  = 100
	MaxIncomingSummary = 5000
	MaxIncomingText    = 2000 // 拟办意见, 批示, reasons, results
	MaxCopies          = 9999
)

// Validate checks the 登记 fields before a document is saved: it trims the
// texts, defaults copies to 1 and the 文种 from the title, normalises the
// 来文字号 and returns what it corrected as warnings. Any 密级 other than
// 非密 is refused (§10.4). The route's fields are the workflow's business.
func (d *IncomingDoc) Validate() (warnings []string, err error) {
	var p Problems
	d.Title = strings.TrimSpace(d.Title)
	d.SenderName = strings.TrimSpace(d.SenderName)
	d.SenderNumber = strings.TrimSpace(d.SenderNumber)
	d.InternalMark = strings.TrimSpace(d.InternalMark)
	d.Summary = strings.TrimSpace(d.Summary)
	if d.Secrecy == "" {
		d.Secrecy = SecrecyNone
	}
	if d.Secrecy != SecrecyNone {
		return nil, &Error{Code: CodeInvalid, Message: ClassifiedMessage + "。本系统为非涉密系统，不得登记涉密公文。",
			Fields: map[string]string{"secrecy": ClassifiedMessage}}
	}
	switch n := utf8.RuneCountInString(d.Title); {
	case n == 0:
		p.Add("title", "请填写标题")
	case n > MaxIncomingTitle:
		p.Add("title", "标题不能超过200个字")
	}
	switch n := utf8.RuneCountInString(d.SenderName); {
	case n == 0:
		p.Add("sender_name", "请填写来文机关")
	case n > MaxIncomingSender:
		p.Add("sender_name", "来文机关不能超过100个字")
	}
	if d.SenderNumber != "" {
		n, warn, err := ParseDocNumber(d.SenderNumber)
		if err != nil {
			p.Add("sender_number", ErrorFields(err)["number"])
		} else {
			d.SenderNumber = n.String()
			warnings = append(warnings, warn...)
		}
	}
	if d.Kind == "" {
		if d.Kind = KindFromTitle(d.Title); d.Kind == "" {
			d.Kind = KindOther
		}
	}
	if !d.Kind.Valid() {
		p.Add("kind", "请选择文种")
	}
	if d.Urgency < UrgencyNormal || d.Urgency > UrgencyExtra {
		p.Add("urgency", "请选择紧急程度")
	}
	if d.Copies == 0 {
		d.Copies = 1
	}
	if d.Copies < 1 || d.Copies > MaxCopies {
		p.Add("copies", "份数应为1至9999")
	}
	if !d.Channel.Valid() {
		p.Add("channel", "请选择来文渠道")
	}
	if !d.Handling.Valid() {
		p.Add("handling", "请选择阅件或办件")
	}
	if d.Disclosure != "" && !d.Disclosure.Valid() {
		p.Add("disclosure", "公开属性不正确")
	}
	if utf8.RuneCountInString(d.InternalMark) > 20 {
		p.Add("internal_mark", "内部标记不能超过20个字")
	}
	if utf8.RuneCountInString(d.Summary) > MaxIncomingSummary {
		p.Add("summary", "内容摘要不能超过5000个字")
	}
	if d.ReceivedAt.IsZero() {
		p.Add("received_at", "请填写收文时间")
	}
	if !d.DueAt.IsZero() && !d.ReceivedAt.IsZero() && !d.DueAt.After(d.ReceivedAt) {
		p.Add("due_at", "办理时限须晚于收文时间")
	}
	return warnings, p.Err()
}

// ValidateIncomingAssignments enforces one 主办 and any 协办 with distinct
// units, each with a due date (§3.5 "需两个以上部门办理的，应当明确主办部门").
func ValidateIncomingAssignments(as []IncomingAssignment) error {
	var p Problems
	leads := 0
	seen := map[int64]bool{}
	for _, a := range as {
		switch {
		case a.UnitID == 0:
			p.Add("assignments", "承办单位不能为空")
		case seen[a.UnitID]:
			p.Add("assignments", "同一单位不能重复交办")
		case !a.Role.Valid():
			p.Add("assignments", "请选择主办或协办")
		case a.DueAt.IsZero():
			p.Add("assignments", "请填写办理时限")
		}
		seen[a.UnitID] = true
		if a.Role == AssignmentLead {
			leads++
		}
	}
	if len(as) == 0 || leads != 1 {
		p.Add("assignments", "须明确一个且只有一个主办单位")
	}
	return p.Err()
}

// Attachment is a file kept with a document: its contents live in the blob
// store under Digest (SHA-256).
type Attachment struct {
	ID          int64
	OwnerType   string // "incoming", later "outgoing", "supervision"
	OwnerID     int64
	Name        string
	ContentType string
	Size        int64
	Digest      string
	UploadedBy  int64
	UploadedAt  time.Time
	// The extracted text, for the search index (filled by a background job).
	TextState TextState
	TextError string // why the text could not be read, in Chinese
}

// TextState is how far the text of an attachment has been extracted.
type TextState string

// Text states.
const (
	TextPending     TextState = "pending"     // 待提取
	TextDone        TextState = "done"        // 已提取
	TextUnsupported TextState = "unsupported" // 无文字内容
	TextFailed      TextState = "failed"      // 无法读取
)

// Label is the state's Chinese name.
func (s TextState) Label() string {
	switch s {
	case TextPending:
		return "正在提取文字"
	case TextDone:
		return "已建立全文索引"
	case TextUnsupported:
		return "该格式不提取文字"
	case TextFailed:
		return "无法读取文字"
	}
	return string(s)
}
