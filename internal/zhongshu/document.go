package zhongshu

import "strings"

// The enumerations every 公文 carries (DOMAIN.md §2.1, §3.1), shared by 收文
// and 发文.

// DocKind is a 文种 of 第八条 (DOMAIN.md §3.1).
type DocKind string

// The fifteen 文种.
const (
	KindResolution   DocKind = "resolution"    // 决议
	KindDecision     DocKind = "decision"      // 决定
	KindOrder        DocKind = "order"         // 命令(令)
	KindCommunique   DocKind = "communique"    // 公报
	KindAnnouncement DocKind = "announcement"  // 公告
	KindNoticePublic DocKind = "notice_public" // 通告
	KindOpinion      DocKind = "opinion"       // 意见
	KindNotice       DocKind = "notice"        // 通知
	KindBulletin     DocKind = "bulletin"      // 通报
	KindReport       DocKind = "report"        // 报告
	KindRequest      DocKind = "request"       // 请示
	KindReply        DocKind = "reply"         // 批复
	KindMotion       DocKind = "motion"        // 议案
	KindLetter       DocKind = "letter"        // 函
	KindMinutes      DocKind = "minutes"       // 纪要
	// KindOther is for incoming papers that are not 公文 of the 条例 (简报,
	// 来信, 电报 …); a 收文 may carry it, a 发文 may not.
	KindOther DocKind = "other" // 其他
)

var docKindOrder = []DocKind{KindNotice, KindRequest, KindReport, KindLetter, KindOpinion, KindReply,
	KindDecision, KindBulletin, KindMinutes, KindAnnouncement, KindNoticePublic, KindResolution, KindCommunique,
	KindOrder, KindMotion, KindOther}

var docKindLabels = map[DocKind]string{
	KindResolution: "决议", KindDecision: "决定", KindOrder: "命令", KindCommunique: "公报", KindAnnouncement: "公告",
	KindNoticePublic: "通告", KindOpinion: "意见", KindNotice: "通知", KindBulletin: "通报", KindReport: "报告",
	KindRequest: "请示", KindReply: "批复", KindMotion: "议案", KindLetter: "函", KindMinutes: "纪要", KindOther: "其他",
}

// AllDocKinds returns every 文种, the most common first.
func AllDocKinds() []DocKind { return append([]DocKind(nil), docKindOrder...) }

// Label is the 文种's Chinese name.
func (k DocKind) Label() string {
	if l, ok := docKindLabels[k]; ok {
		return l
	}
	return string(k)
}

// Valid reports whether k is known.
func (k DocKind) Valid() bool { _, ok := docKindLabels[k]; return ok }

// ParseDocKind accepts a code or a Chinese name ("令" and "会议纪要" too).
func ParseDocKind(s string) (DocKind, bool) {
	s = strings.TrimSpace(s)
	if DocKind(s).Valid() {
		return DocKind(s), true
	}
	switch s {
	case "令":
		return KindOrder, true
	case "会议纪要":
		return KindMinutes, true
	}
	for k, l := range docKindLabels {
		if l == s {
			return k, true
		}
	}
	return "", false
}

// KindFromTitle guesses the 文种 from the end of a title (标题 = 发文机关 +
// 事由 + 文种, §4.4): "关于……的通知" → 通知. It returns "" when no 文种 ends
// the title.
func KindFromTitle(title string) DocKind {
	title = strings.TrimRight(strings.TrimSpace(title), "。")
	best, bestLen := DocKind(""), 0
	for k, l := range docKindLabels {
		if k != KindOther && strings.HasSuffix(title, l) && len(l) > bestLen {
			best, bestLen = k, len(l)
		}
	}
	if strings.HasSuffix(title, "会议纪要") {
		return KindMinutes
	}
	return best
}

// Secrecy is a 密级 (§2.1). Only SecrecyNone may carry content here (§10.4).
type Secrecy string

// 密级.
const (
	SecrecyNone         Secrecy = "none"         // 非密
	SecrecySecret       Secrecy = "secret"       // 秘密
	SecrecyConfidential Secrecy = "confidential" // 机密
	SecrecyTopSecret    Secrecy = "top_secret"   // 绝密
)

// Label is the 密级's Chinese name.
func (s Secrecy) Label() string {
	switch s {
	case SecrecyNone:
		return "非密"
	case SecrecySecret:
		return "秘密"
	case SecrecyConfidential:
		return "机密"
	case SecrecyTopSecret:
		return "绝密"
	}
	return string(s)
}

// ParseSecrecy accepts a code or a Chinese name; "" and "无" are 非密.
func ParseSecrecy(s string) (Secrecy, bool) {
	s = strings.TrimSpace(s)
	switch s {
	case "", "无", "非密", "none":
		return SecrecyNone, true
	case "秘密", "secret":
		return SecrecySecret, true
	case "机密", "confidential":
		return SecrecyConfidential, true
	case "绝密", "top_secret":
		return SecrecyTopSecret, true
	}
	return "", false
}

// ClassifiedMessage is what anyone trying to enter a 涉密 document is told
// (§10.4).
const ClassifiedMessage = "涉密事项请通过机要渠道办理"

// NonClassifiedWarning is shown beside every upload (§10.4).
const NonClassifiedWarning = "本系统为非涉密系统，严禁处理涉密信息"

// ParseUrgency accepts a Chinese 紧急程度 or a code: 特急 (and 特提), 加急
// (and the older 急件, 平急 of 电报), 平件 or "".
func ParseUrgency(s string) (Urgency, bool) {
	switch strings.TrimSpace(s) {
	case "", "平件", "无", "normal", "0":
		return UrgencyNormal, true
	case "加急", "急件", "急", "平急", "urgent", "1":
		return UrgencyUrgent, true
	case "特急", "特提", "extra", "2":
		return UrgencyExtra, true
	}
	return 0, false
}

// Disclosure is a 公开属性 (§3.8).
type Disclosure string

// 公开属性. Those other than 主动公开 need a reason.
const (
	DisclosureActive       Disclosure = "active"        // 主动公开
	DisclosureOnRequest    Disclosure = "on_request"    // 依申请公开
	DisclosureNotDisclosed Disclosure = "not_disclosed" // 不予公开
)

// AllDisclosures returns the three attributes in display order.
func AllDisclosures() []Disclosure {
	return []Disclosure{DisclosureActive, DisclosureOnRequest, DisclosureNotDisclosed}
}

// Label is the attribute's Chinese name.
func (d Disclosure) Label() string {
	switch d {
	case DisclosureActive:
		return "主动公开"
	case DisclosureOnRequest:
		return "依申请公开"
	case DisclosureNotDisclosed:
		return "不予公开"
	}
	return string(d)
}

// Valid reports whether d is known.
func (d Disclosure) Valid() bool {
	return d == DisclosureActive || d == DisclosureOnRequest || d == DisclosureNotDisclosed
}

// ParseDisclosure accepts a code or a Chinese name.
func ParseDisclosure(s string) (Disclosure, bool) {
	s = strings.TrimSpace(s)
	for _, d := range AllDisclosures() {
		if s == string(d) || s == d.Label() {
			return d, true
		}
	}
	return "", false
}
