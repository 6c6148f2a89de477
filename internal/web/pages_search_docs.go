package web

// 检索 (issue 7): the results page over every module the viewer may see —
// hits with their highlights, facets that narrow the search, paging. The
// top bar's box sends here; the JSON twin is api_search.go. The 通讯录
// (units and people) stays at /search.

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

const findPageSize = 20

// findForm is a search as the query string carries it (the page and the
// API read the same parameters):
//
//	q         the words: separated by spaces, "quoted" for a phrase, or a 文号
//	module    incoming or supervision; repeatable or comma-separated
//	kind      文种 (收文) or 来源 (督办), as the facet shows it
//	party     来文机关 or 主办单位 starting with this
//	status    状态, as the facet shows it
//	urgency   1 加急及以上, 2 特急
//	from, to  the document's date, YYYY-MM-DD China time, both days included
type findForm struct {
	Q                   string
	Modules             []string
	Kind, Party, Status string
	Urgency             string
	From, To            string
}

// Module is the one module filtered on, for the form's select.
func (f findForm) Module() string {
	if len(f.Modules) == 1 {
		return f.Modules[0]
	}
	return ""
}

// readFindForm reads the search and the query it makes; qp collects the
// problems.
func (s *Server) readFindForm(qp *queryParams) (findForm, app.SearchQuery) {
	var f findForm
	var q app.SearchQuery
	f.Q = qp.str("q")
	q.Text = f.Q
	known := map[string]bool{}
	for _, m := range s.app.SearchModules() {
		known[m[0]] = true
	}
	for _, v := range qp.v["module"] {
		for _, m := range strings.Split(v, ",") {
			if m = strings.TrimSpace(m); m == "" || slices.Contains(f.Modules, m) {
				continue
			}
			if !known[m] {
				qp.p.Add("module", "模块须为 incoming（收文）或 supervision（督办）")
				continue
			}
			f.Modules = append(f.Modules, m)
		}
	}
	q.Filter.Modules = f.Modules
	f.Kind, f.Party, f.Status = qp.str("kind"), qp.str("party"), qp.str("status")
	q.Filter.Kind, q.Filter.Party, q.Filter.Status = f.Kind, f.Party, f.Status
	switch u := qp.str("urgency"); u {
	case "", "0":
	case "1", "2":
		f.Urgency = u
		q.Filter.MinUrgency, _ = strconv.Atoi(u)
	default:
		qp.p.Add("urgency", "紧急程度须为 1（加急及以上）或 2（特急）")
	}
	if from := qp.date("from"); !from.IsZero() {
		f.From, q.Filter.From = qp.str("from"), from
	}
	if to := qp.date("to"); !to.IsZero() {
		f.To, q.Filter.To = qp.str("to"), to.AddDate(0, 0, 1)
	}
	if !q.Filter.From.IsZero() && !q.Filter.To.IsZero() && !q.Filter.To.After(q.Filter.From) {
		qp.p.Add("to", "结束日期不能早于开始日期")
	}
	return f, q
}

// findHit is one result as the page shows it.
type findHit struct {
	ModuleLabel string
	URL         string
	Title       []app.Piece
	Numbers     []string
	PartyLabel  string // 来文机关 or 主办单位
	Party       string
	Status      string
	Kind        string
	At          time.Time
	Urgency     zhongshu.Urgency
	Snippet     []app.Piece
	Where       string // 文号, 标题 or 正文
}

// findFacet is one value of a facet: a link that adds the filter, or
// takes it off when it is already on.
type findFacet struct {
	Label  string
	Count  int
	URL    string
	Active bool
}

type findFacetGroup struct {
	Label string
	Items []findFacet
}

// findFilter is a filter in force, with the link that removes it.
type findFilter struct {
	Label     string
	RemoveURL string
}

// findPage is the results page.
type findPage struct {
	BasePage
	Form     findForm
	Modules  [][2]string
	Error    string
	Fields   map[string]string
	Searched bool // there was something to look for
	Total    int
	More     bool
	From, To int // the hits shown, 1-based
	Hits     []findHit
	Facets   []findFacetGroup
	Filters  []findFilter
	ClearURL string
	FirstURL string
	Pager    numberedPager
}

var (
	findWhere = map[string]string{"number": "文号", "title": "标题", "body": "正文"}
	// findParty names a hit's party by its module.
	findParty = map[string]string{app.IncomingModule: "来文机关", app.OutgoingModule: "发文机关", app.SupervisionModule: "主办单位"}
)

func (s *Server) handleFind(w http.ResponseWriter, r *http.Request) error {
	qp := newQuery(r)
	form, sq := s.readFindForm(qp)
	pg, n := pageParams(r, findPageSize)
	sq.Page = pg
	title := "检索"
	if form.Q != "" {
		title = "检索：" + form.Q
	}
	p := &findPage{BasePage: s.base(w, r, title), Form: form, Modules: s.app.SearchModules()}
	labels := map[string]string{}
	for _, m := range p.Modules {
		labels[m[0]] = m[1]
	}
	p.Filters, p.ClearURL = findFilters(r, form, labels)
	if len(qp.p) > 0 {
		p.Error, p.Fields = "检索条件有误："+firstProblem(qp.p), qp.p
		return s.pages.render(w, http.StatusBadRequest, "find", "layout", p)
	}
	res, err := s.app.Search(r.Context(), actor(r), sq)
	if err != nil {
		msg, fields, ok := formErrors(err)
		if !ok {
			return err
		}
		p.Error, p.Fields = msg, fields
		if f := fields["q"]; f != "" { // said next to the box, once
			p.Error, p.Fields["q"] = "", strings.TrimSuffix(msg, "。")+"（"+f+"）。"
		}
		return s.pages.render(w, http.StatusBadRequest, "find", "layout", p)
	}
	p.Searched = !res.Query.Empty()
	p.Total, p.More = res.Total, res.More
	if len(res.Hits) > 0 {
		p.From, p.To = pg.Offset+1, pg.Offset+len(res.Hits)
	}
	pagerTotal := res.Total
	if res.More { // one page more is there to be collected
		pagerTotal += findPageSize
	}
	p.Pager, p.FirstURL = newNumberedPager(r, pagerTotal, n, findPageSize), findLink(r, "page", "")
	for _, h := range res.Hits {
		p.Hits = append(p.Hits, findHit{ModuleLabel: h.ModuleLabel, URL: h.URL, Title: h.TitleMarked,
			Numbers: strings.Fields(h.Numbers), PartyLabel: findParty[h.Module], Party: h.Party, Status: h.Status,
			Kind: h.Kind, At: h.At, Urgency: zhongshu.Urgency(h.Urgency), Snippet: h.Snippet, Where: findWhere[h.Where]})
	}
	p.Facets = findFacets(r, form, res.Facets)
	return s.pages.render(w, http.StatusOK, "find", "layout", p)
}

// findLink is the page's URL with one parameter set (or removed when value
// is ""), back on the first page.
func findLink(r *http.Request, name, value string) string {
	v := r.URL.Query()
	v.Del("page")
	if value == "" {
		v.Del(name)
	} else {
		v.Set(name, value)
	}
	return "/find?" + v.Encode()
}

// findFacets turns the result's facets into links, in a fixed order.
func findFacets(r *http.Request, form findForm, facets map[string][]app.Facet) []findFacetGroup {
	groups := []struct{ key, label, current string }{
		{"module", "类别", form.Module()},
		{"kind", "文种/来源", form.Kind},
		{"status", "状态", form.Status},
		{"party", "来文机关/主办单位", form.Party},
	}
	var out []findFacetGroup
	for _, g := range groups {
		fs := facets[g.key]
		if len(fs) == 0 {
			continue
		}
		grp := findFacetGroup{Label: g.label}
		for _, f := range fs {
			active := f.Value == g.current
			link := findLink(r, g.key, f.Value)
			if active {
				link = findLink(r, g.key, "")
			}
			grp.Items = append(grp.Items, findFacet{Label: f.Label, Count: f.Count, URL: link, Active: active})
		}
		out = append(out, grp)
	}
	return out
}

// findFilters lists the filters in force, each with the link that takes it
// off, and the link that takes them all off.
func findFilters(r *http.Request, form findForm, labels map[string]string) ([]findFilter, string) {
	var out []findFilter
	add := func(label, name string) {
		out = append(out, findFilter{Label: label, RemoveURL: findLink(r, name, "")})
	}
	if len(form.Modules) > 0 {
		var ls []string
		for _, m := range form.Modules {
			ls = append(ls, labels[m])
		}
		add("类别："+strings.Join(ls, "、"), "module")
	}
	if form.Kind != "" {
		add("文种/来源："+form.Kind, "kind")
	}
	if form.Status != "" {
		add("状态："+form.Status, "status")
	}
	if form.Party != "" {
		add("单位："+form.Party+"…", "party")
	}
	switch form.Urgency {
	case "1":
		add("加急及以上", "urgency")
	case "2":
		add("特急", "urgency")
	}
	if form.From != "" {
		add("自 "+form.From, "from")
	}
	if form.To != "" {
		add("至 "+form.To, "to")
	}
	clearURL := "/find"
	if form.Q != "" {
		clearURL += "?" + url.Values{"q": {form.Q}}.Encode()
	}
	return out, clearURL
}
