package web_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/zhongshu-oa/zhongshu/internal/app"
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
	runScenarios(t, e, scenarios)
}

// runScenarios runs the scenarios in order, each user with one browser.
func runScenarios(t *testing.T, e *env, scenarios []scenario) {
	t.Helper()
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

// --- 压/误/漏台账, notifications, settings, operations -------------------

// cst is the office's zone, for expected dates.
var cst = time.FixedZone("CST", 8*3600)

// seedLedger puts one of wenshu's items, due at midnight three days ago,
// through the deadline sweep (误), raises a 压 for duchayuan and a 漏 with
// nobody assigned, and gives wenshu an item due in 2099, a year without
// holiday data. It returns the 误 item's deadline.
func seedLedger(t testing.TB, e *env) time.Time {
	t.Helper()
	ctx := context.Background()
	wenshu, dcy := e.actor("wenshu"), e.actor("duchayuan")
	y, m, d := time.Now().In(cst).Date()
	due := time.Date(y, m, d-3, 0, 0, 0, 0, cst)
	err := e.db.Transact(ctx, func(tx *store.Tx) error {
		if err := e.app.AddWork(ctx, tx, &zhongshu.WorkItem{OwnerID: wenshu.ID(), Kind: zhongshu.WorkTodo, Module: "receipt", RefType: "document",
			RefID: 101, Title: "关于做好秋汛防御工作的紧急通知", Step: "签收", Urgency: zhongshu.UrgencyExtra, DueAt: due, URL: "/"}); err != nil {
			return err
		}
		if err := e.app.AddWork(ctx, tx, &zhongshu.WorkItem{OwnerID: wenshu.ID(), Kind: zhongshu.WorkTodo, Module: "receipt", RefType: "document",
			RefID: 102, Title: "关于编制2099年远景规划的通知", Step: "拟办", DueAt: time.Date(2099, 6, 30, 0, 0, 0, 0, cst), URL: "/"}); err != nil {
			return err
		}
		if _, err := tx.RaiseFlag(ctx, &zhongshu.Flag{Kind: zhongshu.FlagHeld, Module: "supervision", RefType: "item", RefID: 7,
			Title: "县长批示件：城区停车难问题调研", OwnerID: dcy.ID(), UnitID: dcy.User.PrimaryUnitID(), Detail: "超过 1 个工作日未处理"}); err != nil {
			return err
		}
		return e.app.RaiseMissed(ctx, tx, &zhongshu.Flag{Module: "meeting", RefType: "decision", RefID: 3,
			Title: "常务会议定事项：老旧小区改造未立督办", UnitID: 2, Detail: "议定事项未转督办"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.SweepDeadlines(ctx); err != nil {
		t.Fatal(err)
	}
	return due
}

// addNotice gives a person an in-app notice.
func addNotice(t testing.TB, e *env, username, subject, link string, urgent bool) int64 {
	t.Helper()
	ctx := context.Background()
	m := &store.OutboxMessage{RecipientID: e.actor(username).ID(), Kind: "test", Subject: subject, Body: subject + "的正文。", URL: link, Urgent: urgent}
	if err := e.db.Transact(ctx, func(tx *store.Tx) error { return tx.AddOutbox(ctx, m) }); err != nil {
		t.Fatal(err)
	}
	return m.ID
}

func unread(t testing.TB, e *env, username string) int {
	t.Helper()
	n, err := e.app.Unread(context.Background(), e.actor(username))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPages_Ledger(t *testing.T) {
	e := newEnv(t)
	due := seedLedger(t, e)
	dueText := due.Add(-time.Nanosecond).Format("2006-01-02") + " 24:00"
	runScenarios(t, e, []scenario{
		{name: "whole office", user: "zhuren", method: "GET", path: "/ledger", status: 200,
			has: []string{"压误漏台账", "范围：全办", `共 <strong class="count">3</strong> 件`, "按单位统计", "按人员统计",
				"关于做好秋汛防御工作的紧急通知", "县长批示件：城区停车难问题调研", "常务会议定事项：老旧小区改造未立督办",
				"郑晓燕", "曹静", "无人承办", `badge badge-orange`, `badge badge-red`, `badge badge-dark`, dueText, "不足 1 小时", "导出 Excel"}},
		{name: "filter by kind", user: "zhuren", method: "GET", path: "/ledger?kind=held", status: 200,
			has:    []string{"县长批示件：城区停车难问题调研", `共 <strong class="count">1</strong> 件`, "（已筛选）", "清除筛选"},
			hasNot: []string{"关于做好秋汛防御工作的紧急通知"}},
		{name: "filter by unit", user: "duchayuan", method: "GET", path: "/ledger?unit=2", status: 200,
			has: []string{"常务会议定事项：老旧小区改造未立督办"}, hasNot: []string{"关于做好秋汛防御工作的紧急通知"}},
		{name: "cleared tab", user: "xianzhang", method: "GET", path: "/ledger?tab=cleared", status: 200, has: []string{"没有已销账的事项"}},
		{name: "bad kind", user: "zhuren", method: "GET", path: "/ledger?kind=lost", status: 400, has: []string{"类别选择不正确"}},
		{name: "own items only", user: "wenshu", method: "GET", path: "/ledger", status: 200,
			has:    []string{"范围：本人", "关于做好秋汛防御工作的紧急通知", `共 <strong class="count">1</strong> 件`},
			hasNot: []string{"按单位统计", "县长批示件", `id="unit"`}},
		{name: "nav entry", user: "wenshu", method: "GET", path: "/", status: 200, has: []string{`href="/ledger"`, "压误漏台账"}},
		{name: "workbench: red light, 24:00, provisional", user: "wenshu", method: "GET", path: "/", status: 200,
			has: []string{"红色预警", dueText, "2099-06-29 24:00", ">暂定</span>"}},
		{name: "administrators have no ledger", user: "sysadmin", method: "GET", path: "/ledger", status: 403},
	})

	t.Run("export", func(t *testing.T) {
		resp := e.get(e.login("zhuren"), "/ledger/export?kind=late")
		body := readBody(resp)
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("export: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, ".xlsx") {
			t.Errorf("Content-Disposition %q", cd)
		}
		x, err := excelize.OpenReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		rows, err := x.GetRows("压误漏台账")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || rows[0][0] != "类别" || rows[1][1] != "关于做好秋汛防御工作的紧急通知" || rows[1][4] != dueText {
			t.Errorf("rows = %q", rows)
		}
	})

	t.Run("api", func(t *testing.T) {
		type ledger struct {
			apiList[map[string]any]
			Scope   string           `json:"scope"`
			ByUnit  []map[string]any `json:"by_unit"`
			ByOwner []map[string]any `json:"by_owner"`
		}
		all := apiCall[ledger](t, e, "zhuren", "GET", "/api/v1/ledger", "", 200)
		if all.Total != 3 || all.Scope != "全办" || len(all.ByUnit) == 0 || len(all.ByOwner) == 0 {
			t.Errorf("zhuren: %+v", all)
		}
		own := apiCall[ledger](t, e, "wenshu", "GET", "/api/v1/ledger", "", 200)
		if own.Total != 1 || own.Scope != "本人" || own.ByUnit == nil || len(own.ByUnit) != 0 || own.Items[0]["due_date"] != due.Add(-time.Nanosecond).Format("2006-01-02") {
			t.Errorf("wenshu: %+v", own)
		}
		late := apiCall[ledger](t, e, "duchayuan", "GET", "/api/v1/ledger?kind=late&limit=1", "", 200)
		if late.Total != 1 || late.Limit != 1 || late.Items[0]["kind"] != "late" || late.Items[0]["short"] != "误" {
			t.Errorf("kind=late: %+v", late)
		}
		bad := apiCall[apiErrorBody](t, e, "zhuren", "GET", "/api/v1/ledger?kind=x&unit_id=-1&cleared=maybe", "", 400)
		for _, f := range []string{"kind", "unit_id", "cleared"} {
			if bad.Error.Fields[f] == "" {
				t.Errorf("no message for %s: %+v", f, bad)
			}
		}
		apiCall[apiErrorBody](t, e, "wenshu", "GET", "/api/v1/ledger?unit_id=2", "", 400)
		apiCall[apiErrorBody](t, e, "auditadmin", "GET", "/api/v1/ledger", "", 403)

		// The documented properties are the keys sent.
		doc := apiDecode[map[string]any](t, apiRaw(t, e, "GET", "/api/v1/openapi.json", "", "", nil), 200)
		schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
		keys := func(m map[string]any) []string {
			var ks []string
			for k := range m {
				ks = append(ks, k)
			}
			sort.Strings(ks)
			return ks
		}
		raw := apiCall[map[string]any](t, e, "zhuren", "GET", "/api/v1/ledger", "", 200)
		for name, got := range map[string]map[string]any{"Ledger": raw, "LedgerEntry": all.Items[0], "LedgerTally": all.ByUnit[0]} {
			want := keys(schemas[name].(map[string]any)["properties"].(map[string]any))
			if diff := cmp.Diff(want, keys(got)); diff != "" {
				t.Errorf("%s: schema vs response (-schema +response):\n%s", name, diff)
			}
		}
	})
}

func TestPages_Notifications(t *testing.T) {
	e := newEnv(t)
	base := unread(t, e, "wenshu")
	toLedger := addNotice(t, e, "wenshu", "【超期】关于做好秋汛防御工作的紧急通知", "/ledger", true)
	offsite := addNotice(t, e, "wenshu", "外部链接的通知", "https://evil.example/x", false)
	plain := addNotice(t, e, "wenshu", "没有链接的通知", "", false)
	n := base + 3
	badge := fmt.Sprintf(`data-live-unread>%d<`, n)
	runScenarios(t, e, []scenario{
		{name: "inbox", user: "wenshu", method: "GET", path: "/notifications", status: 200,
			has: []string{"【超期】关于做好秋汛防御工作的紧急通知", `<span class="badge badge-red">紧急</span>`, `<span class="badge badge-blue">未读</span>`,
				`class="notice-unread"`, "全部标为已读", fmt.Sprintf(`href="/notifications/%d"`, toLedger), badge}},
		{name: "open goes to its page", user: "wenshu", method: "GET", path: fmt.Sprintf("/notifications/%d", toLedger), status: 303, locates: "/ledger"},
		{name: "never off-site", user: "wenshu", method: "GET", path: fmt.Sprintf("/notifications/%d", offsite), status: 200,
			has: []string{"外部链接的通知", "本系统以外", "https://evil.example/x", fmt.Sprintf(`data-live-unread>%d<`, n-2)}},
		{name: "shown in place", user: "wenshu", method: "GET", path: fmt.Sprintf("/notifications/%d", plain), status: 200, has: []string{"没有链接的通知的正文。"}},
		{name: "someone else's", user: "duchayuan", method: "GET", path: fmt.Sprintf("/notifications/%d", toLedger), status: 404},
		{name: "not a number", user: "wenshu", method: "GET", path: "/notifications/abc", status: 404},
	})
	if got := unread(t, e, "wenshu"); got != base {
		t.Errorf("after opening three: unread %d, want %d", got, base)
	}
	addNotice(t, e, "wenshu", "再来一条", "", false)
	runScenarios(t, e, []scenario{
		{name: "read all", user: "wenshu", method: "POST", path: "/notifications/read-all", status: 303, locates: "/notifications"},
		{name: "all read", user: "wenshu", method: "GET", path: "/notifications", status: 200,
			has: []string{"没有未读通知", `data-live-unread hidden>0<`}, hasNot: []string{`badge-blue">未读`, "全部标为已读</button>"}},
	})
	if got := unread(t, e, "wenshu"); got != 0 {
		t.Errorf("after read-all: unread %d", got)
	}

	// The API.
	id := addNotice(t, e, "wenshu", "接口通知", "/", true)
	list := apiCall[apiList[map[string]any]](t, e, "wenshu", "GET", "/api/v1/notifications?limit=1", "", 200)
	if it := list.Items[0]; it["urgent"] != true || it["read_at"] != nil {
		t.Errorf("newest notice = %v", it)
	}
	apiCall[apiErrorBody](t, e, "duchayuan", "POST", fmt.Sprintf("/api/v1/notifications/%d/read", id), "", 404)
	read := apiCall[map[string]any](t, e, "wenshu", "POST", fmt.Sprintf("/api/v1/notifications/%d/read", id), "", 200)
	if read["read_at"] == nil || read["subject"] != "接口通知" {
		t.Errorf("read = %v", read)
	}
	addNotice(t, e, "wenshu", "接口通知二", "", false)
	if got := apiCall[map[string]int](t, e, "wenshu", "POST", "/api/v1/notifications/read-all", "", 200); got["unread"] != 0 {
		t.Errorf("read-all = %v", got)
	}
}

// eventStream is an open /events response read event by event.
type eventStream struct {
	t    *testing.T
	resp *http.Response
	rd   *bufio.Reader
}

func openEvents(t *testing.T, c *http.Client, base string) *eventStream {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/events", nil)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") || resp.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("events: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"))
	}
	return &eventStream{t: t, resp: resp, rd: bufio.NewReader(resp.Body)}
}

func (s *eventStream) close() { s.resp.Body.Close() }

// next returns the next event's name and data.
func (s *eventStream) next() (event, data string) {
	s.t.Helper()
	for {
		line, err := s.rd.ReadString('\n')
		if err != nil {
			s.t.Fatalf("read event: %v", err)
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case line == "":
			if event != "" {
				return event, data
			}
		case strings.HasPrefix(line, "event: "):
			event = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data = strings.TrimPrefix(line, "data: ")
		}
	}
}

// TestPages_Events reads the live stream as a browser would: the count at
// once, then again when the person gets a notice.
func TestPages_Events(t *testing.T) {
	e := newEnv(t)
	addNotice(t, e, "wenshu", "一", "", false)
	addNotice(t, e, "wenshu", "二", "", false)
	want := unread(t, e, "wenshu")
	c := e.login("wenshu")
	es := openEvents(t, c, e.srv.URL)
	if ev, data := es.next(); ev != "unread" || data != fmt.Sprint(want) {
		t.Fatalf("first event %q %q, want unread %d", ev, data, want)
	}
	addNotice(t, e, "wenshu", "三", "", false)
	e.web.Publish(e.actor("wenshu").ID())
	if ev, data := es.next(); ev != "unread" || data != fmt.Sprint(want+1) {
		t.Fatalf("after a notice: %q %q, want unread %d", ev, data, want+1)
	}
	es.close()
	// Signed out, the stream is refused.
	resp := e.get(e.browser(), "/events")
	resp.Body.Close()
	if resp.StatusCode != 303 {
		t.Errorf("signed-out /events: %d", resp.StatusCode)
	}

	// The server's timeouts (the write timeout above all) do not cut the stream.
	srv := httptest.NewUnstartedServer(e.web)
	srv.Config.ReadTimeout, srv.Config.WriteTimeout = time.Second, time.Second
	srv.Start()
	defer srv.Close()
	es = openEvents(t, c, srv.URL) // the cookie jar ignores the port
	es.next()
	time.Sleep(2500 * time.Millisecond)
	addNotice(t, e, "wenshu", "四", "", false)
	e.web.Publish(e.actor("wenshu").ID())
	if ev, data := es.next(); ev != "unread" || data != fmt.Sprint(want+2) {
		t.Fatalf("after the server timeouts: %q %q, want unread %d", ev, data, want+2)
	}
	es.close()
}

func TestPages_AccountNotify(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	runScenarios(t, e, []scenario{
		{name: "settings shown", user: "wenshu", method: "GET", path: "/account", status: 200,
			has: []string{"通知方式", "期限提醒与催办", "每日汇总", "本系统未配置", "未登记电子邮箱", "“特急”事项和红色预警", "我的机器人", "企业微信"}},
		{name: "save", user: "wenshu", method: "POST", path: "/account/notify", form: url.Values{"email": {"deadline"}, "im": {"digest", "deadline"}},
			status: 303, locates: "/account"},
		{name: "saved", user: "wenshu", method: "GET", path: "/account", status: 200,
			has: []string{`aria-label="期限提醒与催办：邮件" checked`, `aria-label="每日汇总：机器人" checked`}, hasNot: []string{`aria-label="每日汇总：邮件" checked`}},
		{name: "unknown group", user: "wenshu", method: "POST", path: "/account/notify", form: url.Values{"email": {"gossip"}}, status: 400,
			has: []string{"通知类别不正确", "gossip"}},
		{name: "robot with a bad address", user: "wenshu", method: "POST", path: "/account/robots",
			form: url.Values{"name": {"我的钉钉"}, "kind": {"dingtalk"}, "url": {"ftp://robot.example"}}, status: 400,
			has: []string{"请填写以 https:// 开头的机器人地址", `aria-invalid="true"`, `value="我的钉钉"`, `value="ftp://robot.example"`}},
		{name: "robot without a name", user: "wenshu", method: "POST", path: "/account/robots",
			form: url.Values{"kind": {"wecom"}, "url": {"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc"}}, status: 400, has: []string{"请填写名称"}},
		{name: "robot added", user: "wenshu", method: "POST", path: "/account/robots",
			form:   url.Values{"name": {"我的钉钉"}, "kind": {"dingtalk"}, "url": {"https://oapi.dingtalk.com/robot/send?access_token=SECRETTOKEN"}, "secret": {"SECabc"}},
			status: 303, locates: "/account"},
		{name: "robot listed, masked", user: "wenshu", method: "GET", path: "/account", status: 200,
			has: []string{"我的钉钉", "https://oapi.dingtalk.com/…", "已设置"}, hasNot: []string{"SECRETTOKEN", "SECabc"}},
	})
	s, err := e.app.NotifySettingsOf(ctx, e.actor("wenshu"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(s.Prefs.Email, ",") != "deadline" || strings.Join(s.Prefs.IM, ",") != "digest,deadline" || len(s.Robots) != 1 {
		t.Fatalf("settings = %+v, robots %d", s.Prefs, len(s.Robots))
	}
	id := s.Robots[0].ID
	runScenarios(t, e, []scenario{
		{name: "not another's robot", user: "duchayuan", method: "POST", path: fmt.Sprintf("/account/robots/%d/delete", id), status: 404},
		{name: "delete own robot", user: "wenshu", method: "POST", path: fmt.Sprintf("/account/robots/%d/delete", id), status: 303, locates: "/account"},
	})
}

// notice2099 is a good notice file for a year with no built-in data.
const notice2099 = `# 测试用
年份: 2099
来源: 国务院办公厅关于2099年部分节假日安排的通知（测试）
发布日期: 2098-11-05
放假: 2099-10-01 至 2099-10-07 国庆节
上班: 2099-09-27 国庆节调休
`

func TestPages_AdminCalendar(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	bad := "年份: 2099\n来源: 测试\n放假: 2099/10/1 国庆节\n上班: 2099-10-08 国庆节调休\n"
	runScenarios(t, e, []scenario{
		{name: "2026", user: "sysadmin", method: "GET", path: "/admin/calendar?year=2026", status: 200,
			has: []string{"节假日与工作日历", `title="春节（放假）"`, `<span class="cal-mark">休</span>`, `<span class="cal-mark">班</span>`, `title="春节调休（调休上班）"`,
				"国务院办公厅关于2026年部分节假日安排的通知", `工作日 <strong class="count">248</strong> 天`, "文件格式说明", "2027-02-05 至 2027-02-13 春节"},
			hasNot: []string{"该年度节假日安排尚未载入"}},
		{name: "a year without data", user: "sysadmin", method: "GET", path: "/admin/calendar?year=2099", status: 200,
			has: []string{"该年度节假日安排尚未载入，期限按周一至周五计算，显示为“暂定”", "（暂定）"}},
		{name: "default year", user: "sysadmin", method: "GET", path: "/admin/calendar", status: 200, has: []string{fmt.Sprintf("%d 年 ·", time.Now().In(cst).Year()), "cal-today"}},
		{name: "bad year", user: "sysadmin", method: "GET", path: "/admin/calendar?year=二〇二六", status: 400},
		{name: "bad notice", user: "sysadmin", method: "POST", path: "/admin/calendar", form: url.Values{"notice": {bad}, "year": {"2099"}}, status: 400,
			has: []string{"节假日安排文件有误，未保存", `<ul class="error-lines">`, "第 3 行", "第 4 行", "放假: 2099/10/1 国庆节\n上班"}},
		{name: "empty notice", user: "sysadmin", method: "POST", path: "/admin/calendar", form: url.Values{"notice": {""}}, status: 400, has: []string{"请粘贴节假日安排文件的内容"}},
		{name: "not for business users", user: "wenshu", method: "GET", path: "/admin/calendar", status: 403},
	})
	if ns, err := e.app.CalendarNotices(ctx, e.actor("sysadmin")); err != nil || len(ns) != 0 || e.app.Calendar().HasYear(2099) {
		t.Fatalf("a bad notice changed something: %v %v", ns, err)
	}
	runScenarios(t, e, []scenario{
		{name: "good notice", user: "sysadmin", method: "POST", path: "/admin/calendar", form: url.Values{"notice": {notice2099}}, status: 303, locates: "/admin/calendar?year=2099"},
		{name: "loaded", user: "sysadmin", method: "GET", path: "/admin/calendar?year=2099", status: 200,
			has: []string{"国务院办公厅关于2099年部分节假日安排的通知（测试）", "管理员载入", `title="国庆节（放假）"`, `title="国庆节调休（调休上班）"`, "钟毅",
				`action="/admin/calendar/2099/delete"`, "data-confirm="},
			hasNot: []string{"该年度节假日安排尚未载入"}},
	})
	if !e.app.Calendar().HasYear(2099) {
		t.Fatal("2099 not in force after loading")
	}
	runScenarios(t, e, []scenario{
		{name: "delete", user: "sysadmin", method: "POST", path: "/admin/calendar/2099/delete", status: 303, locates: "/admin/calendar?year=2099"},
		{name: "deleted again", user: "sysadmin", method: "POST", path: "/admin/calendar/2099/delete", status: 404},
	})
	if e.app.Calendar().HasYear(2099) {
		t.Error("2099 still in force after deleting")
	}
}

func TestPages_AdminJobsAndRobots(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	// A failed e-mail delivery.
	id := addNotice(t, e, "wenshu", "【超期】投递测试", "/", true)
	err := e.db.Transact(ctx, func(tx *store.Tx) error {
		if err := tx.AddDelivery(ctx, id, "email", "zhengxiaoyan@qc.gov.cn"); err != nil {
			return err
		}
		ds, _, err := tx.FindDeliveries(ctx, "", 0, 10)
		if err != nil {
			return err
		}
		return tx.FinishDelivery(ctx, ds[0].ID, "failed", "550 mailbox unavailable", time.Time{})
	})
	if err != nil {
		t.Fatal(err)
	}
	ds, _, err := e.app.Deliveries(ctx, e.actor("sysadmin"), "failed", app.Page{})
	if err != nil || len(ds) != 1 {
		t.Fatalf("deliveries: %v %v", ds, err)
	}
	runScenarios(t, e, []scenario{
		{name: "jobs", user: "sysadmin", method: "GET", path: "/admin/jobs", status: 200,
			has: []string{"期限检查", "通知分发", "消息投递", "每日汇总", "会话清理", "尚未运行", "后台任务未在本实例运行",
				"zh***@qc.gov.cn", "郑晓燕", "【超期】投递测试", "550 mailbox unavailable", "重新投递", "邮件"},
			hasNot: []string{"zhengxiaoyan@"}},
		{name: "sent filter", user: "sysadmin", method: "GET", path: "/admin/jobs?status=sent", status: 200, has: []string{"还没有已发送的消息"}},
		{name: "bad filter", user: "sysadmin", method: "GET", path: "/admin/jobs?status=lost", status: 400},
		{name: "run without a runner", user: "sysadmin", method: "POST", path: "/admin/jobs/deadlines.sweep/run", status: 409, has: []string{"后台任务未在本实例运行"}},
		{name: "unknown job", user: "sysadmin", method: "POST", path: "/admin/jobs/no.such/run", status: 404},
		{name: "retry", user: "sysadmin", method: "POST", path: fmt.Sprintf("/admin/deliveries/%d/retry", ds[0].ID), status: 303, locates: "/admin/jobs"},
		{name: "retry twice", user: "sysadmin", method: "POST", path: fmt.Sprintf("/admin/deliveries/%d/retry", ds[0].ID), status: 404},
		{name: "now pending", user: "sysadmin", method: "GET", path: "/admin/jobs?status=pending", status: 200, has: []string{"【超期】投递测试", "等待投递"}},

		{name: "robots", user: "sysadmin", method: "GET", path: "/admin/robots", status: 200, has: []string{"单位消息机器人", "还没有设置单位机器人", "督查室"}},
		{name: "robot without unit", user: "sysadmin", method: "POST", path: "/admin/robots",
			form: url.Values{"name": {"督查室工作群"}, "kind": {"wecom"}, "url": {"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"}}, status: 400,
			has: []string{"请选择单位", `value="督查室工作群"`}},
		{name: "robot added", user: "sysadmin", method: "POST", path: "/admin/robots",
			form: url.Values{"unit_id": {"2"}, "name": {"督查室工作群"}, "kind": {"wecom"}, "url": {"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"}}, status: 303, locates: "/admin/robots"},
		{name: "robot listed", user: "sysadmin", method: "GET", path: "/admin/robots", status: 200, has: []string{"督查室工作群", "企业微信", "https://qyapi.weixin.qq.com/…"}},
		{name: "admin landing links", user: "sysadmin", method: "GET", path: "/admin", status: 200,
			has: []string{`href="/admin/calendar"`, `href="/admin/jobs"`, `href="/admin/robots"`}},
		{name: "no ops links for the auditor", user: "auditadmin", method: "GET", path: "/admin", status: 200, hasNot: []string{`href="/admin/calendar"`}},
	})
	rs, err := e.app.UnitRobots(ctx, e.actor("sysadmin"))
	if err != nil || len(rs) != 1 {
		t.Fatalf("unit robots: %v %v", rs, err)
	}
	runScenarios(t, e, []scenario{
		{name: "robot deleted", user: "sysadmin", method: "POST", path: fmt.Sprintf("/admin/robots/%d/delete", rs[0].ID), status: 303, locates: "/admin/robots"},
	})

	// With a runner, the button runs the job.
	var ran []string
	e.web.SetJobs([]string{"deadlines.sweep", "digest.daily"}, func(ctx context.Context, name string) (string, error) {
		ran = append(ran, name)
		return "检查 0 项", nil
	})
	c := e.login("sysadmin")
	resp := e.postForm(c, "/admin/jobs/deadlines.sweep/run", nil)
	resp.Body.Close()
	if resp.StatusCode != 303 || len(ran) != 1 || ran[0] != "deadlines.sweep" {
		t.Fatalf("run: %d, ran %v", resp.StatusCode, ran)
	}
	if body := readBody(e.get(c, "/admin/jobs")); !strings.Contains(body, "“期限检查”已运行：检查 0 项。") || strings.Contains(body, "后台任务未在本实例运行") {
		t.Errorf("after run: %.2000s", body)
	}
}

func TestPages_AuditExportKeepsFilter(t *testing.T) {
	e := newEnv(t)
	c := e.login("auditadmin")
	body := readBody(e.get(c, "/admin/audit?action=login&result=ok"))
	if !strings.Contains(body, `href="/admin/audit/export?action=login&amp;result=ok"`) {
		t.Fatalf("export link does not carry the filter")
	}
	resp := e.get(c, "/admin/audit/export?action=login&result=ok")
	data := readBody(resp)
	if resp.StatusCode != 200 || !strings.HasPrefix(data, "PK") {
		t.Fatalf("export: %d", resp.StatusCode)
	}
}

// unitByName returns the id of the demo unit with the given short or full name.
func unitByName(t testing.TB, e *env, name string) int64 {
	t.Helper()
	var units []*zhongshu.Unit
	err := e.db.View(context.Background(), func(tx *store.Tx) (err error) {
		units, _, err = tx.FindUnits(context.Background(), zhongshu.UnitFilter{Query: name})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		if u.ShortName == name || u.FullName == name {
			return u.ID
		}
	}
	t.Fatalf("no unit %q", name)
	return 0
}

// seedSupervision registers a draft 督办 item as duchayuan: a 领导批示 of
// the county head, 主办 县发改局, 协办 县财政局, due in 15 working days.
func seedSupervision(t testing.TB, e *env, title string) *zhongshu.SupervisionItem {
	t.Helper()
	due, _ := e.app.DueIn(time.Now(), 15)
	it := &zhongshu.SupervisionItem{Title: title, Source: zhongshu.SourceInstruction,
		SourceRef: "何建平县长批示：请县发改局牵头抓紧办理。", Content: "按批示要求抓紧落实，按期报送办理结果。",
		AssigningLeaderID: e.actor("xianzhang").ID(), DueAt: due, FeedbackCycle: zhongshu.FeedbackOnce,
		Assignments: []zhongshu.Assignment{
			{UnitID: unitByName(t, e, "县发改局"), Role: zhongshu.AssignmentLead},
			{UnitID: unitByName(t, e, "县财政局"), Role: zhongshu.AssignmentCo},
		}}
	if err := e.app.CreateSupervisionItem(context.Background(), e.actor("duchayuan"), it); err != nil {
		t.Fatalf("create supervision item: %v", err)
	}
	return it
}

func TestPages_SupervisionStats(t *testing.T) {
	e := newEnv(t)
	c := e.login("duchayuan")
	resp := e.get(c, "/supervision/stats?period=year&year=2026&by=unit")
	body := readBody(resp)
	if resp.StatusCode != 200 || !strings.Contains(body, `id="stats-ranking"`) || !strings.Contains(body, "按期办结率") ||
		!strings.Contains(body, "echarts.min.js") || !strings.Contains(body, `id="stats-data"`) {
		t.Fatalf("stats page: %d %.2000s", resp.StatusCode, body)
	}
	resp = e.get(c, "/supervision/stats?period=month&year=2026&n=13")
	if body := readBody(resp); resp.StatusCode != 400 || !strings.Contains(body, "月份须为1至12") {
		t.Errorf("bad period: %d %.1000s", resp.StatusCode, body)
	}
	resp = e.get(c, "/supervision/stats/export?period=quarter&year=2026&n=4")
	if data := readBody(resp); resp.StatusCode != 200 || !strings.HasPrefix(data, "PK") {
		t.Errorf("export: %d", resp.StatusCode)
	}
	resp = e.postForm(c, "/supervision/bulletin", url.Values{"period": {"quarter"}, "year": {"2026"}, "n": {"4"}, "issue": {"17"}})
	if body := readBody(resp); resp.StatusCode != 200 || !strings.Contains(body, "一、总体情况") || !strings.Contains(body, "督查通报（第17期）") {
		t.Errorf("bulletin: %d %.2000s", resp.StatusCode, body)
	}
	resp = e.get(c, "/supervision/bulletin/export?period=quarter&year=2026&n=4&issue=17")
	if data := readBody(resp); resp.StatusCode != 200 || !strings.HasPrefix(data, "PK") {
		t.Errorf("bulletin export: %d", resp.StatusCode)
	}
}

func TestPages_Supervision(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	it := seedSupervision(t, e, "推进县城老旧小区改造")
	item := fmt.Sprintf("/supervision/%d", it.ID)
	fgj, czj := fmt.Sprint(unitByName(t, e, "县发改局")), fmt.Sprint(unitByName(t, e, "县财政局"))
	due, _ := e.app.DueIn(time.Now(), 10)
	dueDate := due.In(time.FixedZone("CST", 8*3600)).Add(-time.Nanosecond).Format("2006-01-02")
	good := url.Values{"title": {"落实全县安全生产大检查"}, "source": {"instruction"}, "source_ref": {"县长批示：立即开展大检查。"},
		"content": {"全面排查隐患，按期报送结果。"}, "assigning_leader_id": {fmt.Sprint(e.actor("xianzhang").ID())},
		"lead_unit_id": {fgj}, "co_unit_id": {czj}, "due_date": {dueDate}, "feedback_cycle": {"weekly"}}
	runScenarios(t, e, []scenario{
		{name: "ledger for the 督查员", user: "duchayuan", method: "GET", path: "/supervision", status: 200,
			has: []string{"督办台账", "范围：全部", "共 <strong class=\"count\">1</strong> 件", it.Number, "推进县城老旧小区改造", "县发改局", "协办 1 个单位", "新建督办事项", "拟立项"}},
		{name: "ledger nav link", user: "duchayuan", method: "GET", path: "/supervision", status: 200, has: []string{`href="/supervision"`}},
		{name: "liaison sees its unit's item", user: "fgj.lly", method: "GET", path: "/supervision", status: 200,
			has: []string{"本单位及本人相关", it.Number}, hasNot: []string{"新建督办事项"}},
		{name: "clerk of another unit sees none", user: "wenshu", method: "GET", path: "/supervision", status: 200,
			has: []string{"本单位目前没有督办事项"}, hasNot: []string{it.Number}},
		{name: "clerk may not open the item", user: "wenshu", method: "GET", path: item, status: 404},
		{name: "bad filter", user: "zhuren", method: "GET", path: "/supervision?light=purple", status: 400},
		{name: "filter by source", user: "zhuren", method: "GET", path: "/supervision?source=meeting", status: 200, has: []string{"没有符合条件的督办事项"}},
		{name: "office director may not register", user: "zhuren", method: "GET", path: "/supervision/new", status: 403, has: []string{"督查员"}},
		{name: "county head may not register either", user: "xianzhang", method: "POST", path: "/supervision/new", form: good, status: 403},
		{name: "registration form", user: "duchayuan", method: "GET", path: "/supervision/new", status: 200,
			has: []string{"事项名称", "领导批示交办", "主办单位", "协办单位", "办结时限", "何建平"}},
		{name: "registration errors per field", user: "duchayuan", method: "POST", path: "/supervision/new",
			form: url.Values{"source": {"instruction"}, "due_date": {"明天"}}, status: 400,
			has: []string{"请填写督办事项名称", "请选择主办单位", "办结时限须为日期", "请填写办理要求", `aria-invalid="true"`}},
		{name: "批示 needs its text", user: "duchayuan", method: "POST", path: "/supervision/new",
			form: url.Values{"title": {"某事项"}, "source": {"instruction"}, "content": {"办理"}, "lead_unit_id": {fgj}, "due_date": {dueDate}}, status: 400,
			has: []string{"请填写批示内容、批示领导和日期"}},
		{name: "register", user: "duchayuan", method: "POST", path: "/supervision/new", form: good, status: 303, locates: "/supervision/"},
		{name: "item page for the 督查员", user: "duchayuan", method: "GET", path: item, status: 200,
			has: []string{it.Number, "拟立项", "下一步：提交立项", `value="submit"`, "撤销立项", "data-confirm", "县发改局", "县财政局", "主办", "协办", "登记立项", "曹静"}},
		{name: "unit may not submit", user: "fgj.lly", method: "POST", path: item + "/act", form: url.Values{"action": {"submit"}}, status: 403,
			has: []string{"您不能提交立项", "拟立项"}},
		{name: "sign refused on a draft", user: "fgj.lly", method: "POST", path: item + "/act", form: url.Values{"action": {"sign"}}, status: 409,
			has: []string{"督办事项当前为“拟立项”，不能签收"}},
		{name: "cancel needs a reason", user: "duchayuan", method: "POST", path: item + "/act", form: url.Values{"action": {"cancel"}}, status: 400,
			has: []string{"请说明撤销的理由"}},
		{name: "unknown action", user: "duchayuan", method: "POST", path: item + "/act", form: url.Values{"action": {"fly"}}, status: 400},
	})
	// The refusals changed nothing.
	d, err := e.app.FindSupervisionItem(ctx, e.actor("duchayuan"), it.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Item.Status != zhongshu.SupervisionDraft || len(d.Events) != 1 {
		t.Errorf("after refusals: status %s, %d events; want draft and 1", d.Item.Status, len(d.Events))
	}

	// Submitting a 批示 item issues it to the units: a green light.
	runScenarios(t, e, []scenario{
		{name: "submit", user: "duchayuan", method: "POST", path: item + "/act", form: url.Values{"action": {"submit"}}, status: 303, locates: item},
		{name: "issued, green", user: "duchayuan", method: "GET", path: item, status: 200, has: []string{"已交办", "light-ok", "正常", "提交立项"}},
		{name: "liaison signs", user: "fgj.lly", method: "POST", path: item + "/act", form: url.Values{"action": {"sign"}}, status: 303},
		{name: "ledger shows the light", user: "zhuren", method: "GET", path: "/supervision?light=green", status: 200, has: []string{it.Number, "正常"}},
		{name: "no red ones", user: "zhuren", method: "GET", path: "/supervision?light=red", status: 200, hasNot: []string{it.Number}},
	})

	// Export keeps the filter and is recorded.
	c := e.login("zhuren")
	resp := e.get(c, "/supervision/export?source=instruction")
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("export: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	x, err := excelize.OpenReader(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows("督办台账")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "督办编号" {
		t.Fatalf("export rows = %v, want a header and 2 items", rows)
	}
	var found bool
	for _, r := range rows[1:] {
		if r[0] == it.Number && r[5] == "县发改局" && r[6] == "县财政局" && r[7] == "何建平" {
			found = true
		}
	}
	if !found {
		t.Errorf("export lacks %s with its units and leader: %v", it.Number, rows)
	}
}

func TestAPI_Supervision(t *testing.T) {
	e := newEnv(t)
	fgj, czj := unitByName(t, e, "县发改局"), unitByName(t, e, "县财政局")
	due, _ := e.app.DueIn(time.Now(), 10)
	dueDate := due.In(time.FixedZone("CST", 8*3600)).Add(-time.Nanosecond).Format("2006-01-02")
	body := fmt.Sprintf(`{"title":"加快重点项目建设","source":"meeting","source_ref":"县政府第12次常务会议议定事项第3项","content":"按会议要求推进。",
		"lead_unit_id":%d,"co_unit_ids":[%d],"due_date":%q}`, fgj, czj, dueDate)
	if resp := e.apiDo("zhuren", "POST", "/api/v1/supervision", body); resp.StatusCode != 403 {
		t.Errorf("create as office director: %d, want 403", resp.StatusCode)
	}
	resp := e.apiDo("duchayuan", "POST", "/api/v1/supervision", `{"title":"","source":"meeting","extra":1}`)
	if b := readBody(resp); resp.StatusCode != 400 || !strings.Contains(b, "extra") {
		t.Errorf("unknown field: %d %s", resp.StatusCode, b)
	}
	resp = e.apiDo("duchayuan", "POST", "/api/v1/supervision", `{"title":"","source":"meeting"}`)
	if b := readBody(resp); resp.StatusCode != 400 || !strings.Contains(b, "lead_unit_id") || !strings.Contains(b, "请填写督办事项名称") {
		t.Errorf("invalid create: %d %s", resp.StatusCode, b)
	}
	resp = e.apiDo("duchayuan", "POST", "/api/v1/supervision", body)
	b := readBody(resp)
	if resp.StatusCode != 201 || !strings.Contains(b, `"status":"draft"`) || !strings.Contains(b, dueDate) {
		t.Fatalf("create: %d %s", resp.StatusCode, b)
	}
	loc := resp.Header.Get("Location")
	resp = e.apiDo("duchayuan", "POST", loc+"/actions", `{"action":"submit"}`)
	if b := readBody(resp); resp.StatusCode != 200 || !strings.Contains(b, `"status":"issued"`) || !strings.Contains(b, `"light":"green"`) {
		t.Fatalf("submit: %d %s", resp.StatusCode, b)
	}
	resp = e.apiDo("fgj.lly", "GET", loc, "")
	if b := readBody(resp); resp.StatusCode != 200 || !strings.Contains(b, `"action":"sign"`) || !strings.Contains(b, `"action_label":"提交立项"`) {
		t.Errorf("detail for the liaison: %d %s", resp.StatusCode, b)
	}
	if resp := e.apiDo("wenshu", "GET", loc, ""); resp.StatusCode != 404 {
		t.Errorf("detail for another unit: %d, want 404", resp.StatusCode)
	}
	resp = e.apiDo("fgj.lly", "POST", loc+"/actions", `{"action":"request_completion"}`)
	if b := readBody(resp); resp.StatusCode != 409 {
		t.Errorf("completion before signing: %d %s, want 409", resp.StatusCode, b)
	}
	resp = e.apiDo("fgj.lly", "GET", "/api/v1/supervision?light=green", "")
	if b := readBody(resp); resp.StatusCode != 200 || !strings.Contains(b, `"total":1`) {
		t.Errorf("list: %d %s", resp.StatusCode, b)
	}
}
