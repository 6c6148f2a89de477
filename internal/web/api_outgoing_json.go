package web

// The shapes of the 发文 JSON API: a document with its record and route, a
// row of the 发文登记簿, and the detail a viewer gets (versions with their
// differences, timeline, deliveries, holders, findings and the rendition);
// and their description in OpenAPI.

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/docsign"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/outgoing"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// outgoingPartyJSON is a 发文机关, or a 主送 or 抄送 addressee.
type outgoingPartyJSON struct {
	UnitID *int64 `json:"unit_id" doc:"在册单位编号；统称（如 各乡镇人民政府）为 null"`
	Name   string `json:"name" doc:"署名或收文机关名称"`
}

func apiOutgoingParties[T zhongshu.Issuer | zhongshu.Recipient](list []T) []outgoingPartyJSON {
	out := make([]outgoingPartyJSON, 0, len(list))
	for _, x := range list {
		switch v := any(x).(type) {
		case zhongshu.Issuer:
			out = append(out, outgoingPartyJSON{UnitID: optID(v.UnitID), Name: v.Name})
		case zhongshu.Recipient:
			out = append(out, outgoingPartyJSON{UnitID: optID(v.UnitID), Name: v.Name})
		}
	}
	return out
}

// outgoingCountersignJSON is one unit's 会签.
type outgoingCountersignJSON struct {
	UnitID   int64      `json:"unit_id" doc:"会签单位编号"`
	UnitName string     `json:"unit_name" doc:"会签单位简称"`
	SentAt   *time.Time `json:"sent_at" doc:"送会签的时间"`
	ByID     *int64     `json:"by_id" doc:"代表该单位答复的人；未答复为 null"`
	ByName   string     `json:"by_name" doc:"答复人姓名"`
	At       *time.Time `json:"at" doc:"答复时间；未答复为 null"`
	Agreed   bool       `json:"agreed" doc:"是否同意"`
	Text     string     `json:"text" doc:"会签意见"`
	Returned bool       `json:"returned" doc:"是否提出意见退回"`
}

// outgoingReviewJSON is the reviewer's verdict on one of the five points.
type outgoingReviewJSON struct {
	Item    string `json:"item" doc:"审核要点"`
	OK      bool   `json:"ok" doc:"是否通过"`
	Comment string `json:"comment" doc:"审核意见"`
}

// outgoingSignatureJSON is one leader's place in 签发.
type outgoingSignatureJSON struct {
	LeaderID   int64      `json:"leader_id" doc:"签发领导"`
	LeaderName string     `json:"leader_name" doc:"领导姓名"`
	UnitID     int64      `json:"unit_id" doc:"代表签发的发文机关（联合行文时各机关各有签发人）"`
	UnitName   string     `json:"unit_name" doc:"发文机关简称"`
	SentAt     *time.Time `json:"sent_at" doc:"呈签发的时间"`
	ByID       *int64     `json:"by_id" doc:"签发人：领导本人，或受托代为签发的人；未签发为 null"`
	ByName     string     `json:"by_name" doc:"签发人姓名"`
	Proxy      bool       `json:"proxy" doc:"是否由他人代签（代）"`
	At         *time.Time `json:"at" doc:"签发时间；未签发为 null"`
	Opinion    string     `json:"opinion" doc:"签发意见；圈阅时可为空"`
	Circled    bool       `json:"circled" doc:"是否圈阅（视为同意）"`
}

// outgoingRevocationJSON is a 撤销 or 废止.
type outgoingRevocationJSON struct {
	Abolished     bool      `json:"abolished" doc:"true 废止（自生效日起失效），false 撤销（自始无效）"`
	EffectiveAt   time.Time `json:"effective_at" doc:"废止之日；撤销时为印发日期"`
	EffectiveDate string    `json:"effective_date" doc:"effective_at 所在的日期 YYYY-MM-DD"`
	DecidedBy     string    `json:"decided_by" doc:"决定机关"`
	DecisionRef   string    `json:"decision_ref" doc:"决定文号"`
	Reason        string    `json:"reason" doc:"理由"`
	RecordedByID  int64     `json:"recorded_by_id" doc:"登记人"`
	RecordedAt    time.Time `json:"recorded_at" doc:"登记时间"`
}

// outgoingDocJSON is a 发文 with its record (DOMAIN §3.9) and where it stands.
type outgoingDocJSON struct {
	ID               int64                     `json:"id" doc:"发文编号"`
	Number           string                    `json:"number" doc:"发文字号，如 青政办发〔2026〕12号；登记前为空"`
	Series           string                    `json:"series" doc:"机关代字，如 青政办发"`
	Year             int                       `json:"year" doc:"编号年度；登记前为 0"`
	Seq              int                       `json:"seq" doc:"年度序号；登记前为 0"`
	Kind             string                    `json:"kind" doc:"文种代码"`
	KindLabel        string                    `json:"kind_label" doc:"文种的中文名称"`
	Format           string                    `json:"format" doc:"版式：general 文件格式，letter 信函格式，order 命令格式，minutes 纪要格式"`
	FormatLabel      string                    `json:"format_label" doc:"版式的中文名称"`
	Direction        string                    `json:"direction" doc:"行文方向：up 上行文，parallel 平行文，down 下行文"`
	DirectionLabel   string                    `json:"direction_label" doc:"行文方向的中文名称"`
	Issuers          []outgoingPartyJSON       `json:"issuers" doc:"发文机关，第一个为主办机关"`
	Title            string                    `json:"title" doc:"标题"`
	MainTo           []outgoingPartyJSON       `json:"main_to" doc:"主送机关"`
	CC               []outgoingPartyJSON       `json:"cc" doc:"抄送机关"`
	Body             string                    `json:"body" doc:"正文，段落以换行分隔"`
	AttachmentNames  []string                  `json:"attachment_names" doc:"附件说明，按顺序"`
	Secrecy          string                    `json:"secrecy" doc:"密级，恒为 none（非密）"`
	SecrecyLabel     string                    `json:"secrecy_label" doc:"密级的中文名称"`
	Urgency          zhongshu.Urgency          `json:"urgency" doc:"紧急程度：0 平件，1 加急，2 特急"`
	UrgencyLabel     string                    `json:"urgency_label" doc:"紧急程度的中文名称；平件为空"`
	Disclosure       string                    `json:"disclosure" doc:"公开属性代码；未注明为空"`
	DisclosureLabel  string                    `json:"disclosure_label" doc:"公开属性的中文名称"`
	DisclosureReason string                    `json:"disclosure_reason" doc:"依申请公开、不予公开的理由"`
	InternalMark     string                    `json:"internal_mark" doc:"内部标记"`
	Note             string                    `json:"note" doc:"附注（不含括号）"`
	Copies           int                       `json:"copies" doc:"印制份数"`
	PrintingUnit     string                    `json:"printing_unit" doc:"印发机关"`
	WrittenAt        *time.Time                `json:"written_at" doc:"成文日期；签发前为 null"`
	PrintedAt        *time.Time                `json:"printed_at" doc:"印发日期"`
	NeedsMeeting     bool                      `json:"needs_meeting" doc:"是否须经会议审议"`
	MeetingRef       string                    `json:"meeting_ref" doc:"审议通过的会议"`
	UpperAgreed      bool                      `json:"upper_agreed" doc:"部门向上级请示、报告重大事项已经本级政府同意或授权"`
	Sealed           bool                      `json:"sealed" doc:"是否加盖印章"`
	ReplyToIncoming  *int64                    `json:"reply_to_incoming" doc:"所答复的收文；无为 null"`
	Status           string                    `json:"status" doc:"状态代码"`
	StatusLabel      string                    `json:"status_label" doc:"状态的中文名称"`
	Version          int                       `json:"version" doc:"当前稿次（1 为初稿）"`
	DrafterID        int64                     `json:"drafter_id" doc:"拟稿人"`
	DrafterName      string                    `json:"drafter_name" doc:"拟稿人姓名"`
	DraftUnitID      *int64                    `json:"draft_unit_id" doc:"拟稿单位"`
	DraftUnitName    string                    `json:"draft_unit_name" doc:"拟稿单位简称"`
	CheckerID        *int64                    `json:"checker_id" doc:"核稿人"`
	CheckedAt        *time.Time                `json:"checked_at" doc:"核稿时间"`
	Countersigns     []outgoingCountersignJSON `json:"countersigns" doc:"会签单位及意见"`
	ReviewerID       *int64                    `json:"reviewer_id" doc:"办公室审核人"`
	Review           []outgoingReviewJSON      `json:"review" doc:"审核五项及意见；审核前为空"`
	ReviewedAt       *time.Time                `json:"reviewed_at" doc:"审核时间"`
	Signatures       []outgoingSignatureJSON   `json:"signatures" doc:"签发领导及签发意见"`
	RecheckByID      *int64                    `json:"recheck_by_id" doc:"复核人（文电科）；未指定为 null"`
	ReturnedFrom     string                    `json:"returned_from" doc:"最近一次从哪个环节退回；未退回为空"`
	ReturnText       string                    `json:"return_text" doc:"退回意见"`
	RegisteredByID   *int64                    `json:"registered_by_id" doc:"登记人"`
	RegisteredAt     *time.Time                `json:"registered_at" doc:"登记编号的时间"`
	RenditionSM3     string                    `json:"rendition_sm3" doc:"版式文件（PDF）的 SM3 摘要；未生成为空"`
	ProducedAt       *time.Time                `json:"produced_at" doc:"生成版式文件（印制）的时间"`
	DispatchedByID   *int64                    `json:"dispatched_by_id" doc:"核发人"`
	DispatchedAt     *time.Time                `json:"dispatched_at" doc:"核发时间"`
	PublishedAt      *time.Time                `json:"published_at" doc:"公开发布时间"`
	ArchiveNumber    string                    `json:"archive_number" doc:"归档号"`
	ArchivedAt       *time.Time                `json:"archived_at" doc:"归档时间"`
	Revocation       *outgoingRevocationJSON   `json:"revocation" doc:"撤销或废止；无为 null"`
	WithdrawReason   string                    `json:"withdraw_reason" doc:"撤稿理由"`
	CreatedAt        time.Time                 `json:"created_at" doc:"起草时间"`
	UpdatedAt        time.Time                 `json:"updated_at" doc:"最后修改时间"`
	URL              string                    `json:"url" doc:"发文页面地址"`
}

// apiOutgoingOut describes d, naming people and units from the given maps.
func apiOutgoingOut(d *zhongshu.OutgoingDoc, people, units map[int64]string) outgoingDocJSON {
	out := outgoingDocJSON{ID: d.ID, Number: d.Number, Series: d.Series, Year: d.Year, Seq: d.Seq, Kind: string(d.Kind),
		KindLabel: d.Kind.Label(), Format: string(d.Format), FormatLabel: d.Format.Label(), Direction: string(d.Direction),
		DirectionLabel: d.Direction.Label(), Issuers: apiOutgoingParties(d.Issuers), Title: d.Title,
		MainTo: apiOutgoingParties(d.MainTo), CC: apiOutgoingParties(d.CC), Body: d.Body,
		AttachmentNames: append([]string{}, d.AttachmentNames...), Secrecy: string(d.Secrecy), SecrecyLabel: d.Secrecy.Label(),
		Urgency: d.Urgency, UrgencyLabel: d.Urgency.Label(), Disclosure: string(d.Disclosure),
		DisclosureLabel: d.Disclosure.Label(), DisclosureReason: d.DisclosureReason, InternalMark: d.InternalMark,
		Note: d.Note, Copies: d.Copies, PrintingUnit: d.PrintingUnit, WrittenAt: optTime(d.WrittenAt),
		PrintedAt: optTime(d.PrintedAt), NeedsMeeting: d.NeedsMeeting, MeetingRef: d.MeetingRef,
		UpperAgreed: d.UpperAgreed, Sealed: d.Sealed, ReplyToIncoming: optID(d.ReplyToIncoming),
		Status: string(d.Status), StatusLabel: d.Status.Label(), Version: d.Version, DrafterID: d.DrafterID,
		DrafterName: people[d.DrafterID], DraftUnitID: optID(d.DraftUnit), DraftUnitName: units[d.DraftUnit],
		CheckerID: optID(d.CheckerID), CheckedAt: optTime(d.CheckedAt), Countersigns: []outgoingCountersignJSON{},
		ReviewerID: optID(d.ReviewerID), Review: []outgoingReviewJSON{}, ReviewedAt: optTime(d.ReviewedAt),
		Signatures: []outgoingSignatureJSON{}, RecheckByID: optID(d.RecheckByID), ReturnedFrom: string(d.ReturnedFrom),
		ReturnText: d.ReturnText, RegisteredByID: optID(d.RegisteredByID), RegisteredAt: optTime(d.RegisteredAt),
		RenditionSM3: d.RenditionSM3, ProducedAt: optTime(d.ProducedAt), DispatchedByID: optID(d.DispatchedByID),
		DispatchedAt: optTime(d.DispatchedAt), PublishedAt: optTime(d.PublishedAt), ArchiveNumber: d.ArchiveNumber,
		ArchivedAt: optTime(d.ArchivedAt), WithdrawReason: d.WithdrawReason, CreatedAt: apiTime(d.CreatedAt),
		UpdatedAt: apiTime(d.UpdatedAt), URL: app.OutgoingURL(d.ID)}
	for _, c := range d.Countersigns {
		j := outgoingCountersignJSON{UnitID: c.UnitID, UnitName: units[c.UnitID], SentAt: optTime(c.SentAt),
			At: optTime(c.At), Agreed: c.Agreed, Text: c.Text, Returned: c.Returned}
		if c.Done() {
			j.ByID, j.ByName = optID(c.ByID), people[c.ByID]
		}
		out.Countersigns = append(out.Countersigns, j)
	}
	for i, c := range d.Review {
		item := ""
		if i < len(zhongshu.ReviewItems) {
			item = zhongshu.ReviewItems[i]
		}
		out.Review = append(out.Review, outgoingReviewJSON{Item: item, OK: c.OK, Comment: c.Comment})
	}
	for _, s := range d.Signatures {
		j := outgoingSignatureJSON{LeaderID: s.LeaderID, LeaderName: people[s.LeaderID], UnitID: s.UnitID,
			UnitName: units[s.UnitID], SentAt: optTime(s.SentAt), Proxy: s.Proxy(), At: optTime(s.At),
			Opinion: s.Opinion, Circled: s.Circled}
		if s.Done() {
			j.ByID, j.ByName = optID(s.ByID), people[s.ByID]
		}
		out.Signatures = append(out.Signatures, j)
	}
	if r := d.Revocation; r != nil {
		out.Revocation = &outgoingRevocationJSON{Abolished: r.Abolished, EffectiveAt: apiTime(r.EffectiveAt),
			EffectiveDate: apiDateOnly(r.EffectiveAt), DecidedBy: r.DecidedBy, DecisionRef: r.DecisionRef, Reason: r.Reason,
			RecordedByID: r.RecordedByID, RecordedAt: apiTime(r.RecordedAtUTC)}
	}
	return out
}

// apiDateOnly is the China-time date of t, or "" for the zero time.
func apiDateOnly(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(chinaTime).Format("2006-01-02")
}

// apiPartyLine prints addressees as the document does: names joined by "，".
func apiPartyLine(rs []zhongshu.Recipient) string {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = r.Name
	}
	return strings.Join(names, "，")
}

// outgoingRowJSON is one line of the 发文登记簿.
type outgoingRowJSON struct {
	ID              int64            `json:"id" doc:"发文编号"`
	Number          string           `json:"number" doc:"发文字号；登记前为空"`
	Title           string           `json:"title" doc:"标题"`
	Kind            string           `json:"kind" doc:"文种代码"`
	KindLabel       string           `json:"kind_label" doc:"文种的中文名称"`
	Issuer          string           `json:"issuer" doc:"主办机关署名"`
	LeadUnitID      *int64           `json:"lead_unit_id" doc:"主办机关编号"`
	DrafterID       int64            `json:"drafter_id" doc:"拟稿人"`
	DrafterName     string           `json:"drafter_name" doc:"拟稿人姓名"`
	DraftUnitID     *int64           `json:"draft_unit_id" doc:"拟稿单位"`
	DraftUnitName   string           `json:"draft_unit_name" doc:"拟稿单位简称"`
	Signers         []string         `json:"signers" doc:"签发人（代签的注“（代）”）"`
	SignedAt        *time.Time       `json:"signed_at" doc:"最后签发的时间；未签发为 null"`
	MainTo          string           `json:"main_to" doc:"主送机关，以“，”分隔"`
	Urgency         zhongshu.Urgency `json:"urgency" doc:"紧急程度：0 平件，1 加急，2 特急"`
	UrgencyLabel    string           `json:"urgency_label" doc:"紧急程度的中文名称；平件为空"`
	Disclosure      string           `json:"disclosure" doc:"公开属性代码"`
	DisclosureLabel string           `json:"disclosure_label" doc:"公开属性的中文名称"`
	Copies          int              `json:"copies" doc:"印制份数"`
	Status          string           `json:"status" doc:"状态代码"`
	StatusLabel     string           `json:"status_label" doc:"状态的中文名称"`
	Version         int              `json:"version" doc:"当前稿次"`
	DispatchedAt    *time.Time       `json:"dispatched_at" doc:"核发时间"`
	ArchiveNumber   string           `json:"archive_number" doc:"归档号"`
	CreatedAt       time.Time        `json:"created_at" doc:"起草时间"`
	UpdatedAt       time.Time        `json:"updated_at" doc:"最后修改时间"`
	URL             string           `json:"url" doc:"发文页面地址"`
}

func apiOutgoingRowOut(d *zhongshu.OutgoingDoc, people, units map[int64]string) outgoingRowJSON {
	out := outgoingRowJSON{ID: d.ID, Number: d.Number, Title: d.Title, Kind: string(d.Kind), KindLabel: d.Kind.Label(),
		LeadUnitID: optID(d.Lead()), DrafterID: d.DrafterID, DrafterName: people[d.DrafterID],
		DraftUnitID: optID(d.DraftUnit), DraftUnitName: units[d.DraftUnit], Signers: []string{},
		SignedAt: optTime(d.LastSignedAt()), MainTo: apiPartyLine(d.MainTo), Urgency: d.Urgency,
		UrgencyLabel: d.Urgency.Label(), Disclosure: string(d.Disclosure), DisclosureLabel: d.Disclosure.Label(),
		Copies: d.Copies, Status: string(d.Status), StatusLabel: d.Status.Label(), Version: d.Version,
		DispatchedAt: optTime(d.DispatchedAt), ArchiveNumber: d.ArchiveNumber, CreatedAt: apiTime(d.CreatedAt),
		UpdatedAt: apiTime(d.UpdatedAt), URL: app.OutgoingURL(d.ID)}
	if len(d.Issuers) > 0 {
		out.Issuer = d.Issuers[0].Name
	}
	for _, s := range d.Signatures {
		if !s.Done() {
			continue
		}
		n := people[s.LeaderID]
		if s.Proxy() {
			n += "（代）"
		}
		out.Signers = append(out.Signers, n)
	}
	return out
}

// outgoingListJSON is one page of the 发文登记簿.
type outgoingListJSON struct {
	listJSON[outgoingRowJSON]
	More bool `json:"more" doc:"为 true 时符合条件的发文超过 total 件（计数到此为止）"`
}

// diffOpJSON is one piece of a difference between two versions.
type diffOpJSON struct {
	Op   string `json:"op" doc:"equal 未变，insert 新增，delete 删除"`
	Text string `json:"text" doc:"文字"`
}

// outgoingVersionJSON is one saved text and its difference from the one
// before (痕迹保留).
type outgoingVersionJSON struct {
	No          int          `json:"no" doc:"稿次"`
	ByID        int64        `json:"by_id" doc:"保存人"`
	By          string       `json:"by" doc:"保存人姓名"`
	At          time.Time    `json:"at" doc:"保存时间"`
	Status      string       `json:"status" doc:"保存时所在的环节（状态代码）"`
	StatusLabel string       `json:"status_label" doc:"环节的中文名称"`
	Reason      string       `json:"reason" doc:"修改理由"`
	Inserted    int          `json:"inserted" doc:"比上一稿新增的字数"`
	Deleted     int          `json:"deleted" doc:"比上一稿删除的字数"`
	Diff        []diffOpJSON `json:"diff" doc:"与上一稿的差异（标题、主送、正文、附件说明和附注、抄送）；初稿为空"`
}

// outgoingEventJSON is one entry of a document's timeline.
type outgoingEventJSON struct {
	At          time.Time `json:"at" doc:"时间"`
	ActorID     *int64    `json:"actor_id" doc:"操作人；系统为 null"`
	ActorName   string    `json:"actor_name" doc:"操作人姓名"`
	Action      string    `json:"action" doc:"操作代码；起草为 create，上传附件为 attach，签收回执为 receipt"`
	ActionLabel string    `json:"action_label" doc:"操作的中文名称"`
	FromStatus  string    `json:"from_status" doc:"操作前的状态"`
	ToStatus    string    `json:"to_status" doc:"操作后的状态"`
	Text        string    `json:"text" doc:"意见、理由、去向、发文字号等"`
}

// apiOutgoingEventLabel names a timeline entry's action.
func apiOutgoingEventLabel(action string) string {
	switch action {
	case "create":
		return "起草"
	case "attach":
		return "上传附件"
	case "receipt":
		return "签收回执"
	}
	return outgoing.Action(action).Label()
}

// outgoingDeliveryJSON is one recipient unit inside Zhongshu and its 签收回执.
type outgoingDeliveryJSON struct {
	UnitID     int64      `json:"unit_id" doc:"收文单位编号"`
	Unit       string     `json:"unit" doc:"收文单位简称"`
	SentAt     time.Time  `json:"sent_at" doc:"送达时间"`
	SignedAt   *time.Time `json:"signed_at" doc:"签收时间；未签收为 null"`
	SignedByID *int64     `json:"signed_by_id" doc:"签收人；未签收为 null"`
	SignedBy   string     `json:"signed_by" doc:"签收人姓名"`
}

// findingJSON is one result of the 行文规则 checks.
type findingJSON struct {
	Rule     string `json:"rule" doc:"规则代码"`
	Field    string `json:"field" doc:"涉及的字段；整件为空"`
	Message  string `json:"message" doc:"说明"`
	Blocking bool   `json:"blocking" doc:"为 true 时不能送核稿、不能登记"`
}

// outgoingRenditionJSON locates the document of record and its signature.
type outgoingRenditionJSON struct {
	URL        string     `json:"url" doc:"版式文件（PDF）下载地址（本接口）"`
	SigURL     string     `json:"sig_url" doc:"签发记录签名（.sig，JSON）下载地址"`
	SM3        string     `json:"sm3" doc:"版式文件的 SM3 摘要（十六进制），与签名记录中的一致"`
	ProducedAt *time.Time `json:"produced_at" doc:"生成时间"`
}

// outgoingDetailJSON is a document with its route and what the caller may do.
type outgoingDetailJSON struct {
	Document      outgoingDocJSON        `json:"document" doc:"发文"`
	Versions      []outgoingVersionJSON  `json:"versions" doc:"各稿及与上一稿的差异，最早的在前"`
	Events        []outgoingEventJSON    `json:"events" doc:"办理过程，最早的在前"`
	AttachList    []attachmentJSON       `json:"attachments" doc:"附件"`
	Deliveries    []outgoingDeliveryJSON `json:"deliveries" doc:"核发到本系统内各收文单位的送达和签收回执"`
	Holders       []holderJSON           `json:"holders" doc:"去向：本件当前在谁的待办中"`
	Allowed       []actionJSON           `json:"allowed" doc:"调用者当前可以进行的操作"`
	Findings      []findingJSON          `json:"findings" doc:"行文规则对当前文稿的检查结果"`
	Rendition     *outgoingRenditionJSON `json:"rendition" doc:"版式文件和签名；未生成为 null"`
	SeriesOptions []string               `json:"series_options" doc:"主办机关可用的机关代字"`
}

func apiOutgoingDetailOut(d *app.OutgoingDetail) outgoingDetailJSON {
	doc := d.Doc
	person := func(id int64) string { return d.People[id] }
	out := outgoingDetailJSON{Document: apiOutgoingOut(doc, d.People, d.Units), Versions: []outgoingVersionJSON{},
		Events: []outgoingEventJSON{}, AttachList: []attachmentJSON{}, Deliveries: []outgoingDeliveryJSON{},
		Holders: holdersOut(d.Holders, person), Allowed: allowedOut(d.Allowed), Findings: []findingJSON{},
		SeriesOptions: append([]string{}, d.Series...)}
	for _, v := range d.Versions {
		j := outgoingVersionJSON{No: v.No, ByID: v.ByID, By: v.ByName, At: apiTime(v.At), Status: string(v.Status),
			StatusLabel: v.Status.Label(), Reason: v.Reason, Inserted: v.Inserted, Deleted: v.Deleted, Diff: []diffOpJSON{}}
		for _, op := range v.Diff {
			j.Diff = append(j.Diff, diffOpJSON{Op: string(op.Kind), Text: op.Text})
		}
		out.Versions = append(out.Versions, j)
	}
	for _, e := range d.Events {
		out.Events = append(out.Events, outgoingEventJSON{At: apiTime(e.At), ActorID: optID(e.ActorID), ActorName: e.ActorName,
			Action: e.Action, ActionLabel: apiOutgoingEventLabel(e.Action), FromStatus: e.FromStatus, ToStatus: e.ToStatus, Text: e.Text})
	}
	for _, at := range d.Attachments {
		out.AttachList = append(out.AttachList, attachmentOut("outgoing", doc.ID, at))
	}
	for _, dv := range d.Deliveries {
		out.Deliveries = append(out.Deliveries, outgoingDeliveryJSON{UnitID: dv.UnitID, Unit: dv.UnitName,
			SentAt: apiTime(dv.SentAt), SignedAt: optTime(dv.SignedAt), SignedByID: optID(dv.SignedByID), SignedBy: dv.SignerName})
	}
	for _, f := range d.Findings {
		out.Findings = append(out.Findings, findingJSON{Rule: string(f.Rule), Field: f.Field, Message: f.Message, Blocking: f.Blocking})
	}
	if doc.RenditionID != 0 {
		base := fmt.Sprintf("/api/v1/outgoing/%d/rendition", doc.ID)
		out.Rendition = &outgoingRenditionJSON{URL: base, SigURL: base + ".sig", SM3: doc.RenditionSM3,
			ProducedAt: optTime(doc.ProducedAt)}
	}
	return out
}

// ---------------------------------------------------------------------------
// OpenAPI.

// outgoingAPIDocs describes the 发文 operations for OpenAPI.
func outgoingAPIDocs() map[string]opDoc {
	filters := []map[string]any{
		{"name": "status", "in": "query", "required": false, "style": "form", "explode": true,
			"schema":      map[string]any{"type": "array", "items": map[string]any{"type": "string", "enum": apiOutgoingStatusCodes()}},
			"description": "状态代码；可重复，或以逗号分隔"},
		queryParam("kind", strSchema(), "文种代码或中文名称"),
		queryParam("lead_unit", intSchema(), "主办机关编号"),
		queryParam("drafter", intSchema(), "拟稿人编号"),
		queryParam("issued", boolSchema(), "true 或 1 时只列已核发的，日期按核发日期"),
		queryParam("from", dateSchema(), "日期起（含），北京时间，YYYY-MM-DD；按最后修改日期，issued 时按核发日期"),
		queryParam("to", dateSchema(), "日期止（含），北京时间，YYYY-MM-DD"),
		queryParam("q", strSchema(), "在标题和发文字号中查找"),
	}
	return map[string]opDoc{
		"GET /api/v1/outgoing": {resp: tp[outgoingListJSON](), query: append(pagingParams(), filters...),
			note: "文电科和办公室领导看全部发文，其他人只看经手的（拟稿、核稿、会签单位、审核、签发等）；按最后修改时间倒序，issued 时按核发时间倒序。total 超过 10000 时计到 10000 为止，more 为 true。"},
		"GET /api/v1/outgoing/export": {download: true, resp: tp[outgoingExportJSON](), query: filters,
			note: "以 .xlsx 返回发文登记簿（发文字号、标题、文种、发文机关、签发人、签发日期、拟稿单位、主送、抄送、核发日期、状态等），范围和筛选同登记簿，至多 10000 行。请求头 Accept: application/json 时只返回行数和文件名。"},
		"POST /api/v1/outgoing": {body: tp[outgoingInput](), resp: tp[outgoingSavedJSON](), status: http.StatusCreated,
			note: "起草一件发文（第1稿），拟稿单位为本人所在单位。密级不是非密的一律拒绝（涉密事项请通过机要渠道办理），不保存任何内容，拒绝记入审计日志。warnings 含行文规则的提示；阻止性的问题（如标题未以文种结尾）会使送核稿被拒。"},
		"GET /api/v1/outgoing/{id}": {resp: tp[outgoingDetailJSON](),
			note: "无权查看的发文返回 404。versions 为各稿及与上一稿的差异（痕迹保留）；holders 为当前去向；allowed 为调用者现在可以进行的操作；findings 为行文规则的检查结果。"},
		"PUT /api/v1/outgoing/{id}": {body: tp[outgoingUpdateInput](), resp: tp[outgoingSavedJSON](),
			note: "提交完整的文稿。只有当前经办人可以修改（起草中为拟稿人，核稿时为核稿人，审核时为审核人，复核时为文电科）。正文、标题、主送、抄送、附件说明或附注有变动时形成新的一稿，记下修改人、时间和理由。"},
		"POST /api/v1/outgoing/{id}/actions": {body: tp[outgoingActionInput](), resp: tp[outgoingDetailJSON](),
			note: "按发文流程办理一步（送核稿、核稿、会签、退回、审核、签发、复核登记、核发、公开、归档、撤回、撤稿、撤销、废止等）：不是该环节的办理人返回 403，当前状态不允许返回 409，缺少内容或行文规则不通过返回 400（fields 指明字段），发文不变。登记时按机关代字和年度顺序取发文字号，不重号、不跳号，随即生成版式文件并签名。"},
		"POST /api/v1/outgoing/{id}/files": {upload: "file", uploadDoc: "附件（pdf、ofd、doc、docx、wps、xls、xlsx、et、txt、jpg、png、zip 等，以系统设置为准）",
			resp: tp[attachmentJSON](), status: http.StatusCreated,
			note: "当前可以修改文稿的人可以上传。类型、大小和内容须符合附件规定；有密级标志的拒绝。本系统为非涉密系统，严禁处理涉密信息。"},
		"GET /api/v1/outgoing/{id}/files/{file}": {download: true, resp: tp[attachmentJSON](),
			note: "返回附件内容（Content-Disposition: attachment）；请求头 Accept: application/json 时返回附件说明。无权查看发文的返回 404。"},
		"GET /api/v1/outgoing/{id}/rendition": {download: true, resp: tp[attachmentJSON](),
			note: "返回版式文件（application/pdf，GB/T 9704 版式），其 SM3 摘要与签发记录签名中的一致；请求头 Accept: application/json 时返回文件说明。尚未生成或无权查看的返回 404。"},
		"GET /api/v1/outgoing/{id}/rendition.sig": {resp: tp[docsign.Envelope](),
			note: "返回签发记录的 SM2 签名（与版式文件同名加 .sig）：发文字号、标题、发文机关、签发人、成文日期和版式文件的 SM3 摘要，由主办机关的 SM2 密钥签名。可用 zhongshu doc verify 离线核验。"},
	}
}

func apiOutgoingStatusCodes() []any {
	var out []any
	for _, st := range zhongshu.AllOutgoingStatuses() {
		out = append(out, string(st))
	}
	return out
}

// outgoingSchemaNames names the 发文 DTOs in OpenAPI.
func outgoingSchemaNames() map[reflect.Type]schemaDef {
	return map[reflect.Type]schemaDef{
		tp[outgoingDocJSON]():         {"OutgoingDocument", false},
		tp[outgoingPartyJSON]():       {"OutgoingParty", false},
		tp[outgoingCountersignJSON](): {"OutgoingCountersign", false},
		tp[outgoingReviewJSON]():      {"OutgoingReviewCheck", false},
		tp[outgoingSignatureJSON]():   {"OutgoingSignature", false},
		tp[outgoingRevocationJSON]():  {"OutgoingRevocation", false},
		tp[outgoingRowJSON]():         {"OutgoingRow", false},
		tp[outgoingListJSON]():        {"OutgoingList", false},
		tp[outgoingExportJSON]():      {"OutgoingExport", false},
		tp[outgoingSavedJSON]():       {"OutgoingSaved", false},
		tp[outgoingDetailJSON]():      {"OutgoingDetail", false},
		tp[outgoingVersionJSON]():     {"OutgoingVersion", false},
		tp[diffOpJSON]():              {"TextDiffOp", false},
		tp[outgoingEventJSON]():       {"OutgoingEvent", false},
		tp[outgoingDeliveryJSON]():    {"OutgoingDelivery", false},
		tp[findingJSON]():             {"OutgoingFinding", false},
		tp[outgoingRenditionJSON]():   {"OutgoingRendition", false},
		tp[outgoingInput]():           {"OutgoingInput", true},
		tp[outgoingUpdateInput]():     {"OutgoingUpdateInput", true},
		tp[outgoingPartyInput]():      {"OutgoingPartyInput", true},
		tp[outgoingActionInput]():     {"OutgoingActionInput", true},
		tp[outgoingCheckInput]():      {"OutgoingCheckInput", true},
		tp[outgoingSignerInput]():     {"OutgoingSignerInput", true},
		tp[docsign.Envelope]():        {"OutgoingSignedRecord", false},
		tp[docsign.Record]():          {"OutgoingSignedRecordBody", false},
		tp[docsign.Signer]():          {"OutgoingSignedRecordSigner", false},
	}
}
