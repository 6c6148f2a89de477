package web

// The 发文 document page: the text as it will print, the 行文规则 findings,
// who holds it (去向), 会签, 审核, 签发, the versions with their 修改痕迹,
// the deliveries and their 签收回执, the attachments and the timeline, and
// one form for each step the viewer may take; the POSTs that take the
// steps, and the downloads of the rendition (PDF and its signed .sig). The
// attachments are handled with those of 收文 (attachments_upload.go).

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/outgoing"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// outgoingPrimary ranks the forward steps: the first one allowed is the
// page's one obvious button; the rest are side steps.
var outgoingPrimary = []outgoing.Action{outgoing.Submit, outgoing.Check, outgoing.Countersign, outgoing.Review,
	outgoing.Deliberate, outgoing.Sign, outgoing.Register, outgoing.Produce, outgoing.Dispatch, outgoing.Publish,
	outgoing.Archive}

// outgoingPaper is the text as it will print (GB/T 9704, in outline).
type outgoingPaper struct {
	Number       string
	Signers      string // 签发人, printed on a 上行文
	Title        string
	MainTo       string
	Paras        []paperPara
	Attachments  []string
	Signature    []string // 发文机关署名
	Date         string   // 成文日期
	Note         string
	CC           string
	PrintingUnit string
	PrintingDate string
}

// paperPara is one paragraph of the 正文 with its heading level (0 plain).
type paperPara struct {
	Text  string
	Level int
}

// Rows of the document page.
type (
	ogCountersignRow struct {
		zhongshu.Countersign
		Unit, By string
	}
	ogReviewRow struct {
		Item string
		zhongshu.ReviewCheck
	}
	ogSignatureRow struct {
		zhongshu.Signature
		Leader, Unit, By string
	}
)

type outgoingDocPage struct {
	BasePage
	D            *app.OutgoingDetail
	Doc          *zhongshu.OutgoingDoc
	StatusClass  string
	Drafter      string
	DraftUnit    string
	Checker      string
	Reviewer     string
	Paper        outgoingPaper
	Findings     []zhongshu.Finding
	Holders      []holderRow
	Countersigns []ogCountersignRow
	Review       []ogReviewRow
	Signatures   []ogSignatureRow
	Versions     []app.OutgoingVersionView // newest first
	Unsigned     int                       // deliveries not yet signed for
	Attach       attachmentPanel
	Timeline     timeline
	Primary      *outgoingActionForm
	Secondary    []outgoingActionForm
	CanEdit      bool
	C            outgoingChoices
	Error        string
}

// outgoingEventLabels name the timeline entries that are not steps of the
// route.
var outgoingEventLabels = map[string]string{"create": "起草", "attach": "上传附件", "receipt": "签收回执"}

func (s *Server) outgoingDocPage(w http.ResponseWriter, r *http.Request, id int64) (*outgoingDocPage, error) {
	ctx, a := r.Context(), actor(r)
	d, err := s.app.FindOutgoingDoc(ctx, a, id)
	if err != nil {
		return nil, err
	}
	doc := d.Doc
	person := func(id int64) string { return d.People[id] }
	unit := func(id int64) string { return d.Units[id] }
	p := &outgoingDocPage{BasePage: s.base(w, r, outgoingTitle(doc)), D: d, Doc: doc, StatusClass: outgoingStatusClass(doc.Status),
		Drafter: person(doc.DrafterID), DraftUnit: unit(doc.DraftUnit), Checker: person(doc.CheckerID),
		Reviewer: person(doc.ReviewerID), Paper: paperOf(doc, d), CanEdit: slices.Contains(d.Allowed, outgoing.Edit),
		Holders: holderRows(d.Holders, person, s.clock.Now()), Timeline: timeline{ID: "outgoing-timeline"}}
	p.Attach = s.newAttachmentPanel("outgoing", id, d.Attachments, person, p.CanEdit)
	if doc.Status.Draft() || doc.Status == zhongshu.OutgoingRegistered || doc.Status == zhongshu.OutgoingProducing {
		p.Findings = d.Findings
	}
	for _, c := range doc.Countersigns {
		p.Countersigns = append(p.Countersigns, ogCountersignRow{Countersign: c, Unit: unit(c.UnitID), By: person(c.ByID)})
	}
	for i, item := range zhongshu.ReviewItems {
		if i < len(doc.Review) {
			p.Review = append(p.Review, ogReviewRow{Item: item, ReviewCheck: doc.Review[i]})
		}
	}
	for _, sg := range doc.Signatures {
		row := ogSignatureRow{Signature: sg, Leader: person(sg.LeaderID), By: person(sg.ByID), Unit: unit(sg.UnitID)}
		for _, is := range doc.Issuers {
			if is.UnitID == sg.UnitID {
				row.Unit = is.Name
			}
		}
		p.Signatures = append(p.Signatures, row)
	}
	for i := len(d.Versions) - 1; i >= 0; i-- {
		p.Versions = append(p.Versions, d.Versions[i])
	}
	for _, dl := range d.Deliveries {
		if dl.SignedAt.IsZero() {
			p.Unsigned++
		}
	}
	for _, e := range d.Events {
		label := outgoing.Action(e.Action).Label()
		if l, ok := outgoingEventLabels[e.Action]; ok {
			label = l
		}
		p.Timeline.Entries = append(p.Timeline.Entries, newTimelineEntry(e.At, e.ActorName, label,
			zhongshu.OutgoingStatus(e.FromStatus), zhongshu.OutgoingStatus(e.ToStatus), e.Text))
	}
	for _, act := range outgoingPrimary {
		if slices.Contains(d.Allowed, act) && (act != outgoing.Produce || doc.RenditionID == 0) {
			f := newOutgoingActionForm(act, doc)
			f.Primary = true
			p.Primary = &f
			break
		}
	}
	for _, act := range d.Allowed {
		if act != outgoing.Edit && (p.Primary == nil || act != p.Primary.Action) {
			p.Secondary = append(p.Secondary, newOutgoingActionForm(act, doc))
		}
	}
	if err := s.fillOutgoingChoices(ctx, a, p); err != nil {
		return nil, err
	}
	for _, f := range p.forms() {
		f.C = &p.C
		f.defaults(doc, &p.C)
	}
	return p, nil
}

// forms are the page's action forms, the primary one first.
func (p *outgoingDocPage) forms() []*outgoingActionForm {
	return actionForms(p.Primary, p.Secondary)
}

// fillOutgoingChoices loads the people and units the shown forms choose
// from.
func (s *Server) fillOutgoingChoices(ctx context.Context, a *zhongshu.Actor, p *outgoingDocPage) error {
	var need outgoingActionForm
	for _, f := range p.forms() {
		need.Checker, need.Reviewer = need.Checker || f.Checker, need.Reviewer || f.Reviewer
		need.Checks, need.Circle = need.Checks || f.Checks, need.Circle || f.Circle
	}
	p.C.ReviewItems = zhongshu.ReviewItems
	active := zhongshu.UserActive
	people := func(f zhongshu.UserFilter) ([]*zhongshu.User, error) {
		f.Status = &active
		users, _, err := s.app.FindUsers(ctx, a, f)
		return slices.DeleteFunc(users, func(u *zhongshu.User) bool {
			return slices.ContainsFunc(u.Roles, zhongshu.Role.IsAdmin)
		}), err
	}
	byRole := func(roles ...zhongshu.Role) ([]*zhongshu.User, error) {
		var out []*zhongshu.User
		for _, role := range roles {
			users, err := people(zhongshu.UserFilter{Role: &role})
			if err != nil {
				return nil, err
			}
			out = append(out, users...)
		}
		return out, nil
	}
	var err error
	if need.Checker {
		unit := p.Doc.DraftUnit
		users, err := people(zhongshu.UserFilter{UnitID: &unit})
		if err != nil {
			return err
		}
		users = slices.DeleteFunc(users, func(u *zhongshu.User) bool { return u.ID == p.Doc.DrafterID })
		slices.SortStableFunc(users, func(x, y *zhongshu.User) int {
			return boolRank(y.HasRole(zhongshu.RoleSectionChief)) - boolRank(x.HasRole(zhongshu.RoleSectionChief))
		})
		p.C.Checkers = users
	}
	if need.Reviewer {
		if p.C.Reviewers, err = byRole(zhongshu.RoleOfficeDirector, zhongshu.RoleOfficeDeputy); err != nil {
			return err
		}
		_, flat, err := s.app.UnitTree(ctx, a)
		if err != nil {
			return err
		}
		p.C.Units = slices.DeleteFunc(flat, func(u *app.UnitNode) bool {
			return u.IsExternal || !u.Active || u.ID == p.Doc.DraftUnit || u.Type == zhongshu.UnitHigherOrgan
		})
	}
	if need.Checks {
		leaders, err := s.instructionLeaders(ctx, a)
		if err != nil {
			return err
		}
		units, _, err := s.app.FindUnits(ctx, a, zhongshu.UnitFilter{})
		if err != nil {
			return err
		}
		for _, is := range p.Doc.Issuers {
			sl := signerSlot{UnitID: is.UnitID, Unit: is.Name, Leaders: slices.Clone(leaders)}
			var u *zhongshu.Unit
			for _, x := range units {
				if x.ID == is.UnitID {
					u = x
				}
			}
			if u != nil && u.Type != zhongshu.UnitCountyGov && u.Type != zhongshu.UnitGovOffice {
				// A department or town signs through its own head.
				id := u.ID
				members, err := people(zhongshu.UserFilter{UnitID: &id})
				if err != nil {
					return err
				}
				for _, m := range members {
					if t := m.PrimaryPost().Title; sl.Default == 0 && (strings.HasSuffix(t, "长") || strings.HasSuffix(t, "主任")) {
						sl.Default = m.ID
					}
				}
				sl.Leaders = append(members, sl.Leaders...)
			}
			for _, l := range sl.Leaders {
				if sl.Default == 0 && l.HasRole(zhongshu.RoleCountyHead) {
					sl.Default = l.ID
				}
			}
			p.C.Slots = append(p.C.Slots, sl)
		}
	}
	if need.Circle {
		if p.C.Registrars, err = byRole(zhongshu.RoleRegistrar); err != nil {
			return err
		}
	}
	return nil
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// paperOf lays the document out as it will print.
func paperOf(doc *zhongshu.OutgoingDoc, d *app.OutgoingDetail) outgoingPaper {
	pp := outgoingPaper{Number: doc.Number, Title: doc.Title, Attachments: doc.AttachmentNames,
		Date: chineseDate(doc.WrittenAt), PrintingUnit: doc.PrintingUnit, PrintingDate: chineseDate(doc.PrintedAt)}
	if pp.PrintingDate == "" {
		pp.PrintingDate = chineseDate(doc.RegisteredAt)
	}
	if doc.Direction == zhongshu.DirectionUp {
		var names []string
		for _, sg := range doc.Signatures {
			names = append(names, d.People[sg.LeaderID])
		}
		pp.Signers = strings.Join(names, "　")
	}
	if len(doc.MainTo) > 0 {
		pp.MainTo = recipientNames(doc.MainTo, d.Units) + "："
	}
	if len(doc.CC) > 0 {
		pp.CC = recipientNames(doc.CC, d.Units) + "。"
	}
	for _, line := range strings.Split(doc.Body, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			pp.Paras = append(pp.Paras, paperPara{Text: line, Level: zhongshu.ParagraphLevel(line)})
		}
	}
	for _, is := range doc.Issuers {
		n := is.Name
		if n == "" {
			n = d.Units[is.UnitID]
		}
		pp.Signature = append(pp.Signature, n)
	}
	pp.Note = doc.Note
	if doc.Disclosure == zhongshu.DisclosureActive && !strings.Contains(pp.Note, "公开发布") {
		pp.Note = strings.TrimLeft(pp.Note+"；此件公开发布", "；")
	}
	return pp
}

func (s *Server) handleOutgoingDoc(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.outgoingDocPage(w, r, id)
	if err != nil {
		return err
	}
	return s.pages.render(w, http.StatusOK, "outgoing_doc", "layout", p)
}

func (s *Server) handleOutgoingAct(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return zhongshu.Errorf(zhongshu.CodeInvalid, "表单内容有误。")
	}
	ctx, a := r.Context(), actor(r)
	det, err := s.app.FindOutgoingDoc(ctx, a, id)
	if err != nil {
		return err
	}
	req, val, probs := readOutgoingAction(r, det.Doc)
	var done *zhongshu.OutgoingDoc
	if err = probs.Err(); err == nil {
		done, err = s.app.ActOnOutgoing(ctx, a, id, req)
	}
	if err != nil && req.Action == outgoing.Register {
		// 登记 commits the number first and then makes the rendition: when
		// only the rendition failed, say so on the page that offers to
		// make it again.
		if cur, ferr := s.app.FindOutgoingDoc(ctx, a, id); ferr == nil && cur.Doc.Number != "" && det.Doc.Number == "" {
			why := zhongshu.ErrorMessage(err)
			if zhongshu.ErrorCode(err) == zhongshu.CodeInternal {
				s.log.ErrorContext(ctx, "produce outgoing rendition", "doc", id, "err", err)
			}
			setFlash(w, clipFlash(fmt.Sprintf("已登记编号 %s，但版式文件未能生成：%s请处理后点“生成版式文件”。", cur.Doc.Number, why)), true)
			return redirect(w, r, app.OutgoingURL(id), "")
		}
	}
	if err != nil {
		switch zhongshu.ErrorCode(err) {
		case zhongshu.CodePrecondition, zhongshu.CodeForbidden, zhongshu.CodeInvalid, zhongshu.CodeConflict:
		default:
			return err
		}
		p, perr := s.outgoingDocPage(w, r, id)
		if perr != nil {
			return perr
		}
		p.Error = zhongshu.ErrorMessage(err)
		p.refused(req.Action, val, zhongshu.ErrorFields(err))
		return s.pages.render(w, statusOf(zhongshu.ErrorCode(err)), "outgoing_doc", "layout", p)
	}
	msg := req.Action.Label() + "已完成。"
	switch req.Action {
	case outgoing.Register:
		msg = fmt.Sprintf("已登记编号 %s，并生成版式文件。", done.Number)
	case outgoing.Produce:
		msg = "已重新生成版式文件。"
	case outgoing.Dispatch:
		msg = "已核发，公文已分送各收文单位，签收情况见“分发与签收回执”。"
	}
	return redirect(w, r, app.OutgoingURL(id), msg)
}

// refused keeps what was typed into the refused action's form, with its
// field messages, and opens it.
func (p *outgoingDocPage) refused(act outgoing.Action, val outgoingActionValues, fields map[string]string) {
	if fields == nil {
		fields = map[string]string{}
	}
	for _, f := range p.forms() {
		if f.Action == act {
			f.V, f.Fields, f.Open = val, fields, true
		}
	}
}

// handleOutgoingRendition downloads the document of record (the PDF), or
// describes it when the caller asks for JSON (the API's route is this one
// too).
func (s *Server) handleOutgoingRendition(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	att, rc, _, err := s.app.OpenOutgoingRendition(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	defer rc.Close()
	if wantsJSON(r) {
		out := attachmentOut("outgoing", id, att)
		out.URL = fmt.Sprintf("/api/v1/outgoing/%d/rendition", id)
		writeJSON(w, http.StatusOK, out)
		return nil
	}
	sendAttachment(w, r, att, att.Name, "application/pdf", rc)
	return nil
}

// handleOutgoingRenditionSig downloads the signed 签发 record beside the
// PDF (<file>.pdf.sig), which `zhongshu doc verify` checks (page and API).
func (s *Server) handleOutgoingRenditionSig(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	att, env, err := s.app.OutgoingSignature(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(env)) == 0 {
		return zhongshu.Errorf(zhongshu.CodeNotFound, "该公文的签名文件不存在，请重新生成版式文件。")
	}
	sendFile(w, r, att.Name+".sig", "application/json", att.UploadedAt, bytes.NewReader(env))
	return nil
}

// handleOutgoingPublicKey downloads the issuing unit's registered SM2
// public key, for `zhongshu doc verify --pubkey`.
func (s *Server) handleOutgoingPublicKey(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	pem, unit, err := s.app.OutgoingIssuerKey(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	sendFile(w, r, unit+"-发文签名公钥.pem", "application/x-pem-file", time.Time{}, strings.NewReader(pem))
	return nil
}
