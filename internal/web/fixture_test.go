package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/config"
	"github.com/zhongshu-oa/zhongshu/internal/demo"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/store/storetest"
	"github.com/zhongshu-oa/zhongshu/internal/web"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// env is a running Zhongshu on a fresh SQLite database with the demo county.
type env struct {
	t    testing.TB
	app  *app.App
	db   *store.DB
	srv  *httptest.Server
	web  *web.Server
	mu   sync.Mutex
	toks map[string]string // username → API token
}

// newEnv starts a demo-mode server. Tests that need a non-demo server pass
// a mutate function for the config.
func newEnv(t testing.TB, mutate ...func(*config.Config)) *env {
	t.Helper()
	db := storetest.Open(t, "sqlite", nil)
	cfg := config.Default()
	cfg.Demo = true
	cfg.OfficeName = "青川县人民政府办公室"
	cfg.DataDir = t.TempDir() // attachments
	for _, m := range mutate {
		m(&cfg)
	}
	log := slog.New(slog.DiscardHandler)
	a := app.New(db, cfg, nil, log)
	if err := a.LoadDemo(context.Background(), demo.County()); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	ws, err := web.New(a, log, nil)
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	srv := httptest.NewServer(ws)
	t.Cleanup(srv.Close)
	return &env{t: t, app: a, db: db, srv: srv, web: ws, toks: map[string]string{}}
}

// actor returns the actor of a demo user.
func (e *env) actor(username string) *zhongshu.Actor {
	e.t.Helper()
	var u *zhongshu.User
	err := e.db.View(context.Background(), func(tx *store.Tx) (err error) {
		u, err = tx.FindUserByUsername(context.Background(), username)
		return err
	})
	if err != nil {
		e.t.Fatalf("user %s: %v", username, err)
	}
	return zhongshu.NewActor(u, "127.0.0.1", nil)
}

// token returns (creating once) a personal API token of a demo user.
func (e *env) token(username string) string {
	e.t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	if tok, ok := e.toks[username]; ok {
		return tok
	}
	nt, err := e.app.CreateAPIToken(context.Background(), e.actor(username), "测试", 30)
	if err != nil {
		e.t.Fatalf("token for %s: %v", username, err)
	}
	e.toks[username] = nt.Token
	return nt.Token
}

// browser is an HTTP client with a cookie jar that does not follow
// redirects, so tests see them.
func (e *env) browser() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// login signs a demo user in with the demo password and returns the client.
func (e *env) login(username string) *http.Client {
	e.t.Helper()
	c := e.browser()
	resp := e.postForm(c, "/login", url.Values{"username": {username}, "password": {app.DemoPassword}})
	if resp.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("login %s: status %d: %s", username, resp.StatusCode, readBody(resp))
	}
	resp.Body.Close()
	return c
}

// postForm posts a same-origin form, as a browser would.
func (e *env) postForm(c *http.Client, path string, form url.Values) *http.Response {
	e.t.Helper()
	req, _ := http.NewRequest("POST", e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", e.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.Do(req)
	if err != nil {
		e.t.Fatalf("POST %s: %v", path, err)
	}
	return resp
}

// get fetches path with c.
func (e *env) get(c *http.Client, path string) *http.Response {
	e.t.Helper()
	resp, err := c.Get(e.srv.URL + path)
	if err != nil {
		e.t.Fatalf("GET %s: %v", path, err)
	}
	return resp
}

// apiDo calls the API as username ("" for no token) with an optional JSON body.
func (e *env) apiDo(username, method, path, body string) *http.Response {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, e.srv.URL+path, rd)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if username != "" {
		req.Header.Set("Authorization", "Bearer "+e.token(username))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	return resp
}

func readBody(resp *http.Response) string {
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}
