package zhongshu

import (
	"fmt"
	"slices"
	"strings"
)

// Finding is one result of the 行文规则 and text checks on a 发文 (DOMAIN.md
// §3.3, §4.4).
type Finding struct {
	Rule     string // the rule's id, e.g. "request_single_main_to"
	Field    string // the field it concerns, a key of OutgoingDoc.Validate's fields
	Message  string // in Chinese, naming the unit or paragraph
	Blocking bool   // the document may not be submitted or registered until it is fixed
}

// RuleEnv is what CheckOutgoing needs to know beyond the document.
type RuleEnv struct {
	// Unit looks up a unit on file; nil when none is known.
	Unit func(id int64) (Unit, bool)
	// RestrictedSenders are the units that may not send documents straight
	// to the county government (议事协调机构、部门管理机构、企事业单位, §3.3).
	RestrictedSenders []int64
	// CountyGovID is the 县人民政府; 0 when unknown.
	CountyGovID int64
}

// CheckOutgoing runs the 行文规则 of §3.3 and the text checks of §4.4 that
// apply to a draft, in a fixed order: 密级标志, 标题, 文种 and 版式, 主送,
// 上行文 and the county's routing rules, 请示 and 报告 wording, 签发 and 印章,
// 附件, 公开属性, then the body's 结构层次. It expects a validated document
// (Validate trims and defaults it) but does not rely on it. Rule ids:
//
//	secrecy_mark, title_punct, title_kind, body_required, request_single_main_to,
//	recipient_punct, upward_cc_subordinate, skip_level, restricted_sender,
//	signer_required, minutes_seal, attachment_punct   (blocking)
//	title_stacked, title_issuer, title_guanyu, format_kind, direction_kind,
//	reply_link, resolution_meeting, motion_issuer, upward_single_main_to,
//	main_to_required, main_to_person, direction_main_to, upper_agreed,
//	dual_leadership, department_directive, forward_request, one_matter,
//	report_request, attachment_number, disclosure_internal, disclosure_upward,
//	heading_skip, heading_sequence, heading_dunhao, heading_bracket,
//	heading_punct                                      (warnings)
func CheckOutgoing(d *OutgoingDoc, env RuleEnv) []Finding {
	c := &ruleCheck{d: d, env: env}
	c.secrecyMarks()
	c.title()
	c.kindShape()
	c.mainTo()
	c.upward()
	c.routing()
	c.requestText()
	c.signing()
	c.attachments()
	c.disclosure()
	c.fs = append(c.fs, checkHeadings(d.Body)...)
	return c.fs
}

// BlockingFindings returns nil when no finding blocks, otherwise an invalid
// *Error listing the blocking messages, with each message also under its
// field (several joined by "；").
func BlockingFindings(fs []Finding) error {
	var msgs []string
	fields := map[string]string{}
	for _, f := range fs {
		if !f.Blocking {
			continue
		}
		msgs = append(msgs, f.Message)
		if fields[f.Field] != "" {
			fields[f.Field] += "；"
		}
		fields[f.Field] += f.Message
	}
	if len(msgs) == 0 {
		return nil
	}
	return &Error{Code: CodeInvalid, Message: "公文不符合行文规则，请修改后重试：" + strings.Join(msgs, "；") + "。", Fields: fields}
}

type ruleCheck struct {
	d   *OutgoingDoc
	env RuleEnv
	fs  []Finding
}

func (c *ruleCheck) add(blocking bool, rule, field, msg string) {
	c.fs = append(c.fs, Finding{Rule: rule, Field: field, Message: msg, Blocking: blocking})
}

func (c *ruleCheck) warn(rule, field, msg string)  { c.add(false, rule, field, msg) }
func (c *ruleCheck) block(rule, field, msg string) { c.add(true, rule, field, msg) }

func (c *ruleCheck) unit(id int64) (Unit, bool) {
	if id == 0 || c.env.Unit == nil {
		return Unit{}, false
	}
	return c.env.Unit(id)
}

// lead is the 主办机关 when it is on file.
func (c *ruleCheck) lead() (Unit, bool) { return c.unit(c.d.Lead()) }

// issuerIs reports whether any issuer on file has one of types.
func (c *ruleCheck) issuerIs(types ...UnitType) bool {
	for _, is := range c.d.Issuers {
		if u, ok := c.unit(is.UnitID); ok && slices.Contains(types, u.Type) {
			return true
		}
	}
	return false
}

// name is how a recipient is shown in messages.
func (c *ruleCheck) name(r Recipient) string {
	if r.Name != "" {
		return r.Name
	}
	if u, ok := c.unit(r.UnitID); ok {
		return u.FullName
	}
	return fmt.Sprintf("单位%d", r.UnitID)
}

func (c *ruleCheck) issuerName(is Issuer) string { return c.name(Recipient(is)) }

// is reports whether r is the unit id, by id or by its full or short name.
func (c *ruleCheck) is(r Recipient, id int64) bool {
	if id == 0 {
		return false
	}
	if r.UnitID == id {
		return true
	}
	u, ok := c.unit(id)
	return ok && r.UnitID == 0 && (r.Name == u.FullName || u.ShortName != "" && r.Name == u.ShortName)
}

// countyListed reports whether the county government, or a government office
// acting for it, is among the 主送 or 抄送.
func (c *ruleCheck) countyListed() bool {
	for _, r := range slices.Concat(c.d.MainTo, c.d.CC) {
		if u, ok := c.unit(r.UnitID); c.is(r, c.env.CountyGovID) || ok && u.Type == UnitGovOffice {
			return true
		}
	}
	return false
}

func (c *ruleCheck) countyName() string {
	if u, ok := c.unit(c.env.CountyGovID); ok {
		return u.FullName
	}
	return "县人民政府"
}

// subordinate reports whether r is a unit below an issuer: its parent is an
// issuer, or it is a town or a department (on file, or named in a 统称) while
// the county government or its office issues.
func (c *ruleCheck) subordinate(r Recipient) bool {
	gov := c.issuerIs(UnitCountyGov, UnitGovOffice)
	if u, ok := c.unit(r.UnitID); ok {
		for _, is := range c.d.Issuers {
			if is.UnitID != 0 && u.ParentID == is.UnitID {
				return true
			}
		}
		return gov && (u.Type == UnitTown || u.Type == UnitDepartment)
	}
	return gov && (townName(r.Name) || strings.Contains(r.Name, "各部门") || strings.Contains(r.Name, "县直各"))
}

// town reports whether r is a 乡镇人民政府 or 街道办事处.
func (c *ruleCheck) town(r Recipient) bool {
	if u, ok := c.unit(r.UnitID); ok {
		return u.Type == UnitTown
	}
	return townName(r.Name)
}

func townName(s string) bool {
	return strings.Contains(s, "乡镇") || strings.Contains(s, "镇人民政府") || strings.Contains(s, "乡人民政府") ||
		strings.Contains(s, "街道")
}

// higher returns the first 主送 that is a 上级机关 on file.
func (c *ruleCheck) higher() (Unit, bool) {
	for _, r := range c.d.MainTo {
		if u, ok := c.unit(r.UnitID); ok && u.Type == UnitHigherOrgan {
			return u, true
		}
	}
	return Unit{}, false
}

// secrecyMarkers are the 密级 marks that betray a 涉密 text (§10.4 item 3).
var secrecyMarkers = []string{"绝密★", "机密★", "秘密★"}

func (c *ruleCheck) secrecyMarks() {
	for _, f := range []struct{ field, label, text string }{{"title", "标题", c.d.Title}, {"body", "正文", c.d.Body},
		{"attachments", "附件名称", strings.Join(c.d.AttachmentNames, "\n")}} {
		for _, m := range secrecyMarkers {
			if strings.Contains(f.text, m) {
				c.block("secrecy_mark", f.field, fmt.Sprintf("%s含有密级标志“%s”：%s，本系统不得处理涉密公文", f.label, m, ClassifiedMessage))
				break
			}
		}
	}
}

// upKinds are the 文种 that only go up; downOnly those that only go down.
var (
	upKinds  = []DocKind{KindReport, KindRequest, KindMotion}
	downOnly = []DocKind{KindResolution, KindDecision, KindOrder, KindReply}
)

// kindShape checks the format and direction against the 文种, the body and
// the links some 文种 need (§3.1, §4.5).
func (c *ruleCheck) kindShape() {
	d := c.d
	if !d.Kind.Valid() || d.Kind == KindOther {
		return
	}
	label := d.Kind.Label()
	if d.Format.Valid() && ((d.Kind == KindOrder) != (d.Format == FormatOrder) ||
		(d.Kind == KindMinutes) != (d.Format == FormatMinutes)) {
		c.warn("format_kind", "format", fmt.Sprintf("版式“%s”与文种“%s”不符", d.Format.Label(), label))
	}
	if d.Direction.Valid() {
		var want string
		switch {
		case slices.Contains(upKinds, d.Kind) && d.Direction != DirectionUp:
			want = "上行文"
		case slices.Contains(downOnly, d.Kind) && d.Direction != DirectionDown:
			want = "下行文"
		case d.Kind == KindLetter && d.Direction != DirectionParallel:
			want = "平行文"
		case d.Kind != KindOpinion && !slices.Contains(upKinds, d.Kind) && d.Direction == DirectionUp:
			want = "下行文或平行文"
		}
		if want != "" {
			c.warn("direction_kind", "direction", fmt.Sprintf("“%s”一般为%s，请核对行文方向", label, want))
		}
	}
	if strings.TrimSpace(d.Body) == "" {
		c.block("body_required", "body", "请填写正文")
	}
	switch {
	case d.Kind == KindReply && d.ReplyToIncoming == 0:
		c.warn("reply_link", "reply_to", "批复应关联所答复的请示")
	case d.Kind == KindResolution && d.MeetingRef == "":
		c.warn("resolution_meeting", "meeting_ref", "决议应注明通过该决议的会议")
	case d.Kind == KindMotion:
		if u, ok := c.lead(); ok && u.Type != UnitCountyGov && u.Type != UnitTown {
			c.warn("motion_issuer", "issuers", "议案由人民政府按照法律程序向同级人大或其常委会提请审议，"+u.FullName+"不能提出议案")
		}
	}
}

// mainToExpected are the 文种 that are addressed to someone (§4.5).
var mainToExpected = []DocKind{KindNotice, KindReport, KindLetter, KindReply, KindMotion}

// unitWords mark a name of two or three characters as a unit's.
var unitWords = []string{"局", "委", "办", "府", "镇", "乡", "院", "会", "所", "中心", "公司", "厅", "部", "联", "协", "社",
	"队", "站", "署", "处", "科", "室", "组", "团", "校", "馆", "行", "司", "街", "村", "区", "县", "市", "省", "各"}

// personTitles end a 主送 that names a person rather than an organ.
var personTitles = []string{"县长", "市长", "省长", "书记", "主任", "局长", "部长", "同志", "领导"}

// looksLikePerson reports whether a 主送 given as text names a person: a
// leader's title, or two or three Chinese characters without a unit word.
func looksLikePerson(name string) bool {
	if slices.ContainsFunc(personTitles, func(t string) bool { return strings.HasSuffix(name, t) }) {
		return true
	}
	n := len([]rune(name))
	return n >= 2 && n <= 3 && allHan(name) &&
		!slices.ContainsFunc(unitWords, func(w string) bool { return strings.Contains(name, w) })
}

func (c *ruleCheck) mainTo() {
	d := c.d
	names := make([]string, len(d.MainTo))
	for i, r := range d.MainTo {
		names[i] = c.name(r)
	}
	switch n := len(d.MainTo); {
	case d.Kind == KindRequest && n == 0:
		c.block("request_single_main_to", "main_to", "请示应当主送一个上级机关")
	case d.Kind == KindRequest && n > 1:
		c.block("request_single_main_to", "main_to", fmt.Sprintf("请示只能主送一个上级机关，现主送%d个：%s", n, strings.Join(names, "、")))
	case d.Direction == DirectionUp && n > 1:
		c.warn("upward_single_main_to", "main_to", fmt.Sprintf("上行文原则上主送一个上级机关，现主送%d个：%s", n, strings.Join(names, "、")))
	case n == 0 && slices.Contains(mainToExpected, d.Kind):
		c.warn("main_to_required", "main_to", "请填写主送机关")
	}
	for i, r := range d.MainTo {
		u, ok := c.unit(r.UnitID)
		switch {
		case !ok && looksLikePerson(r.Name):
			c.warn("main_to_person", "main_to", fmt.Sprintf("主送“%s”像是个人：除领导直接交办外，不得以本机关名义向上级机关负责人个人报送公文", names[i]))
		case ok && d.Direction == DirectionDown && u.Type == UnitHigherOrgan:
			c.warn("direction_main_to", "main_to", fmt.Sprintf("下行文不应主送上级机关“%s”，请核对行文方向", names[i]))
		case d.Direction == DirectionUp && c.subordinate(r):
			c.warn("direction_main_to", "main_to", fmt.Sprintf("上行文不应主送下级机关“%s”，请核对行文方向", names[i]))
		}
	}
	for _, l := range []struct {
		field, label string
		rs           []Recipient
	}{{"main_to", "主送机关", d.MainTo}, {"cc", "抄送机关", d.CC}} {
		for _, r := range l.rs {
			if strings.TrimRight(r.Name, titleTail) != r.Name {
				c.block("recipient_punct", l.field, fmt.Sprintf("%s“%s”末尾不加标点，“：”和“。”由系统排版时加上", l.label, r.Name))
			}
		}
	}
}

// upward checks a 上行文's 抄送 and the department and town rules for
// writing to 上级机关 (§3.3 rows 1, 2, 6 and 7).
func (c *ruleCheck) upward() {
	d := c.d
	if d.Direction != DirectionUp {
		return
	}
	for _, r := range d.CC {
		if c.subordinate(r) {
			c.block("upward_cc_subordinate", "cc", fmt.Sprintf("上行文不得抄送下级机关：“%s”", c.name(r)))
		}
	}
	lead, ok := c.lead()
	higher, up := c.higher()
	if !ok || !up || lead.Type != UnitDepartment && lead.Type != UnitTown {
		return
	}
	if lead.Type == UnitDepartment && (d.Kind == KindRequest || d.Kind == KindReport) && !d.UpperAgreed {
		c.warn("upper_agreed", "upper_agreed", fmt.Sprintf("部门向上级主管部门请示、报告重大事项，应当经本级政府同意或者授权；如已同意请勾选（%s→%s）",
			lead.FullName, higher.FullName))
	}
	if c.env.CountyGovID == 0 || c.countyListed() {
		return
	}
	if lead.Type == UnitTown || strings.Contains(higher.FullName, "人民政府") {
		c.block("skip_level", "cc", fmt.Sprintf("%s越过%s向%s行文，越级行文仅限特殊情况，并应抄送被越过的机关%s",
			lead.FullName, c.countyName(), higher.FullName, c.countyName()))
		return
	}
	c.warn("dual_leadership", "cc", fmt.Sprintf("受双重领导的机关向一个上级机关行文，必要时抄送另一个上级机关（%s）", c.countyName()))
}

// routing checks the county's sender whitelist and departments' directives
// to towns (§3.3 rows 8 and 9).
func (c *ruleCheck) routing() {
	d := c.d
	for _, is := range d.Issuers {
		if is.UnitID == 0 || !slices.Contains(c.env.RestrictedSenders, is.UnitID) {
			continue
		}
		for _, l := range []struct {
			field string
			rs    []Recipient
		}{{"main_to", d.MainTo}, {"cc", d.CC}} {
			if slices.ContainsFunc(l.rs, func(r Recipient) bool { return c.is(r, c.env.CountyGovID) }) {
				c.block("restricted_sender", l.field, fmt.Sprintf("%s不得直接向%s报送公文，请通过主管部门行文",
					c.issuerName(is), c.countyName()))
				break
			}
		}
	}
	lead, ok := c.lead()
	if !ok || lead.Type != UnitDepartment || c.issuerIs(UnitCountyGov, UnitGovOffice) ||
		d.Kind != KindDecision && d.Kind != KindOrder && d.Direction != DirectionDown {
		return
	}
	var towns []string
	for _, r := range d.MainTo {
		if c.town(r) {
			towns = append(towns, c.name(r))
		}
	}
	if len(towns) > 0 {
		c.warn("department_directive", "main_to", fmt.Sprintf("部门不得向下级人民政府发布指令性公文（%s→%s）；确需行文的，可报请县政府或县政府办公室发文，或改用函",
			lead.FullName, strings.Join(towns, "、")))
	}
}

// requestPhrases ask the reader for a decision: a 请示 makes one such
// request, a 报告 none (§3.3 row 4).
var requestPhrases = []string{"妥否", "请批示", "请审批", "请批复"}

func (c *ruleCheck) requestText() {
	d := c.d
	paras := bodyParagraphs(d.Body)
	var asks []string
	for i, p := range paras {
		for _, ph := range requestPhrases {
			if strings.Contains(p, ph) {
				asks = append(asks, fmt.Sprintf("第%d段“%s”", i+1, ph))
				break
			}
		}
	}
	switch d.Kind {
	case KindRequest:
		if i := slices.IndexFunc(paras, func(p string) bool { return strings.Contains(p, "转报") }); strings.Contains(d.Title, "转报") || i >= 0 {
			field := "title"
			if !strings.Contains(d.Title, "转报") {
				field = "body"
			}
			c.warn("forward_request", field, "下级请示需转报上级机关的，应当提出倾向性意见，不得原文转报")
		}
		if len(asks) > 1 {
			c.warn("one_matter", "body", fmt.Sprintf("请示应当一文一事：%s都提出了请示事项，请确认只请示一件事", strings.Join(asks, "、")))
		}
	case KindReport:
		if len(asks) > 0 {
			c.warn("report_request", "body", fmt.Sprintf("报告中不得夹带请示事项：%s", strings.Join(asks, "、")))
		}
	}
}

// signing checks 签发人 and 印章 (§4.4 items 5 and 6).
func (c *ruleCheck) signing() {
	d := c.d
	if d.Direction == DirectionUp && slices.Index(outgoingStatusOrder, d.Status) > slices.Index(outgoingStatusOrder, OutgoingSigning) &&
		d.Status != OutgoingWithdrawn && !slices.ContainsFunc(d.Signatures, Signature.Done) {
		c.block("signer_required", "signatures", "上行文应当标注签发人，该文尚无领导签发")
	}
	if d.Kind == KindMinutes && d.Sealed {
		c.block("minutes_seal", "sealed", "纪要不加盖印章")
	}
}

func (c *ruleCheck) attachments() {
	for _, n := range c.d.AttachmentNames {
		switch {
		case strings.TrimRight(n, titleTail) != n:
			c.block("attachment_punct", "attachments", fmt.Sprintf("附件名称“%s”末尾不加标点符号", n))
		case stripAttachmentNumber(n) != n:
			c.warn("attachment_number", "attachments", fmt.Sprintf("附件名称“%s”前不加序号，附件序号由系统编排", n))
		}
	}
}

// disclosure checks the 公开属性 against the document (§3.8, §10.4 item 5).
func (c *ruleCheck) disclosure() {
	d := c.d
	if d.Disclosure != DisclosureActive {
		return
	}
	if d.InternalMark != "" {
		c.warn("disclosure_internal", "disclosure", fmt.Sprintf("主动公开的公文不应标注内部标记“%s”，请核对公开属性", d.InternalMark))
	}
	if d.Direction == DirectionUp && (d.Kind == KindRequest || d.Kind == KindReport) {
		c.warn("disclosure_upward", "disclosure", "上报的请示、报告一般不予公开，请核对公开属性")
	}
}
