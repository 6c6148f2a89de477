// Package orgimport parses and validates files with which an administrator
// imports units and people (.xlsx or .csv). It works entirely in memory and
// never touches the database: what already exists is passed in as Existing,
// and the result is a Report. The caller imports nothing unless Report.OK.
package orgimport

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// Kind says what a file imports.
type Kind string

// Kinds of import.
const (
	KindUnits  Kind = "units"
	KindPeople Kind = "people"
)

// Label is the kind's Chinese name.
func (k Kind) Label() string {
	switch k {
	case KindUnits:
		return "单位"
	case KindPeople:
		return "人员"
	}
	return string(k)
}

// Existing describes what is already in the database, for reference checks.
type Existing struct {
	UnitsByName map[string]int64 // full name AND short name → unit id
	Usernames   map[string]bool  // existing login names
}

// UnitRow is one valid unit row. When 上级单位 names an existing unit,
// Unit.ParentID is set and ParentName is empty. When it names a unit created
// by an earlier row of the same file, Unit.ParentID is 0 and ParentName
// holds the name as written (that row's full or short name); the caller
// resolves it after creating the earlier rows. New units are Active.
type UnitRow struct {
	Line       int
	Unit       zhongshu.Unit
	ParentName string
}

// PersonRow is one valid person row. User.Posts are filled in the order of
// the 单位 column (the first is primary) with UnitID, UnitName (as written)
// and Title; PostUnitNames lists the unit names as written. Every unit must
// already exist: units created by the same import are not supported here.
type PersonRow struct {
	Line          int
	User          zhongshu.User
	PostUnitNames []string
}

// RowError is a problem in one cell of the file. Line is the spreadsheet
// row number (the header is row 1); Column is the Chinese header text, or
// empty for a problem that concerns the whole row. Message is in Chinese.
type RowError struct {
	Line    int
	Column  string
	Message string
}

// Report is the result of parsing a file. Units or People hold only the
// rows without errors; Errors lists every problem sorted by line.
type Report struct {
	Kind   Kind
	Units  []UnitRow
	People []PersonRow
	Errors []RowError
}

// OK reports whether the file has no row errors and may be imported.
func (r *Report) OK() bool { return len(r.Errors) == 0 }

// Rows returns the number of valid rows in the report.
func (r *Report) Rows() int { return len(r.Units) + len(r.People) }

// Parse reads a file of the given kind and validates every row. The format
// follows the file name's extension (.xlsx or .csv, any case). CSV files may
// be UTF-8, with or without BOM, or GB18030 as saved by Chinese Excel.
// At most maxRows non-blank data rows are accepted (maxRows <= 0: no limit).
//
// Parse returns an error only when the file as a whole cannot be used: it
// cannot be read, is not of a supported format, is too large, has more than
// maxRows rows, or lacks required header columns. Such errors carry a
// *zhongshu.Error with CodeInvalid and a Chinese message (find it with
// errors.As or zhongshu.ErrorMessage). Problems in rows go to Report.Errors.
func Parse(kind Kind, filename string, r io.Reader, ex Existing, maxRows int) (*Report, error) {
	cols, err := columnsOf(kind)
	if err != nil {
		return nil, err
	}
	raw, err := readRows(filename, r)
	if err != nil {
		return nil, err
	}
	recs, err := records(cols, raw, maxRows)
	if err != nil {
		return nil, err
	}
	rep := &Report{Kind: kind}
	switch kind {
	case KindUnits:
		rep.Units, rep.Errors = parseUnits(recs, ex)
	case KindPeople:
		rep.People, rep.Errors = parsePeople(recs, ex)
	}
	sort.SliceStable(rep.Errors, func(i, j int) bool { return rep.Errors[i].Line < rep.Errors[j].Line })
	return rep, nil
}

// invalid returns an invalid-input error with a Chinese message; cause, when
// not nil, is wrapped as well so that logs keep the technical reason.
func invalid(cause error, format string, args ...any) error {
	e := zhongshu.Errorf(zhongshu.CodeInvalid, format, args...)
	if cause == nil {
		return e
	}
	return fmt.Errorf("orgimport: %w: %w", e, cause)
}

// rowErrs collects the problems of one row, at most one per column, and
// hands them out in column order.
type rowErrs struct {
	line  int
	order []string // column order of the kind
	errs  []RowError
}

func newRowErrs(line int, cols []column) *rowErrs {
	e := &rowErrs{line: line}
	for _, c := range cols {
		e.order = append(e.order, c.name)
	}
	return e
}

// add records msg for col unless col already has a problem.
func (e *rowErrs) add(col, msg string) {
	for _, x := range e.errs {
		if x.Column == col {
			return
		}
	}
	e.errs = append(e.errs, RowError{Line: e.line, Column: col, Message: msg})
}

// addValidation turns a Validate error into row errors; fields maps the
// domain field names to columns, in the order they are checked.
func (e *rowErrs) addValidation(err error, fields []fieldColumn) {
	if err == nil {
		return
	}
	probs := zhongshu.ErrorFields(err)
	if len(probs) == 0 {
		e.add("", zhongshu.ErrorMessage(err))
		return
	}
	done := map[string]bool{}
	for _, f := range fields {
		if msg, ok := probs[f.field]; ok {
			e.add(f.column(msg), msg)
			done[f.field] = true
		}
	}
	var rest []string
	for k := range probs {
		if !done[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		e.add("", probs[k])
	}
}

// result returns the problems sorted by column order; row-wide ones last.
func (e *rowErrs) result() []RowError {
	pos := func(col string) int {
		for i, c := range e.order {
			if c == col {
				return i
			}
		}
		return len(e.order)
	}
	sort.SliceStable(e.errs, func(i, j int) bool { return pos(e.errs[i].Column) < pos(e.errs[j].Column) })
	return e.errs
}

// fieldColumn maps a field of zhongshu.Problems to a column. byMessage, when
// set, picks a column from the message (the posts field covers both 单位
// and 职务).
type fieldColumn struct {
	field     string
	col       string
	byMessage func(msg string) string
}

func (f fieldColumn) column(msg string) string {
	if f.byMessage != nil {
		return f.byMessage(msg)
	}
	return f.col
}

// splitList splits s at any of seps, trims the parts and drops empty ones.
func splitList(s, seps string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// splitAligned splits s at any of seps and trims the parts, keeping empty
// parts in place (so that positions line up) but dropping trailing ones.
func splitAligned(s, seps string) []string {
	var out []string
	start := 0
	for i, r := range s {
		if strings.ContainsRune(seps, r) {
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + len(string(r))
		}
	}
	out = append(out, strings.TrimSpace(s[start:]))
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
