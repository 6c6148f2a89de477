package orgimport

import (
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// This file reads a 收文登记簿 (the register of incoming documents) for a
// bulk 登记. Unlike units and people, registers come from other systems and
// from hand-kept spreadsheets, so the header is read leniently: columns in
// any order, common aliases (来文单位, 文号, 收文时间 …), a title row or two
// above the header, and dates in the forms clerks type.

// Column headers of a 收文登记簿, as the template names them.
const (
	colReceived   = "收文日期"
	colSender     = "来文机关"
	colSenderNo   = "来文字号"
	colKind       = "文种"
	colDocTitle   = "标题"
	colUrgency    = "紧急程度"
	colSecrecy    = "密级"
	colCopies     = "份数"
	colChannel    = "渠道"
	colHandling   = "阅件/办件"
	colDue        = "办理时限"
	colDisclosure = "公开属性"
	colMark       = "内部标记"
	colSummary    = "内容摘要"
	colRemark     = "备注"
	colProposer   = "拟办人"
)

var incomingColumns = []column{
	{colReceived, true, "2026-03-05", "收文日期，可写作 2026-03-05、2026/3/5、2026年3月5日，或Excel日期；可带时间，如 2026-03-05 10:30。不能晚于今天。"},
	{colSender, true, "某某市人民政府办公室", "来文机关全称，不超过100个字。"},
	{colSenderNo, false, "某市府办发〔2026〕12号", "发文字号，格式为“机关代字〔年份〕序号号”；方括号、全角数字等常见写法会自动更正并提示。"},
	{colKind, false, "通知", "填写下方“文种”中的名称；不填时按标题末尾推断（如“……的通知”为通知），推断不出为“其他”。"},
	{colDocTitle, true, "关于做好春季森林防火工作的通知", "公文标题，不超过200个字。"},
	{colUrgency, false, "加急", "特急、加急或平件，“急件”视为加急；不填为平件。"},
	{colSecrecy, false, "非密", "只能填写“非密”或不填。" + zhongshu.NonClassifiedWarning + "，填写其他密级的行不会导入（" + zhongshu.ClassifiedMessage + "）。"},
	{colCopies, false, "1", "整数1至9999，不填为1。"},
	{colChannel, false, "电子公文交换", "电子公文交换、纸质、传真、系统内发文或其他；不填为纸质。"},
	{colHandling, false, "办件", "阅件或办件；不填为办件。办件登记后送拟办人拟办，阅件由文书分送传阅。"},
	{colDue, false, "2026-03-20", "来文要求的办理时限，日期写法同收文日期，须晚于收文日期；不填为无时限。"},
	{colDisclosure, false, "", "主动公开、依申请公开或不予公开；不填为未注明。"},
	{colMark, false, "", "内部标记，不超过20个字。"},
	{colSummary, false, "请于3月15日前报送工作方案。", "内容摘要和来文要求，不超过5000个字。"},
	{colRemark, false, "", "备注，接在内容摘要之后保存。"},
	{colProposer, false, "", "办件的拟办人，填写登录名或姓名（重名时须填登录名）；不填为县政府办公室主任。"},
}

// incomingAliases maps other header texts seen in registers to the
// template's names. Keys are compared after normalizeHeader.
var incomingAliases = aliasIndex(map[string][]string{
	colReceived:   {"收文时间", "收文日", "收到日期", "收文登记日期", "登记日期"},
	colSender:     {"来文单位", "来文机关名称", "发文机关", "发文单位", "来文机关(单位)"},
	colSenderNo:   {"文号", "发文字号", "来文文号", "来文字号(文号)"},
	colKind:       {"公文种类", "文种类别"},
	colDocTitle:   {"文件标题", "来文标题", "公文标题", "文件名称", "题名"},
	colUrgency:    {"缓急", "缓急程度", "紧急程度(缓急)"},
	colSecrecy:    {"秘密等级"},
	colCopies:     {"件数"},
	colChannel:    {"来文渠道", "来文方式", "收文渠道"},
	colHandling:   {"办理性质", "阅办", "阅/办", "阅件办件", "办件/阅件", "阅件/办件(办理性质)"},
	colDue:        {"时限", "办结时限", "办理期限", "要求办结时间"},
	colDisclosure: {"公开方式", "公开类型"},
	colSummary:    {"摘要", "主要内容", "内容摘要/备注"},
	colProposer:   {"拟办", "拟办人员"},
})

func aliasIndex(byColumn map[string][]string) map[string]string {
	out := map[string]string{}
	for col, aliases := range byColumn {
		for _, a := range aliases {
			out[a] = col
		}
	}
	return out
}

// incomingFields maps the fields of IncomingDoc.Validate to columns.
var incomingFields = []fieldColumn{
	{field: "received_at", col: colReceived},
	{field: "sender_name", col: colSender},
	{field: "sender_number", col: colSenderNo},
	{field: "kind", col: colKind},
	{field: "title", col: colDocTitle},
	{field: "urgency", col: colUrgency},
	{field: "secrecy", col: colSecrecy},
	{field: "copies", col: colCopies},
	{field: "channel", col: colChannel},
	{field: "handling", col: colHandling},
	{field: "due_at", col: colDue},
	{field: "disclosure", col: colDisclosure},
	{field: "internal_mark", col: colMark},
	{field: "summary", col: colSummary},
	{field: "proposer_id", col: colProposer},
	{field: "sender_unit_id", col: colSender},
}

// IncomingSenderNumberColumn is the column of the 来文字号, under which
// warnings about it are reported.
const IncomingSenderNumberColumn = colSenderNo

// IncomingProblems turns an error about the document of line — from
// IncomingDoc.Validate or the registration's checks of the people named —
// into row errors under the columns its fields belong to.
func IncomingProblems(line int, err error) []RowError {
	e := newRowErrs(line, incomingColumns)
	e.addValidation(err, incomingFields)
	return e.result()
}

// headerSearchRows is how far down the header row is looked for: registers
// often carry a title such as “2026年收文登记簿” above it.
const headerSearchRows = 5

// chinaTime is the zone in which dates without one are read.
var chinaTime = time.FixedZone("CST", 8*3600)

// Account is a person who may be named as 拟办人.
type Account struct {
	ID       int64
	Username string
	Name     string
}

// IncomingExisting is what a 收文 import is checked against.
type IncomingExisting struct {
	Now    time.Time // 收文日期 may not be later
	People []Account // active accounts
}

// IncomingRow is one valid row of a register: the document as
// RegisterIncoming takes it (validated, 来文字号 normalised).
type IncomingRow struct {
	Line int
	Doc  zhongshu.IncomingDoc
}

// IncomingReport is the result of reading a register. Rows holds the rows
// without problems; Errors every problem and Warnings every correction
// (a 来文字号 repaired), both sorted by line. Lines counts the data rows.
type IncomingReport struct {
	Lines    int
	Rows     []IncomingRow
	Errors   []RowError
	Warnings []RowError
}

// OK reports whether the register has no row errors and may be imported.
func (r *IncomingReport) OK() bool { return len(r.Errors) == 0 }

// ParseIncoming reads a 收文登记簿 (.xlsx or .csv, as Parse) and validates
// every row. The header row is the first of the top rows that names the
// required columns (收文日期, 来文机关, 标题, or their aliases). Row
// numbers are those a spreadsheet program shows.
//
// Any 密级 other than 非密 (or blank) makes that row's only problem
// zhongshu.ClassifiedMessage: nothing else of a 涉密 document is looked at.
// 拟办人 is a login name (any case) or the name of one of ex.People.
//
// Like Parse, it returns an error only when the file as a whole cannot be
// used; problems in rows go to the report.
func ParseIncoming(filename string, r io.Reader, ex IncomingExisting, maxRows int) (*IncomingReport, error) {
	raw, err := readRows(filename, r)
	if err != nil {
		return nil, err
	}
	recs, err := incomingRecords(raw, maxRows)
	if err != nil {
		return nil, err
	}
	rep := &IncomingReport{Lines: len(recs)}
	people := newPeopleIndex(ex.People)
	for _, rec := range recs {
		row, errs, warns := parseIncomingRow(rec, ex.Now, people)
		rep.Errors = append(rep.Errors, errs...)
		rep.Warnings = append(rep.Warnings, warns...)
		if len(errs) == 0 {
			rep.Rows = append(rep.Rows, row)
		}
	}
	sort.SliceStable(rep.Errors, func(i, j int) bool { return rep.Errors[i].Line < rep.Errors[j].Line })
	return rep, nil
}

// normalizeHeader drops spaces, a BOM, required-marks (*, （必填）) and
// unifies brackets and slashes, so that “ 收 文 日 期* ” reads as 收文日期.
func normalizeHeader(h string) string {
	h = strings.Map(func(r rune) rune {
		switch r {
		case '\ufeff', '*', '＊', '\n', '\r':
			return -1
		case '（':
			return '('
		case '）':
			return ')'
		case '／':
			return '/'
		}
		if r == ' ' || r == '\u3000' || r == '\t' || r == '\u00a0' {
			return -1
		}
		return r
	}, h)
	for _, mark := range []string{"(必填)", "(选填)", "(可选)"} {
		h = strings.ReplaceAll(h, mark, "")
	}
	return h
}

// incomingColumn returns the template's name of a header text, or "".
func incomingColumn(h string) string {
	h = normalizeHeader(h)
	if isColumn(incomingColumns, h) {
		return h
	}
	return incomingAliases[h]
}

// incomingRecords finds the header row, maps its columns and returns the
// non-blank data rows below it.
func incomingRecords(rows []rawRow, maxRows int) ([]record, error) {
	header := -1
	var index map[string]int
	var best []string // required columns missing from the best candidate
	for i := 0; i < len(rows) && i < headerSearchRows; i++ {
		idx := map[string]int{}
		for j, cell := range rows[i].cells {
			if col := incomingColumn(cell); col != "" {
				if k, dup := idx[col]; dup {
					return nil, invalid(nil, "第%d行表头中“%s”和“%s”是同一列（%s），请只保留一列。",
						rows[i].line, strings.TrimSpace(rows[i].cells[k]), strings.TrimSpace(cell), col)
				}
				idx[col] = j
			}
		}
		var missing []string
		for _, c := range incomingColumns {
			if _, ok := idx[c.name]; c.required && !ok {
				missing = append(missing, c.name)
			}
		}
		if len(missing) == 0 {
			header, index = i, idx
			break
		}
		if len(idx) > 0 && (best == nil || len(missing) < len(best)) {
			best = missing
		}
	}
	if header < 0 {
		if best == nil {
			for _, c := range incomingColumns {
				if c.required {
					best = append(best, c.name)
				}
			}
		}
		return nil, invalid(nil, "没有找到表头：表头行须包含%s等列（缺少%s）。请使用导入模板填写。",
			"收文日期、来文机关、标题", strings.Join(best, "、"))
	}
	var out []record
	for _, r := range rows[header+1:] {
		rec := record{line: r.line, vals: map[string]string{}}
		blank := true
		for col, i := range index {
			if i >= len(r.cells) {
				continue
			}
			v := strings.TrimSpace(r.cells[i])
			rec.vals[col] = v
			if v != "" {
				blank = false
			}
		}
		if blank {
			continue
		}
		if maxRows > 0 && len(out) >= maxRows {
			return nil, invalid(nil, "文件数据超过%d行，请分批导入。", maxRows)
		}
		out = append(out, rec)
	}
	return out, nil
}

// peopleIndex finds a 拟办人 by login name (any case) or name.
type peopleIndex struct {
	byUsername map[string]int64
	byName     map[string][]Account
}

func newPeopleIndex(people []Account) peopleIndex {
	ix := peopleIndex{byUsername: map[string]int64{}, byName: map[string][]Account{}}
	for _, p := range people {
		ix.byUsername[strings.ToLower(p.Username)] = p.ID
		ix.byName[p.Name] = append(ix.byName[p.Name], p)
	}
	return ix
}

// find returns the id of the person s names, or a message.
func (ix peopleIndex) find(s string) (int64, string) {
	if id, ok := ix.byUsername[strings.ToLower(s)]; ok {
		return id, ""
	}
	switch same := ix.byName[s]; len(same) {
	case 0:
		return 0, "拟办人不存在或账号已停用：" + s
	case 1:
		return same[0].ID, ""
	default:
		var names []string
		for _, p := range same {
			names = append(names, p.Username)
		}
		sort.Strings(names)
		return 0, fmt.Sprintf("姓名“%s”对应多个账号（%s），请填写登录名", s, strings.Join(names, "、"))
	}
}

// parseIncomingRow reads one row into a document and validates it.
func parseIncomingRow(r record, now time.Time, people peopleIndex) (IncomingRow, []RowError, []RowError) {
	if !notClassified(r.get(colSecrecy)) {
		// A 涉密 document does not belong here at all: say only that.
		return IncomingRow{}, []RowError{{Line: r.line, Column: colSecrecy, Message: zhongshu.ClassifiedMessage}}, nil
	}
	e := newRowErrs(r.line, incomingColumns)
	d := zhongshu.IncomingDoc{
		SenderName:   r.get(colSender),
		SenderNumber: r.get(colSenderNo),
		Title:        r.get(colDocTitle),
		Secrecy:      zhongshu.SecrecyNone,
		InternalMark: r.get(colMark),
		Summary:      r.get(colSummary),
		Handling:     zhongshu.HandlingAction,
		Channel:      zhongshu.ChannelPaper,
	}
	if rem := r.get(colRemark); rem != "" {
		if d.Summary != "" {
			d.Summary += "\n备注：" + rem
		} else {
			d.Summary = rem
		}
	}
	if d.SenderName == "" {
		e.add(colSender, "请填写来文机关")
	}
	if d.Title == "" {
		e.add(colDocTitle, "请填写标题")
	}
	switch s := r.get(colReceived); {
	case s == "":
		e.add(colReceived, "请填写收文日期")
	default:
		t, withTime, err := parseRegisterDate(s)
		switch {
		case err != nil:
			e.add(colReceived, "收文日期"+err.Error())
		case withTime && t.After(now):
			e.add(colReceived, "收文时间不能晚于现在")
		case !withTime && t.After(now):
			e.add(colReceived, "收文日期不能晚于今天")
		default:
			d.ReceivedAt = t
		}
	}
	if s := r.get(colDue); s != "" {
		t, withTime, err := parseRegisterDate(s)
		if err != nil {
			e.add(colDue, "办理时限"+err.Error())
		} else {
			if !withTime {
				t = t.AddDate(0, 0, 1) // the end of that day
			}
			d.DueAt = t
		}
	}
	if s := r.get(colKind); s != "" {
		if k, ok := zhongshu.ParseDocKind(s); ok {
			d.Kind = k
		} else {
			e.add(colKind, "文种不正确："+s)
		}
	}
	if u, ok := zhongshu.ParseUrgency(r.get(colUrgency)); ok {
		d.Urgency = u
	} else {
		e.add(colUrgency, "紧急程度应为特急、加急或平件："+r.get(colUrgency))
	}
	if s := r.get(colCopies); s != "" {
		n, err := strconv.ParseFloat(s, 64)
		if err != nil || n != math.Trunc(n) || n < 1 || n > zhongshu.MaxCopies {
			e.add(colCopies, "份数应为1至9999的整数")
		} else {
			d.Copies = int(n)
		}
	}
	if s := r.get(colChannel); s != "" {
		if c, ok := zhongshu.ParseChannel(s); ok {
			d.Channel = c
		} else {
			e.add(colChannel, "渠道应为电子公文交换、纸质、传真、系统内发文或其他："+s)
		}
	}
	if s := r.get(colHandling); s != "" {
		if h, ok := zhongshu.ParseHandling(s); ok {
			d.Handling = h
		} else {
			e.add(colHandling, "阅件/办件应填写“阅件”或“办件”："+s)
		}
	}
	if s := r.get(colDisclosure); s != "" {
		if v, ok := zhongshu.ParseDisclosure(s); ok {
			d.Disclosure = v
		} else {
			e.add(colDisclosure, "公开属性应为主动公开、依申请公开或不予公开："+s)
		}
	}
	if s := r.get(colProposer); s != "" {
		if id, msg := people.find(s); msg != "" {
			e.add(colProposer, msg)
		} else {
			d.ProposerID = id
		}
	}
	warnings, err := d.Validate()
	e.addValidation(err, incomingFields)
	if len(e.errs) > 0 {
		return IncomingRow{}, e.result(), nil
	}
	var warns []RowError
	for _, w := range warnings {
		warns = append(warns, RowError{Line: r.line, Column: colSenderNo, Message: w})
	}
	return IncomingRow{Line: r.line, Doc: d}, nil, warns
}

// notClassified reports whether a 密级 cell says 非密: blank, what
// zhongshu.ParseSecrecy reads as 非密, or the spellings 非涉密 and 无密级.
// Anything else — 秘密, 机密★1年, 内部 … — is treated as 涉密.
func notClassified(s string) bool {
	switch s = strings.TrimSpace(s); s {
	case "非涉密", "无密级":
		return true
	}
	sec, ok := zhongshu.ParseSecrecy(s)
	return ok && sec == zhongshu.SecrecyNone
}

// Forms of a date in a register, after normalizing separators to "-".
var (
	reDate    = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?$`)
	reCompact = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
	reSerial  = regexp.MustCompile(`^\d{1,5}(?:\.\d+)?$`)
)

// errDate is the tail of the message for a date that cannot be read; the
// caller puts the column's name in front.
type errDate string

func (e errDate) Error() string { return string(e) }

const (
	errDateFormat = errDate("格式不正确，应为2026-03-05、2026/3/5或2026年3月5日")
	errDateYear   = errDate("的年份应在1949至2100之间")
	errDateDay    = errDate("不是有效的日期")
)

// parseRegisterDate reads a date as clerks type it — 2026-03-05,
// 2026/3/5, 2026.3.5, 2026年3月5日, 20260305 — or an Excel serial number,
// optionally with a time (10:30 or 10:30:00), in China time. withTime says
// whether a time of day was given.
func parseRegisterDate(s string) (t time.Time, withTime bool, err error) {
	s = strings.TrimSpace(strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '：':
			return ':'
		case r == '．':
			return '.'
		}
		return r
	}, s))
	if reSerial.MatchString(s) {
		return serialDate(s)
	}
	s = strings.TrimSpace(strings.Map(func(r rune) rune {
		switch r {
		case '/', '.', '年', '月', '－':
			return '-'
		case '日', '号':
			return ' '
		}
		return r
	}, s))
	var f [6]int
	if m := reCompact.FindStringSubmatch(s); m != nil {
		for i := range 3 {
			f[i], _ = strconv.Atoi(m[i+1])
		}
	} else if m := reDate.FindStringSubmatch(s); m != nil {
		for i := range 6 {
			f[i], _ = strconv.Atoi(m[i+1])
		}
		withTime = m[4] != ""
	} else {
		return time.Time{}, false, errDateFormat
	}
	if f[0] < 1949 || f[0] > 2100 {
		return time.Time{}, false, errDateYear
	}
	t = time.Date(f[0], time.Month(f[1]), f[2], f[3], f[4], f[5], 0, chinaTime)
	if t.Month() != time.Month(f[1]) || t.Day() != f[2] || f[3] > 23 || f[4] > 59 || f[5] > 59 {
		return time.Time{}, false, errDateDay
	}
	return t, withTime, nil
}

// serialDate reads an Excel date serial number (1900 date system), as a
// date cell reads raw.
func serialDate(s string) (time.Time, bool, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return time.Time{}, false, errDateFormat
	}
	u, err := excelize.ExcelDateToTime(v, false)
	if err != nil {
		return time.Time{}, false, errDateFormat
	}
	u = u.Round(time.Second)
	if u.Year() < 1949 || u.Year() > 2100 {
		return time.Time{}, false, errDateYear
	}
	t := time.Date(u.Year(), u.Month(), u.Day(), u.Hour(), u.Minute(), u.Second(), 0, chinaTime)
	return t, v != math.Trunc(v), nil
}
