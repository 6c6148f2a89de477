package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/audit"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// BasePage is embedded in every page's data.
type BasePage struct {
	Title      string
	OfficeName string
	User       *zhongshu.User
	Nav        []NavItem
	Flash      string
	FlashError bool
	Watermark  string
	Unread     int
	Path       string
}

// NavItem is one entry of the left navigation.
type NavItem struct {
	Label   string
	URL     string
	Active  bool
	Enabled bool
	Count   int
}

// pageNames lists every page template; a missing one fails the start.
var pageNames = []string{
	"error", "login", "totp", "password", "enrol", "workbench", "notifications", "account", "search", "find",
	"delegations", "delegation_form", "admin", "units", "unit_form", "users", "user_form", "user_view",
	"import", "audit",
	"incoming_list", "incoming_form", "incoming_doc", "incoming_pending", "incoming_import",
	"outgoing_list", "outgoing_form", "outgoing_doc",
	"supervision_list", "supervision_form", "supervision_item", "supervision_stats", "supervision_bulletin", "ledger", "notice", "calendar", "jobs", "robots",
}

// pages holds one template set per page: layout + partials (partials*.html)
// + the page.
type pages struct {
	dev    bool
	fsys   fs.FS
	funcs  template.FuncMap
	mu     sync.Mutex
	byName map[string]*template.Template
}

func newPages(embedded fs.FS, dev bool, st *staticFiles, clock zhongshu.Clock) (*pages, error) {
	p := &pages{dev: dev, funcs: templateFuncs(st, clock)}
	p.fsys, _ = fs.Sub(embedded, "templates")
	if dev {
		p.fsys = os.DirFS("internal/web/templates")
	}
	if err := p.load(); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *pages) load() error {
	byName := map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(p.funcs).ParseFS(p.fsys, "layout.html", "partials*.html", name+".html")
		if err != nil {
			return fmt.Errorf("web: template %s: %w", name, err)
		}
		byName[name] = t
	}
	p.mu.Lock()
	p.byName = byName
	p.mu.Unlock()
	return nil
}

// render executes page within layout ("layout" or "bare") into a buffer
// first, so that a template error never leaves half a page.
func (p *pages) render(w http.ResponseWriter, status int, page, layout string, data any) error {
	if p.dev {
		if err := p.load(); err != nil {
			return err
		}
	}
	p.mu.Lock()
	t, ok := p.byName[page]
	p.mu.Unlock()
	if !ok {
		return fmt.Errorf("web: no page %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, layout, data); err != nil {
		return fmt.Errorf("web: render %s: %w", page, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
}

var chinaTime = time.FixedZone("CST", 8*3600)

func templateFuncs(st *staticFiles, clock zhongshu.Clock) template.FuncMap {
	return template.FuncMap{
		"static": st.url,
		"comma":  comma,
		"fmtTime": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(chinaTime).Format("2006-01-02 15:04")
		},
		"fmtDate": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(chinaTime).Format("2006-01-02")
		},
		"seq": func(n int) []int {
			s := make([]int, n)
			for i := range s {
				s[i] = i
			}
			return s
		},
		"deadline":    func(w *zhongshu.WorkItem) zhongshu.DeadlineState { return w.Deadline(clock.Now()) },
		"hasRole":     func(u *zhongshu.User, r string) bool { return u != nil && u.HasRole(zhongshu.Role(r)) },
		"actionLabel": audit.ActionLabel,
		"join":        strings.Join,
		"objectLabel": audit.ObjectLabel,
		"stateLabel":  audit.StateLabel,
		"add":         func(a, b int) int { return a + b },
		"indent":      func(depth int) string { return strings.Repeat("　　", depth) },
		"fmtDue":      fmtDue,
		"age":         func(t time.Time) string { return ageOf(t, clock.Now()) },
		"maskURL":     maskURL,
		"robotKind":   robotKindLabel,
		// canFind: the user searches documents (business users; the
		// administrators keep the directory box).
		"canFind": func(u *zhongshu.User) bool {
			return u != nil && zhongshu.NewActor(u, "", nil).Can(zhongshu.PermDelegateOwn)
		},
	}
}

// fmtDue formats a deadline. A deadline at midnight ends the day before,
// so 2026-09-29 00:00 reads "2026-09-28 24:00", as the office says it.
func fmtDue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(chinaTime)
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Add(-time.Nanosecond).Format("2006-01-02") + " 24:00"
	}
	return t.Format("2006-01-02 15:04")
}

// ageOf says how long something has stood since t: "已 3 天".
func ageOf(t, now time.Time) string {
	if t.IsZero() {
		return ""
	}
	d := now.Sub(t)
	switch {
	case d >= 24*time.Hour:
		return fmt.Sprintf("已 %d 天", int(d/(24*time.Hour)))
	case d >= time.Hour:
		return fmt.Sprintf("已 %d 小时", int(d/time.Hour))
	}
	return "不足 1 小时"
}

// maskURL shows where a webhook points without its secret parts (path and
// query often carry the access token): "https://oapi.dingtalk.com/…".
func maskURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "（地址无效）"
	}
	s := u.Scheme + "://" + u.Host
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
		s += "/…"
	}
	return s
}

// comma formats n with thousands separators.
func comma(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// staticFiles serves the embedded static files under URLs carrying their
// content hash, cached for a year.
type staticFiles struct {
	fsys   fs.FS
	hashes map[string]string
}

func newStaticFiles(embedded fs.FS) (*staticFiles, error) {
	sub, err := fs.Sub(embedded, "static")
	if err != nil {
		return nil, fmt.Errorf("web: static: %w", err)
	}
	st := &staticFiles{fsys: sub, hashes: map[string]string{}}
	err = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		st.hashes[p] = hex.EncodeToString(sum[:])[:12]
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: static: %w", err)
	}
	return st, nil
}

func (st *staticFiles) url(name string) string {
	return "/static/" + name + "?v=" + st.hashes[name]
}

func (st *staticFiles) serve(w http.ResponseWriter, r *http.Request) error {
	name := path.Clean(r.PathValue("path"))
	hash, ok := st.hashes[name]
	if !ok {
		return zhongshu.Errorf(zhongshu.CodeNotFound, "文件不存在。")
	}
	if r.URL.Query().Get("v") == hash {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	w.Header().Set("ETag", `"`+hash+`"`)
	http.ServeFileFS(w, r, st.fsys, name)
	return nil
}
