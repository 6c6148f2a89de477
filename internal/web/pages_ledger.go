package web

// The 压/误/漏 ledger (DOMAIN.md §2.6): work held up, late or lost, with
// who holds it — the office director's morning page, its Excel export and
// the tallies by unit and by person.

import (
	"bytes"
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// ledgerKinds are the kinds offered by the filter, in the ledger's order.
var ledgerKinds = []zhongshu.FlagKind{zhongshu.FlagHeld, zhongshu.FlagLate, zhongshu.FlagOvernight, zhongshu.FlagMissed}

// flagBadge is the badge class of a kind: 压 orange, 误 red, 漏 dark grey.
func flagBadge(k zhongshu.FlagKind) string {
	switch k {
	case zhongshu.FlagHeld:
		return "badge-orange"
	case zhongshu.FlagLate, zhongshu.FlagOvernight:
		return "badge-red"
	}
	return "badge-dark"
}

// flagNote is the kind in a word or two, beside its badge.
func flagNote(k zhongshu.FlagKind) string {
	switch k {
	case zhongshu.FlagHeld:
		return "积压未办"
	case zhongshu.FlagLate:
		return "超期"
	case zhongshu.FlagOvernight:
		return "文过夜"
	case zhongshu.FlagMissed:
		return "遗漏"
	}
	return ""
}

// ledgerQuery is the ledger's filter as read from a page's query string.
type ledgerQuery struct {
	Kind    string // "" or a FlagKind
	UnitID  int64  // 0: all units (whole-office viewers only)
	Cleared bool
}

// filter turns the query into the app's filter.
func (q ledgerQuery) filter() zhongshu.FlagFilter {
	f := zhongshu.FlagFilter{Cleared: q.Cleared}
	if q.Kind != "" {
		k := zhongshu.FlagKind(q.Kind)
		f.Kind = &k
	}
	if q.UnitID != 0 {
		id := q.UnitID
		f.UnitID = &id
	}
	return f
}

// encode is the query string of the filter, for links and the export.
func (q ledgerQuery) encode() string {
	v := url.Values{}
	if q.Kind != "" {
		v.Set("kind", q.Kind)
	}
	if q.UnitID != 0 {
		v.Set("unit", strconv.FormatInt(q.UnitID, 10))
	}
	if q.Cleared {
		v.Set("tab", "cleared")
	}
	return v.Encode()
}

// readLedgerQuery reads kind, unit and tab; a bad value is a 400.
func readLedgerQuery(r *http.Request, a *zhongshu.Actor) (ledgerQuery, error) {
	v := r.URL.Query()
	var q ledgerQuery
	var p zhongshu.Problems
	if k := v.Get("kind"); k != "" {
		if !zhongshu.FlagKind(k).Valid() {
			p.Add("kind", "类别选择不正确")
		}
		q.Kind = k
	}
	if u := v.Get("unit"); u != "" && a.Can(zhongshu.PermLedgerAll) {
		id, ok := formID(u)
		if !ok {
			p.Add("unit", "单位选择不正确")
		}
		q.UnitID = id
	}
	switch v.Get("tab") {
	case "", "open":
	case "cleared":
		q.Cleared = true
	default:
		p.Add("tab", "分类选择不正确")
	}
	if err := p.Err(); err != nil {
		return q, zhongshu.Errorf(zhongshu.CodeInvalid, "筛选条件有误：%s", firstProblem(p))
	}
	return q, nil
}

// withQuery joins a path and an encoded query string.
func withQuery(path, query string) string {
	if query == "" {
		return path
	}
	return path + "?" + query
}

// firstProblem is one message of p, for an error page.
func firstProblem(p zhongshu.Problems) string {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if len(keys) == 0 {
		return ""
	}
	return p[keys[0]] + "。"
}

// ledgerRow is one flag as the page shows it.
type ledgerRow struct {
	*zhongshu.Flag
	Badge, Short, Note string
}

// tallyRow is one line of a tally table.
type tallyRow struct {
	store.FlagTally
	Total int
}

// sortTallies orders a tally by total, largest first, then by name.
func sortTallies(ts []store.FlagTally) []tallyRow {
	rows := make([]tallyRow, len(ts))
	for i, t := range ts {
		rows[i] = tallyRow{FlagTally: t, Total: t.Held + t.Late + t.Missed}
	}
	slices.SortStableFunc(rows, func(a, b tallyRow) int {
		if c := cmp.Compare(b.Total, a.Total); c != 0 {
			return c
		}
		return cmp.Compare(a.Name, b.Name)
	})
	return rows
}

// ledgerPage is the 压/误/漏 ledger.
type ledgerPage struct {
	BasePage
	Scope       string
	WholeOffice bool
	Query       ledgerQuery
	OpenURL     string // the tabs, keeping the filter
	ClearedURL  string
	ExportURL   string // the export of the current filter
	ResetURL    string // the current tab without filters
	Kinds       []zhongshu.FlagKind
	Units       []*app.UnitNode
	Rows        []ledgerRow
	Total       int
	Pager       Pager
	ByUnit      []tallyRow
	ByOwner     []tallyRow
	OwnersLeft  int // people left out of the by-person table
	TallyTotals tallyRow
}

const (
	ledgerPageSize  = 50
	ledgerTopOwners = 20
	ledgerExportMax = 20000
)

func (s *Server) handleLedger(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	q, err := readLedgerQuery(r, a)
	if err != nil {
		return err
	}
	pg, n := pageParams(r, ledgerPageSize)
	f := q.filter()
	f.Offset, f.Limit = pg.Offset, pg.Limit
	l, err := s.app.FindLedger(r.Context(), a, f)
	if err != nil {
		return err
	}
	p := &ledgerPage{BasePage: s.base(w, r, "压误漏台账"), Scope: l.Scope, WholeOffice: a.Can(zhongshu.PermLedgerAll),
		Query: q, Kinds: ledgerKinds, Total: l.Total, Pager: newPager(r, l.Total, n, ledgerPageSize)}
	open, cleared := q, q
	open.Cleared, cleared.Cleared = false, true
	p.OpenURL, p.ClearedURL = withQuery("/ledger", open.encode()), withQuery("/ledger", cleared.encode())
	p.ExportURL = withQuery("/ledger/export", q.encode())
	p.ResetURL = withQuery("/ledger", ledgerQuery{Cleared: q.Cleared}.encode())
	for _, f := range l.Flags {
		p.Rows = append(p.Rows, ledgerRow{Flag: f, Badge: flagBadge(f.Kind), Short: f.Kind.Short(), Note: flagNote(f.Kind)})
	}
	if p.WholeOffice {
		if _, p.Units, err = s.app.UnitTree(r.Context(), a); err != nil {
			return err
		}
		p.ByUnit = sortTallies(l.ByUnit)
		p.ByOwner = sortTallies(l.ByOwner)
		for _, t := range p.ByUnit {
			p.TallyTotals.Held += t.Held
			p.TallyTotals.Late += t.Late
			p.TallyTotals.Missed += t.Missed
			p.TallyTotals.Total += t.Total
		}
		if len(p.ByOwner) > ledgerTopOwners {
			p.OwnersLeft = len(p.ByOwner) - ledgerTopOwners
			p.ByOwner = p.ByOwner[:ledgerTopOwners]
		}
	}
	return s.pages.render(w, http.StatusOK, "ledger", "layout", p)
}

// handleLedgerExport writes the ledger of the current filter as .xlsx.
func (s *Server) handleLedgerExport(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	q, err := readLedgerQuery(r, a)
	if err != nil {
		return err
	}
	var flags []*zhongshu.Flag
	scope := ""
	for {
		f := q.filter()
		f.Offset, f.Limit = len(flags), zhongshu.MaxPageSize
		l, err := s.app.FindLedger(r.Context(), a, f)
		if err != nil {
			return err
		}
		scope = l.Scope
		flags = append(flags, l.Flags...)
		if len(l.Flags) < zhongshu.MaxPageSize || len(flags) >= l.Total || len(flags) >= ledgerExportMax {
			break
		}
	}
	var buf bytes.Buffer
	if err := writeLedgerXLSX(&buf, flags, q.Cleared, s.clock.Now()); err != nil {
		return err
	}
	if err := s.app.NoteExport(r.Context(), a, "压误漏台账", len(flags)); err != nil {
		return err
	}
	now := s.clock.Now().In(chinaTime)
	name := fmt.Sprintf("压误漏台账（%s）-%s.xlsx", scope, now.Format("20060102"))
	if q.Cleared {
		name = fmt.Sprintf("压误漏台账-已销账（%s）-%s.xlsx", scope, now.Format("20060102"))
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	_, err = buf.WriteTo(w)
	return err
}

// writeLedgerXLSX writes flags as one sheet with a header row.
func writeLedgerXLSX(buf *bytes.Buffer, flags []*zhongshu.Flag, cleared bool, now time.Time) (err error) {
	x := excelize.NewFile()
	defer func() {
		if cerr := x.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("web: ledger export: %w", cerr)
		}
	}()
	const sheet = "压误漏台账"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("web: ledger export: %w", err)
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("web: ledger export: %w", err)
	}
	_ = sw.SetColWidth(1, 1, 14)
	_ = sw.SetColWidth(2, 2, 48)
	_ = sw.SetColWidth(3, 4, 14)
	_ = sw.SetColWidth(5, 6, 18)
	_ = sw.SetColWidth(8, 8, 36)
	header := []any{"类别", "标题", "承办人", "单位", "办理期限", "登记时间", "已持续（天）", "说明"}
	if cleared {
		header = append(header, "销账时间", "销账原因")
	}
	if err := sw.SetRow("A1", header); err != nil {
		return fmt.Errorf("web: ledger export: %w", err)
	}
	for i, f := range flags {
		days := int(now.Sub(f.RaisedAt) / (24 * time.Hour))
		if cleared && !f.ClearedAt.IsZero() {
			days = int(f.ClearedAt.Sub(f.RaisedAt) / (24 * time.Hour))
		}
		row := []any{f.Kind.Label(), f.Title, f.OwnerName, f.UnitName, fmtDue(f.DueAt), f.RaisedAt.In(chinaTime).Format("2006-01-02 15:04"), days, f.Detail}
		if cleared {
			row = append(row, f.ClearedAt.In(chinaTime).Format("2006-01-02 15:04"), f.ClearedWhy)
		}
		if err := sw.SetRow("A"+strconv.Itoa(i+2), row); err != nil {
			return fmt.Errorf("web: ledger export: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("web: ledger export: %w", err)
	}
	if _, err := x.WriteTo(buf); err != nil {
		return fmt.Errorf("web: ledger export: %w", err)
	}
	return nil
}
