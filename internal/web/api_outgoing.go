package web

// The JSON API of 发文: the 发文登记簿 and its export, drafting and saving a
// draft, one document with its versions, route and timeline, and the
// actions of the route. Attachments are in attachments_upload.go and
// files.go; the document of record (the PDF) and its signed 签发 record in
// pages_outgoing_doc.go, which page and API share.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/outgoing"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// ---------------------------------------------------------------------------
// The register.

// readAPIOutgoingFilter reads the register's query parameters.
func readAPIOutgoingFilter(q *queryParams) store.OutgoingFilter {
	var f store.OutgoingFilter
	f.Statuses = readStatuses[zhongshu.OutgoingStatus](q)
	if s := q.str("kind"); s != "" {
		if k, ok := zhongshu.ParseDocKind(s); ok {
			f.Kind = k
		} else {
			q.p.Add("kind", "文种不正确")
		}
	}
	if id := q.id("lead_unit"); id != nil {
		f.LeadUnit = *id
	}
	if id := q.id("drafter"); id != nil {
		f.DrafterID = *id
	}
	if b := q.flag("issued"); b != nil {
		f.Issued = *b
	}
	f.From = q.date("from")
	if to := q.date("to"); !to.IsZero() {
		f.To = to.AddDate(0, 0, 1) // to is inclusive
		if !f.From.IsZero() && f.To.Before(f.From) {
			q.p.Add("to", "截止日期不能早于起始日期")
		}
	}
	f.Text = q.str("q")
	return f
}

func (s *Server) handleAPIOutgoingList(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	pg := q.page()
	f := readAPIOutgoingFilter(q)
	if err := q.err(); err != nil {
		return err
	}
	l, err := s.app.FindOutgoingDocs(r.Context(), actor(r), f, pg)
	if err != nil {
		return err
	}
	out := outgoingListJSON{listJSON: listJSON[outgoingRowJSON]{Items: []outgoingRowJSON{}, Total: l.Total, Offset: pg.Offset, Limit: pg.Limit}, More: l.More}
	for _, d := range l.Docs {
		out.Items = append(out.Items, apiOutgoingRowOut(d, l.People, l.Units))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// outgoingExportJSON describes an export without its bytes.
type outgoingExportJSON struct {
	Rows     int    `json:"rows" doc:"导出的行数（至多 max 行）"`
	Max      int    `json:"max" doc:"一次导出的最多行数"`
	Filename string `json:"filename" doc:"文件名"`
}

// handleAPIOutgoingExport writes the register of the filter as .xlsx: what
// the caller may see.
func (s *Server) handleAPIOutgoingExport(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := readAPIOutgoingFilter(q)
	if err := q.err(); err != nil {
		return err
	}
	var buf bytes.Buffer
	n, err := s.app.ExportOutgoing(r.Context(), actor(r), f, &buf)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("发文登记簿-%s.xlsx", s.clock.Now().In(chinaTime).Format("20060102"))
	if wantsJSON(r) {
		writeJSON(w, http.StatusOK, outgoingExportJSON{Rows: n, Max: app.MaxOutgoingExport, Filename: name})
		return nil
	}
	w.Header().Set("Content-Type", incomingXLSXType)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	_, err = buf.WriteTo(w)
	return err
}

// ---------------------------------------------------------------------------
// Drafting.

// outgoingPartyInput is a 发文机关, or a 主送 or 抄送 addressee.
type outgoingPartyInput struct {
	UnitID *int64 `json:"unit_id" doc:"在册单位编号；主送、抄送可省略而只写统称（如 各乡镇人民政府）；发文机关必填"`
	Name   string `json:"name" doc:"署名或名称；省略时取该单位全称"`
}

// apiUrgencyInput is a 紧急程度 as a number or its Chinese name.
type apiUrgencyInput int

// apiBadUrgency marks a value that is neither.
const apiBadUrgency apiUrgencyInput = -1

// UnmarshalJSON takes 0, 1, 2 or 平件, 加急, 特急 (and their codes); anything
// else is marked bad for the reader to name.
func (u *apiUrgencyInput) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		s = string(b)
	}
	if s == "null" {
		*u = 0
		return nil
	}
	v, ok := zhongshu.ParseUrgency(s)
	if !ok {
		*u = apiBadUrgency
		return nil
	}
	*u = apiUrgencyInput(v)
	return nil
}

// outgoingInput is a draft as its drafter writes it.
type outgoingInput struct {
	Kind             string               `json:"kind" doc:"文种代码或中文名称（如 notice 或 通知）"`
	Format           string               `json:"format" doc:"版式：general 文件格式，letter 信函格式，order 命令格式，minutes 纪要格式；省略时按文种"`
	Direction        string               `json:"direction" doc:"行文方向：up 上行文，parallel 平行文，down 下行文；省略时按文种"`
	Issuers          []outgoingPartyInput `json:"issuers" api:"req" doc:"发文机关，第一个为主办机关（联合行文时列出全部）"`
	Series           string               `json:"series" doc:"机关代字，如 青政办发；省略时取主办机关的代字加 发（函、令、纪按文种）"`
	Title            string               `json:"title" api:"req" doc:"标题，以文种结尾，不超过200个字"`
	MainTo           []outgoingPartyInput `json:"main_to" doc:"主送机关"`
	CC               []outgoingPartyInput `json:"cc" doc:"抄送机关"`
	Body             string               `json:"body" doc:"正文，段落以换行分隔；层次序数 一、（一）1.（1）"`
	AttachmentNames  []string             `json:"attachment_names" doc:"附件说明（附件名称），按顺序"`
	Urgency          apiUrgencyInput      `json:"urgency" doc:"紧急程度：0 平件（默认），1 加急，2 特急；也可写 平件、加急、特急"`
	Disclosure       string               `json:"disclosure" doc:"公开属性：active 主动公开，on_request 依申请公开，not_disclosed 不予公开"`
	DisclosureReason string               `json:"disclosure_reason" doc:"依申请公开、不予公开的理由"`
	InternalMark     string               `json:"internal_mark" doc:"内部标记"`
	Note             string               `json:"note" doc:"附注，不含括号"`
	Copies           int                  `json:"copies" doc:"印制份数"`
	PrintingUnit     string               `json:"printing_unit" doc:"印发机关；省略时为主办机关"`
	NeedsMeeting     bool                 `json:"needs_meeting" doc:"是否为须经会议审议的重要公文"`
	UpperAgreed      bool                 `json:"upper_agreed" doc:"部门向上级请示、报告重大事项已经本级政府同意或授权"`
	Sealed           bool                 `json:"sealed" doc:"是否加盖印章"`
	ReplyToIncoming  *int64               `json:"reply_to_incoming" doc:"所答复的收文编号（如答复请示）"`
	Secrecy          string               `json:"secrecy" doc:"密级：none 非密（默认）。其他密级一律拒绝：涉密事项请通过机要渠道办理"`
}

// outgoingUpdateInput is a changed draft and why it was changed.
type outgoingUpdateInput struct {
	outgoingInput
	Reason string `json:"reason" doc:"修改理由，记入该稿（痕迹保留）；省略为“修改文稿”"`
}

// outgoingSavedJSON answers a create or a save.
type outgoingSavedJSON struct {
	Document outgoingDocJSON `json:"document" doc:"保存后的发文"`
	Warnings []string        `json:"warnings" doc:"已自动更正或需要核对的地方和行文规则的提示；以“须修改后才能送核稿：”开头的是阻止性问题，不改正时送核稿和登记会被拒绝"`
}

// apiOutgoingFieldNames maps the domain's field names to the API's.
var apiOutgoingFieldNames = map[string]string{"reply_to": "reply_to_incoming"}

// readAPIOutgoingInput turns the body into a draft, collecting the problems
// found at the edge. Any 密级 but 非密 is kept as classified, for the app
// to refuse (and record the refusal).
func readAPIOutgoingInput(in outgoingInput, p *zhongshu.Problems) *zhongshu.OutgoingDoc {
	d := &zhongshu.OutgoingDoc{Series: strings.TrimSpace(in.Series), Title: in.Title, Body: in.Body,
		AttachmentNames: in.AttachmentNames, DisclosureReason: in.DisclosureReason, InternalMark: in.InternalMark,
		Note: in.Note, Copies: in.Copies, PrintingUnit: strings.TrimSpace(in.PrintingUnit), NeedsMeeting: in.NeedsMeeting,
		UpperAgreed: in.UpperAgreed, Sealed: in.Sealed, ReplyToIncoming: deref(in.ReplyToIncoming)}
	if s := strings.TrimSpace(in.Kind); s != "" {
		if k, ok := zhongshu.ParseDocKind(s); ok {
			d.Kind = k
		} else {
			p.Add("kind", "文种不正确")
		}
	}
	if s := strings.TrimSpace(in.Format); s != "" {
		d.Format = zhongshu.DocFormat(s)
		for _, f := range []zhongshu.DocFormat{zhongshu.FormatGeneral, zhongshu.FormatLetter, zhongshu.FormatOrder, zhongshu.FormatMinutes} {
			if s == f.Label() {
				d.Format = f
			}
		}
		if !d.Format.Valid() {
			p.Add("format", "版式须为 general、letter、order 或 minutes")
		}
	}
	if s := strings.TrimSpace(in.Direction); s != "" {
		d.Direction = zhongshu.Direction(s)
		for _, dir := range zhongshu.AllDirections() {
			if s == dir.Label() {
				d.Direction = dir
			}
		}
		if !d.Direction.Valid() {
			p.Add("direction", "行文方向须为 up（上行文）、parallel（平行文）或 down（下行文）")
		}
	}
	for _, is := range in.Issuers {
		if is.UnitID == nil {
			p.Add("issuers", "请选择发文机关（unit_id）")
			continue
		}
		d.Issuers = append(d.Issuers, zhongshu.Issuer{UnitID: *is.UnitID, Name: strings.TrimSpace(is.Name)})
	}
	recipients := func(field string, list []outgoingPartyInput) []zhongshu.Recipient {
		var out []zhongshu.Recipient
		for _, r := range list {
			if r.UnitID == nil && strings.TrimSpace(r.Name) == "" {
				p.Add(field, "请选择单位或填写名称")
				continue
			}
			out = append(out, zhongshu.Recipient{UnitID: deref(r.UnitID), Name: strings.TrimSpace(r.Name)})
		}
		return out
	}
	d.MainTo, d.CC = recipients("main_to", in.MainTo), recipients("cc", in.CC)
	if in.Urgency == apiBadUrgency {
		p.Add("urgency", "紧急程度须为 平件、加急、特急，或 0、1、2")
	} else {
		d.Urgency = zhongshu.Urgency(in.Urgency)
	}
	if s := strings.TrimSpace(in.Disclosure); s != "" {
		var ok bool
		if d.Disclosure, ok = zhongshu.ParseDisclosure(s); !ok {
			p.Add("disclosure", "公开属性不正确")
		}
	}
	sec, ok := zhongshu.ParseSecrecy(in.Secrecy)
	if !ok {
		sec = zhongshu.SecrecySecret // anything but 非密 is refused
	}
	d.Secrecy = sec
	if in.Copies < 0 {
		p.Add("copies", "印制份数不能为负数")
	}
	return d
}

// validateAPIOutgoing checks a draft before the app sees it: the problems
// found reading the body and the domain's own, as one error naming the
// API's fields. A classified draft is left to the app whatever else is
// wrong with it: the app refuses it and records the refusal.
func validateAPIOutgoing(p zhongshu.Problems, d *zhongshu.OutgoingDoc) error {
	if d.Secrecy != zhongshu.SecrecyNone {
		return nil
	}
	c := *d // Validate corrects what it can; the app does that again and says so
	_, err := c.Validate()
	if len(p) > 0 {
		err = withProblems(p, func() error { return err })
	}
	return renameFields(err, apiOutgoingFieldNames)
}

func (s *Server) handleAPIOutgoingCreate(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	var in outgoingInput
	if _, err := decodeJSON(r, &in); err != nil {
		return err
	}
	var p zhongshu.Problems
	d := readAPIOutgoingInput(in, &p)
	if err := validateAPIOutgoing(p, d); err != nil {
		return err
	}
	doc, warnings, err := s.app.CreateOutgoing(r.Context(), a, d)
	if err != nil {
		return renameFields(err, apiOutgoingFieldNames)
	}
	det, err := s.app.FindOutgoingDoc(r.Context(), a, doc.ID)
	if err != nil {
		return err
	}
	out := outgoingSavedJSON{Document: apiOutgoingOut(det.Doc, det.People, det.Units), Warnings: apiOutgoingWarnings(warnings, det)}
	return created(w, fmt.Sprintf("/api/v1/outgoing/%d", doc.ID), out)
}

func (s *Server) handleAPIOutgoingUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	var in outgoingUpdateInput
	if _, err := decodeJSON(r, &in); err != nil {
		return err
	}
	// A document the caller may not see is not found, whatever the body says.
	if _, err := s.app.FindOutgoingDoc(r.Context(), a, id); err != nil {
		return err
	}
	var p zhongshu.Problems
	d := readAPIOutgoingInput(in.outgoingInput, &p)
	if err := validateAPIOutgoing(p, d); err != nil {
		return err
	}
	doc, warnings, err := s.app.SaveOutgoing(r.Context(), a, id, d, in.Reason)
	if err != nil {
		return renameFields(err, apiOutgoingFieldNames)
	}
	det, err := s.app.FindOutgoingDoc(r.Context(), a, doc.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, outgoingSavedJSON{Document: apiOutgoingOut(det.Doc, det.People, det.Units),
		Warnings: apiOutgoingWarnings(warnings, det)})
	return nil
}

// apiOutgoingWarnings are the app's warnings (corrections and the 行文规则 that do
// not block) and the findings that will refuse 送核稿 and 登记 until fixed:
// a draft is saved with them, and the drafter is told at once.
func apiOutgoingWarnings(warnings []string, det *app.OutgoingDetail) []string {
	out := append([]string{}, warnings...)
	for _, f := range det.Findings {
		if f.Blocking {
			out = append(out, "须修改后才能送核稿："+f.Message)
		}
	}
	return out
}

// ---------------------------------------------------------------------------
// One document and its route.

func (s *Server) handleAPIOutgoingItem(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.writeAPIOutgoingDetail(w, r, id)
}

// writeAPIOutgoingDetail answers with document id as the caller sees it now.
func (s *Server) writeAPIOutgoingDetail(w http.ResponseWriter, r *http.Request, id int64) error {
	d, err := s.app.FindOutgoingDoc(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiOutgoingDetailOut(d))
	return nil
}

// outgoingCheckInput is the verdict on one of the five points of 审核.
type outgoingCheckInput struct {
	OK      bool   `json:"ok" api:"req" doc:"是否通过"`
	Comment string `json:"comment" doc:"审核意见；不通过时说明问题"`
}

// outgoingSignerInput is a leader named for 签发.
type outgoingSignerInput struct {
	LeaderID int64  `json:"leader_id" api:"req" doc:"签发领导"`
	UnitID   *int64 `json:"unit_id" doc:"代表签发的发文机关；省略为主办机关"`
}

// outgoingActionInput is one step of the route.
type outgoingActionInput struct {
	Action        string                `json:"action" api:"req" doc:"操作代码，见发文详情的 allowed"`
	Text          string                `json:"text" doc:"意见、签发意见、退回理由、撤稿或撤销理由等；规则要求时必填"`
	To            *int64                `json:"to" doc:"下一环节的人：核稿人（submit，省略为本科室科长）、审核人（check，省略为办公室主任）、复核人（sign）"`
	Units         []int64               `json:"units" doc:"会签单位（check）"`
	Checks        []outgoingCheckInput  `json:"checks" doc:"审核五项（review），按顺序各一项"`
	Signers       []outgoingSignerInput `json:"signers" doc:"签发领导（review），联合行文时每个发文机关一位"`
	NeedsMeeting  bool                  `json:"needs_meeting" doc:"须提请会议审议（review）"`
	MeetingRef    string                `json:"meeting_ref" doc:"审议通过的会议（deliberate），如 县政府第12次常务会议"`
	Circled       bool                  `json:"circled" doc:"圈阅（sign），视为同意"`
	Copies        int                   `json:"copies" doc:"印制份数（register）；省略为文稿中的份数"`
	ArchiveNumber string                `json:"archive_number" doc:"归档号（archive）；省略时按发文字号生成"`
	DecidedBy     string                `json:"decided_by" doc:"决定机关（revoke、abolish）"`
	DecisionRef   string                `json:"decision_ref" doc:"决定文号（revoke、abolish）"`
	EffectiveAt   string                `json:"effective_at" doc:"废止之日 YYYY-MM-DD（abolish）"`
}

// readAPIOutgoingAction turns the body into an app request; lead is the
// document's 主办机关, the default unit of a signer.
func readAPIOutgoingAction(in outgoingActionInput, lead int64) (app.OutgoingRequest, error) {
	req := app.OutgoingRequest{Action: outgoing.Action(strings.TrimSpace(in.Action)), Text: in.Text, To: deref(in.To),
		Units: in.Units, NeedsMeeting: in.NeedsMeeting, MeetingRef: strings.TrimSpace(in.MeetingRef), Circled: in.Circled,
		Copies: in.Copies, ArchiveNumber: strings.TrimSpace(in.ArchiveNumber), DecidedBy: strings.TrimSpace(in.DecidedBy),
		DecisionRef: strings.TrimSpace(in.DecisionRef)}
	var p zhongshu.Problems
	switch {
	case req.Action == outgoing.Edit:
		p.Add("action", "修改文稿请用 PUT /api/v1/outgoing/{id}")
	case !req.Action.Valid():
		p.Add("action", "操作代码不正确")
	}
	if in.Copies < 0 {
		p.Add("copies", "印制份数不能为负数")
	}
	for _, c := range in.Checks {
		req.Checks = append(req.Checks, zhongshu.ReviewCheck{OK: c.OK, Comment: c.Comment})
	}
	for _, sg := range in.Signers {
		unit := lead
		if sg.UnitID != nil {
			unit = *sg.UnitID
		}
		req.Signers = append(req.Signers, zhongshu.Signature{LeaderID: sg.LeaderID, UnitID: unit})
	}
	if s := strings.TrimSpace(in.EffectiveAt); s != "" {
		t, err := time.ParseInLocation("2006-01-02", s, chinaTime)
		if err != nil {
			p.Add("effective_at", "须为日期，格式为 YYYY-MM-DD")
		}
		req.EffectiveAt = t
	}
	return req, p.Err()
}

func (s *Server) handleAPIOutgoingAct(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	var in outgoingActionInput
	if _, err := decodeJSON(r, &in); err != nil {
		return err
	}
	// A document the caller may not see is not found, whatever the body says.
	d, err := s.app.FindOutgoingDoc(r.Context(), a, id)
	if err != nil {
		return err
	}
	req, err := readAPIOutgoingAction(in, d.Doc.Lead())
	if err != nil {
		return err
	}
	if _, err := s.app.ActOnOutgoing(r.Context(), a, id, req); err != nil {
		return err
	}
	return s.writeAPIOutgoingDetail(w, r, id)
}
