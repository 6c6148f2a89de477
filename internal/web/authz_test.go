package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// rule says who may use a route. Anyone else gets 403, or 404 where the
// route hides its existence.
type rule struct {
	public bool     // no sign-in needed
	allow  []string // demo users who may use it
	hide   bool     // others get 404 instead of 403
	own    bool     // allowed users may get 404 for objects that are not theirs
	stage  bool     // only for half-signed-in sessions: full sessions get 404
	exit   bool     // ends the session: its redirect to the sign-in page is success
	// unseen are users who may not see the object at all: they get 404
	// where the rest of those not allowed get 403.
	unseen []string
}

var (
	walkers   = []string{"wenshu", "duchayuan", "zhuren", "xianzhang", "fgj.lly", "sysadmin", "secadmin", "auditadmin"}
	business  = []string{"wenshu", "duchayuan", "zhuren", "xianzhang", "fgj.lly"}
	everyone  = walkers
	orgViewer = append(append([]string{}, business...), "sysadmin", "secadmin")
	delegates = append(append([]string{}, business...), "secadmin")
)

func allow(users ...[]string) rule {
	var all []string
	for _, u := range users {
		all = append(all, u...)
	}
	return rule{allow: all}
}

func only(users ...string) rule { return rule{allow: users} }

// expectations is the authorization table: every route must have a row,
// so the table grows with each module.
var expectations = map[string]rule{
	"GET /healthz":                          {public: true},
	"GET /metrics":                          {public: true},
	"GET /static/{path...}":                 {public: true},
	"GET /login":                            {public: true},
	"POST /login":                           {public: true},
	"POST /logout":                          {allow: everyone, exit: true},
	"GET /login/totp":                       {stage: true},
	"POST /login/totp":                      {stage: true},
	"GET /password":                         allow(everyone),
	"POST /password":                        allow(everyone),
	"GET /account/totp":                     allow(everyone),
	"POST /account/totp":                    allow(everyone),
	"GET /account":                          allow(everyone),
	"POST /account/tokens":                  allow(everyone),
	"POST /account/tokens/{id}/revoke":      {allow: everyone, own: true},
	"POST /account/notify":                  allow(everyone),
	"POST /account/robots":                  allow(everyone),
	"POST /account/robots/{id}/delete":      {allow: everyone, own: true},
	"GET /{$}":                              allow(everyone),
	"GET /notifications":                    allow(everyone),
	"GET /notifications/{id}":               {allow: everyone, own: true},
	"POST /notifications/read-all":          allow(everyone),
	"GET /events":                           allow(everyone),
	"GET /ledger":                           allow(business),
	"GET /ledger/export":                    allow(business),
	"GET /search":                           allow(orgViewer),
	"GET /delegations":                      allow(delegates),
	"GET /incoming":                         allow(business),
	"GET /incoming/new":                     only("wenshu"),
	"POST /incoming/new":                    only("wenshu"),
	"GET /incoming/pending":                 allow(business),
	"GET /incoming/{id}":                    {allow: []string{"wenshu", "zhuren", "fgj.lly"}, unseen: []string{"duchayuan", "xianzhang"}},
	"POST /incoming/{id}/act":               {allow: []string{"wenshu", "zhuren", "fgj.lly"}, unseen: []string{"duchayuan", "xianzhang"}},
	"POST /incoming/{id}/files":             {allow: []string{"wenshu", "zhuren", "fgj.lly"}, unseen: []string{"duchayuan", "xianzhang"}},
	"GET /incoming/{id}/files/{file}":       {allow: []string{"wenshu", "zhuren", "fgj.lly"}, unseen: []string{"duchayuan", "xianzhang"}},
	"POST /incoming/{id}/supervise":         {allow: []string{"duchayuan"}, own: true, unseen: []string{"xianzhang"}}, // duchayuan: not routed to, 404
	"GET /supervision":                      allow(business),
	"GET /supervision/export":               allow(business),
	"GET /supervision/new":                  only("duchayuan"),
	"POST /supervision/new":                 only("duchayuan"),
	"GET /supervision/{id}":                 {allow: business, own: true}, // wenshu: not of its unit, 404
	"POST /supervision/{id}/act":            {allow: business, own: true},
	"POST /supervision/{id}/urge":           {allow: []string{"duchayuan", "zhuren", "xianzhang"}, unseen: []string{"wenshu"}},
	"POST /api/v1/supervision/{id}/urge":    {allow: []string{"duchayuan", "zhuren", "xianzhang"}, unseen: []string{"wenshu"}},
	"GET /api/v1/supervision":               allow(business),
	"POST /api/v1/supervision":              only("duchayuan"),
	"GET /api/v1/supervision/{id}":          {allow: business, own: true},
	"POST /api/v1/supervision/{id}/actions": {allow: business, own: true},
	"GET /delegations/new":                  allow(delegates),
	"POST /delegations":                     allow(delegates),
	"POST /delegations/{id}/revoke":         {allow: delegates, own: true},
	"GET /supervision/stats":                allow(business),
	"GET /supervision/stats/export":         allow(business),
	"GET /supervision/bulletin":             allow(business),
	"POST /supervision/bulletin":            allow(business),
	"GET /supervision/bulletin/export":      allow(business),
	"GET /api/v1/supervision/stats":         allow(business),
	"GET /admin":                            only("sysadmin", "secadmin", "auditadmin"),
	"GET /admin/units":                      only("sysadmin", "secadmin"),
	"GET /admin/units/new":                  only("sysadmin"),
	"POST /admin/units":                     only("sysadmin"),
	"GET /admin/units/{id}":                 only("sysadmin"),
	"POST /admin/units/{id}":                only("sysadmin"),
	"GET /admin/users":                      only("sysadmin", "secadmin"),
	"GET /admin/users/new":                  only("sysadmin"),
	"POST /admin/users":                     only("sysadmin"),
	"GET /admin/users/{id}":                 only("sysadmin", "secadmin"),
	"GET /admin/users/{id}/edit":            only("sysadmin"),
	"POST /admin/users/{id}":                only("sysadmin"),
	"POST /admin/users/{id}/roles":          only("secadmin"),
	"POST /admin/users/{id}/ab":             only("sysadmin"),
	"POST /admin/users/{id}/reset-password": only("sysadmin"),
	"POST /admin/users/{id}/unlock":         only("secadmin"),
	"POST /admin/users/{id}/reset-totp":     only("secadmin"),
	"GET /admin/import":                     only("sysadmin"),
	"POST /admin/import":                    only("sysadmin"),
	"GET /admin/import/template":            only("sysadmin"),
	"GET /admin/audit":                      {allow: []string{"auditadmin"}, hide: true},
	"GET /admin/audit/export":               {allow: []string{"auditadmin"}, hide: true},
	"POST /admin/audit/verify":              {allow: []string{"auditadmin"}, hide: true},
	"GET /admin/calendar":                   only("sysadmin"),
	"POST /admin/calendar":                  only("sysadmin"),
	"POST /admin/calendar/{year}/delete":    {allow: []string{"sysadmin"}, own: true},
	"GET /admin/jobs":                       only("sysadmin"),
	"POST /admin/jobs/{name}/run":           only("sysadmin"),
	"POST /admin/deliveries/{id}/retry":     {allow: []string{"sysadmin"}, own: true},
	"GET /admin/robots":                     only("sysadmin"),
	"POST /admin/robots":                    only("sysadmin"),
	"POST /admin/robots/{id}/delete":        {allow: []string{"sysadmin"}, own: true},

	"GET /api/v1/openapi.json":               {public: true},
	"GET /api/v1/me":                         allow(everyone),
	"GET /api/v1/work":                       allow(everyone),
	"GET /api/v1/notifications":              allow(everyone),
	"POST /api/v1/notifications/{id}/read":   {allow: everyone, own: true},
	"POST /api/v1/notifications/read-all":    allow(everyone),
	"GET /api/v1/ledger":                     allow(business),
	"GET /api/v1/units":                      allow(orgViewer),
	"POST /api/v1/units":                     only("sysadmin"),
	"GET /api/v1/units/{id}":                 allow(orgViewer),
	"PUT /api/v1/units/{id}":                 only("sysadmin"),
	"GET /api/v1/users":                      allow(orgViewer),
	"POST /api/v1/users":                     only("sysadmin"),
	"GET /api/v1/users/{id}":                 allow(orgViewer),
	"PUT /api/v1/users/{id}":                 only("sysadmin"),
	"PUT /api/v1/users/{id}/roles":           only("secadmin"),
	"PUT /api/v1/users/{id}/ab-partner":      only("sysadmin"),
	"POST /api/v1/users/{id}/reset-password": only("sysadmin"),
	"POST /api/v1/users/{id}/unlock":         only("secadmin"),
	"POST /api/v1/users/{id}/reset-totp":     only("secadmin"),
	"GET /api/v1/delegations":                allow(delegates),
	"POST /api/v1/delegations":               allow(delegates),
	"POST /api/v1/delegations/{id}/revoke":   {allow: delegates, own: true},
	"POST /api/v1/import":                    only("sysadmin"),
	"GET /api/v1/audit":                      {allow: []string{"auditadmin"}, hide: true},
	"POST /api/v1/audit/verify":              {allow: []string{"auditadmin"}, hide: true},
	"GET /api/v1/tokens":                     allow(everyone),
	"POST /api/v1/tokens":                    allow(everyone),
	"DELETE /api/v1/tokens/{id}":             {allow: everyone, own: true},
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestAuthorization_EveryRouteEveryRole walks every registered route as
// every demo role (and signed out) and checks who is let through.
func TestAuthorization_EveryRouteEveryRole(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	victim := e.actor("chengguan.lly").ID()
	xz := e.actor("xianzhang")
	deputy := e.actor("fuxianzhang")
	d := &zhongshu.Delegation{FromUserID: xz.ID(), ToUserID: deputy.ID(), StartsAt: time.Now(), EndsAt: time.Now().Add(48 * time.Hour), Reason: "外出调研"}
	if err := e.app.CreateDelegation(ctx, xz, d); err != nil {
		t.Fatal(err)
	}
	tok, err := e.app.CreateAPIToken(ctx, e.actor("wenshu"), "walk", 10)
	if err != nil {
		t.Fatal(err)
	}
	// A notice of wenshu's (others get 404) and a unit robot (only the
	// system administrator may delete it; everyone else gets 404).
	notice := &store.OutboxMessage{RecipientID: e.actor("wenshu").ID(), Kind: "test", Subject: "走查通知", URL: "/"}
	if err := e.db.Transact(ctx, func(tx *store.Tx) error { return tx.AddOutbox(ctx, notice) }); err != nil {
		t.Fatal(err)
	}
	robot := &store.Robot{UnitID: 2, Name: "走查机器人", Kind: "webhook", URL: "https://hooks.example.cn/walk"}
	if err := e.app.CreateRobot(ctx, e.actor("sysadmin"), robot); err != nil {
		t.Fatal(err)
	}
	// A 督办 item of 县发改局 (fgj.lly's unit); wenshu's unit has no part in it.
	item := seedSupervision(t, e, "走查督办事项")
	// A 收文 交办 to 县发改局 with one attachment; other units get 404.
	doc, file := seedIncoming(t, e, "走查收文")
	ids := map[string]string{"/incoming/{id}": fmt.Sprint(doc.ID), "/files/{file}": fmt.Sprint(file.ID), "/supervision/{id}": fmt.Sprint(item.ID), "/delegations/{id}": fmt.Sprint(d.ID), "/tokens/{id}": fmt.Sprint(tok.ID), "/users/{id}": fmt.Sprint(victim), "/units/{id}": "2",
		"/notifications/{id}": fmt.Sprint(notice.ID), "/robots/{id}": fmt.Sprint(robot.ID), "/deliveries/{id}": "999"}

	routes := e.web.Routes()
	for _, rt := range routes {
		if _, ok := expectations[rt.Method+" "+rt.Pattern]; !ok {
			t.Errorf("route %s %s has no row in the authorization table", rt.Method, rt.Pattern)
		}
	}
	// Sign-out goes last so that each role's session lasts the walk.
	sort.SliceStable(routes, func(i, j int) bool { return routes[j].Pattern == "/logout" && routes[i].Pattern != "/logout" })

	for _, who := range append([]string{""}, walkers...) {
		name := who
		if name == "" {
			name = "anonymous"
		}
		t.Run(name, func(t *testing.T) {
			var browser *http.Client
			if who != "" {
				browser = e.login(who)
			} else {
				browser = e.browser()
			}
			for _, rt := range routes {
				want := expectations[rt.Method+" "+rt.Pattern]
				path := rt.Pattern
				for k, v := range ids {
					path = strings.Replace(path, k, strings.Replace(k, "{id}", v, 1), 1)
				}
				path = strings.Replace(path, "{file}", fmt.Sprint(file.ID), 1)
				path = strings.Replace(path, "{path...}", "app.css", 1)
				path = strings.Replace(path, "{year}", "2099", 1)            // a year with no notice: delete is 404
				path = strings.Replace(path, "{name}", "deadlines.sweep", 1) // no runner in tests: 409
				path = strings.Replace(path, "{$}", "", 1)
				var status int
				var loc string
				if rt.API {
					tokenUser := who
					body := ""
					if rt.Method != "GET" && rt.Method != "DELETE" {
						body = "{}"
					}
					resp := e.apiDo(tokenUser, rt.Method, path, body)
					status = resp.StatusCode
					resp.Body.Close()
				} else {
					var resp *http.Response
					switch {
					case rt.Pattern == "/events":
						// A stream that does not end: read the status, then hang up.
						sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
						req, _ := http.NewRequestWithContext(sctx, "GET", e.srv.URL+path, nil)
						var err error
						if resp, err = browser.Do(req); err != nil {
							cancel()
							t.Fatalf("GET %s: %v", path, err)
						}
						status, loc = resp.StatusCode, resp.Header.Get("Location")
						cancel()
						resp.Body.Close()
						check(t, rt.Method+" "+path, who, want, rt.API, status, loc)
						continue
					case rt.Method == "GET":
						resp = e.get(browser, path)
					default:
						resp = e.postForm(browser, path, url.Values{})
					}
					status, loc = resp.StatusCode, resp.Header.Get("Location")
					resp.Body.Close()
				}
				check(t, rt.Method+" "+path, who, want, rt.API, status, loc)
			}
		})
	}
}

func check(t *testing.T, what, who string, want rule, api bool, status int, loc string) {
	t.Helper()
	toLogin := status == http.StatusSeeOther && strings.HasPrefix(loc, "/login")
	switch {
	case want.public:
		// A public route may still refuse bad input (POST /login with no
		// password is 401), but it never asks to sign in first.
		if status == 403 || toLogin {
			t.Errorf("%s as %q: status %d, want public access", what, who, status)
		}
	case who == "":
		if status != 401 && !toLogin {
			t.Errorf("%s signed out: status %d (Location %q), want 401 or a redirect to sign in", what, status, loc)
		}
	case want.stage:
		if status != 404 {
			t.Errorf("%s as %q (full session): status %d, want 404", what, who, status)
		}
	case contains(want.allow, who):
		if status == 401 || status == 403 || (toLogin && !want.exit) || (status == 404 && !want.own) || status >= 500 {
			t.Errorf("%s as %q: status %d, want access", what, who, status)
		}
	case want.hide || contains(want.unseen, who):
		if status != 404 {
			t.Errorf("%s as %q: status %d, want 404 (hidden)", what, who, status)
		}
	default:
		if status != 403 {
			t.Errorf("%s as %q: status %d, want 403", what, who, status)
		}
	}
}
