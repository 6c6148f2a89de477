package calendar

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// LineError is a problem on one line of a notice file. Line 0 means the
// file as a whole, e.g. a missing 年份 line.
type LineError struct {
	Line int
	Err  error
}

// Error returns "第 5 行：…", or "通知文件：…" for line 0.
func (e *LineError) Error() string {
	if e.Line == 0 {
		return "通知文件：" + e.Err.Error()
	}
	return fmt.Sprintf("第 %d 行：%s", e.Line, e.Err.Error())
}

// Unwrap returns the underlying error.
func (e *LineError) Unwrap() error { return e.Err }

// noticeParser holds the state of one ParseNotice call.
type noticeParser struct {
	line     int
	year     Year
	first    map[string]int // item → line that gave it, for once-only items
	spans    []span
	offLines int // 放假 lines seen, valid or not
	errs     []*LineError
}

// ParseNotice reads an administrator's notice file in the format described
// in the package documentation. All problems are reported together, joined
// with errors.Join, each a *LineError naming its line.
func ParseNotice(r io.Reader) (Year, error) {
	p := &noticeParser{first: make(map[string]int)}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		p.line++
		p.parseLine(sc.Text())
	}
	if err := sc.Err(); err != nil {
		return Year{}, fmt.Errorf("读取节假日通知（第 %d 行附近）：%w", p.line+1, err)
	}
	p.finish()
	if len(p.errs) > 0 {
		// By line, with the whole-file errors (line 0) last.
		order := func(e *LineError) int {
			if e.Line == 0 {
				return math.MaxInt
			}
			return e.Line
		}
		slices.SortStableFunc(p.errs, func(a, b *LineError) int { return cmp.Compare(order(a), order(b)) })
		errs := make([]error, len(p.errs))
		for i, e := range p.errs {
			errs[i] = e
		}
		return Year{}, errors.Join(errs...)
	}
	if err := p.year.Validate(); err != nil {
		return Year{}, fmt.Errorf("节假日通知：%w", err)
	}
	return p.year, nil
}

func (p *noticeParser) fail(line int, format string, args ...any) {
	p.errs = append(p.errs, &LineError{Line: line, Err: fmt.Errorf(format, args...)})
}

func (p *noticeParser) parseLine(text string) {
	if p.line == 1 {
		text = strings.TrimPrefix(text, "\uFEFF")
	}
	if !utf8.ValidString(text) {
		p.fail(p.line, "不是 UTF-8 文本，请把文件另存为 UTF-8 编码")
		return
	}
	s := strings.TrimSpace(text)
	if s == "" || strings.HasPrefix(s, "#") {
		return
	}
	i := strings.IndexAny(s, ":：")
	if i < 0 {
		p.fail(p.line, "应为“项目: 内容”的形式，例如“放假: 2027-01-01 至 2027-01-03 元旦”")
		return
	}
	key := strings.TrimSpace(s[:i])
	_, size := utf8.DecodeRuneInString(s[i:])
	val := strings.TrimSpace(s[i+size:])

	item := noticeItem(key)
	if item == "" {
		p.fail(p.line, "未知的项目“%s”，可用：年份、来源、发布日期、放假、上班", key)
		return
	}
	if item == "放假" || item == "上班" {
		p.parseSpan(item == "放假", val)
		return
	}
	if prev, ok := p.first[item]; ok {
		p.fail(p.line, "“%s”重复，第 %d 行已给出", item, prev)
		return
	}
	p.first[item] = p.line
	switch item {
	case "年份":
		y, err := strconv.Atoi(val)
		if err != nil || y < minYear || y > maxYear {
			p.fail(p.line, "年份应为四位数字，例如 2027，收到“%s”", val)
			return
		}
		p.year.Year = y
	case "来源":
		if val == "" {
			p.fail(p.line, "来源不能为空，请填写通知标题")
		}
		p.year.Source = val
	case "发布日期":
		if val == "" {
			return
		}
		d, err := ParseDate(val)
		if err != nil {
			p.errs = append(p.errs, &LineError{Line: p.line, Err: err})
			return
		}
		p.year.Issued = d.String()
	}
}

// noticeItem maps a key or its ASCII alias to the Chinese item name, or
// returns "" for an unknown key.
func noticeItem(key string) string {
	switch strings.ToLower(key) {
	case "年份", "year":
		return "年份"
	case "来源", "source":
		return "来源"
	case "发布日期", "issued":
		return "发布日期"
	case "放假", "off":
		return "放假"
	case "上班", "work":
		return "上班"
	}
	return ""
}

// finish checks what needs the whole file: required items, dates inside
// the year, duplicates and make-up days on weekends; then fills p.year.
func (p *noticeParser) finish() {
	if _, ok := p.first["年份"]; !ok {
		p.fail(0, "缺少“年份: ”一行")
	}
	if _, ok := p.first["来源"]; !ok {
		p.fail(0, "缺少“来源: ”一行（通知标题）")
	}
	if p.offLines == 0 {
		p.fail(0, "缺少“放假: ”行")
	}
	type seenAt struct {
		line int
		off  bool
	}
	kind := func(off bool) string {
		if off {
			return "放假日"
		}
		return "上班日"
	}
	seen := make(map[Date]seenAt)
	for _, sp := range p.spans {
		if y := p.year.Year; y != 0 && (sp.start.Year != y || sp.end.Year != y) {
			p.fail(sp.line, "日期不在 %d 年内", y)
			continue
		}
		for d := sp.start; !d.After(sp.end); d = d.AddDays(1) {
			if prev, ok := seen[d]; ok {
				p.fail(sp.line, "%s 已在第 %d 行列为%s，不能再列为%s", d, prev.line, kind(prev.off), kind(sp.off))
				break
			}
			if !sp.off && !isWeekend(d) {
				p.fail(sp.line, "调休上班日 %s 是%s，应为周六或周日", d, weekdayName(d.Weekday()))
				break
			}
			seen[d] = seenAt{line: sp.line, off: sp.off}
			nd := NamedDate{Date: d, Name: sp.name}
			if sp.off {
				p.year.Off = append(p.year.Off, nd)
			} else {
				p.year.Workday = append(p.year.Workday, nd)
			}
		}
	}
}
