package calendar

import (
	"cmp"
	"strings"
	"time"
	"unicode"
)

// maxSpanDays bounds a 放假 or 上班 range; the longest break so far is
// nine days, so a longer range is almost certainly a typing mistake.
const maxSpanDays = 31

// span is one 放假 or 上班 line.
type span struct {
	line       int
	off        bool
	start, end Date
	name       string
}

// parseSpan parses "DATE [至|.. DATE] NAME".
func (p *noticeParser) parseSpan(off bool, val string) {
	if off {
		p.offLines++
	}
	first, rest := dateToken(val)
	if first == "" {
		p.fail(p.line, "缺少日期，例如“2027-01-31 春节调休”")
		return
	}
	last := first
	rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
	if sep := rangeSep(rest); sep != "" {
		last, rest = dateToken(rest[len(sep):])
		if last == "" {
			p.fail(p.line, "“%s”后缺少结束日期", sep)
			return
		}
	}
	sp := span{line: p.line, off: off, name: strings.TrimSpace(rest)}
	var err1, err2 error
	sp.start, err1 = ParseDate(first)
	sp.end, err2 = ParseDate(last)
	if err := cmp.Or(err1, err2); err != nil {
		p.errs = append(p.errs, &LineError{Line: p.line, Err: err})
		return
	}
	switch n := int(sp.end.utc().Sub(sp.start.utc()).Hours()/24) + 1; {
	case n < 1:
		p.fail(p.line, "日期范围颠倒：%s 晚于 %s", sp.start, sp.end)
		return
	case n > maxSpanDays:
		p.fail(p.line, "日期范围 %s 至 %s 共 %d 天，超过 %d 天，请检查", sp.start, sp.end, n, maxSpanDays)
		return
	}
	switch {
	case sp.name == "":
		p.fail(p.line, "缺少节日名称，例如“%s 春节”", first)
		return
	case containsDate(sp.name):
		// "2027-02-05 - 2027-02-13 春节" would otherwise be one day
		// named "- 2027-02-13 春节".
		p.fail(p.line, "名称“%s”中含有日期；日期区间请用“至”或“..”连接", sp.name)
		return
	}
	p.spans = append(p.spans, sp)
}

// dateToken returns the first date-like token of s and what follows it; a
// token ends at a blank, at "至" or at "..".
func dateToken(s string) (tok, rest string) {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	for i, r := range s {
		if unicode.IsSpace(r) || rangeSep(s[i:]) != "" {
			return s[:i], s[i:]
		}
	}
	return s, ""
}

// containsDate reports whether s contains something shaped like a date.
func containsDate(s string) bool {
	for i := 0; i+len(time.DateOnly) <= len(s); i++ {
		if isDigitsAndDashes(s[i : i+len(time.DateOnly)]) {
			return true
		}
	}
	return false
}

// rangeSep returns the range separator that s starts with, or "".
func rangeSep(s string) string {
	for _, sep := range []string{"至", ".."} {
		if strings.HasPrefix(s, sep) {
			return sep
		}
	}
	return ""
}
