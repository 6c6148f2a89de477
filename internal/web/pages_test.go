package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/zhongshu-oa/zhongshu/internal/config"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// scenario is one request to the running server and what must come back.
type scenario struct {
	name    string
	user    string // "" = signed out
	method  string
	path    string
	form    url.Values
	status  int
	has     []string // must appear in the body
	hasNot  []string // must not appear
	locates string   // expected Location prefix for redirects
}

func TestPages_Scenarios(t *testing.T) {
	e := newEnv(t)
	scenarios := []scenario{
		{name: "signed out goes to login", method: "GET", path: "/", status: 303, locates: "/login?next=%2F"},
		{name: "login page", method: "GET", path: "/login", status: 200, has: []string{"青川县人民政府办公室", "用户名", "密码", "登录"}},
		{name: "unknown page", user: "wenshu", method: "GET", path: "/no/such/page", status: 404, has: []string{"页面不存在"}},
		{name: "unknown api route is JSON", method: "GET", path: "/api/v1/nothing", status: 404, has: []string{`"code":"not_found"`}},
		{name: "workbench", user: "wenshu", method: "GET", path: "/", status: 200,
			has: []string{"工作台", "待办", "待阅", "已办", "目前没有待办事项", `class="watermark"`, "非涉密"}},
		{name: "admins land on admin", user: "auditadmin", method: "GET", path: "/", status: 303, locates: "/admin"},
		{name: "nav shows what the role may use", user: "wenshu", method: "GET", path: "/", status: 200,
			has: []string{"收文", "督办", "委托"}, hasNot: []string{`href="/admin"`}},
		{name: "admin nav for sysadmin", user: "sysadmin", method: "GET", path: "/admin", status: 200,
			has: []string{"单位管理", "人员与账号", "批量导入"}, hasNot: []string{"审计日志查询"}},
		{name: "unit tree", user: "sysadmin", method: "GET", path: "/admin/units", status: 200,
			has: []string{"青川县人民政府", "督查室", "总值班室", "中共青川县委办公室", "共 57 个单位"}},
		{name: "unit filter", user: "sysadmin", method: "GET", path: "/admin/units?type=town", status: 200,
			has: []string{"城关镇"}, hasNot: []string{"督查室"}},
		{name: "bad unit filter", user: "sysadmin", method: "GET", path: "/admin/units?type=palace", status: 400},
		{name: "users paged", user: "sysadmin", method: "GET", path: "/admin/users", status: 200, has: []string{"共 151 条", "第 1/4 页", "下一页"}},
		{name: "users by role", user: "secadmin", method: "GET", path: "/admin/users?role=county_head", status: 200, has: []string{"共 1 条", "县长"}},
		{name: "empty unit form", user: "sysadmin", method: "POST", path: "/admin/units", form: url.Values{"type": {"department"}}, status: 400,
			has: []string{"请填写单位全称", `aria-invalid="true"`}},
		{name: "bad number in unit form", user: "sysadmin", method: "POST", path: "/admin/units",
			form: url.Values{"full_name": {"青川县测试局"}, "type": {"department"}, "sort_order": {"十"}}, status: 400, has: []string{"排序须为整数"}},
		{name: "create unit", user: "sysadmin", method: "POST", path: "/admin/units",
			form: url.Values{"full_name": {"青川县测试局"}, "type": {"department"}, "parent_id": {"1"}, "active": {"1"}}, status: 303, locates: "/admin/units"},
		{name: "new user form error", user: "sysadmin", method: "POST", path: "/admin/users",
			form: url.Values{"username": {"1bad"}, "name": {""}}, status: 400, has: []string{"请填写姓名", "登录名须为"}},
		{name: "create user shows one-time password once", user: "sysadmin", method: "POST", path: "/admin/users",
			form:   url.Values{"username": {"liming"}, "name": {"李明"}, "status": {"active"}, "post_unit_0": {"2"}, "post_title_0": {"科员"}, "primary": {"0"}},
			status: 200, has: []string{"一次性密码", "李明"}},
		{name: "audit page", user: "auditadmin", method: "GET", path: "/admin/audit?action=login", status: 200, has: []string{"审计日志", "登录"}},
		{name: "audit bad date", user: "auditadmin", method: "GET", path: "/admin/audit?from=yesterday", status: 400},
		{name: "audit hidden from others", user: "sysadmin", method: "GET", path: "/admin/audit", status: 404},
		{name: "directory search", user: "wenshu", method: "GET", path: "/search?q=" + url.QueryEscape("督查"), status: 200, has: []string{"督查室"}},
		{name: "delegation form", user: "xianzhang", method: "GET", path: "/delegations/new", status: 200, has: []string{"受托人", "事由"}},
		{name: "delegation without reason", user: "xianzhang", method: "POST", path: "/delegations",
			form: url.Values{"to_user_id": {"3"}, "starts_at": {"2026-11-27T09:00"}, "ends_at": {"2099-12-01T09:00"}}, status: 400, has: []string{"请填写委托事由"}},
		{name: "account page", user: "wenshu", method: "GET", path: "/account", status: 200, has: []string{"接口令牌", "双因素登录"}},
		{name: "import without file", user: "sysadmin", method: "POST", path: "/admin/import", form: url.Values{"kind": {"units"}}, status: 400, has: []string{"请选择要导入"}},
		{name: "import template", user: "sysadmin", method: "GET", path: "/admin/import/template?kind=people", status: 200},
		{name: "healthz", method: "GET", path: "/healthz", status: 200, has: []string{`"status":"ok"`}},
		{name: "metrics", method: "GET", path: "/metrics", status: 200, has: []string{"zhongshu_http_requests_total"}},
	}
	clients := map[string]*http.Client{}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			c, ok := clients[sc.user]
			if !ok {
				if sc.user == "" {
					c = e.browser()
				} else {
					c = e.login(sc.user)
				}
				clients[sc.user] = c
			}
			var resp *http.Response
			if sc.method == "GET" {
				resp = e.get(c, sc.path)
			} else {
				resp = e.postForm(c, sc.path, sc.form)
			}
			loc := resp.Header.Get("Location")
			body := readBody(resp)
			if resp.StatusCode != sc.status {
				t.Fatalf("status %d, want %d; body:\n%.600s", resp.StatusCode, sc.status, body)
			}
			if sc.locates != "" && !strings.HasPrefix(loc, sc.locates) {
				t.Errorf("Location %q, want prefix %q", loc, sc.locates)
			}
			for _, s := range sc.has {
				if !strings.Contains(body, s) {
					t.Errorf("body lacks %q", s)
				}
			}
			for _, s := range sc.hasNot {
				if strings.Contains(body, s) {
					t.Errorf("body has %q", s)
				}
			}
		})
	}
}

func TestPages_CrossOriginPostRefused(t *testing.T) {
	e := newEnv(t)
	c := e.login("sysadmin")
	req, _ := http.NewRequest("POST", e.srv.URL+"/admin/units", strings.NewReader(url.Values{"full_name": {"跨站局"}, "type": {"department"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body := readBody(resp)
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "跨站提交已被拒绝") {
		t.Fatalf("cross-site POST: %d %.300s", resp.StatusCode, body)
	}
	var n int
	_ = e.db.View(context.Background(), func(tx *store.Tx) (err error) {
		_, n, err = tx.FindUnits(context.Background(), zhongshu.UnitFilter{Query: "跨站局"})
		return err
	})
	if n != 0 {
		t.Error("the cross-site POST created a unit")
	}
}

func TestPages_LoginFlow(t *testing.T) {
	e := newEnv(t)
	c := e.browser()
	resp := e.postForm(c, "/login", url.Values{"username": {"wenshu"}, "password": {"wrong"}})
	body := readBody(resp)
	if resp.StatusCode != 401 || !strings.Contains(body, "用户名或密码错误") || !strings.Contains(body, `value="wenshu"`) {
		t.Fatalf("bad password: %d %.300s", resp.StatusCode, body)
	}
	resp = e.postForm(c, "/login", url.Values{"username": {"wenshu"}, "password": {"Zhongshu@2026"}, "next": {"/account"}})
	resp.Body.Close()
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/account" {
		t.Fatalf("login: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	// An absolute next URL is not followed off-site.
	c2 := e.browser()
	resp = e.postForm(c2, "/login", url.Values{"username": {"wenshu"}, "password": {"Zhongshu@2026"}, "next": {"https://evil.example/"}})
	resp.Body.Close()
	if resp.Header.Get("Location") != "/" {
		t.Errorf("open redirect: %s", resp.Header.Get("Location"))
	}
	resp = e.postForm(c, "/logout", nil)
	resp.Body.Close()
	resp = e.get(c, "/")
	resp.Body.Close()
	if resp.StatusCode != 303 {
		t.Errorf("after logout: %d, want redirect to login", resp.StatusCode)
	}
}

func TestPages_ForcedPasswordChange(t *testing.T) {
	e := newEnv(t, func(c *config.Config) { c.RequireTOTP = nil })
	ctx := context.Background()
	u := &zhongshu.User{Username: "newclerk", Name: "新科员", Status: zhongshu.UserActive, Posts: []zhongshu.Post{{UnitID: 2, Primary: true}}}
	pw, err := e.app.CreateUser(ctx, e.actor("sysadmin"), u)
	if err != nil {
		t.Fatal(err)
	}
	c := e.browser()
	resp := e.postForm(c, "/login", url.Values{"username": {"newclerk"}, "password": {pw}})
	resp.Body.Close()
	if resp.Header.Get("Location") != "/password" {
		t.Fatalf("first login goes to %s", resp.Header.Get("Location"))
	}
	// Until the password is changed, the application is out of reach.
	resp = e.get(c, "/")
	resp.Body.Close()
	if resp.Header.Get("Location") != "/password" {
		t.Errorf("workbench before change: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp = e.postForm(c, "/password", url.Values{"current_password": {pw}, "new_password": {"short"}, "confirm_password": {"short"}})
	if body := readBody(resp); resp.StatusCode != 400 || !strings.Contains(body, "密码长度至少 8 位") {
		t.Errorf("weak password: %d", resp.StatusCode)
	}
	resp = e.postForm(c, "/password", url.Values{"current_password": {pw}, "new_password": {"Xinkeyuan#2026"}, "confirm_password": {"Xinkeyuan#2026"}})
	resp.Body.Close()
	resp = e.get(c, "/")
	body := readBody(resp)
	if resp.StatusCode != 200 || !strings.Contains(body, "工作台") {
		t.Errorf("after change: %d", resp.StatusCode)
	}
}
