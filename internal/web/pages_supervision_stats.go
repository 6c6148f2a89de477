package web

// 督办统计 and 督查通报 (DOMAIN.md §5.7, §5.8): the ranking table with its
// charts and Excel export, the bulletin draft and its Word export, and the
// statistics API.

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// statsForm is the period and grouping as the form sends them.
type statsForm struct {
	Period string // month, quarter, year or custom
	Year   int
	N      int // month 1–12 or quarter 1–4
	From   string
	To     string // inclusive last day, as shown
	By     string
	Ext    bool // approved extension counts as 按期
	Issue  int  // bulletin number
}

func (f statsForm) encode() string {
	v := url.Values{}
	v.Set("period", f.Period)
	if f.Period == "custom" {
		v.Set("from", f.From)
		v.Set("to", f.To)
	} else {
		v.Set("year", strconv.Itoa(f.Year))
		if f.Period != "year" {
			v.Set("n", strconv.Itoa(f.N))
		}
	}
	v.Set("by", f.By)
	if f.Ext {
		v.Set("ext", "1")
	} else {
		v.Set("ext", "0")
	}
	if f.Issue > 0 {
		v.Set("issue", strconv.Itoa(f.Issue))
	}
	return v.Encode()
}

// readStatsQuery reads the period (period=month|quarter|year with year and
// n, or period=custom with from and to, both inclusive dates), by and ext.
// The default is the current quarter by unit, extensions counted as 按期.
func readStatsQuery(r *http.Request, now time.Time) (statsForm, app.StatsQuery, error) {
	v := r.URL.Query()
	if r.Method == http.MethodPost {
		v = r.Form
	}
	local := now.In(chinaTime)
	f := statsForm{Period: strings.TrimSpace(v.Get("period")), Year: local.Year(), N: (int(local.Month())-1)/3 + 1,
		By: strings.TrimSpace(v.Get("by")), Ext: v.Get("ext") != "0", Issue: 1}
	if f.Period == "" {
		f.Period = "quarter"
		if v.Get("from") != "" || v.Get("to") != "" {
			f.Period = "custom"
		}
	}
	if f.By == "" {
		f.By = app.StatsByUnit
	}
	bad := func(msg string) (statsForm, app.StatsQuery, error) {
		return f, app.StatsQuery{}, zhongshu.Errorf(zhongshu.CodeInvalid, "统计条件有误：%s", msg)
	}
	atoi := func(name string, def int) (int, bool) {
		s := strings.TrimSpace(v.Get(name))
		if s == "" {
			return def, true
		}
		n, err := strconv.Atoi(s)
		return n, err == nil
	}
	var ok bool
	if f.Issue, ok = atoi("issue", 1); !ok || f.Issue < 1 || f.Issue > 9999 {
		return bad("通报期数须为1至9999。")
	}
	q := app.StatsQuery{By: f.By, ExtensionOnTime: f.Ext}
	switch f.Period {
	case "month", "quarter", "year":
		def := f.N
		if f.Period == "month" {
			def = int(local.Month())
		}
		if f.Year, ok = atoi("year", f.Year); !ok || f.Year < 2000 || f.Year > 2100 {
			return bad("年份不正确。")
		}
		if f.N, ok = atoi("n", def); !ok {
			return bad("期间序号不正确。")
		}
		switch f.Period {
		case "month":
			if f.N < 1 || f.N > 12 {
				return bad("月份须为1至12。")
			}
			q.From = time.Date(f.Year, time.Month(f.N), 1, 0, 0, 0, 0, chinaTime)
			q.To = q.From.AddDate(0, 1, 0)
		case "quarter":
			if f.N < 1 || f.N > 4 {
				return bad("季度须为1至4。")
			}
			q.From = time.Date(f.Year, time.Month(3*f.N-2), 1, 0, 0, 0, 0, chinaTime)
			q.To = q.From.AddDate(0, 3, 0)
		default:
			f.N = 0
			q.From = time.Date(f.Year, 1, 1, 0, 0, 0, 0, chinaTime)
			q.To = q.From.AddDate(1, 0, 0)
		}
		f.From, f.To = q.From.Format("2006-01-02"), q.To.AddDate(0, 0, -1).Format("2006-01-02")
	case "custom":
		f.From, f.To = strings.TrimSpace(v.Get("from")), strings.TrimSpace(v.Get("to"))
		from, err1 := time.ParseInLocation("2006-01-02", f.From, chinaTime)
		to, err2 := time.ParseInLocation("2006-01-02", f.To, chinaTime)
		if err1 != nil || err2 != nil {
			return bad("起止日期须为 YYYY-MM-DD 格式。")
		}
		q.From, q.To = from, to.AddDate(0, 0, 1)
	default:
		return bad("期间须为月度、季度、年度或自定义。")
	}
	if err := q.Validate(); err != nil {
		return bad(zhongshu.ErrorMessage(err))
	}
	return f, q, nil
}

// statsChart is the data charts.js draws.
type statsChart struct {
	Bar struct {
		Names []string  `json:"names"`
		Rates []float64 `json:"rates"`
	} `json:"bar"`
	Pie []statsSlice `json:"pie"`
}

type statsSlice struct {
	Name  string `json:"name"`
	Value int    `json:"value"`
}

func newStatsChart(rows []app.StatsRow, total app.StatsRow) statsChart {
	var c statsChart
	c.Bar.Names, c.Bar.Rates = []string{}, []float64{}
	for _, r := range rows {
		if r.Due > 0 {
			c.Bar.Names = append(c.Bar.Names, r.Name)
			c.Bar.Rates = append(c.Bar.Rates, r.OnTimeRate)
		}
	}
	c.Pie = []statsSlice{{"按期办结", total.OnTime}, {"逾期办结", total.Late}, {"超期未办结", total.OverdueOpen},
		{"在办未到期", total.Open}}
	return c
}

// statsLine is a ranked row.
type statsLine struct {
	Rank int
	app.StatsRow
}

func rankRows(rows []app.StatsRow) []statsLine {
	out := make([]statsLine, len(rows))
	for i, r := range rows {
		out[i] = statsLine{Rank: i + 1, StatsRow: r}
	}
	return out
}

// statsPage is the 督办统计 page.
type statsPage struct {
	BasePage
	Form      statsForm
	Label     string // the period in words
	Rows      []statsLine
	Total     app.StatsRow
	Chart     statsChart
	ExportURL string
	Query     string // the period's query string
	ByLabel   string
	Years     []int
}

func statsByLabel(by string) string {
	switch by {
	case app.StatsByLeader:
		return "分管领导"
	case app.StatsBySource:
		return "来源"
	}
	return "主办单位"
}

func statsYears(now time.Time) []int {
	y := now.In(chinaTime).Year()
	var ys []int
	for i := y + 1; i >= y-5; i-- {
		ys = append(ys, i)
	}
	return ys
}

func (s *Server) handleSupervisionStats(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	f, q, err := readStatsQuery(r, s.clock.Now())
	if err != nil {
		return err
	}
	rows, total, err := s.app.SupervisionStats(r.Context(), a, q)
	if err != nil {
		return err
	}
	p := &statsPage{BasePage: s.base(w, r, "督办统计"), Form: f, Label: app.PeriodLabel(q.From, q.To), Rows: rankRows(rows),
		Total: total, Chart: newStatsChart(rows, total), ExportURL: "/supervision/stats/export?" + f.encode(), Query: f.encode(),
		ByLabel: statsByLabel(q.By), Years: statsYears(s.clock.Now())}
	return s.pages.render(w, http.StatusOK, "supervision_stats", "layout", p)
}

// handleSupervisionStatsExport writes the ranking table as .xlsx.
func (s *Server) handleSupervisionStatsExport(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	_, q, err := readStatsQuery(r, s.clock.Now())
	if err != nil {
		return err
	}
	rows, total, err := s.app.SupervisionStats(r.Context(), a, q)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := writeStatsXLSX(&buf, rows, total, statsByLabel(q.By), app.PeriodLabel(q.From, q.To)); err != nil {
		return err
	}
	if err := s.app.NoteExport(r.Context(), a, "督办统计", len(rows)); err != nil {
		return err
	}
	name := fmt.Sprintf("督办统计（%s）.xlsx", app.PeriodLabel(q.From, q.To))
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	_, err = buf.WriteTo(w)
	return err
}

var statsHeader = []any{"名次", "", "交办数", "应办结数", "按期办结数", "逾期办结数", "超期未办结数", "按期办结率(%)",
	"办结率(%)", "平均办理时长(工作日)", "催办次数", "延期次数", "退回重办次数", "反馈及时率(%)"}

func statsCells(rank any, r app.StatsRow) []any {
	return []any{rank, r.Name, r.Issued, r.Due, r.OnTime, r.Late, r.OverdueOpen, r.OnTimeRate, r.CompletionRate,
		r.AvgWorkdays, r.Reminders, r.Extensions, r.Returns, r.FeedbackRate}
}

func writeStatsXLSX(buf *bytes.Buffer, rows []app.StatsRow, total app.StatsRow, by, period string) (err error) {
	x := excelize.NewFile()
	defer func() {
		if cerr := x.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("web: stats export: %w", cerr)
		}
	}()
	const sheet = "督办统计"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("web: stats export: %w", err)
	}
	header := append([]any(nil), statsHeader...)
	header[1] = by
	put := func(row int, cells []any) error { return x.SetSheetRow(sheet, "A"+strconv.Itoa(row), &cells) }
	if err := put(1, []any{"督办统计 " + period}); err != nil {
		return fmt.Errorf("web: stats export: %w", err)
	}
	if err := put(2, header); err != nil {
		return fmt.Errorf("web: stats export: %w", err)
	}
	for i, r := range rows {
		if err := put(i+3, statsCells(i+1, r)); err != nil {
			return fmt.Errorf("web: stats export: %w", err)
		}
	}
	if err := put(len(rows)+3, statsCells("", total)); err != nil {
		return fmt.Errorf("web: stats export: %w", err)
	}
	_ = x.SetColWidth(sheet, "B", "B", 24)
	if _, err := x.WriteTo(buf); err != nil {
		return fmt.Errorf("web: stats export: %w", err)
	}
	return nil
}

// bulletinPage is the 督查通报 draft page.
type bulletinPage struct {
	BasePage
	Form      statsForm
	Bulletin  app.Bulletin
	Rows      []statsLine
	Query     string // the period's query string, for the export
	Years     []int
	Generated bool
}

// handleSupervisionBulletin shows the period form (GET) and, with a
// period chosen or on POST, the generated draft.
func (s *Server) handleSupervisionBulletin(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if r.Method == http.MethodPost {
		if err := r.ParseForm(); err != nil {
			return zhongshu.Errorf(zhongshu.CodeInvalid, "表单有误。")
		}
	}
	f, q, err := readStatsQuery(r, s.clock.Now())
	if err != nil {
		return err
	}
	b, err := s.app.SupervisionBulletin(r.Context(), a, q, f.Issue)
	if err != nil {
		return err
	}
	p := &bulletinPage{BasePage: s.base(w, r, "督查通报"), Form: f, Bulletin: b, Rows: rankRows(b.Rows), Query: f.encode(), Years: statsYears(s.clock.Now()),
		Generated: r.Method == http.MethodPost || r.URL.Query().Has("period")}
	return s.pages.render(w, http.StatusOK, "supervision_bulletin", "layout", p)
}

// handleSupervisionBulletinExport writes the draft (the edited text when
// the form sends it, else the generated one) as a minimal .docx.
func (s *Server) handleSupervisionBulletinExport(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	f, q, err := readStatsQuery(r, s.clock.Now())
	if err != nil {
		return err
	}
	b, err := s.app.SupervisionBulletin(r.Context(), a, q, f.Issue)
	if err != nil {
		return err
	}
	text := b.Text
	if t := r.URL.Query().Get("text"); strings.TrimSpace(t) != "" {
		if len(t) > 100000 {
			return zhongshu.Errorf(zhongshu.CodeInvalid, "通报内容过长。")
		}
		text = t
	}
	var buf bytes.Buffer
	if err := writeDocx(&buf, strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")); err != nil {
		return err
	}
	if err := s.app.NoteExport(r.Context(), a, "督查通报", 1); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(b.Title+".docx"))
	w.Header().Set("Cache-Control", "no-store")
	_, err = buf.WriteTo(w)
	return err
}

// writeDocx writes a minimal WordprocessingML package: one paragraph per
// line, in 仿宋_GB2312 三号 (16 pt) as 公文 bodies are set.
func writeDocx(buf *bytes.Buffer, lines []string) error {
	zw := zip.NewWriter(buf)
	files := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
			`</Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
			`</Relationships>`},
	}
	var doc strings.Builder
	doc.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for i, l := range lines {
		if i == len(lines)-1 && l == "" {
			break
		}
		doc.WriteString(`<w:p>`)
		if i == 0 {
			doc.WriteString(`<w:pPr><w:jc w:val="center"/></w:pPr>`)
		}
		doc.WriteString(`<w:r><w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312"/><w:sz w:val="32"/></w:rPr><w:t xml:space="preserve">`)
		if err := xml.EscapeText(&doc, []byte(l)); err != nil {
			return fmt.Errorf("web: docx: %w", err)
		}
		doc.WriteString(`</w:t></w:r></w:p>`)
	}
	doc.WriteString(`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>`)
	files = append(files, struct{ name, body string }{"word/document.xml", doc.String()})
	for _, f := range files {
		fw, err := zw.Create(f.name)
		if err != nil {
			return fmt.Errorf("web: docx: %w", err)
		}
		if _, err := fw.Write([]byte(f.body)); err != nil {
			return fmt.Errorf("web: docx: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("web: docx: %w", err)
	}
	return nil
}

// statsRowJSON is one line of the statistics in the API.
type statsRowJSON struct {
	Key            string  `json:"key"`
	Name           string  `json:"name"`
	Issued         int     `json:"issued"`
	Due            int     `json:"due"`
	OnTime         int     `json:"on_time"`
	Late           int     `json:"late"`
	OverdueOpen    int     `json:"overdue_open"`
	Open           int     `json:"open"`
	Reminders      int     `json:"reminders"`
	Extensions     int     `json:"extensions"`
	Returns        int     `json:"returns"`
	OnTimeRate     float64 `json:"on_time_rate"`
	CompletionRate float64 `json:"completion_rate"`
	AvgWorkdays    float64 `json:"avg_workdays"`
	FeedbackDue    int     `json:"feedback_due"`
	FeedbackOnTime int     `json:"feedback_on_time"`
	FeedbackRate   float64 `json:"feedback_rate"`
}

func statsRowOut(r app.StatsRow) statsRowJSON {
	return statsRowJSON{Key: r.Key, Name: r.Name, Issued: r.Issued, Due: r.Due, OnTime: r.OnTime, Late: r.Late,
		OverdueOpen: r.OverdueOpen, Open: r.Open, Reminders: r.Reminders, Extensions: r.Extensions, Returns: r.Returns,
		OnTimeRate: r.OnTimeRate, CompletionRate: r.CompletionRate, AvgWorkdays: r.AvgWorkdays,
		FeedbackDue: r.FeedbackDue, FeedbackOnTime: r.FeedbackOnTime, FeedbackRate: r.FeedbackRate}
}

// supervisionStatsJSON is the statistics in the API.
type supervisionStatsJSON struct {
	From  string         `json:"from"`
	To    string         `json:"to"`
	By    string         `json:"by"`
	Rows  []statsRowJSON `json:"rows"`
	Total statsRowJSON   `json:"total"`
}

// handleAPISupervisionStats is GET /api/v1/supervision/stats with the
// page's query parameters: {from, to, rows, total}.
func (s *Server) handleAPISupervisionStats(w http.ResponseWriter, r *http.Request) error {
	_, q, err := readStatsQuery(r, s.clock.Now())
	if err != nil {
		return err
	}
	rows, total, err := s.app.SupervisionStats(r.Context(), actor(r), q)
	if err != nil {
		return err
	}
	out := supervisionStatsJSON{From: q.From.Format("2006-01-02"), To: q.To.AddDate(0, 0, -1).Format("2006-01-02"), By: q.By,
		Rows: []statsRowJSON{}, Total: statsRowOut(total)}
	for _, row := range rows {
		out.Rows = append(out.Rows, statsRowOut(row))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
