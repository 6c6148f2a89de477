package zhongshu

import (
	"slices"
	"time"
)

// OutgoingStatus is a state of the 发文 route (DOMAIN.md §3.4.1).
type OutgoingStatus string

// 发文 states, in route order.
const (
	OutgoingDrafting     OutgoingStatus = "drafting"      // 起草中
	OutgoingUnitCheck    OutgoingStatus = "unit_check"    // 科室核稿
	OutgoingCountersign  OutgoingStatus = "countersign"   // 会签中
	OutgoingOfficeReview OutgoingStatus = "office_review" // 办公室审核
	OutgoingDeliberation OutgoingStatus = "deliberation"  // 待上会审议
	OutgoingSigning      OutgoingStatus = "signing"       // 待签发
	OutgoingRecheck      OutgoingStatus = "recheck"       // 复核
	OutgoingRegistered   OutgoingStatus = "registered"    // 已登记编号
	OutgoingProducing    OutgoingStatus = "producing"     // 印制校对
	OutgoingDispatched   OutgoingStatus = "dispatched"    // 已核发
	OutgoingPublished    OutgoingStatus = "published"     // 已公开
	OutgoingArchived     OutgoingStatus = "archived"      // 已归档
	OutgoingRevoked      OutgoingStatus = "revoked"       // 已撤销 (自始无效)
	OutgoingAbolished    OutgoingStatus = "abolished"     // 已废止 (自废止之日起失效)
	OutgoingWithdrawn    OutgoingStatus = "withdrawn"     // 已撤稿
)

var outgoingStatusOrder = []OutgoingStatus{OutgoingDrafting, OutgoingUnitCheck, OutgoingCountersign,
	OutgoingOfficeReview, OutgoingDeliberation, OutgoingSigning, OutgoingRecheck, OutgoingRegistered,
	OutgoingProducing, OutgoingDispatched, OutgoingPublished, OutgoingArchived, OutgoingRevoked,
	OutgoingAbolished, OutgoingWithdrawn}

var outgoingStatusLabels = map[OutgoingStatus]string{
	OutgoingDrafting: "起草中", OutgoingUnitCheck: "科室核稿", OutgoingCountersign: "会签中",
	OutgoingOfficeReview: "办公室审核", OutgoingDeliberation: "待上会审议", OutgoingSigning: "待签发",
	OutgoingRecheck: "复核", OutgoingRegistered: "已登记编号", OutgoingProducing: "印制校对",
	OutgoingDispatched: "已核发", OutgoingPublished: "已公开", OutgoingArchived: "已归档",
	OutgoingRevoked: "已撤销", OutgoingAbolished: "已废止", OutgoingWithdrawn: "已撤稿",
}

// AllOutgoingStatuses returns every status in route order.
func AllOutgoingStatuses() []OutgoingStatus { return slices.Clone(outgoingStatusOrder) }

// Label is the status's Chinese name.
func (s OutgoingStatus) Label() string {
	if l, ok := outgoingStatusLabels[s]; ok {
		return l
	}
	return string(s)
}

// Valid reports whether s is known.
func (s OutgoingStatus) Valid() bool { _, ok := outgoingStatusLabels[s]; return ok }

// Draft reports whether the document is still a draft under review: its
// text may change and it has no 发文字号.
func (s OutgoingStatus) Draft() bool {
	switch s {
	case OutgoingDrafting, OutgoingUnitCheck, OutgoingCountersign, OutgoingOfficeReview,
		OutgoingDeliberation, OutgoingSigning, OutgoingRecheck:
		return true
	}
	return false
}

// Issued reports whether the document has been sent out (核发) and is in
// force or was once.
func (s OutgoingStatus) Issued() bool {
	switch s {
	case OutgoingDispatched, OutgoingPublished, OutgoingArchived, OutgoingRevoked, OutgoingAbolished:
		return true
	}
	return false
}

// Open reports whether someone still has to act on the document.
func (s OutgoingStatus) Open() bool {
	return s.Valid() && s != OutgoingArchived && s != OutgoingRevoked && s != OutgoingAbolished &&
		s != OutgoingWithdrawn
}

// Direction is a 行文方向 (§2.1).
type Direction string

// 行文方向.
const (
	DirectionUp       Direction = "up"       // 上行文
	DirectionParallel Direction = "parallel" // 平行文
	DirectionDown     Direction = "down"     // 下行文
)

// AllDirections returns the three directions in display order.
func AllDirections() []Direction { return []Direction{DirectionDown, DirectionParallel, DirectionUp} }

// Label is the direction's Chinese name.
func (d Direction) Label() string {
	switch d {
	case DirectionUp:
		return "上行文"
	case DirectionParallel:
		return "平行文"
	case DirectionDown:
		return "下行文"
	}
	return string(d)
}

// Valid reports whether d is known.
func (d Direction) Valid() bool {
	return d == DirectionUp || d == DirectionParallel || d == DirectionDown
}

// DefaultDirection is the usual direction of a 文种 (§3.1).
func DefaultDirection(k DocKind) Direction {
	switch k {
	case KindReport, KindRequest, KindMotion:
		return DirectionUp
	case KindLetter:
		return DirectionParallel
	}
	return DirectionDown
}

// DocFormat is the layout of a document (GB/T 9704 §10, DOMAIN.md §4.7).
type DocFormat string

// Formats.
const (
	FormatGeneral DocFormat = "general" // 文件格式
	FormatLetter  DocFormat = "letter"  // 信函格式
	FormatOrder   DocFormat = "order"   // 命令（令）格式
	FormatMinutes DocFormat = "minutes" // 纪要格式
)

// Label is the format's Chinese name.
func (f DocFormat) Label() string {
	switch f {
	case FormatGeneral:
		return "文件格式"
	case FormatLetter:
		return "信函格式"
	case FormatOrder:
		return "命令格式"
	case FormatMinutes:
		return "纪要格式"
	}
	return string(f)
}

// Valid reports whether f is known.
func (f DocFormat) Valid() bool {
	return f == FormatGeneral || f == FormatLetter || f == FormatOrder || f == FormatMinutes
}

// DefaultFormat is the format a 文种 is issued in (§4.5).
func DefaultFormat(k DocKind) DocFormat {
	switch k {
	case KindLetter:
		return FormatLetter
	case KindOrder:
		return FormatOrder
	case KindMinutes:
		return FormatMinutes
	}
	return FormatGeneral
}

// Recipient is a 主送 or 抄送 addressee: a unit on file, or a 统称 such as
// "各乡镇人民政府，县政府各部门" given as text (UnitID 0).
type Recipient struct {
	UnitID int64
	Name   string
}

// Issuer is one 发文机关; the first of a document's issuers is the 主办机关
// whose 发文字号 the document carries.
type Issuer struct {
	UnitID int64
	Name   string // 发文机关署名 (the unit's full name unless changed)
}

// Countersign is one unit's 会签: sent together with the others, agreed or
// returned with comments by a person of that unit.
type Countersign struct {
	UnitID   int64
	SentAt   time.Time
	ByID     int64 // who answered for the unit
	At       time.Time
	Agreed   bool
	Text     string // 会签意见
	Returned bool   // returned the draft with comments
}

// Done reports whether the unit has answered.
func (c Countersign) Done() bool { return !c.At.IsZero() }

// ReviewItems are the five points of the office's 审核 (§3.4 审核).
var ReviewItems = []string{
	"行文理由是否充分，行文依据是否准确",
	"内容是否符合党的理论路线方针政策和国家法律法规，是否完整准确体现发文机关意图，是否同现行有关公文相衔接，政策措施和办法是否切实可行",
	"涉及有关地区或者部门职权的事项是否经过充分协商并达成一致意见",
	"文种是否正确，格式是否规范；人名、地名、时间、数字、段落顺序、引文等是否准确；文字、数字、计量单位和标点符号用法是否规范",
	"其他内容是否符合公文起草的有关要求",
}

// ReviewCheck is the reviewer's verdict on one of ReviewItems.
type ReviewCheck struct {
	OK      bool
	Comment string
}

// Signature is one leader's place in 签发: for joint documents one per 联署
// 机关 (§3.4 签发).
type Signature struct {
	LeaderID int64
	UnitID   int64 // the issuer the leader signs for
	SentAt   time.Time
	ByID     int64 // the leader, or who holds the leader's work (代)
	At       time.Time
	Opinion  string // 签发意见; may be empty when 圈阅
	Circled  bool   // 圈阅 (counts as consent)
}

// Done reports whether the leader has signed.
func (s Signature) Done() bool { return !s.At.IsZero() }

// Proxy reports whether someone signed on the leader's behalf (代).
func (s Signature) Proxy() bool { return s.Done() && s.ByID != s.LeaderID }

// Revocation records a 撤销 or 废止 (§3.7).
type Revocation struct {
	Abolished     bool      // 废止 (from EffectiveAt) rather than 撤销 (void from the start)
	EffectiveAt   time.Time // the 废止 date; the issue date for 撤销
	DecidedBy     string    // 决定机关
	DecisionRef   string    // 决定文号
	Reason        string
	RecordedByID  int64
	RecordedAtUTC time.Time
}

// OutgoingDoc is a 发文 with the record of DOMAIN.md §3.9 and its route.
type OutgoingDoc struct {
	ID        int64
	Kind      DocKind
	Format    DocFormat
	Direction Direction
	Issuers   []Issuer // first = 主办机关
	// Series is the 机关代字 the number is taken from, e.g. 青政办发; Year and
	// Seq its sequence (0 until 登记); Number the whole 发文字号.
	Series    string
	Year, Seq int
	Number    string

	Title            string
	MainTo           []Recipient // 主送机关
	CC               []Recipient // 抄送机关
	Body             string      // paragraphs separated by "\n"
	AttachmentNames  []string    // 附件说明, in order
	Secrecy          Secrecy     // must be 非密 (§10.4)
	Urgency          Urgency
	Disclosure       Disclosure
	DisclosureReason string
	InternalMark     string
	Note             string // 附注, without the brackets
	Copies           int    // 印制份数
	PrintingUnit     string // 印发机关 (default: the 主办机关's office)
	WrittenAt        time.Time
	PrintedAt        time.Time // 印发日期
	NeedsMeeting     bool      // 需审议的重要公文: 上会
	MeetingRef       string    // the meeting decision it was adopted by
	UpperAgreed      bool      // 部门向上级请示、报告重大事项：已经本级政府同意或授权 (§3.3)
	Sealed           bool      // carries the issuer's (electronic) seal
	ReplyToIncoming  int64     // the 收文 (e.g. a 请示) this answers; 0 when none

	Status    OutgoingStatus
	Version   int // the current version number (1 = first saved draft)
	DrafterID int64
	DraftUnit int64 // the drafter's unit (科室/部门)
	// CheckerID is the 核稿人 named on submission; ReviewerID the office
	// reviewer named by the checker (or the office leader who took it).
	CheckerID    int64
	CheckedAt    time.Time
	Countersigns []Countersign
	ReviewerID   int64
	Review       []ReviewCheck // len(ReviewItems) once reviewed
	ReviewedAt   time.Time
	Signatures   []Signature
	RecheckByID  int64 // the 文电科 person who 复核s and registers
	// ReturnedFrom is the state a draft was last sent back from; ReturnText
	// the comments it came back with.
	ReturnedFrom OutgoingStatus
	ReturnText   string

	RegisteredByID int64
	RegisteredAt   time.Time
	RenditionID    int64  // the attachment holding the document of record (PDF)
	RenditionSM3   string // its SM3 digest, also in the signed 签发 record
	ProducedAt     time.Time
	DispatchedByID int64
	DispatchedAt   time.Time
	PublishedAt    time.Time
	ArchiveNumber  string
	ArchivedAt     time.Time
	Revocation     *Revocation
	WithdrawReason string

	CreatedAt, UpdatedAt time.Time
}

// Lead returns the 主办机关's unit id, or 0.
func (d *OutgoingDoc) Lead() int64 {
	if len(d.Issuers) == 0 {
		return 0
	}
	return d.Issuers[0].UnitID
}

// Joint reports whether the document has several issuers (联合行文).
func (d *OutgoingDoc) Joint() bool { return len(d.Issuers) > 1 }

// SignaturesDone reports whether every leader of 签发 has signed.
func (d *OutgoingDoc) SignaturesDone() bool {
	if len(d.Signatures) == 0 {
		return false
	}
	for _, s := range d.Signatures {
		if !s.Done() {
			return false
		}
	}
	return true
}

// LastSignedAt is the date of the last 签发: the default 成文日期 (§3.2).
func (d *OutgoingDoc) LastSignedAt() time.Time {
	var t time.Time
	for _, s := range d.Signatures {
		if s.At.After(t) {
			t = s.At
		}
	}
	return t
}

// OutgoingVersion is one saved text of a draft (痕迹保留): who saved it,
// when, at which step, and the fields that make the text.
type OutgoingVersion struct {
	No     int
	ByID   int64
	At     time.Time
	Status OutgoingStatus // the step it was saved in
	Title  string
	MainTo string // the 主送 line as printed
	CC     string
	Body   string
	Notes  string // 附注 and 附件说明 as printed
	Reason string // why the change was made (e.g. a reviewer's note)
}

// OutgoingDelivery is one recipient unit inside Zhongshu that the issued
// document was delivered to as a 收文, and its 签收回执.
type OutgoingDelivery struct {
	UnitID     int64
	IncomingID int64
	SentAt     time.Time
	SignedByID int64
	SignedAt   time.Time // zero until the recipient 签收s
}

// Limits of the 发文 fields.
const (
	MaxOutgoingTitle = 200
	MaxOutgoingBody  = 50000
	MaxRecipients    = 200
)
