package zhongshu

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Heading is a 结构层次序数 at the start of a body paragraph (GB/T 9704-2012
// 7.3.3, DOMAIN.md §4.4 item 7): level 1 "一、", level 2 "（一）", level 3
// "1." and level 4 "（1）".
type Heading struct {
	Level  int    // 1 to 4
	Marker string // the 序数 as typed, e.g. "（一）", "(一)", "1．" or "1、"
	Text   string // the rest of the paragraph, spaces trimmed
	Para   int    // the paragraph's number from 1; blank paragraphs are not counted
}

// BodyHeadings lists the headings of a body whose paragraphs are separated
// by "\n". A paragraph is a heading when, leading spaces (full-width ones
// too) ignored, it starts with a 序数 from 1 to 99: a Chinese numeral and
// "、" (level 1); a Chinese numeral in round brackets, full- or half-width
// (level 2); Arabic digits and "." or "．" (level 3; "1、" is taken as level
// 3 too and the rules warn about it); digits in round brackets (level 4). A
// digit right after the point ("1.5亿元") makes a plain paragraph.
func BodyHeadings(body string) []Heading {
	var hs []Heading
	for i, p := range bodyParagraphs(body) {
		if level, marker, _ := parseHeading(p); level > 0 {
			hs = append(hs, Heading{Level: level, Marker: marker, Text: strings.TrimSpace(p[len(marker):]), Para: i + 1})
		}
	}
	return hs
}

// ParagraphLevel is the heading level of one paragraph as BodyHeadings
// sees it, 0 for a plain paragraph. The renderer sets level 1 in 黑体,
// level 2 in 楷体 and the others in 仿宋.
func ParagraphLevel(p string) int {
	level, _, _ := parseHeading(strings.TrimSpace(p))
	return level
}

// bodyParagraphs splits a body into its non-blank paragraphs, trimmed.
func bodyParagraphs(body string) []string {
	var ps []string
	for _, p := range strings.Split(body, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			ps = append(ps, p)
		}
	}
	return ps
}

var hanDigitValues = map[rune]int{'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

// parseHeading reads the 序数 at the start of a trimmed paragraph: its level
// (0 when there is none), the marker as typed and its number.
func parseHeading(p string) (level int, marker string, num int) {
	if n, k := hanNumber(p); n > 0 {
		if strings.HasPrefix(p[k:], "、") {
			return 1, p[:k+len("、")], n
		}
		return 0, "", 0
	}
	if open := prefixOf(p, "（", "("); open != "" {
		q := p[len(open):]
		level, n, k := 2, 0, 0
		if n, k = hanNumber(q); n == 0 {
			level = 4
			n, k = digitNumber(q)
		}
		if n > 0 {
			if closing := prefixOf(q[k:], "）", ")"); closing != "" {
				return level, p[:len(open)+k+len(closing)], n
			}
		}
		return 0, "", 0
	}
	if n, k := digitNumber(p); n > 0 {
		if point := prefixOf(p[k:], ".", "．", "、"); point != "" {
			if r, _ := utf8.DecodeRuneInString(p[k+len(point):]); isDigitRune(r) {
				return 0, "", 0
			}
			return 3, p[:k+len(point)], n
		}
	}
	return 0, "", 0
}

// prefixOf returns the first of prefixes that s starts with, or "".
func prefixOf(s string, prefixes ...string) string {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return p
		}
	}
	return ""
}

// hanNumber reads a Chinese numeral from 一 to 九十九 at the start of s and
// returns its value and length in bytes, or 0, 0.
func hanNumber(s string) (n, size int) {
	var rs []rune
	for _, r := range s {
		if r != '十' && hanDigitValues[r] == 0 {
			break
		}
		if rs = append(rs, r); len(rs) > 3 {
			return 0, 0
		}
	}
	size = len(string(rs))
	switch {
	case len(rs) == 1 && rs[0] == '十':
		return 10, size
	case len(rs) == 1:
		return hanDigitValues[rs[0]], size
	case len(rs) == 2 && rs[0] == '十' && rs[1] != '十':
		return 10 + hanDigitValues[rs[1]], size
	case len(rs) == 2 && rs[1] == '十' && hanDigitValues[rs[0]] >= 2:
		return hanDigitValues[rs[0]] * 10, size
	case len(rs) == 3 && rs[1] == '十' && hanDigitValues[rs[0]] >= 2 && hanDigitValues[rs[2]] > 0:
		return hanDigitValues[rs[0]]*10 + hanDigitValues[rs[2]], size
	}
	return 0, 0
}

// digitNumber reads one or two Arabic digits (full-width ones too), not
// starting with 0 and not followed by a third, at the start of s.
func digitNumber(s string) (n, size int) {
	count := 0
	for _, r := range s {
		if !isDigitRune(r) {
			break
		}
		if count++; count > 2 || count == 1 && halfWidthDigit(r) == '0' {
			return 0, 0
		}
		n = n*10 + int(halfWidthDigit(r)-'0')
		size += utf8.RuneLen(r)
	}
	return n, size
}

func isDigitRune(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

// hanNumeral writes 1..99 as a Chinese numeral.
func hanNumeral(n int) string {
	const digits = "〇一二三四五六七八九"
	d := []rune(digits)
	switch {
	case n < 10:
		return string(d[n])
	case n == 10:
		return "十"
	case n < 20:
		return "十" + string(d[n-10])
	case n%10 == 0:
		return string(d[n/10]) + "十"
	}
	return string(d[n/10]) + "十" + string(d[n%10])
}

// headingMarker is the canonical 序数 of number n at level.
func headingMarker(level, n int) string {
	switch level {
	case 1:
		return hanNumeral(n) + "、"
	case 2:
		return "（" + hanNumeral(n) + "）"
	case 3:
		return strconv.Itoa(n) + "."
	}
	return "（" + strconv.Itoa(n) + "）"
}

// checkHeadings warns about the heading sequence of a body: a level skipped
// after a shallower heading ("一、" then "1." without "（一）"), numbers out
// of sequence, "1、" for "1.", half-width brackets and punctuation after a
// 序数. The first heading may be of any level.
func checkHeadings(body string) []Finding {
	var fs []Finding
	warn := func(rule, msg string) { fs = append(fs, Finding{Rule: rule, Field: "body", Message: msg}) }
	var last [5]int
	prev := 0
	for _, h := range BodyHeadings(body) {
		at := fmt.Sprintf("第%d段“%s”", h.Para, h.Marker)
		_, _, n := parseHeading(h.Marker)
		if prev > 0 && h.Level > prev+1 {
			warn("heading_skip", fmt.Sprintf("%s：结构层次应依次使用“一、”“（一）”“1.”“（1）”，此处跳过了“%s”一层",
				at, headingMarker(prev+1, 1)))
		}
		if n != last[h.Level]+1 {
			warn("heading_sequence", fmt.Sprintf("%s：序号不连续，应为“%s”", at, headingMarker(h.Level, last[h.Level]+1)))
		}
		last[h.Level] = n
		for l := h.Level + 1; l < len(last); l++ {
			last[l] = 0
		}
		prev = h.Level
		switch {
		case strings.HasSuffix(h.Marker, "、") && h.Level == 3:
			warn("heading_dunhao", at+"：层次序数“1.”后用圆点，不用顿号")
		case strings.HasPrefix(h.Marker, "(") || strings.HasSuffix(h.Marker, ")"):
			warn("heading_bracket", fmt.Sprintf("%s：序数应使用全角括号，如“%s”", at, headingMarker(h.Level, n)))
		}
		if prefixOf(h.Text, "、", "，", ",", ".", "．", "：", ":") != "" {
			warn("heading_punct", at+"：序数后不再加标点")
		}
	}
	return fs
}

// titleTail is the punctuation a title, a recipient or an attachment name
// must not end with (§4.4 items 2 and 3).
const titleTail = "。，、；：！？,.;:!?…"

// title checks the 标题 (§4.4 item 1): no closing punctuation, the 文种 at
// the end and only once, the issuer's name at the start and a “关于”.
func (c *ruleCheck) title() {
	d := c.d
	t := strings.TrimSpace(d.Title)
	if t == "" || !d.Kind.Valid() || d.Kind == KindOther {
		return
	}
	if s := strings.TrimRight(t, titleTail); s != t {
		c.block("title_punct", "title", "标题末尾不加标点符号")
		t = s
	}
	label := d.Kind.Label()
	end := label
	if d.Kind == KindOrder && !strings.HasSuffix(t, label) {
		end = "令"
	}
	if !strings.HasSuffix(t, end) {
		want := "“" + label + "”"
		if d.Kind == KindOrder {
			want = "“命令”或“令”"
		}
		c.block("title_kind", "title", fmt.Sprintf("标题应以文种%s结尾", want))
	} else if rest := strings.TrimSuffix(t, end); rest != "" {
		for _, k := range docKindOrder {
			if k != KindOther && strings.HasSuffix(rest, k.Label()) {
				c.warn("title_stacked", "title", fmt.Sprintf("标题不应叠用文种“%s%s”，只保留“%s”", k.Label(), end, end))
				break
			}
		}
	}
	if d.Kind == KindMinutes || d.Kind == KindOrder {
		return
	}
	var names []string
	for _, is := range d.Issuers {
		u, _ := c.unit(is.UnitID)
		for _, n := range []string{is.Name, u.FullName, u.ShortName} {
			if n != "" && !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	if len(names) > 0 && !slices.ContainsFunc(names, func(n string) bool { return strings.HasPrefix(t, n) }) {
		c.warn("title_issuer", "title", fmt.Sprintf("标题一般由发文机关名称、事由和文种组成，宜以“%s”开头", names[0]))
	}
	if !strings.Contains(t, "关于") && !slices.Contains([]DocKind{KindCommunique, KindAnnouncement, KindNoticePublic,
		KindResolution}, d.Kind) {
		c.warn("title_guanyu", "title", fmt.Sprintf("标题一般写作“发文机关关于……的%s”，缺少“关于”", label))
	}
}
