package web_test

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/incoming"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// plantIncoming registers a 办件 as the 文书 and, when unit is not "",
// has the office director 交办 it to that unit (主办): the unit's liaison
// then sees it, other units do not.
func plantIncoming(t *testing.T, e *env, title, sender, number, unit string, urgency zhongshu.Urgency) *zhongshu.IncomingDoc {
	t.Helper()
	ctx := context.Background()
	d := &zhongshu.IncomingDoc{SenderName: sender, SenderNumber: number, Title: title, Urgency: urgency,
		Channel: zhongshu.ChannelExchange, Handling: zhongshu.HandlingAction}
	if _, err := e.app.RegisterIncoming(ctx, e.actor("wenshu"), d, app.ModeRegister); err != nil {
		t.Fatalf("register %q: %v", title, err)
	}
	if unit == "" {
		return d
	}
	due, _ := e.app.DueIn(d.RegisteredAt, 5)
	if _, err := e.app.ActOnIncoming(ctx, e.actor("zhuren"), d.ID, app.IncomingRequest{Action: incoming.Propose,
		Text: "请" + unit + "办理。", Assignments: []zhongshu.IncomingAssignment{
			{UnitID: unitByName(t, e, unit), Role: zhongshu.AssignmentLead, DueAt: due}}}); err != nil {
		t.Fatalf("交办 %q: %v", title, err)
	}
	return d
}

// findPage fetches /find with the query values as user and returns the
// status and the body.
func findPage(t *testing.T, e *env, user string, v url.Values) (int, string) {
	t.Helper()
	resp := e.get(e.login(user), "/find?"+v.Encode())
	return resp.StatusCode, readBody(resp)
}

// apiSearchResult is the JSON of GET /api/v1/search.
type apiSearchResult struct {
	Total  int  `json:"total"`
	More   bool `json:"more"`
	Offset int  `json:"offset"`
	Limit  int  `json:"limit"`
	Hits   []struct {
		Module     string   `json:"module"`
		ID         int64    `json:"id"`
		Title      string   `json:"title"`
		Numbers    []string `json:"numbers"`
		Kind       string   `json:"kind"`
		Party      string   `json:"party"`
		Status     string   `json:"status"`
		Where      string   `json:"where"`
		Snippet    string   `json:"snippet"`
		Highlights struct {
			Title []struct {
				Text string `json:"text"`
				Mark bool   `json:"mark"`
			} `json:"title"`
		} `json:"highlights"`
	} `json:"hits"`
	Facets map[string][]struct {
		Value string `json:"value"`
		Label string `json:"label"`
		Count int    `json:"count"`
	} `json:"facets"`
}

func apiSearch(t *testing.T, e *env, user string, v url.Values) apiSearchResult {
	t.Helper()
	return apiCall[apiSearchResult](t, e, user, "GET", "/api/v1/search?"+v.Encode(), "", 200)
}

// hitCount counts the results on a page.
func hitCount(body string) int { return strings.Count(body, `<li class="find-hit">`) }

func TestFind_TwoCharactersFindBothModulesHighlighted(t *testing.T) {
	e := newEnv(t)
	plantIncoming(t, e, "关于做好防汛物资储备工作的通知", "市应急管理局", "市应急发〔2026〕21号", "县发改局", zhongshu.UrgencyExtra)
	seedSupervision(t, e, "督促防汛物资调配到位")
	plantIncoming(t, e, "关于<b>防汛</b>&抗旱的函", "市水利局", "", "", zhongshu.UrgencyNormal)
	plantIncoming(t, e, "关于报送统计数据的通知", "市统计局", "", "", zhongshu.UrgencyNormal)

	// The office director sees every 收文 and every 督办 item.
	status, body := findPage(t, e, "zhuren", url.Values{"q": {"防汛"}})
	if status != 200 {
		t.Fatalf("status %d: %.2000s", status, body)
	}
	for _, want := range []string{
		"共 <strong>3</strong> 条",
		"关于做好<mark>防汛</mark>物资储备工作的通知",
		"督促<mark>防汛</mark>物资调配到位",
		`<span class="badge badge-blue find-module">收文</span>`,
		`<span class="badge badge-blue find-module">督办</span>`,
		`<span class="badge badge-red">特急</span>`,
		"市应急发〔2026〕21号",
		"来文机关：市应急管理局",
		"主办单位：县发改局",
		"匹配：标题",
		// The title's markup is text: escaped, the match still marked.
		"关于&lt;b&gt;<mark>防汛</mark>&lt;/b&gt;&amp;抗旱的函",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(body, "<b>防汛") || strings.Contains(body, "统计数据") {
		t.Errorf("unescaped title or a document without the term: %.3000s", body)
	}
	if n := hitCount(body); n != 3 {
		t.Errorf("%d hits on the page, want 3", n)
	}
	// The snippet comes from the body and marks the term there too.
	r := apiSearch(t, e, "zhuren", url.Values{"q": {"抓紧"}})
	if r.Total != 1 || r.Hits[0].Module != "supervision" || r.Hits[0].Where != "body" || !strings.Contains(r.Hits[0].Snippet, "抓紧") {
		t.Errorf("body hit: %+v", r)
	}
	_, body = findPage(t, e, "zhuren", url.Values{"q": {"抓紧"}})
	if !strings.Contains(body, `<p class="find-snippet">`) || !strings.Contains(body, "<mark>抓紧</mark>") || !strings.Contains(body, "匹配：正文") {
		t.Errorf("snippet: %.3000s", body)
	}
}

func TestFind_NumberInSquareBracketsComesFirst(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	target := plantIncoming(t, e, "关于下达防汛救灾资金的通知", "市财政局", "市财预〔2026〕101号", "", zhongshu.UrgencyNormal)
	// A newer document that quotes the number in its summary.
	quoting := &zhongshu.IncomingDoc{SenderName: "市水利局", Title: "关于防汛资金使用情况的报告", Channel: zhongshu.ChannelPaper,
		Handling: zhongshu.HandlingRead, Summary: "根据市财预〔2026〕101号文件要求报送。"}
	if _, err := e.app.RegisterIncoming(ctx, e.actor("wenshu"), quoting, app.ModeRegister); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"市财预[2026]101号", "市财预（2026）101号", "市财预【2026】101号"} {
		r := apiSearch(t, e, "wenshu", url.Values{"q": {q}})
		if len(r.Hits) != 2 || r.Hits[0].ID != target.ID || r.Hits[0].Where != "number" || r.Hits[1].ID != quoting.ID || r.Hits[1].Where != "body" {
			t.Errorf("%s: %+v", q, r.Hits)
		}
	}
	// The 收文号, typed with square brackets.
	q := strings.NewReplacer("〔", "[", "〕", "]").Replace(target.Number)
	r := apiSearch(t, e, "wenshu", url.Values{"q": {q}})
	if len(r.Hits) == 0 || r.Hits[0].ID != target.ID || r.Hits[0].Where != "number" {
		t.Errorf("收文号 %s: %+v", q, r.Hits)
	}
	status, body := findPage(t, e, "wenshu", url.Values{"q": {"市财预[2026]101号"}})
	first := strings.Index(body, `<li class="find-hit">`)
	if status != 200 || first < 0 || !strings.Contains(body[first:], "关于下达防汛救灾资金的通知") ||
		strings.Index(body[first:], "下达防汛救灾资金") > strings.Index(body[first:], "防汛资金使用情况") ||
		!strings.Contains(body, "匹配：文号") {
		t.Errorf("number first on the page: %d %.3000s", status, body)
	}
}

func TestFind_FacetsFilter(t *testing.T) {
	e := newEnv(t)
	plantIncoming(t, e, "关于做好防汛物资储备工作的通知", "市应急管理局", "", "县发改局", zhongshu.UrgencyExtra)
	plantIncoming(t, e, "关于防汛值班安排的函", "市水利局", "", "", zhongshu.UrgencyNormal)
	seedSupervision(t, e, "督促防汛物资调配到位")

	r := apiSearch(t, e, "zhuren", url.Values{"q": {"防汛"}})
	counts := func(facet string) map[string]int {
		m := map[string]int{}
		for _, f := range r.Facets[facet] {
			m[f.Value] = f.Count
		}
		return m
	}
	if r.Total != 3 || fmt.Sprint(counts("module")) != "map[incoming:2 supervision:1]" ||
		fmt.Sprint(counts("party")) != "map[县发改局:1 市应急管理局:1 市水利局:1]" {
		t.Fatalf("facets: total %d, %+v", r.Total, r.Facets)
	}

	// The page shows each facet as a link that adds the filter.
	_, body := findPage(t, e, "zhuren", url.Values{"q": {"防汛"}})
	link := "/find?" + url.Values{"module": {"supervision"}, "q": {"防汛"}}.Encode()
	if !strings.Contains(body, `href="`+html.EscapeString(link)+`"`) || !strings.Contains(body, `<span class="find-facet-count">1</span>`) {
		t.Fatalf("no facet link %s: %.4000s", link, body)
	}
	resp := e.get(e.login("zhuren"), link)
	body = readBody(resp)
	if resp.StatusCode != 200 || hitCount(body) != 1 || !strings.Contains(body, "督促<mark>防汛</mark>物资调配到位") ||
		!strings.Contains(body, "共 <strong>1</strong> 条") || !strings.Contains(body, "类别：督办") {
		t.Errorf("module filter: %d %.3000s", resp.StatusCode, body)
	}

	tests := []struct {
		name string
		v    url.Values
		want []string // titles, in order
	}{
		{"party", url.Values{"party": {"市水"}}, []string{"关于防汛值班安排的函"}},
		{"kind", url.Values{"kind": {"函"}}, []string{"关于防汛值班安排的函"}},
		{"status", url.Values{"status": {r.Facets["status"][0].Value}, "module": {"supervision"}}, []string{"督促防汛物资调配到位"}},
		{"urgency", url.Values{"urgency": {"2"}}, []string{"关于做好防汛物资储备工作的通知"}},
		{"today on", url.Values{"from": {time.Now().In(time.FixedZone("CST", 8*3600)).Format("2006-01-02")}, "module": {"incoming"}},
			[]string{"关于防汛值班安排的函", "关于做好防汛物资储备工作的通知"}},
		{"to yesterday", url.Values{"to": {time.Now().In(time.FixedZone("CST", 8*3600)).AddDate(0, 0, -1).Format("2006-01-02")}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.v.Set("q", "防汛")
			got := apiSearch(t, e, "zhuren", tt.v)
			var titles []string
			for _, h := range got.Hits {
				titles = append(titles, h.Title)
			}
			if fmt.Sprint(titles) != fmt.Sprint(tt.want) || got.Total != len(tt.want) {
				t.Errorf("%v: %v (total %d), want %v", tt.v, titles, got.Total, tt.want)
			}
			if status, body := findPage(t, e, "zhuren", tt.v); status != 200 || hitCount(body) != len(tt.want) {
				t.Errorf("page %v: %d, %d hits", tt.v, status, hitCount(body))
			}
		})
	}
	// A bad filter is an error next to the box, not an empty result.
	status, body := findPage(t, e, "zhuren", url.Values{"q": {"防汛"}, "urgency": {"9"}, "module": {"meeting"}})
	if status != 400 || !strings.Contains(body, "检索条件有误") {
		t.Errorf("bad filter: %d %.2000s", status, body)
	}
}

func TestFind_Paging(t *testing.T) {
	e := newEnv(t)
	for i := 1; i <= 23; i++ {
		plantIncoming(t, e, fmt.Sprintf("关于第%d批防汛物资调拨的通知", i), "市应急管理局", "", "", zhongshu.UrgencyNormal)
	}
	status, body := findPage(t, e, "wenshu", url.Values{"q": {"防汛"}})
	if status != 200 || hitCount(body) != 20 || !strings.Contains(body, "共 <strong>23</strong> 条") ||
		!strings.Contains(body, "第 1–20 条") || !strings.Contains(body, `rel="next"`) || !strings.Contains(body, "第 1/2 页，每页 20 条") {
		t.Fatalf("page 1: %d, %d hits: %.3000s", status, hitCount(body), body)
	}
	if !strings.Contains(body, "第23批") || strings.Contains(body, "第1批") {
		t.Errorf("page 1 is not newest first")
	}
	status, body = findPage(t, e, "wenshu", url.Values{"q": {"防汛"}, "page": {"2"}})
	if status != 200 || hitCount(body) != 3 || !strings.Contains(body, "第 21–23 条") || !strings.Contains(body, "第1批") ||
		!strings.Contains(body, `rel="prev"`) || strings.Contains(body, `rel="next"`) {
		t.Errorf("page 2: %d, %d hits: %.3000s", status, hitCount(body), body)
	}
	if status, body = findPage(t, e, "wenshu", url.Values{"q": {"防汛"}, "page": {"9"}}); status != 200 || !strings.Contains(body, "回到第一页") {
		t.Errorf("past the end: %d", status)
	}

	r := apiSearch(t, e, "wenshu", url.Values{"q": {"防汛"}})
	if r.Total != 23 || len(r.Hits) != 20 || r.Limit != 20 || r.More {
		t.Errorf("api default page: total %d, %d hits, limit %d", r.Total, len(r.Hits), r.Limit)
	}
	r = apiSearch(t, e, "wenshu", url.Values{"q": {"防汛"}, "offset": {"20"}, "limit": {"10"}})
	if r.Total != 23 || len(r.Hits) != 3 || r.Offset != 20 || r.Hits[2].Title != "关于第1批防汛物资调拨的通知" {
		t.Errorf("api offset 20: total %d, %d hits", r.Total, len(r.Hits))
	}
	if r = apiSearch(t, e, "wenshu", url.Values{"q": {"防汛"}, "limit": {"500"}}); r.Limit != 100 || len(r.Hits) != 23 {
		t.Errorf("api limit 500: limit %d, %d hits", r.Limit, len(r.Hits))
	}
}

// TestFind_PermissionNothingLeaks plants a 收文 交办 to 县发改局 and proves
// that 城关镇's liaison, whatever they ask, learns nothing of it: not a hit,
// not a count, not a facet, not through the API or a number lookup, not by
// the text of its attachment.
func TestFind_PermissionNothingLeaks(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	hidden := plantIncoming(t, e, "关于防汛干部调整的内部通知", "市委组织部", "市委组发〔2026〕7号", "县发改局", zhongshu.UrgencyExtra)
	note := "防汛指挥部干部人选名单草案"
	if _, err := e.app.AddIncomingAttachment(ctx, e.actor("wenshu"), hidden.ID, "名单.txt", int64(len(note)), strings.NewReader(note)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.ExtractAttachmentTexts(ctx, 10); err != nil {
		t.Fatal(err)
	}
	mine := plantIncoming(t, e, "关于城区防汛排涝工作的通知", "市水利局", "市水发〔2026〕15号", "城关镇", zhongshu.UrgencyNormal)

	// Positive controls: the plant is in the index for those who may see it.
	for _, who := range []string{"fgj.lly", "wenshu"} {
		for _, q := range []string{"干部调整", "人选名单", "市委组发[2026]7号"} {
			if r := apiSearch(t, e, who, url.Values{"q": {q}}); len(r.Hits) != 1 || r.Hits[0].ID != hidden.ID {
				t.Fatalf("%s cannot find the plant by %q: %+v", who, q, r)
			}
		}
	}

	bracketed := strings.NewReplacer("〔", "[", "〕", "]").Replace(hidden.Number)
	secrets := []string{"干部调整", "内部通知", "人选名单", "市委组织部", "市委组发", hidden.Number, html.EscapeString(hidden.Number)}
	queries := []url.Values{
		{"q": {"防汛"}}, {"q": {"汛"}}, {"q": {"干部调整"}}, {"q": {"干"}}, {"q": {`"防汛干部"`}}, {"q": {"内部通知"}},
		{"q": {"通知"}}, {"q": {"人选名单"}}, {"q": {"草案"}}, {"q": {"市委组织部"}}, {"q": {"市委"}},
		{"q": {"市委组发〔2026〕7号"}}, {"q": {"市委组发[2026]7号"}}, {"q": {"市委组发（2026）第7号"}}, {"q": {"7号"}},
		{"q": {hidden.Number}}, {"q": {bracketed}}, {"q": {"2026"}},
		{"q": {"防汛"}, "party": {"市委"}}, {"q": {"防汛"}, "urgency": {"2"}}, {"q": {"通知"}, "module": {"incoming"}},
		{"q": {"防汛"}, "status": {hidden.Status.Label()}}, {"q": {"防汛"}, "kind": {"通知"}},
		{"q": {"防汛"}, "page": {"2"}},
	}
	for _, v := range queries {
		name := v.Encode()
		r := apiSearch(t, e, "chengguan.lly", v)
		visible := 0
		for _, h := range r.Hits {
			if h.Module == app.IncomingModule && h.ID == hidden.ID {
				t.Errorf("%s: the API returns the hidden document", name)
			}
			if h.ID == mine.ID {
				visible++
			}
		}
		// Nothing but the liaison's own document matches any of these.
		wantTotal := 0
		if v.Get("page") == "" {
			wantTotal = visible
		} else if strings.Contains(mine.Title, v.Get("q")) {
			wantTotal = 1
		}
		if r.Total != wantTotal || r.More {
			t.Errorf("%s: total %d (more %v), want %d", name, r.Total, r.More, wantTotal)
		}
		for facet, fs := range r.Facets {
			sum := 0
			for _, f := range fs {
				sum += f.Count
				if f.Value == "市委组织部" || f.Label == "市委组织部" {
					t.Errorf("%s: facet %s names the hidden document's sender", name, facet)
				}
			}
			if sum > r.Total {
				t.Errorf("%s: facet %s counts %d, more than the %d visible", name, facet, sum, r.Total)
			}
		}
		status, body := findPage(t, e, "chengguan.lly", v)
		if status != 200 {
			t.Errorf("%s: page status %d", name, status)
		}
		for _, s := range secrets {
			if strings.Contains(body, s) && !strings.Contains(v.Get("q"), s) && !strings.Contains(v.Get("party"), s) {
				t.Errorf("%s: the page shows %q", name, s)
			}
		}
		if wantTotal == 0 && !strings.Contains(body, "没有找到") && v.Get("page") == "" {
			t.Errorf("%s: no empty state: %.2000s", name, body)
		}
		if r.Total > 0 && !strings.Contains(body, fmt.Sprintf("共 <strong>%d</strong> 条", r.Total)) {
			t.Errorf("%s: page count differs from the API's %d", name, r.Total)
		}
	}
	// Their own document they do find.
	if r := apiSearch(t, e, "chengguan.lly", url.Values{"q": {"防汛"}}); r.Total != 1 || r.Hits[0].ID != mine.ID {
		t.Errorf("chengguan.lly's own document: %+v", r)
	}
}

func TestFind_EmptyQueryShowsTips(t *testing.T) {
	e := newEnv(t)
	tips := []string{"1个字也能查", "用空格分隔多个词", "用引号查完整短语", "文号可用任意括号"}
	for _, v := range []url.Values{{}, {"q": {"  "}}, {"q": {"《》"}}, {"q": {"查无此文"}}} {
		status, body := findPage(t, e, "wenshu", v)
		if status != 200 || strings.Contains(body, "共 <strong>") {
			t.Errorf("%v: %d %.2000s", v, status, body)
		}
		for _, tip := range tips {
			if !strings.Contains(body, "<strong>"+tip+"</strong>") {
				t.Errorf("%v: no tip %q", v, tip)
			}
		}
	}
	_, body := findPage(t, e, "wenshu", url.Values{"q": {"查无此文"}})
	if !strings.Contains(body, "没有找到与“查无此文”有关的收文或督办事项，请检查检索词") {
		t.Errorf("no-result message: %.2000s", body)
	}
	// The API wants a query.
	resp := e.apiDo("wenshu", "GET", "/api/v1/search", "")
	if body := readBody(resp); resp.StatusCode != 400 || !strings.Contains(body, "请输入检索词") {
		t.Errorf("API without q: %d %s", resp.StatusCode, body)
	}
}

func TestFind_OverlongQueryIsAChineseError(t *testing.T) {
	e := newEnv(t)
	long := strings.Repeat("防汛", 51)
	status, body := findPage(t, e, "wenshu", url.Values{"q": {long}})
	if status != 400 || !strings.Contains(body, "检索词过长，请精简（不超过100个字）。") ||
		!strings.Contains(body, `aria-invalid="true"`) {
		t.Errorf("page: %d %.2000s", status, body)
	}
	resp := e.apiDo("wenshu", "GET", "/api/v1/search?"+url.Values{"q": {long}}.Encode(), "")
	if body := readBody(resp); resp.StatusCode != 400 || !strings.Contains(body, `"code":"invalid"`) || !strings.Contains(body, "不超过100个字") {
		t.Errorf("API: %d %s", resp.StatusCode, body)
	}
	if status, _ := findPage(t, e, "wenshu", url.Values{"q": {strings.Repeat("汛", 100)}}); status != 200 {
		t.Errorf("100 characters: %d", status)
	}
}

// TestFind_SearchBoxInTheTopBar: business users search documents from every
// page; the administrators, who cannot, keep the directory box.
func TestFind_SearchBoxInTheTopBar(t *testing.T) {
	e := newEnv(t)
	for _, tt := range []struct{ user, path, want, not string }{
		{"wenshu", "/", `action="/find"`, `action="/search"`},
		{"fgj.lly", "/incoming", `placeholder="检索收文、督办、文号…"`, "查找单位、人员"},
		{"sysadmin", "/admin", `action="/search"`, `action="/find"`},
		{"secadmin", "/admin", "查找单位、人员", "检索收文"},
	} {
		resp := e.get(e.login(tt.user), tt.path)
		body := readBody(resp)
		if resp.StatusCode != 200 || !strings.Contains(body, tt.want) || strings.Contains(body, tt.not) {
			t.Errorf("%s %s: %d, want %q and not %q", tt.user, tt.path, resp.StatusCode, tt.want, tt.not)
		}
	}
	// The directory stays reachable from the 通讯录 entry.
	resp := e.get(e.login("wenshu"), "/")
	if body := readBody(resp); !strings.Contains(body, `<a href="/search">通讯录</a>`) {
		t.Errorf("no 通讯录 entry")
	}
}

func TestOpenAPI_Search(t *testing.T) {
	e := newEnv(t)
	plantIncoming(t, e, "关于做好防汛物资储备工作的通知", "市应急管理局", "市应急发〔2026〕21号", "", zhongshu.UrgencyNormal)
	doc := apiDecode[map[string]any](t, apiRaw(t, e, "GET", "/api/v1/openapi.json", "", "", nil), 200)
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	got := apiCall[map[string]any](t, e, "wenshu", "GET", "/api/v1/search?q="+url.QueryEscape("防汛"), "", 200)
	hit := got["hits"].([]any)[0].(map[string]any)
	for _, tt := range []struct {
		schema string
		got    map[string]any
	}{
		{"SearchResult", got},
		{"SearchHit", hit},
		{"SearchHighlights", hit["highlights"].(map[string]any)},
		{"SearchPiece", hit["highlights"].(map[string]any)["title"].([]any)[0].(map[string]any)},
		{"SearchFacets", got["facets"].(map[string]any)},
		{"SearchFacet", got["facets"].(map[string]any)["module"].([]any)[0].(map[string]any)},
	} {
		props := schemas[tt.schema].(map[string]any)["properties"].(map[string]any)
		if len(props) != len(tt.got) {
			t.Errorf("%s: %d properties, response has %d keys", tt.schema, len(props), len(tt.got))
		}
		for k := range tt.got {
			if props[k] == nil {
				t.Errorf("%s: %s not described", tt.schema, k)
			}
		}
	}
	if hit["at"] == "" || !strings.HasSuffix(hit["at"].(string), "+08:00") || strconv.Quote(hit["where"].(string)) != `"title"` {
		t.Errorf("hit: %v", hit)
	}
}
