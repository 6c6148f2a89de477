package zhongshu

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of the 发文 fields beyond those in outgoing.go, in characters.
const (
	MaxOutgoingAttachments = 50  // 附件说明 items
	MaxAttachmentName      = 100 // one attachment's name
	MaxRecipientName       = 100 // a 主送, 抄送 or 发文机关署名
	MaxOutgoingNote        = 200 // 附注
	MaxDisclosureReason    = 200 // why 依申请公开 or 不予公开
	MaxInternalMark        = 20
)

// Validate checks a draft before it is saved: it trims the texts, defaults
// the format and the direction from the 文种, takes trailing punctuation
// off recipients and attachment names, the numbers off attachment names and
// the brackets off the 附注, and returns what it corrected as warnings. Any
// 密级 other than 非密 is refused (§10.4). An empty body and 0 copies are
// allowed while drafting; issuers and units among the recipients are given
// by id and may leave the name to the unit's full name. The 行文规则 are
// CheckOutgoing's business, the route's fields the workflow's.
func (d *OutgoingDoc) Validate() (warnings []string, err error) {
	var p Problems
	d.Title = strings.TrimSpace(strings.NewReplacer("\r", "", "\n", "").Replace(d.Title))
	d.Body = cleanBody(d.Body)
	d.DisclosureReason = strings.TrimSpace(d.DisclosureReason)
	d.InternalMark = strings.TrimSpace(d.InternalMark)
	d.Series = strings.TrimSpace(d.Series)
	d.PrintingUnit = strings.TrimSpace(d.PrintingUnit)
	d.MeetingRef = strings.TrimSpace(d.MeetingRef)
	if d.Secrecy == "" {
		d.Secrecy = SecrecyNone
	}
	if d.Secrecy != SecrecyNone {
		return nil, &Error{Code: CodeInvalid, Message: ClassifiedMessage + "。本系统为非涉密系统，不得拟制涉密公文。",
			Fields: map[string]string{"secrecy": ClassifiedMessage}}
	}
	switch {
	case d.Kind == KindOther:
		p.Add("kind", "请选择法定文种；规定、办法等应作为通知的附件印发")
	case !d.Kind.Valid():
		p.Add("kind", "请选择文种")
	}
	if d.Format == "" && d.Kind.Valid() {
		d.Format = DefaultFormat(d.Kind)
	}
	if d.Format != "" && !d.Format.Valid() {
		p.Add("format", "版式不正确")
	}
	if d.Direction == "" && d.Kind.Valid() {
		d.Direction = DefaultDirection(d.Kind)
	}
	if d.Direction != "" && !d.Direction.Valid() {
		p.Add("direction", "行文方向不正确")
	}
	switch n := utf8.RuneCountInString(d.Title); {
	case n == 0:
		p.Add("title", "请填写标题")
	case n > MaxOutgoingTitle:
		p.Add("title", fmt.Sprintf("标题不能超过%d个字", MaxOutgoingTitle))
	}
	if utf8.RuneCountInString(d.Body) > MaxOutgoingBody {
		p.Add("body", fmt.Sprintf("正文不能超过%d个字", MaxOutgoingBody))
	}
	d.validateIssuers(&p)
	main := cleanRecipients(&d.MainTo, "main_to", "主送机关", &p, &warnings)
	cc := cleanRecipients(&d.CC, "cc", "抄送机关", &p, &warnings)
	for i, k := range cc {
		if slices.Contains(main, k) {
			p.Add("cc", fmt.Sprintf("“%s”已是主送机关，不能同时抄送", recipientLabel(d.CC[i], i)))
		}
	}
	switch {
	case d.Disclosure == "":
		p.Add("disclosure", "请选择公开属性")
	case !d.Disclosure.Valid():
		p.Add("disclosure", "公开属性不正确")
	case d.Disclosure != DisclosureActive && d.DisclosureReason == "":
		p.Add("disclosure_reason", "依申请公开、不予公开须说明理由")
	}
	if utf8.RuneCountInString(d.DisclosureReason) > MaxDisclosureReason {
		p.Add("disclosure_reason", fmt.Sprintf("理由不能超过%d个字", MaxDisclosureReason))
	}
	d.cleanAttachments(&p, &warnings)
	d.Note = strings.TrimSpace(d.Note)
	if inner, ok := enclosed(d.Note); ok {
		d.Note = strings.TrimSpace(inner)
		warnings = append(warnings, "附注的括号由系统排版时加上，已去掉")
	}
	if utf8.RuneCountInString(d.Note) > MaxOutgoingNote {
		p.Add("note", fmt.Sprintf("附注不能超过%d个字", MaxOutgoingNote))
	}
	if utf8.RuneCountInString(d.InternalMark) > MaxInternalMark {
		p.Add("internal_mark", fmt.Sprintf("内部标记不能超过%d个字", MaxInternalMark))
	}
	if d.Copies < 0 || d.Copies > MaxCopies {
		p.Add("copies", fmt.Sprintf("印制份数应为1至%d", MaxCopies))
	}
	if d.Urgency < UrgencyNormal || d.Urgency > UrgencyExtra {
		p.Add("urgency", "请选择紧急程度")
	}
	return warnings, p.Err()
}

// validateIssuers wants at least one issuer, each a unit on file, none twice.
func (d *OutgoingDoc) validateIssuers(p *Problems) {
	if len(d.Issuers) == 0 {
		p.Add("issuers", "请选择发文机关")
	}
	d.Issuers = slices.Clone(d.Issuers)
	seen := map[int64]bool{}
	for i := range d.Issuers {
		is := &d.Issuers[i]
		is.Name = strings.TrimSpace(is.Name)
		switch {
		case is.UnitID == 0 && is.Name == "":
			p.Add("issuers", fmt.Sprintf("第%d个发文机关未选择", i+1))
		case is.UnitID == 0:
			p.Add("issuers", fmt.Sprintf("发文机关“%s”须从单位中选择", is.Name))
		case seen[is.UnitID]:
			p.Add("issuers", fmt.Sprintf("第%d个发文机关重复", i+1))
		case utf8.RuneCountInString(is.Name) > MaxRecipientName:
			p.Add("issuers", fmt.Sprintf("发文机关署名不能超过%d个字", MaxRecipientName))
		}
		seen[is.UnitID] = true
	}
}

// cleanRecipients trims the names of a 主送 or 抄送 list (a copy of it) and
// takes trailing punctuation off them, and checks that each entry is a unit
// or has a name, that none is there twice and that the list is not too
// long. It returns a key per entry: the unit id, or the name.
func cleanRecipients(list *[]Recipient, field, label string, p *Problems, warnings *[]string) []string {
	rs := slices.Clone(*list)
	*list = rs
	if len(rs) > MaxRecipients {
		p.Add(field, fmt.Sprintf("%s不能超过%d个", label, MaxRecipients))
	}
	keys := make([]string, len(rs))
	for i := range rs {
		r := &rs[i]
		r.Name = strings.TrimSpace(r.Name)
		if t, cut := trimTail(r.Name); cut {
			*warnings = append(*warnings, fmt.Sprintf("已去掉%s“%s”末尾的标点", label, r.Name))
			r.Name = t
		}
		keys[i] = "name:" + r.Name
		if r.UnitID != 0 {
			keys[i] = fmt.Sprintf("unit:%d", r.UnitID)
		}
		switch {
		case r.UnitID == 0 && r.Name == "":
			p.Add(field, fmt.Sprintf("%s第%d项未填写名称", label, i+1))
		case utf8.RuneCountInString(r.Name) > MaxRecipientName:
			p.Add(field, fmt.Sprintf("%s第%d项的名称不能超过%d个字", label, i+1, MaxRecipientName))
		case slices.Contains(keys[:i], keys[i]):
			p.Add(field, fmt.Sprintf("%s“%s”重复", label, recipientLabel(*r, i)))
		}
	}
	return keys
}

// recipientLabel names the i-th recipient in a message.
func recipientLabel(r Recipient, i int) string {
	if r.Name != "" {
		return r.Name
	}
	return fmt.Sprintf("第%d项", i+1)
}

// cleanAttachments trims the attachment names (a copy of the list), takes
// trailing punctuation and typed numbers off them (§4.4 item 3) and checks
// their number and length.
func (d *OutgoingDoc) cleanAttachments(p *Problems, warnings *[]string) {
	d.AttachmentNames = slices.Clone(d.AttachmentNames)
	if len(d.AttachmentNames) > MaxOutgoingAttachments {
		p.Add("attachments", fmt.Sprintf("附件不能超过%d个", MaxOutgoingAttachments))
	}
	for i, n := range d.AttachmentNames {
		n = strings.TrimSpace(n)
		if t, cut := trimTail(n); cut {
			*warnings = append(*warnings, fmt.Sprintf("已去掉附件名称“%s”末尾的标点", n))
			n = t
		}
		if t := stripAttachmentNumber(n); t != n {
			*warnings = append(*warnings, fmt.Sprintf("已去掉附件名称“%s”前的序号，附件序号由系统编排", n))
			n = t
		}
		d.AttachmentNames[i] = n
		switch {
		case n == "":
			p.Add("attachments", fmt.Sprintf("第%d个附件未填写名称", i+1))
		case utf8.RuneCountInString(n) > MaxAttachmentName:
			p.Add("attachments", fmt.Sprintf("第%d个附件的名称不能超过%d个字", i+1, MaxAttachmentName))
		}
	}
}

// trimTail takes trailing punctuation and spaces off s and reports whether
// there was punctuation.
func trimTail(s string) (string, bool) {
	t := strings.TrimRightFunc(s, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(titleTail, r) })
	return t, t != s
}

// stripAttachmentNumber takes a typed "附件1：", "附件：", "1." or "（1）" off
// the start of an attachment name.
func stripAttachmentNumber(s string) string {
	if rest, ok := strings.CutPrefix(s, "附件"); ok {
		t := strings.TrimLeftFunc(rest, func(r rune) bool { return isDigitRune(r) || unicode.IsSpace(r) })
		t = strings.TrimPrefix(strings.TrimPrefix(t, "："), ":")
		if t != rest {
			s = strings.TrimSpace(t)
		}
	}
	if level, marker, _ := parseHeading(s); level >= 3 {
		s = strings.TrimSpace(s[len(marker):])
	}
	return s
}

// enclosed reports whether s is wrapped in one pair of round brackets, full-
// or half-width, and returns what is inside.
func enclosed(s string) (string, bool) {
	rs := []rune(s)
	isOpen := func(r rune) bool { return r == '（' || r == '(' }
	isClose := func(r rune) bool { return r == '）' || r == ')' }
	if len(rs) < 2 || !isOpen(rs[0]) || !isClose(rs[len(rs)-1]) {
		return "", false
	}
	depth := 0
	for i, r := range rs {
		switch {
		case isOpen(r):
			depth++
		case isClose(r):
			depth--
		}
		if depth == 0 && i < len(rs)-1 {
			return "", false
		}
	}
	return string(rs[1 : len(rs)-1]), depth == 0
}

// cleanBody turns "\r\n" into "\n", trims the end of each paragraph and
// drops blank lines at the start and the end, keeping the indentation.
func cleanBody(s string) string {
	lines := strings.Split(strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRightFunc(l, unicode.IsSpace)
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}
