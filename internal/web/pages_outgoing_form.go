package web

// The drafting page of a 发文, new and edit: the 文种 sets the usual 行文方向
// and 版式 (outgoing.js, from the options' data), the 发文机关 and its 机关代字,
// the 标题, 主送 and 抄送 as units on file or a 统称, the 正文 with its
// heading levels, 附件说明, 公开属性 and the rest of the record. 密级 is not a
// choice: this system holds only 非密 documents (DOMAIN.md §10.4).

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/outgoing"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// outgoingForm is the drafting form as typed.
type outgoingForm struct {
	Kind, Direction, Format string
	Lead                    int64
	CoIssuers               []int64
	Series                  string
	Title                   string
	MainTo                  []int64
	MainToText              string // 统称, e.g. 各乡镇人民政府，县政府各部门
	CC                      []int64
	CCText                  string
	Body                    string
	Attachments             string // 附件说明, one name a line
	Urgency                 string // 0 平件, 1 加急, 2 特急
	Disclosure              string
	DisclosureReason        string
	Note                    string
	Copies                  string
	NeedsMeeting            bool
	UpperAgreed             bool
	Sealed                  bool
	Reason                  string // 修改说明 (edit)
}

// IsMainTo reports whether unit id was chosen as 主送.
func (f outgoingForm) IsMainTo(id int64) bool { return slices.Contains(f.MainTo, id) }

// IsCC reports whether unit id was chosen as 抄送.
func (f outgoingForm) IsCC(id int64) bool { return slices.Contains(f.CC, id) }

// IsCo reports whether unit id was chosen as a 联署机关.
func (f outgoingForm) IsCo(id int64) bool { return slices.Contains(f.CoIssuers, id) }

// BodyChars is the length of the 正文 in characters, line breaks not
// counted (outgoing.js counts the same way as it is typed).
func (f outgoingForm) BodyChars() int {
	return utf8.RuneCountInString(strings.NewReplacer("\n", "", "\r", "").Replace(f.Body))
}

// NeedsReason reports whether the 公开属性 needs a written reason (§3.8).
func (f outgoingForm) NeedsReason() bool {
	d := zhongshu.Disclosure(f.Disclosure)
	return d == zhongshu.DisclosureOnRequest || d == zhongshu.DisclosureNotDisclosed
}

// kindOption is a 文种 with the defaults outgoing.js applies when it is
// chosen: 行文方向, 版式, whether it is sealed, and the 机关代字 suffixes in
// the order app.SeriesOptions gives them.
type kindOption struct {
	Kind      zhongshu.DocKind
	Direction zhongshu.Direction
	Format    zhongshu.DocFormat
	Sealed    bool
	Suffixes  string
}

// issuerOption is a unit that may issue the document, with its 机关代字.
type issuerOption struct {
	ID   int64
	Name string
	Code string
}

// recipientGroup is one unit type's units among the 主送 and 抄送 choices.
type recipientGroup struct {
	Label              string
	Units              []*zhongshu.Unit
	MainCount, CCCount int // units of the group chosen
}

type outgoingFormPage struct {
	BasePage
	F           outgoingForm
	Doc         *zhongshu.OutgoingDoc // the draft being changed; nil for a new one
	Action      string
	Kinds       []kindOption
	Directions  []zhongshu.Direction
	Formats     []zhongshu.DocFormat
	Leads       []issuerOption
	CoUnits     []issuerOption
	Series      []string
	Groups      []recipientGroup
	Disclosures []zhongshu.Disclosure
	Findings    []zhongshu.Finding
	Warning     string
	Error       string
	Fields      map[string]string
	MaxBody     int
}

// formats are the 版式 in display order.
var formats = []zhongshu.DocFormat{zhongshu.FormatGeneral, zhongshu.FormatLetter, zhongshu.FormatOrder, zhongshu.FormatMinutes}

// recipientTypes are the unit types offered as 主送 and 抄送, in order (the
// office's own sections are not addressed).
var recipientTypes = []zhongshu.UnitType{zhongshu.UnitHigherOrgan, zhongshu.UnitCountyGov, zhongshu.UnitGovOffice,
	zhongshu.UnitPeerOffice, zhongshu.UnitDepartment, zhongshu.UnitTown, zhongshu.UnitOther}

func kindOptions() []kindOption {
	var out []kindOption
	for _, k := range outgoingKinds() {
		var suffixes []string
		for _, s := range app.SeriesOptions(&zhongshu.Unit{DocCode: "码"}, k) {
			suffixes = append(suffixes, strings.TrimPrefix(s, "码"))
		}
		out = append(out, kindOption{Kind: k, Direction: zhongshu.DefaultDirection(k), Format: zhongshu.DefaultFormat(k),
			Sealed: k != zhongshu.KindMinutes, Suffixes: strings.Join(suffixes, ",")})
	}
	return out
}

// outgoingFormPage builds the page around form f: the issuers the actor
// may choose (the units of the actor's posts or above them that have a
// 机关代字, the office and the county government), the 联署 units, the
// recipients grouped by type, and the 机关代字 of the chosen 主办机关.
func (s *Server) outgoingFormPage(w http.ResponseWriter, r *http.Request, f outgoingForm, doc *zhongshu.OutgoingDoc) (*outgoingFormPage, error) {
	a := actor(r)
	title, action := "起草公文", "/outgoing/new"
	if doc != nil {
		title, action = "修改文稿 "+outgoingTitle(doc), app.OutgoingURL(doc.ID)+"/edit"
	}
	p := &outgoingFormPage{BasePage: s.base(w, r, title), F: f, Doc: doc, Action: action, Kinds: kindOptions(),
		Directions: zhongshu.AllDirections(), Formats: formats, Disclosures: zhongshu.AllDisclosures(),
		Warning: zhongshu.NonClassifiedWarning, Fields: map[string]string{}, MaxBody: zhongshu.MaxOutgoingBody}
	units, _, err := s.app.FindUnits(r.Context(), a, zhongshu.UnitFilter{})
	if err != nil {
		return nil, err
	}
	byID := map[int64]*zhongshu.Unit{}
	for _, u := range units {
		byID[u.ID] = u
	}
	issuing := func(u *zhongshu.Unit) bool { return u != nil && u.DocCode != "" && u.Active && !u.IsExternal }
	addLead := func(u *zhongshu.Unit) {
		if issuing(u) && !slices.ContainsFunc(p.Leads, func(o issuerOption) bool { return o.ID == u.ID }) {
			p.Leads = append(p.Leads, issuerOption{ID: u.ID, Name: u.FullName, Code: u.DocCode})
		}
	}
	posts := slices.Clone(a.User.Posts)
	slices.SortStableFunc(posts, func(x, y zhongshu.Post) int {
		if x.Primary == y.Primary {
			return 0
		} else if x.Primary {
			return -1
		}
		return 1
	})
	for _, po := range posts { // the nearest unit with a 机关代字 at or above each post
		u := byID[po.UnitID]
		for depth := 0; u != nil && depth < 10 && !issuing(u); depth++ {
			u = byID[u.ParentID]
		}
		addLead(u)
	}
	for _, t := range []zhongshu.UnitType{zhongshu.UnitGovOffice, zhongshu.UnitCountyGov} {
		for _, u := range units {
			if u.Type == t {
				addLead(u)
			}
		}
	}
	addLead(byID[f.Lead])
	for _, u := range units {
		if issuing(u) {
			p.CoUnits = append(p.CoUnits, issuerOption{ID: u.ID, Name: u.FullName, Code: u.DocCode})
		}
	}
	for _, t := range recipientTypes {
		g := recipientGroup{Label: t.Label()}
		for _, u := range units {
			if u.Type == t && u.Active {
				g.Units = append(g.Units, u)
				if f.IsMainTo(u.ID) {
					g.MainCount++
				}
				if f.IsCC(u.ID) {
					g.CCCount++
				}
			}
		}
		if len(g.Units) > 0 {
			p.Groups = append(p.Groups, g)
		}
	}
	if k, ok := zhongshu.ParseDocKind(f.Kind); ok {
		p.Series = app.SeriesOptions(byID[f.Lead], k)
	}
	if f.Series != "" && !slices.Contains(p.Series, f.Series) {
		p.Series = append([]string{f.Series}, p.Series...)
	}
	return p, nil
}

// newOutgoingForm is an empty draft: a 通知 of the first issuer offered,
// 平件, 主动公开, sealed.
func newOutgoingForm(p *outgoingFormPage) {
	k := zhongshu.KindNotice
	f := outgoingForm{Kind: string(k), Direction: string(zhongshu.DefaultDirection(k)), Format: string(zhongshu.DefaultFormat(k)),
		Urgency: "0", Disclosure: string(zhongshu.DisclosureActive), Sealed: true}
	if len(p.Leads) > 0 {
		f.Lead = p.Leads[0].ID
		f.Series = p.Leads[0].Code + "发"
		p.Series = app.SeriesOptions(&zhongshu.Unit{DocCode: p.Leads[0].Code}, k)
	}
	p.F = f
}

// outgoingFormOf is the form showing a saved draft.
func outgoingFormOf(d *zhongshu.OutgoingDoc) outgoingForm {
	f := outgoingForm{Kind: string(d.Kind), Direction: string(d.Direction), Format: string(d.Format), Lead: d.Lead(),
		Series: d.Series, Title: d.Title, Body: d.Body, Attachments: strings.Join(d.AttachmentNames, "\n"),
		Urgency: strconv.Itoa(int(d.Urgency)), Disclosure: string(d.Disclosure), DisclosureReason: d.DisclosureReason,
		Note: d.Note, NeedsMeeting: d.NeedsMeeting, UpperAgreed: d.UpperAgreed, Sealed: d.Sealed}
	for _, is := range d.Issuers[min(1, len(d.Issuers)):] {
		f.CoIssuers = append(f.CoIssuers, is.UnitID)
	}
	split := func(rs []zhongshu.Recipient) (ids []int64, text string) {
		var names []string
		for _, r := range rs {
			if r.UnitID != 0 {
				ids = append(ids, r.UnitID)
			} else {
				names = append(names, r.Name)
			}
		}
		return ids, strings.Join(names, "，")
	}
	f.MainTo, f.MainToText = split(d.MainTo)
	f.CC, f.CCText = split(d.CC)
	if d.Copies > 0 {
		f.Copies = strconv.Itoa(d.Copies)
	}
	return f
}

// splitNames splits a 统称 field into names at "，", "," and line breaks.
func splitNames(s string) []string {
	var out []string
	for _, n := range strings.FieldsFunc(s, func(r rune) bool { return r == '，' || r == ',' || r == '\n' || r == '\r' }) {
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// recipientsOf makes the 主送 or 抄送 list of the chosen units and the typed
// 统称. What was there before keeps its place, so that saving an unchanged
// draft does not change its printed text; new names follow, the 统称 first.
func recipientsOf(ids []int64, text string, before []zhongshu.Recipient) []zhongshu.Recipient {
	names := splitNames(text)
	usedName, usedID := map[string]bool{}, map[int64]bool{}
	var out []zhongshu.Recipient
	for _, r := range before {
		switch {
		case r.UnitID == 0 && slices.Contains(names, r.Name) && !usedName[r.Name]:
			usedName[r.Name] = true
		case r.UnitID != 0 && slices.Contains(ids, r.UnitID) && !usedID[r.UnitID]:
			usedID[r.UnitID] = true
		default:
			continue
		}
		out = append(out, r)
	}
	for _, n := range names {
		if !usedName[n] {
			usedName[n] = true
			out = append(out, zhongshu.Recipient{Name: n})
		}
	}
	for _, id := range ids {
		if !usedID[id] {
			usedID[id] = true
			out = append(out, zhongshu.Recipient{UnitID: id})
		}
	}
	return out
}

// readOutgoingForm reads the posted form into the typed form and the draft
// (a copy of before when one is changed, so that what the form does not
// show stays), with the problems found at the edge.
func readOutgoingForm(r *http.Request, before *zhongshu.OutgoingDoc) (outgoingForm, *zhongshu.OutgoingDoc, zhongshu.Problems) {
	var probs zhongshu.Problems
	v := r.PostFormValue
	ids := func(name, msg string) []int64 {
		var out []int64
		for _, x := range r.PostForm[name] {
			if id, ok := formID(x); !ok {
				probs.Add(name, msg)
			} else if id != 0 && !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
		return out
	}
	f := outgoingForm{Kind: v("kind"), Direction: v("direction"), Format: v("format"), Series: strings.TrimSpace(v("series")),
		Title: v("title"), MainTo: ids("main_to", "主送机关选择不正确"), MainToText: v("main_to_text"),
		CC: ids("cc", "抄送机关选择不正确"), CCText: v("cc_text"), Body: strings.ReplaceAll(v("body"), "\r\n", "\n"),
		Attachments: strings.ReplaceAll(v("attachments"), "\r\n", "\n"), Urgency: v("urgency"), Disclosure: v("disclosure"),
		DisclosureReason: v("disclosure_reason"), Note: v("note"), Copies: strings.TrimSpace(v("copies")),
		NeedsMeeting: v("needs_meeting") == "1", UpperAgreed: v("upper_agreed") == "1", Sealed: v("sealed") == "1",
		Reason: v("reason"), CoIssuers: ids("co_issuers", "联署机关选择不正确")}
	d := &zhongshu.OutgoingDoc{}
	if before != nil {
		*d = *before
	}
	var ok bool
	if d.Kind, ok = zhongshu.ParseDocKind(f.Kind); !ok || d.Kind == zhongshu.KindOther {
		probs.Add("kind", "请选择文种")
	}
	if d.Direction = zhongshu.Direction(f.Direction); !d.Direction.Valid() {
		d.Direction = zhongshu.DefaultDirection(d.Kind)
	}
	if d.Format = zhongshu.DocFormat(f.Format); !d.Format.Valid() {
		d.Format = zhongshu.DefaultFormat(d.Kind)
	}
	if f.Lead, ok = formID(v("lead")); !ok || f.Lead == 0 {
		probs.Add("issuers", "请选择发文机关")
	}
	keep := map[int64]string{} // 署名 as saved
	if before != nil {
		for _, is := range before.Issuers {
			keep[is.UnitID] = is.Name
		}
	}
	d.Issuers = []zhongshu.Issuer{{UnitID: f.Lead, Name: keep[f.Lead]}}
	for _, id := range f.CoIssuers {
		if id != f.Lead {
			d.Issuers = append(d.Issuers, zhongshu.Issuer{UnitID: id, Name: keep[id]})
		}
	}
	d.Series, d.Title, d.Body = f.Series, f.Title, f.Body
	var mainBefore, ccBefore []zhongshu.Recipient
	if before != nil {
		mainBefore, ccBefore = before.MainTo, before.CC
	}
	d.MainTo = recipientsOf(f.MainTo, f.MainToText, mainBefore)
	d.CC = recipientsOf(f.CC, f.CCText, ccBefore)
	d.AttachmentNames = nil
	for _, line := range strings.Split(f.Attachments, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			d.AttachmentNames = append(d.AttachmentNames, line)
		}
	}
	if d.Urgency, ok = zhongshu.ParseUrgency(f.Urgency); !ok {
		probs.Add("urgency", "请选择紧急程度")
	}
	if d.Disclosure, ok = zhongshu.ParseDisclosure(f.Disclosure); !ok {
		probs.Add("disclosure", "请选择公开属性")
	}
	d.DisclosureReason = f.DisclosureReason
	d.Note = f.Note
	d.Copies = 0
	if f.Copies != "" {
		n, err := strconv.Atoi(f.Copies)
		if err != nil || n < 0 {
			probs.Add("copies", "印制份数须为整数")
		}
		d.Copies = n
	}
	d.NeedsMeeting, d.UpperAgreed, d.Sealed = f.NeedsMeeting, f.UpperAgreed, f.Sealed
	// There is no 密级 on the form; a 密级 posted anyway goes to the app,
	// which refuses it and records the attempt.
	d.Secrecy = zhongshu.SecrecyNone
	if s := strings.TrimSpace(v("secrecy")); s != "" {
		if sec, ok := zhongshu.ParseSecrecy(s); ok {
			d.Secrecy = sec
		}
	}
	return f, d, probs
}

// outgoingFieldNames maps the domain's field names onto the form's.
var outgoingFieldNames = map[string]string{"attachment_names": "attachments", "lead": "issuers", "meeting_ref": "needs_meeting"}

func outgoingFormFields(fields map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range fields {
		if n, ok := outgoingFieldNames[k]; ok {
			k = n
		}
		if out[k] != "" {
			out[k] += "；" + v
		} else {
			out[k] = v
		}
	}
	return out
}

func (s *Server) handleOutgoingNew(w http.ResponseWriter, r *http.Request) error {
	p, err := s.outgoingFormPage(w, r, outgoingForm{}, nil)
	if err != nil {
		return err
	}
	newOutgoingForm(p)
	return s.pages.render(w, http.StatusOK, "outgoing_form", "layout", p)
}

func (s *Server) handleOutgoingCreate(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return zhongshu.Errorf(zhongshu.CodeInvalid, "表单内容有误。")
	}
	a := actor(r)
	f, d, probs := readOutgoingForm(r, nil)
	var created *zhongshu.OutgoingDoc
	var warnings []string
	err := withProblems(probs, func() error { _, err := d.Validate(); return err })
	if err == nil {
		created, warnings, err = s.app.CreateOutgoing(r.Context(), a, d)
	}
	if err != nil {
		return s.refusedOutgoingForm(w, r, f, nil, nil, err)
	}
	msg := fmt.Sprintf("已保存草稿：%s（第%d稿）。", created.Title, created.Version)
	return redirect(w, r, app.OutgoingURL(created.ID), clipFlash(msg+warningText(warnings)))
}

// refusedOutgoingForm shows the form again with what was typed and the
// field messages of err, or returns err when it is not about the input.
func (s *Server) refusedOutgoingForm(w http.ResponseWriter, r *http.Request, f outgoingForm, doc *zhongshu.OutgoingDoc, findings []zhongshu.Finding, err error) error {
	msg, fields, ok := formErrors(err)
	if !ok {
		return err
	}
	p, perr := s.outgoingFormPage(w, r, f, doc)
	if perr != nil {
		return perr
	}
	p.Error, p.Fields, p.Findings = msg, outgoingFormFields(fields), findings
	return s.pages.render(w, http.StatusBadRequest, "outgoing_form", "layout", p)
}

// warningText is the 行文规则 warnings of a save as a flash sentence.
func warningText(warnings []string) string {
	if len(warnings) == 0 {
		return ""
	}
	return "请注意：" + strings.Join(warnings, "；") + "。"
}

// editableOutgoing loads draft id for its edit page: not found for those
// who may not see it, forbidden for those who may see it but not change it
// now.
func (s *Server) editableOutgoing(ctx context.Context, a *zhongshu.Actor, id int64) (*app.OutgoingDetail, error) {
	d, err := s.app.FindOutgoingDoc(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(d.Allowed, outgoing.Edit) {
		return nil, zhongshu.Errorf(zhongshu.CodeForbidden, "文稿由当前环节的经办人修改；该发文当前为“%s”。", d.Doc.Status.Label())
	}
	return d, nil
}

func (s *Server) handleOutgoingEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.editableOutgoing(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	p, err := s.outgoingFormPage(w, r, outgoingFormOf(d.Doc), d.Doc)
	if err != nil {
		return err
	}
	p.Findings = d.Findings
	return s.pages.render(w, http.StatusOK, "outgoing_form", "layout", p)
}

func (s *Server) handleOutgoingSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return zhongshu.Errorf(zhongshu.CodeInvalid, "表单内容有误。")
	}
	a := actor(r)
	det, err := s.editableOutgoing(r.Context(), a, id)
	if err != nil {
		return err
	}
	before := det.Doc
	f, d, probs := readOutgoingForm(r, before)
	var saved *zhongshu.OutgoingDoc
	var warnings []string
	err = withProblems(probs, func() error { _, err := d.Validate(); return err })
	if err == nil {
		saved, warnings, err = s.app.SaveOutgoing(r.Context(), a, id, d, f.Reason)
	}
	if err != nil {
		return s.refusedOutgoingForm(w, r, f, before, det.Findings, err)
	}
	msg := "已保存，文稿未改动。"
	if saved.Version > before.Version {
		msg = fmt.Sprintf("已保存修改，形成第%d稿。", saved.Version)
	}
	return redirect(w, r, app.OutgoingURL(id), clipFlash(msg+warningText(warnings)))
}
