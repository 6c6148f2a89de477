package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The 发文 API's rows of the authorization table. The document is drafted
// in the 秘书科 and signed by xianzhang: wenshu and zhuren see every 发文
// (文电科, office leadership), xianzhang as its signer; duchayuan and
// fgj.lly (whose unit is only an addressee) have no part in it and get 404;
// the administrators lack the business permission (403). The table's walk
// has no 发文 of its own, so that the parties may be told 404 there (own);
// TestAuthz_OutgoingAPI walks these routes with a seeded document and
// allows them nothing less than access.
var (
	apiOutParties   = []string{"wenshu", "zhuren", "xianzhang"}
	apiOutOutsiders = []string{"duchayuan", "fgj.lly"}
)

func init() {
	doc := rule{allow: apiOutParties, own: true, unseen: apiOutOutsiders}
	expectations["GET /api/v1/outgoing"] = allow(business)
	expectations["POST /api/v1/outgoing"] = allow(business) // everyone with a post drafts
	expectations["GET /api/v1/outgoing/export"] = allow(business)
	expectations["GET /api/v1/outgoing/{id}"] = doc
	expectations["PUT /api/v1/outgoing/{id}"] = doc
	expectations["POST /api/v1/outgoing/{id}/actions"] = doc
	expectations["POST /api/v1/outgoing/{id}/files"] = doc
	expectations["GET /api/v1/outgoing/{id}/files/{file}"] = doc
	expectations["GET /api/v1/outgoing/{id}/rendition"] = doc
	expectations["GET /api/v1/outgoing/{id}/rendition.sig"] = doc
}

// TestAuthz_OutgoingAPI walks every 发文 API route as every demo role (and
// signed out) with a registered document, its attachment and its
// rendition: the parties get through (the empty bodies are refused with
// 400, not 403 or 404), the outsiders get 404 and the administrators 403.
func TestAuthz_OutgoingAPI(t *testing.T) {
	e := newEnv(t)
	d, att := seedOutgoing(t, e, "青川县人民政府办公室关于走查发文接口的通知", "producing")
	routes := 0
	for _, rt := range e.web.Routes() {
		if !rt.API || !strings.HasPrefix(rt.Pattern, "/api/v1/outgoing") {
			continue
		}
		routes++
		want, ok := expectations[rt.Method+" "+rt.Pattern]
		if !ok {
			t.Errorf("route %s %s has no row in the authorization table", rt.Method, rt.Pattern)
			continue
		}
		want.own = false // the document exists: no excuse for a party's 404
		path := strings.NewReplacer("{id}", fmt.Sprint(d.ID), "{file}", fmt.Sprint(att.ID)).Replace(rt.Pattern)
		body := ""
		if rt.Method != http.MethodGet {
			body = "{}"
		}
		for _, who := range append([]string{""}, walkers...) {
			resp := e.apiDo(who, rt.Method, path, body)
			resp.Body.Close()
			check(t, rt.Method+" "+path, who, want, true, resp.StatusCode, "")
		}
	}
	if routes != 10 {
		t.Errorf("%d 发文 API routes, want 10", routes)
	}
}

// TestAPI_OutgoingVisibilityAndList: a person of a unit with no part in
// the document is told nothing — not by id, not in the register, not in
// its total or export — and the register's filters select what they say.
func TestAPI_OutgoingVisibilityAndList(t *testing.T) {
	e := newEnv(t)
	d, att := seedOutgoing(t, e, "青川县人民政府办公室关于加强森林防火工作的通知", "producing")
	path := apiOutPath(d.ID, "")
	for _, who := range []string{"chengguan.lly", "fgj.lly"} {
		for _, req := range []struct{ method, path, body string }{
			{"GET", path, ""},
			{"PUT", path, apiOutBody(t, e, d.Title)},
			{"POST", path + "/actions", `{"action":"dispatch"}`},
			{"GET", path + "/rendition", ""},
			{"GET", path + "/rendition.sig", ""},
			{"GET", path + fmt.Sprintf("/files/%d", att.ID), ""},
			{"POST", path + "/files", "{}"},
		} {
			resp := e.apiDo(who, req.method, req.path, req.body)
			if body := readBody(resp); resp.StatusCode != 404 || strings.Contains(body, "森林防火") || strings.Contains(body, "%PDF") {
				t.Errorf("%s %s %s: %d %.200s", who, req.method, req.path, resp.StatusCode, body)
			}
		}
		if l := apiCall[apiList[map[string]any]](t, e, who, "GET", "/api/v1/outgoing", "", 200); l.Total != 0 || len(l.Items) != 0 {
			t.Errorf("%s lists %d documents", who, l.Total)
		}
		req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/outgoing/export", nil)
		req.Header.Set("Authorization", "Bearer "+e.token(who))
		req.Header.Set("Accept", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if ex := apiDecode[struct {
			Rows int `json:"rows"`
		}](t, resp, 200); ex.Rows != 0 {
			t.Errorf("%s exports %d rows", who, ex.Rows)
		}
	}
	// Those it was routed to see it.
	if l := apiCall[apiList[map[string]any]](t, e, "xianzhang", "GET", "/api/v1/outgoing", "", 200); l.Total != 1 {
		t.Errorf("the signer lists %d documents", l.Total)
	}

	// Filters, as the 文电科 sees the register.
	other, _ := seedOutgoing(t, e, "青川县人民政府办公室关于报送统计数据的通知", "drafting")
	today := time.Now().In(time.FixedZone("CST", 8*3600)).Format("2006-01-02")
	filters := []struct {
		query string
		want  []int64
	}{
		{"", []int64{other.ID, d.ID}},
		{"status=producing", []int64{d.ID}},
		{"status=drafting,producing", []int64{other.ID, d.ID}},
		{"status=drafting&status=archived", []int64{other.ID}},
		{"kind=notice", []int64{other.ID, d.ID}},
		{"kind=请示", nil},
		{fmt.Sprintf("lead_unit=%d", unitByName(t, e, apiOutOffice)), []int64{other.ID, d.ID}},
		{fmt.Sprintf("drafter=%d", e.actor("liting").ID()), []int64{other.ID, d.ID}},
		{fmt.Sprintf("drafter=%d", e.actor("zhangwei").ID()), nil},
		{"issued=1", nil},
		{"from=" + today + "&to=" + today, []int64{other.ID, d.ID}},
		{"to=2020-01-01", nil},
		{"q=统计", []int64{other.ID}},
		{"q=" + url.QueryEscape(d.Number), []int64{d.ID}},
		{"limit=1", []int64{other.ID}},
		{"limit=1&offset=1", []int64{d.ID}},
	}
	for _, f := range filters {
		l := apiCall[apiList[struct {
			ID int64 `json:"id"`
		}]](t, e, "wenshu", "GET", "/api/v1/outgoing?"+f.query, "", 200)
		var got []int64
		for _, it := range l.Items {
			got = append(got, it.ID)
		}
		if diff := cmp.Diff(f.want, got); diff != "" {
			t.Errorf("?%s (-want +got):\n%s", f.query, diff)
		}
	}
	bad := apiCall[apiErrorBody](t, e, "wenshu", "GET", "/api/v1/outgoing?status=lost&kind=便条&lead_unit=x&drafter=0&issued=maybe&from=昨天", "", 400)
	for _, f := range []string{"status", "kind", "lead_unit", "drafter", "issued", "from"} {
		if bad.Error.Fields[f] == "" {
			t.Errorf("no message for %s: %v", f, bad.Error.Fields)
		}
	}
	apiCall[apiErrorBody](t, e, "wenshu", "GET", "/api/v1/outgoing/export?status=lost", "", 400)
	resp := e.apiDo("wenshu", "GET", "/api/v1/outgoing/export?status=producing", "")
	if body := readBody(resp); resp.StatusCode != 200 || !strings.HasPrefix(body, "PK") ||
		!strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
		t.Errorf("export: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}
