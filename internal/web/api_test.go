package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/demo"
)

// apiErrorBody is the JSON error shape.
type apiErrorBody struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

// apiDecode reads resp's JSON body into a T after checking the status.
func apiDecode[T any](t *testing.T, resp *http.Response, want int) T {
	t.Helper()
	body := readBody(resp)
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d: %s", resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, want, body)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("%s %s: Content-Type %q, want JSON", resp.Request.Method, resp.Request.URL.Path, ct)
	}
	var v T
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("%s %s: decode %q: %v", resp.Request.Method, resp.Request.URL.Path, body, err)
	}
	return v
}

// apiCall calls the API as user and decodes the answer.
func apiCall[T any](t *testing.T, e *env, user, method, path, body string, want int) T {
	t.Helper()
	return apiDecode[T](t, e.apiDo(user, method, path, body), want)
}

// apiRaw sends a request with the given Authorization header ("" for none).
func apiRaw(t *testing.T, e *env, method, path, auth, contentType string, body []byte) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, bytes.NewReader(body))
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return resp
}

type apiList[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
}

type apiRole struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

type apiUser struct {
	ID       int64     `json:"id"`
	Username string    `json:"username"`
	Name     string    `json:"name"`
	Status   string    `json:"status"`
	Roles    []apiRole `json:"roles"`
	Security *struct {
		MustChangePassword bool `json:"must_change_password"`
	} `json:"security"`
	OneTimePassword string `json:"one_time_password"`
}

type apiUnit struct {
	ID        int64  `json:"id"`
	FullName  string `json:"full_name"`
	ShortName string `json:"short_name"`
	Type      string `json:"type"`
	TypeLabel string `json:"type_label"`
	Active    bool   `json:"active"`
}

func apiUnitCount(t *testing.T, e *env) int {
	t.Helper()
	return apiCall[apiList[apiUnit]](t, e, "sysadmin", "GET", "/api/v1/units?limit=1", "", 200).Total
}

// --- OpenAPI -------------------------------------------------------------

func TestOpenAPI_DescribesEveryAPIRoute(t *testing.T) {
	e := newEnv(t)
	resp := apiRaw(t, e, "GET", "/api/v1/openapi.json", "", "", nil)
	doc := apiDecode[map[string]any](t, resp, 200)

	if doc["openapi"] != "3.0.3" {
		t.Errorf("openapi = %v, want 3.0.3", doc["openapi"])
	}
	info := doc["info"].(map[string]any)
	if info["title"] != "中枢 Zhongshu API" || info["version"] != "1" {
		t.Errorf("info = %v", info)
	}
	comps := doc["components"].(map[string]any)
	bearer := comps["securitySchemes"].(map[string]any)["bearerAuth"].(map[string]any)
	if bearer["type"] != "http" || bearer["scheme"] != "bearer" {
		t.Errorf("bearerAuth = %v", bearer)
	}
	if diff := cmp.Diff([]any{map[string]any{"bearerAuth": []any{}}}, doc["security"]); diff != "" {
		t.Errorf("global security (-want +got):\n%s", diff)
	}
	errProps := comps["schemas"].(map[string]any)["Error"].(map[string]any)["properties"].(map[string]any)["error"].(map[string]any)["properties"].(map[string]any)
	for _, k := range []string{"code", "message", "fields"} {
		if errProps[k] == nil {
			t.Errorf("Error schema lacks error.%s", k)
		}
	}

	paths := doc["paths"].(map[string]any)
	opIDs := map[string]bool{}
	apiRoutes := 0
	paramRE := regexp.MustCompile(`\{([^}]+)\}`)
	for _, rt := range e.web.Routes() {
		if !rt.API {
			continue
		}
		apiRoutes++
		name := rt.Method + " " + rt.Pattern
		item, ok := paths[rt.Pattern].(map[string]any)
		if !ok {
			t.Errorf("%s: path missing from openapi.json", name)
			continue
		}
		op, ok := item[strings.ToLower(rt.Method)].(map[string]any)
		if !ok {
			t.Errorf("%s: method missing from openapi.json", name)
			continue
		}
		id, _ := op["operationId"].(string)
		if id == "" || opIDs[id] {
			t.Errorf("%s: operationId %q empty or repeated", name, id)
		}
		opIDs[id] = true
		if op["summary"] != rt.Summary {
			t.Errorf("%s: summary %q, want %q", name, op["summary"], rt.Summary)
		}
		// Path parameters are declared.
		declared := map[string]bool{}
		params, _ := op["parameters"].([]any)
		for _, p := range params {
			p := p.(map[string]any)
			if p["in"] == "path" {
				declared[p["name"].(string)] = p["required"] == true
			}
		}
		for _, m := range paramRE.FindAllStringSubmatch(rt.Pattern, -1) {
			if !declared[m[1]] {
				t.Errorf("%s: path parameter %s not declared as required", name, m[1])
			}
		}
		// Security: everything but the document itself needs the token.
		sec, hasSec := op["security"]
		public := rt.Pattern == "/api/v1/openapi.json"
		if public && (!hasSec || len(sec.([]any)) != 0) {
			t.Errorf("%s: security %v, want [] (public)", name, sec)
		}
		if !public && hasSec {
			t.Errorf("%s: overrides the global bearer security with %v", name, sec)
		}
		// A documented success body, and the error responses.
		responses := op["responses"].(map[string]any)
		var success bool
		for code, r := range responses {
			if strings.HasPrefix(code, "2") {
				content, _ := r.(map[string]any)["content"].(map[string]any)
				if content["application/json"] == nil {
					t.Errorf("%s: response %s has no JSON schema", name, code)
				}
				success = true
			}
		}
		if !success {
			t.Errorf("%s: no success response", name)
		}
		if !public {
			for _, code := range []string{"400", "401"} {
				if responses[code] == nil {
					t.Errorf("%s: response %s not documented", name, code)
				}
			}
		}
	}
	ops := 0
	for _, item := range paths {
		ops += len(item.(map[string]any))
	}
	if ops != apiRoutes {
		t.Errorf("openapi.json has %d operations, the route table %d API routes", ops, apiRoutes)
	}

	// Every reference resolves.
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				parts := strings.Split(strings.TrimPrefix(ref, "#/components/"), "/")
				kind, _ := comps[parts[0]].(map[string]any)
				if len(parts) != 2 || kind[parts[1]] == nil {
					t.Errorf("unresolved $ref %q", ref)
				}
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
}

// TestOpenAPI_SchemasMatchResponses checks that the documented properties
// are exactly the keys the API sends.
func TestOpenAPI_SchemasMatchResponses(t *testing.T) {
	e := newEnv(t)
	doc := fetchOpenAPI(t, e)
	first := func(user, path string) map[string]any {
		l := apiCall[apiList[map[string]any]](t, e, user, "GET", path, "", 200)
		if len(l.Items) == 0 {
			t.Fatalf("GET %s: no items", path)
		}
		return l.Items[0]
	}
	doc.checkSchemaKeys(t, []schemaSample{
		{"Unit", first("sysadmin", "/api/v1/units")},
		{"User", first("sysadmin", "/api/v1/users")}, // administrators see the security state
		{"AuditEntry", first("auditadmin", "/api/v1/audit")},
		{"UnitList", apiCall[map[string]any](t, e, "wenshu", "GET", "/api/v1/units", "", 200)},
		{"Me", apiCall[map[string]any](t, e, "wenshu", "GET", "/api/v1/me", "", 200)},
		{"WorkList", apiCall[map[string]any](t, e, "wenshu", "GET", "/api/v1/work", "", 200)},
		{"AuditVerification", apiCall[map[string]any](t, e, "auditadmin", "POST", "/api/v1/audit/verify", "", 200)},
	})
	// Others do not see a person's security state.
	u := first("wenshu", "/api/v1/users")
	if _, ok := u["security"]; ok {
		t.Errorf("wenshu sees another person's security state: %v", u["security"])
	}
}

// --- Authentication ------------------------------------------------------

func TestAPI_Unauthenticated(t *testing.T) {
	e := newEnv(t)
	tests := []struct{ name, auth string }{
		{"no token", ""},
		{"not bearer", "Basic d2Vuc2h1OnB3"},
		{"bad token", "Bearer zs_definitely-not-a-token"},
		{"empty bearer", "Bearer "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := apiRaw(t, e, "GET", "/api/v1/me", tt.auth, "", nil)
			if got := resp.Header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
				t.Errorf("WWW-Authenticate = %q, want Bearer", got)
			}
			body := apiDecode[apiErrorBody](t, resp, http.StatusUnauthorized)
			if body.Error.Code != "unauthenticated" || body.Error.Message == "" {
				t.Errorf("error = %+v", body.Error)
			}
		})
	}
}

func TestAPI_Me(t *testing.T) {
	e := newEnv(t)
	var want string
	for _, a := range demo.Accounts() {
		if a.Username == "wenshu" {
			want = a.Name
		}
	}
	me := apiCall[struct {
		apiUser
		Permissions []string `json:"permissions"`
		Delegators  []any    `json:"delegators"`
	}](t, e, "wenshu", "GET", "/api/v1/me", "", 200)
	if me.Name != want || me.Username != "wenshu" {
		t.Errorf("me = %q (%s), want %q (wenshu)", me.Name, me.Username, want)
	}
	var wantRoles []apiRole
	for _, r := range e.actor("wenshu").User.Roles {
		wantRoles = append(wantRoles, apiRole{Code: string(r), Label: r.Label()})
	}
	if diff := cmp.Diff(wantRoles, me.Roles); diff != "" {
		t.Errorf("roles (-want +got):\n%s", diff)
	}
	if !strings.Contains(fmt.Sprint(me.Roles), "文书/机要员") {
		t.Errorf("roles %v lack 文书/机要员", me.Roles)
	}
	if me.Security == nil || me.Delegators == nil || len(me.Permissions) == 0 {
		t.Errorf("me lacks security, delegators or permissions: %+v", me)
	}
}

// --- Access --------------------------------------------------------------

func TestAPI_Access(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		user, method, path, body string
		status                   int
		code                     string
	}{
		{"wenshu", "POST", "/api/v1/units", `{"full_name":"越权单位","type":"department"}`, 403, "forbidden"},
		{"auditadmin", "GET", "/api/v1/users", "", 403, "forbidden"},
		{"wenshu", "GET", "/api/v1/audit", "", 404, "not_found"},
		{"wenshu", "POST", "/api/v1/audit/verify", "", 404, "not_found"},
		{"sysadmin", "PUT", "/api/v1/users/2/roles", `{"roles":["clerk"]}`, 403, "forbidden"},
		{"sysadmin", "GET", "/api/v1/units/999999", "", 404, "not_found"},
		{"sysadmin", "GET", "/api/v1/units/abc", "", 404, "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.user+" "+tt.method+" "+tt.path, func(t *testing.T) {
			got := apiCall[apiErrorBody](t, e, tt.user, tt.method, tt.path, tt.body, tt.status)
			if got.Error.Code != tt.code || got.Error.Message == "" {
				t.Errorf("error = %+v, want code %s", got.Error, tt.code)
			}
		})
	}
	if n := apiUnitCount(t, e); n != len(demo.County().Units) {
		t.Errorf("%d units after refused requests, want %d", n, len(demo.County().Units))
	}
}

// --- Units ---------------------------------------------------------------

func TestAPI_UnitCreateAndValidation(t *testing.T) {
	e := newEnv(t)
	before := apiUnitCount(t, e)

	resp := e.apiDo("sysadmin", "POST", "/api/v1/units", `{"full_name":"青川县测试数据中心","short_name":"测试数据中心","type":"department","parent_id":1}`)
	loc := resp.Header.Get("Location")
	u := apiDecode[apiUnit](t, resp, http.StatusCreated)
	if u.ID == 0 || u.FullName != "青川县测试数据中心" || u.TypeLabel != "县政府部门" || !u.Active {
		t.Errorf("created %+v", u)
	}
	if loc != fmt.Sprintf("/api/v1/units/%d", u.ID) {
		t.Errorf("Location = %q", loc)
	}
	if got := apiCall[apiUnit](t, e, "wenshu", "GET", loc, "", 200); got.FullName != u.FullName {
		t.Errorf("GET %s = %+v", loc, got)
	}

	tests := []struct {
		name, body string
		status     int
		fields     map[string]string // nil: only check the message prefix
		msgPrefix  string
	}{
		{"duplicate full name", `{"full_name":"青川县测试数据中心","type":"department"}`, 409,
			map[string]string{"full_name": "该单位全称已存在"}, ""},
		{"empty full name and unknown type", `{"full_name":"  ","type":"ministry"}`, 400,
			map[string]string{"full_name": "请填写单位全称", "type": "请选择单位类型"}, ""},
		{"section without parent", `{"full_name":"某科","type":"section"}`, 400,
			map[string]string{"parent_id": "内设科室必须选择上级单位"}, ""},
		{"missing parent", `{"full_name":"孤儿单位","type":"department","parent_id":999999}`, 400,
			map[string]string{"parent_id": "上级单位不存在"}, ""},
		{"string for an id", `{"full_name":"类型错误单位","type":"department","parent_id":"1"}`, 400,
			map[string]string{"parent_id": "须为整数"}, ""},
		{"string for a bool", `{"full_name":"类型错误单位","type":"department","active":"yes"}`, 400,
			map[string]string{"active": "须为 true 或 false"}, ""},
		{"unknown field", `{"full_name":"多字段单位","type":"department","colour":"red"}`, 400,
			map[string]string{"colour": "不支持的字段"}, ""},
		{"malformed JSON", `{"full_name":"坏单位",`, 400, nil, "请求内容不是有效的 JSON："},
		{"not an object", `["青川县"]`, 400, nil, "请求内容不是有效的 JSON："},
		{"trailing data", `{"full_name":"尾巴单位","type":"department"} {}`, 400, nil, "请求内容不是有效的 JSON："},
		{"empty body", ``, 400, nil, "请求内容不是有效的 JSON："},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := apiRaw(t, e, "POST", "/api/v1/units", "Bearer "+e.token("sysadmin"), "application/json", []byte(tt.body))
			got := apiDecode[apiErrorBody](t, resp, tt.status)
			if tt.fields != nil {
				if diff := cmp.Diff(tt.fields, got.Error.Fields); diff != "" {
					t.Errorf("fields (-want +got):\n%s", diff)
				}
			}
			if !strings.HasPrefix(got.Error.Message, tt.msgPrefix) || got.Error.Message == "" {
				t.Errorf("message %q, want prefix %q", got.Error.Message, tt.msgPrefix)
			}
		})
	}
	if after := apiUnitCount(t, e); after != before+1 {
		t.Errorf("%d units, want %d: bad input must change nothing", after, before+1)
	}
}

func TestAPI_UnitUpdateRoundTrip(t *testing.T) {
	e := newEnv(t)
	unit := apiCall[map[string]any](t, e, "sysadmin", "GET", "/api/v1/units/2", "", 200)
	unit["short_name"] = "改后简称"
	body, _ := json.Marshal(unit) // read-only fields go back too
	got := apiCall[apiUnit](t, e, "sysadmin", "PUT", "/api/v1/units/2", string(body), 200)
	if got.ShortName != "改后简称" || got.ID != 2 {
		t.Errorf("updated %+v", got)
	}

	delete(unit, "active")
	body, _ = json.Marshal(unit)
	bad := apiCall[apiErrorBody](t, e, "sysadmin", "PUT", "/api/v1/units/2", string(body), 400)
	if bad.Error.Fields["active"] == "" {
		t.Errorf("PUT without active: fields %v, want active", bad.Error.Fields)
	}
	unit["active"], unit["id"] = true, 3
	body, _ = json.Marshal(unit)
	bad = apiCall[apiErrorBody](t, e, "sysadmin", "PUT", "/api/v1/units/2", string(body), 400)
	if bad.Error.Fields["id"] == "" {
		t.Errorf("PUT with another id: fields %v, want id", bad.Error.Fields)
	}
}

func TestAPI_ListQueries(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		user, path string
		field      string // "" for success
	}{
		{"sysadmin", "/api/v1/units?type=town&limit=2&offset=1", ""},
		{"sysadmin", "/api/v1/units?limit=100000", ""},
		{"sysadmin", "/api/v1/units?type=planet", "type"},
		{"sysadmin", "/api/v1/units?limit=ten", "limit"},
		{"sysadmin", "/api/v1/units?offset=-1", "offset"},
		{"sysadmin", "/api/v1/units?active=maybe", "active"},
		{"sysadmin", "/api/v1/users?role=emperor", "role"},
		{"sysadmin", "/api/v1/users?status=asleep", "status"},
		{"sysadmin", "/api/v1/users?unit_id=x", "unit_id"},
		{"wenshu", "/api/v1/work?kind=later", "kind"},
		{"auditadmin", "/api/v1/audit?from=2025-13-01", "from"},
		{"auditadmin", "/api/v1/audit?from=2025-06-02&to=2025-06-01", "to"},
		{"auditadmin", "/api/v1/audit?success=perhaps", "success"},
		{"auditadmin", "/api/v1/audit?actor_id=0", "actor_id"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			if tt.field == "" {
				l := apiCall[apiList[map[string]any]](t, e, tt.user, "GET", tt.path, "", 200)
				if l.Limit < 1 || l.Limit > 500 || len(l.Items) > l.Limit {
					t.Errorf("limit %d with %d items", l.Limit, len(l.Items))
				}
				return
			}
			got := apiCall[apiErrorBody](t, e, tt.user, "GET", tt.path, "", 400)
			if got.Error.Fields[tt.field] == "" {
				t.Errorf("fields %v, want a message for %s", got.Error.Fields, tt.field)
			}
		})
	}
	towns := apiCall[apiList[apiUnit]](t, e, "sysadmin", "GET", "/api/v1/units?type=town&limit=2&offset=1", "", 200)
	if towns.Offset != 1 || towns.Limit != 2 || len(towns.Items) != 2 || towns.Total < 3 {
		t.Errorf("towns page = %+v", towns)
	}
	for _, u := range towns.Items {
		if u.Type != "town" {
			t.Errorf("type filter let through %+v", u)
		}
	}
	if l := apiCall[apiList[apiUnit]](t, e, "sysadmin", "GET", "/api/v1/units?limit=100000", "", 200); l.Limit != 500 {
		t.Errorf("limit clamped to %d, want 500", l.Limit)
	}
}

// --- Audit ---------------------------------------------------------------

func TestAPI_Audit(t *testing.T) {
	e := newEnv(t)
	type entry struct {
		Action      string `json:"action"`
		ActionLabel string `json:"action_label"`
		At          string `json:"at"`
		Hash        string `json:"hash"`
	}
	all := apiCall[apiList[entry]](t, e, "auditadmin", "GET", "/api/v1/audit?limit=500", "", 200)
	var found bool
	for _, x := range all.Items {
		found = found || x.Action == "demo.load"
		if _, err := time.Parse(time.RFC3339, x.At); err != nil || x.Hash == "" {
			t.Errorf("entry %+v: time not RFC 3339 or no hash", x)
		}
	}
	if !found {
		t.Errorf("no demo.load among %d entries", len(all.Items))
	}
	today := time.Now().In(time.FixedZone("CST", 8*3600)).Format("2006-01-02")
	filtered := apiCall[apiList[entry]](t, e, "auditadmin", "GET", "/api/v1/audit?action=demo.load&from="+today+"&to="+today+"&success=true", "", 200)
	if filtered.Total != 1 || len(filtered.Items) != 1 || filtered.Items[0].Action != "demo.load" {
		t.Errorf("filtered = %+v, want the one demo.load entry", filtered)
	}
	v := apiCall[struct {
		OK      bool  `json:"ok"`
		Entries int64 `json:"entries"`
		Problem any   `json:"problem"`
	}](t, e, "auditadmin", "POST", "/api/v1/audit/verify", "", 200)
	if !v.OK || v.Entries == 0 || v.Problem != nil {
		t.Errorf("verify = %+v", v)
	}
}

// --- People --------------------------------------------------------------

func TestAPI_UsersAndRoles(t *testing.T) {
	e := newEnv(t)
	units := apiCall[apiList[apiUnit]](t, e, "sysadmin", "GET", "/api/v1/units?type=department&limit=1", "", 200)
	body := fmt.Sprintf(`{"username":"li.xiaolong","name":"李小龙","phone":"13800000000",
		"posts":[{"unit_id":%d,"title":"科员","primary":true}]}`, units.Items[0].ID)
	resp := e.apiDo("sysadmin", "POST", "/api/v1/users", body)
	created := apiDecode[apiUser](t, resp, http.StatusCreated)
	if created.OneTimePassword == "" || created.ID == 0 || created.Status != "active" {
		t.Fatalf("created %+v, want an active account with a one-time password", created)
	}
	if created.Security == nil || !created.Security.MustChangePassword {
		t.Errorf("new account does not have to change its password: %+v", created.Security)
	}
	if len(created.Roles) != 0 {
		t.Errorf("new account has roles %v", created.Roles)
	}
	again := readBody(e.apiDo("sysadmin", "GET", fmt.Sprintf("/api/v1/users/%d", created.ID), ""))
	for _, secret := range []string{created.OneTimePassword, "hash", "secret"} {
		if strings.Contains(again, secret) {
			t.Errorf("GET user shows %q: %s", secret, again)
		}
	}

	rolesPath := fmt.Sprintf("/api/v1/users/%d/roles", created.ID)
	self := e.actor("secadmin").ID()
	tests := []struct {
		name, user, method, path, body string
		status                         int
		field                          string
	}{
		{"sysadmin may not grant roles on create", "sysadmin", "POST", "/api/v1/users",
			`{"username":"zhao.yun","name":"赵云","roles":[{"code":"clerk"}]}`, 403, "roles"},
		{"duplicate username", "sysadmin", "POST", "/api/v1/users", `{"username":"li.xiaolong","name":"李小龙"}`, 409, "username"},
		{"bad username and no name", "sysadmin", "POST", "/api/v1/users", `{"username":"1x","name":""}`, 400, "name"},
		{"post unit must be a number", "sysadmin", "POST", "/api/v1/users", `{"username":"zhao.yun","name":"赵云","posts":[{"unit_id":"x"}]}`, 400, "posts.unit_id"},
		{"three administrators are separate", "secadmin", "PUT", rolesPath, `{"roles":["sys_admin","audit_admin"]}`, 400, "roles"},
		{"unknown role", "secadmin", "PUT", rolesPath, `{"roles":["emperor"]}`, 400, "roles"},
		{"roles must be an array", "secadmin", "PUT", rolesPath, `{"roles":"clerk"}`, 400, "roles"},
		{"roles are required", "secadmin", "PUT", rolesPath, `{}`, 400, "roles"},
		{"not one's own roles", "secadmin", "PUT", fmt.Sprintf("/api/v1/users/%d/roles", self), `{"roles":["sec_admin"]}`, 403, ""},
		{"AB partner is required", "sysadmin", "PUT", fmt.Sprintf("/api/v1/users/%d/ab-partner", created.ID), `{}`, 400, "partner_id"},
		{"AB partner is not oneself", "sysadmin", "PUT", fmt.Sprintf("/api/v1/users/%d/ab-partner", created.ID),
			fmt.Sprintf(`{"partner_id":%d}`, created.ID), 400, "partner_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := apiCall[apiErrorBody](t, e, tt.user, tt.method, tt.path, tt.body, tt.status)
			if tt.field != "" && got.Error.Fields[tt.field] == "" {
				t.Errorf("fields %v, want a message for %s", got.Error.Fields, tt.field)
			}
		})
	}
	if n := apiCall[apiList[apiUser]](t, e, "sysadmin", "GET", "/api/v1/users?q=zhao.yun", "", 200).Total; n != 0 {
		t.Errorf("a refused create left %d accounts behind", n)
	}

	got := apiCall[apiUser](t, e, "secadmin", "PUT", rolesPath, `{"roles":["clerk","info_officer"]}`, 200)
	want := []apiRole{{"clerk", "科员"}, {"info_officer", "信息员"}}
	if diff := cmp.Diff(want, got.Roles); diff != "" {
		t.Errorf("roles after PUT (-want +got):\n%s", diff)
	}
	reset := apiCall[apiUser](t, e, "sysadmin", "POST", fmt.Sprintf("/api/v1/users/%d/reset-password", created.ID), "", 200)
	if reset.OneTimePassword == "" || reset.OneTimePassword == created.OneTimePassword {
		t.Errorf("reset password = %q", reset.OneTimePassword)
	}
}

// --- Delegations ---------------------------------------------------------

func TestAPI_Delegation(t *testing.T) {
	e := newEnv(t)
	deputies := apiCall[apiList[apiUser]](t, e, "xianzhang", "GET", "/api/v1/users?role=exec_deputy_head", "", 200)
	if len(deputies.Items) != 1 {
		t.Fatalf("%d 常务副县长, want 1", len(deputies.Items))
	}
	deputy := deputies.Items[0]
	xz := apiCall[apiUser](t, e, "xianzhang", "GET", "/api/v1/me", "", 200)

	now := time.Now()
	rfc := func(t time.Time) string { return t.Format(time.RFC3339) }
	bad := apiCall[apiErrorBody](t, e, "xianzhang", "POST", "/api/v1/delegations",
		fmt.Sprintf(`{"to_user_id":%d,"starts_at":"今天","ends_at":%q,"reason":""}`, deputy.ID, rfc(now.Add(-time.Hour))), 400)
	if diff := cmp.Diff(map[string]string{"starts_at": "须为 RFC 3339 格式的时间，如 2025-01-02T08:00:00+08:00", "reason": "请填写委托事由"}, bad.Error.Fields); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}

	type delegation struct {
		ID         int64  `json:"id"`
		FromUserID int64  `json:"from_user_id"`
		ToUserID   int64  `json:"to_user_id"`
		ToName     string `json:"to_name"`
		State      string `json:"state"`
	}
	d := apiCall[delegation](t, e, "xianzhang", "POST", "/api/v1/delegations",
		fmt.Sprintf(`{"to_user_id":%d,"starts_at":%q,"ends_at":%q,"reason":"赴省城开会"}`, deputy.ID, rfc(now.Add(-time.Minute)), rfc(now.Add(48*time.Hour))), 201)
	if d.FromUserID != xz.ID || d.ToUserID != deputy.ID || d.ToName != deputy.Name || d.State != "active" {
		t.Errorf("delegation = %+v", d)
	}

	type ref struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	}
	type me struct {
		Delegators []ref `json:"delegators"`
	}
	got := apiCall[me](t, e, deputy.Username, "GET", "/api/v1/me", "", 200)
	if diff := cmp.Diff([]ref{{xz.ID, xz.Name}}, got.Delegators); diff != "" {
		t.Errorf("delegate's delegators (-want +got):\n%s", diff)
	}
	held := apiCall[apiList[delegation]](t, e, deputy.Username, "GET", "/api/v1/delegations", "", 200)
	if held.Total != 1 || held.Items[0].ID != d.ID {
		t.Errorf("delegate's delegations = %+v", held)
	}
	if w := apiCall[apiList[any]](t, e, deputy.Username, "GET", "/api/v1/work?kind=toread", "", 200); w.Items == nil {
		t.Errorf("work list items are null")
	}

	apiCall[map[string]any](t, e, "wenshu", "POST", fmt.Sprintf("/api/v1/delegations/%d/revoke", d.ID), "", 404)
	apiCall[map[string]any](t, e, "xianzhang", "POST", fmt.Sprintf("/api/v1/delegations/%d/revoke", d.ID), "", 200)
	if got := apiCall[me](t, e, deputy.Username, "GET", "/api/v1/me", "", 200); len(got.Delegators) != 0 {
		t.Errorf("delegators after revocation: %v", got.Delegators)
	}
}

// --- Import --------------------------------------------------------------

func apiUpload(t *testing.T, e *env, path, filename, content string) *http.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", filename)
	fw.Write([]byte(content))
	mw.Close()
	return apiRaw(t, e, "POST", path, "Bearer "+e.token("sysadmin"), mw.FormDataContentType(), buf.Bytes())
}

func TestAPI_Import(t *testing.T) {
	e := newEnv(t)
	before := apiUnitCount(t, e)
	type report struct {
		Imported bool `json:"imported"`
		DryRun   bool `json:"dry_run"`
		Rows     int  `json:"rows"`
		Errors   []struct {
			Line    int    `json:"line"`
			Column  string `json:"column"`
			Message string `json:"message"`
		} `json:"errors"`
	}

	bad := apiDecode[report](t, apiUpload(t, e, "/api/v1/import?kind=units&dry_run=1", "units.csv",
		"单位全称,单位类型\n青川县甲局,县政府部门\n,县政府部门\n青川县乙局,星际单位\n"), http.StatusUnprocessableEntity)
	var lines []int
	for _, x := range bad.Errors {
		lines = append(lines, x.Line)
		if x.Message == "" {
			t.Errorf("error without message: %+v", x)
		}
	}
	if diff := cmp.Diff([]int{3, 4}, lines); diff != "" || bad.Imported {
		t.Errorf("bad file: imported %v, error lines (-want +got):\n%s", bad.Imported, diff)
	}
	bad = apiDecode[report](t, apiUpload(t, e, "/api/v1/import?kind=units", "units.csv",
		"单位全称,单位类型\n青川县甲局,县政府部门\n,县政府部门\n"), http.StatusUnprocessableEntity)
	if bad.Imported || len(bad.Errors) != 1 {
		t.Errorf("bad file, not a dry run: %+v", bad)
	}
	if n := apiUnitCount(t, e); n != before {
		t.Fatalf("%d units after a refused import, want %d", n, before)
	}

	good := "单位全称,简称,单位类型\n青川县甲局,甲局,县政府部门\n青川县乙局,,乡镇\n"
	dry := apiDecode[report](t, apiUpload(t, e, "/api/v1/import?kind=units&dry_run=1", "units.csv", good), 200)
	if dry.Imported || !dry.DryRun || dry.Rows != 2 || dry.Errors == nil || len(dry.Errors) != 0 {
		t.Errorf("dry run = %+v", dry)
	}
	if n := apiUnitCount(t, e); n != before {
		t.Errorf("%d units after a dry run, want %d", n, before)
	}
	done := apiDecode[report](t, apiUpload(t, e, "/api/v1/import?kind=units", "units.csv", good), 200)
	if !done.Imported || done.Rows != 2 {
		t.Errorf("import = %+v", done)
	}
	if n := apiUnitCount(t, e); n != before+2 {
		t.Errorf("%d units after import, want %d", n, before+2)
	}

	for _, tt := range []struct {
		name, path, contentType, body, field string
	}{
		{"no kind", "/api/v1/import", "", "", "kind"},
		{"bad kind", "/api/v1/import?kind=cats", "", "", "kind"},
		{"not multipart", "/api/v1/import?kind=units", "application/json", "{}", "file"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp := apiRaw(t, e, "POST", tt.path, "Bearer "+e.token("sysadmin"), tt.contentType, []byte(tt.body))
			got := apiDecode[apiErrorBody](t, resp, 400)
			if got.Error.Fields[tt.field] == "" {
				t.Errorf("fields %v, want a message for %s", got.Error.Fields, tt.field)
			}
		})
	}
	// A file the importer cannot read is refused as a whole.
	got := apiDecode[apiErrorBody](t, apiUpload(t, e, "/api/v1/import?kind=units", "units.xls", "x"), 400)
	if got.Error.Message == "" {
		t.Errorf("unsupported file: %+v", got)
	}
}

// --- Work, notifications, tokens -----------------------------------------

func TestAPI_WorkNotificationsTokens(t *testing.T) {
	e := newEnv(t)
	for _, kind := range []string{"", "todo", "toread", "done"} {
		w := apiCall[struct {
			apiList[any]
			Kind   string         `json:"kind"`
			Counts map[string]int `json:"counts"`
		}](t, e, "wenshu", "GET", "/api/v1/work?kind="+kind, "", 200)
		if w.Items == nil || w.Counts == nil || (kind != "" && w.Kind != kind) {
			t.Errorf("work kind=%q: %+v", kind, w)
		}
	}
	if n := apiCall[apiList[any]](t, e, "wenshu", "GET", "/api/v1/notifications?limit=5", "", 200); n.Items == nil || n.Limit != 5 {
		t.Errorf("notifications = %+v", n)
	}

	type token struct {
		ID     int64  `json:"id"`
		Name   string `json:"name"`
		Token  string `json:"token"`
		Active bool   `json:"active"`
	}
	apiCall[apiErrorBody](t, e, "wenshu", "POST", "/api/v1/tokens", `{"name":"","days":400}`, 400)
	nt := apiCall[token](t, e, "wenshu", "POST", "/api/v1/tokens", `{"name":"报表脚本","days":7}`, 201)
	if nt.Token == "" || !nt.Active || nt.Name != "报表脚本" {
		t.Fatalf("new token = %+v", nt)
	}
	resp := apiRaw(t, e, "GET", "/api/v1/me", "Bearer "+nt.Token, "", nil)
	if me := apiDecode[apiUser](t, resp, 200); me.Username != "wenshu" {
		t.Errorf("new token belongs to %q", me.Username)
	}
	list := apiCall[apiList[token]](t, e, "wenshu", "GET", "/api/v1/tokens", "", 200)
	for _, x := range list.Items {
		if x.Token != "" {
			t.Errorf("token list shows a token: %+v", x)
		}
	}
	if list.Total < 2 {
		t.Errorf("tokens = %+v", list)
	}
	apiCall[apiErrorBody](t, e, "duchayuan", "DELETE", fmt.Sprintf("/api/v1/tokens/%d", nt.ID), "", 404)
	apiCall[map[string]any](t, e, "wenshu", "DELETE", fmt.Sprintf("/api/v1/tokens/%d", nt.ID), "", 200)
	apiDecode[apiErrorBody](t, apiRaw(t, e, "GET", "/api/v1/me", "Bearer "+nt.Token, "", nil), 401)
}
