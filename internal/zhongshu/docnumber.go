package zhongshu

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// DocNumber is a parsed 发文字号: {机关代字}〔{年份}〕{序号}号, as in
// 县政办发〔2026〕12号 (GB/T 9704-2012 7.2.4, DOMAIN.md §4.3).
type DocNumber struct {
	Code string // 机关代字, e.g. 县政办发
	Year int    // 年份, 4 digits
	Seq  int    // 序号, from 1
}

// String returns the canonical form, e.g. 县政办发〔2026〕12号, with the
// 六角括号 U+3014 and U+3015.
func (n DocNumber) String() string {
	return fmt.Sprintf("%s〔%04d〕%d号", n.Code, n.Year, n.Seq)
}

// Messages of ParseDocNumber. The warnings describe a normalisation that
// was applied; the errors a number that cannot be repaired.
const (
	warnDocNumberSpace    = "发文字号中不应有空格，已自动删除"
	warnDocNumberDigits   = "发文字号应使用半角阿拉伯数字，已自动更正"
	warnDocNumberBrackets = "发文字号的年份应使用六角括号〔〕，已自动更正"
	warnDocNumberZiDi     = "发文字号中不应有“字第”，已自动删除"
	warnDocNumberZi       = "发文字号中不应有“字”，已自动删除"
	warnDocNumberDi       = "发文字号的序号前不加“第”，已自动删除"
	warnDocNumberHao      = "发文字号应以“号”结尾，已自动补上"

	errDocNumberEmpty     = "请填写发文字号"
	errDocNumberNoCode    = "发文字号缺少机关代字，如 县政办发〔2026〕12号"
	errDocNumberCodeHan   = "机关代字应由汉字组成，如“县政办发”"
	errDocNumberShortYear = "年份应写全4位，如2026"
	errDocNumberYear      = "年份应在1949至2100之间"
	errDocNumberZero      = "发文字号的序号应从1开始"
	errDocNumberFormat    = "发文字号格式不正确，应为“机关代字〔年份〕序号号”，如 县政办发〔2026〕12号"
)

// Year bounds of a 发文字号: the People's Republic's documents start in 1949;
// the upper bound only catches typos.
const (
	docNumberMinYear = 1949
	docNumberMaxYear = 2100
)

// Brackets that clerks type instead of 〔〕: ASCII and full-width square and
// round brackets, 【】, the small ﹝﹞, 〈〉, 「」 and the white 〖〗〘〙.
const (
	docNumberOpen  = "〔[［【﹝(（〈「〖〘"
	docNumberClose = "〕]］】﹞)）〉」〗〙"
)

// ParseDocNumber parses a 发文字号. It trims spaces (full-width ones too) and
// repairs the variants seen in practice — spaces inside, full-width digits,
// other brackets, “字第”, “字” or “第” before the 序号, a leading zero and a
// missing “号” — returning a Chinese warning for each kind of repair, in
// that order. A number that
// cannot be repaired yields an invalid *Error whose message is also under
// Fields["number"].
func ParseDocNumber(s string) (DocNumber, []string, error) {
	var warnings []string
	s = strings.TrimSpace(s)
	if s == "" {
		return DocNumber{}, nil, docNumberError(errDocNumberEmpty)
	}
	if t := strings.Map(dropSpace, s); t != s {
		s = t
		warnings = append(warnings, warnDocNumberSpace)
	}
	if t := strings.Map(halfWidthDigit, s); t != s {
		s = t
		warnings = append(warnings, warnDocNumberDigits)
	}

	// 机关代字: everything before the opening bracket, Han only.
	open := strings.IndexAny(s, docNumberOpen)
	if open < 0 {
		return DocNumber{}, nil, docNumberError(errDocNumberFormat)
	}
	code := s[:open]
	if code == "" {
		return DocNumber{}, nil, docNumberError(errDocNumberNoCode)
	}
	if !allHan(code) {
		return DocNumber{}, nil, docNumberError(errDocNumberCodeHan)
	}

	// 〔年份〕.
	ob, size := utf8.DecodeRuneInString(s[open:])
	rest := s[open+size:]
	end := strings.IndexAny(rest, docNumberClose)
	if end < 0 {
		return DocNumber{}, nil, docNumberError(errDocNumberFormat)
	}
	yearText := rest[:end]
	cb, size := utf8.DecodeRuneInString(rest[end:])
	rest = rest[end+size:]
	if !allDigits(yearText) {
		return DocNumber{}, nil, docNumberError(errDocNumberFormat)
	}
	switch len(yearText) {
	case 4:
	case 2:
		return DocNumber{}, nil, docNumberError(errDocNumberShortYear)
	default:
		return DocNumber{}, nil, docNumberError(errDocNumberFormat)
	}
	year, _ := strconv.Atoi(yearText)
	if year < docNumberMinYear || year > docNumberMaxYear {
		return DocNumber{}, nil, docNumberError(errDocNumberYear)
	}
	if ob != '〔' || cb != '〕' {
		warnings = append(warnings, warnDocNumberBrackets)
	}

	// 序号号, wrongly written as 字第36号, 字36号 or 第36号.
	switch {
	case strings.HasPrefix(rest, "字第"):
		rest = strings.TrimPrefix(rest, "字第")
		warnings = append(warnings, warnDocNumberZiDi)
	case strings.HasPrefix(rest, "字"):
		rest = strings.TrimPrefix(rest, "字")
		warnings = append(warnings, warnDocNumberZi)
	case strings.HasPrefix(rest, "第"):
		rest = strings.TrimPrefix(rest, "第")
		warnings = append(warnings, warnDocNumberDi)
	}
	digits := rest[:len(rest)-len(strings.TrimLeft(rest, "0123456789"))]
	tail := rest[len(digits):]
	if digits == "" || (tail != "号" && tail != "") {
		return DocNumber{}, nil, docNumberError(errDocNumberFormat)
	}
	trimmed := strings.TrimLeft(digits, "0")
	if trimmed == "" {
		return DocNumber{}, nil, docNumberError(errDocNumberZero)
	}
	// Nine digits keep Atoi far from overflow; no county issues a billion.
	if len(trimmed) > 9 {
		return DocNumber{}, nil, docNumberError(errDocNumberFormat)
	}
	seq, _ := strconv.Atoi(trimmed)
	if trimmed != digits {
		warnings = append(warnings, fmt.Sprintf("发文字号的序号不编虚位，已将“%s”更正为“%d”", digits, seq))
	}
	if tail == "" {
		warnings = append(warnings, warnDocNumberHao)
	}
	return DocNumber{Code: code, Year: year, Seq: seq}, warnings, nil
}

// docNumberLike matches a 4-digit year in any bracket variant right after a
// Han character, e.g. the 办发〔2026〕 of 县政办发〔2026〕12号.
var docNumberLike = regexp.MustCompile(`\p{Han}[\s　]*[` + regexp.QuoteMeta(docNumberOpen) + `][\s　]*[0-9０-９]{4}[\s　]*[` + regexp.QuoteMeta(docNumberClose) + `]`)

// LooksLikeDocNumber reports whether s contains something shaped like the
// start of a 发文字号: a Han character followed by a 4-digit year in brackets
// of any variant. It is a cheap test for search boxes and accepts text that
// ParseDocNumber would reject, such as a bare 县政办发〔2026〕.
func LooksLikeDocNumber(s string) bool {
	return docNumberLike.MatchString(s)
}

// NormalizeDocNumber returns the canonical form of s when it parses as a
// 发文字号, otherwise s with surrounding spaces trimmed.
func NormalizeDocNumber(s string) string {
	n, _, err := ParseDocNumber(s)
	if err != nil {
		return strings.TrimSpace(s)
	}
	return n.String()
}

func docNumberError(msg string) *Error {
	return &Error{Code: CodeInvalid, Message: msg, Fields: map[string]string{"number": msg}}
}

// dropSpace is a strings.Map function removing white space, U+3000 included.
func dropSpace(r rune) rune {
	if unicode.IsSpace(r) {
		return -1
	}
	return r
}

// halfWidthDigit is a strings.Map function turning full-width digits ０-９
// into ASCII ones.
func halfWidthDigit(r rune) rune {
	if r >= '０' && r <= '９' {
		return r - '０' + '0'
	}
	return r
}

func allHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
