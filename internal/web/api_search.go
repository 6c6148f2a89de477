package web

// GET /api/v1/search: the 检索 of /find as JSON — the same parameters and
// the same app.Search, paged by offset and limit.

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// maxSearchLimit bounds one page of search results.
const maxSearchLimit = 100

// searchJSON is one page of search results.
type searchJSON struct {
	Total  int              `json:"total" doc:"已找到的条数（仅含本人有权查看的）：不足 200 条时为全部，否则计到 200 条或所请求页的末尾为止"`
	More   bool             `json:"more" doc:"为 true 时还有更多结果（超过 total），可加大 offset 继续取，或增加检索词、筛选；facets 按已找到的 total 条统计"`
	Offset int              `json:"offset" doc:"本页第一条的偏移量"`
	Limit  int              `json:"limit" doc:"每页条数（实际使用的值）"`
	Hits   []searchHitJSON  `json:"hits" doc:"本页结果：文号命中在前，其次标题、正文，各按日期从新到旧"`
	Facets searchFacetsJSON `json:"facets" doc:"按全部结果（不分页）统计的分面，每项最多 10 个值，按条数从多到少"`
}

// searchHitJSON is one result.
type searchHitJSON struct {
	Module      string               `json:"module" doc:"模块：incoming 收文，supervision 督办"`
	ModuleLabel string               `json:"module_label" doc:"模块名称，如 收文"`
	ID          int64                `json:"id" doc:"该模块中的记录编号（收文或督办事项的编号）"`
	Title       string               `json:"title" doc:"标题"`
	Numbers     []string             `json:"numbers" doc:"文号：收文号、来文字号或督办编号"`
	Kind        string               `json:"kind" doc:"文种（收文）或来源（督办）"`
	Party       string               `json:"party" doc:"来文机关（收文）或主办单位（督办）"`
	Status      string               `json:"status" doc:"状态"`
	Urgency     zhongshu.Urgency     `json:"urgency" doc:"紧急程度：0 平件，1 加急，2 特急"`
	At          time.Time            `json:"at" doc:"日期：收文时间或督办交办时间"`
	URL         string               `json:"url" doc:"页面地址"`
	Where       string               `json:"where" doc:"命中之处：number 文号，title 标题，body 正文（含摘要、批示、附件文字）"`
	Snippet     string               `json:"snippet" doc:"正文中命中处前后的一段文字（纯文本）"`
	Highlights  searchHighlightsJSON `json:"highlights" doc:"标题和摘要切分成的片段，mark 为 true 的是命中的字词"`
}

// searchHighlightsJSON are the title and the snippet cut at the matches.
type searchHighlightsJSON struct {
	Title   []searchPieceJSON `json:"title" doc:"标题的片段，依次连接即为标题"`
	Snippet []searchPieceJSON `json:"snippet" doc:"摘要的片段，依次连接即为 snippet"`
}

type searchPieceJSON struct {
	Text string `json:"text" doc:"一段文字"`
	Mark bool   `json:"mark" doc:"是否为命中的字词"`
}

// searchFacetsJSON counts the results by module, 文种/来源, status and party.
type searchFacetsJSON struct {
	Module []searchFacetJSON `json:"module" doc:"按模块；value 可作为 module 参数"`
	Kind   []searchFacetJSON `json:"kind" doc:"按文种或来源；value 可作为 kind 参数"`
	Status []searchFacetJSON `json:"status" doc:"按状态；value 可作为 status 参数"`
	Party  []searchFacetJSON `json:"party" doc:"按来文机关或主办单位；value 可作为 party 参数"`
}

type searchFacetJSON struct {
	Value string `json:"value" doc:"筛选用的值"`
	Label string `json:"label" doc:"显示名称"`
	Count int    `json:"count" doc:"条数"`
}

func pieces(ps []app.Piece) []searchPieceJSON {
	out := make([]searchPieceJSON, 0, len(ps))
	for _, p := range ps {
		out = append(out, searchPieceJSON{Text: p.Text, Mark: p.Mark})
	}
	return out
}

func facetsJSON(fs []app.Facet) []searchFacetJSON {
	out := make([]searchFacetJSON, 0, len(fs))
	for _, f := range fs {
		out = append(out, searchFacetJSON{Value: f.Value, Label: f.Label, Count: f.Count})
	}
	return out
}

func (s *Server) handleAPISearch(w http.ResponseWriter, r *http.Request) error {
	qp := newQuery(r)
	_, sq := s.readFindForm(qp)
	sq.Page = qp.page()
	if n, _ := strconv.Atoi(qp.str("limit")); n <= 0 {
		sq.Page.Limit = findPageSize // as on the page
	}
	sq.Page.Limit = min(sq.Page.Limit, maxSearchLimit)
	if sq.Text == "" {
		qp.p.Add("q", "请输入检索词")
	}
	if err := qp.err(); err != nil {
		return err
	}
	res, err := s.app.Search(r.Context(), actor(r), sq)
	if err != nil {
		return err
	}
	out := searchJSON{Total: res.Total, More: res.More, Offset: sq.Page.Offset, Limit: sq.Page.Limit,
		Hits: []searchHitJSON{}, Facets: searchFacetsJSON{Module: facetsJSON(res.Facets["module"]),
			Kind: facetsJSON(res.Facets["kind"]), Status: facetsJSON(res.Facets["status"]), Party: facetsJSON(res.Facets["party"])}}
	for _, h := range res.Hits {
		var snippet strings.Builder
		for _, p := range h.Snippet {
			snippet.WriteString(p.Text)
		}
		numbers := strings.Fields(h.Numbers)
		if numbers == nil {
			numbers = []string{}
		}
		out.Hits = append(out.Hits, searchHitJSON{Module: h.Module, ModuleLabel: h.ModuleLabel, ID: h.RefID, Title: h.Title,
			Numbers: numbers, Kind: h.Kind, Party: h.Party, Status: h.Status, Urgency: zhongshu.Urgency(h.Urgency),
			At: apiTime(h.At), URL: h.URL, Where: h.Where, Snippet: snippet.String(),
			Highlights: searchHighlightsJSON{Title: pieces(h.TitleMarked), Snippet: pieces(h.Snippet)}})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
