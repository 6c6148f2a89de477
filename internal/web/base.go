package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// base fills the part of every page that comes from the request.
func (s *Server) base(w http.ResponseWriter, r *http.Request, title string) BasePage {
	b := BasePage{Title: title, OfficeName: s.cfg.OfficeName, Path: r.URL.Path}
	b.Flash, b.FlashError = takeFlash(w, r)
	si := signedIn(r)
	if si == nil || si.Session.Stage != zhongshu.StageFull {
		if si != nil && s.cfg.Watermark {
			b.Watermark = si.Actor.User.Name + " " + s.clock.Now().In(chinaTime).Format("2006-01-02")
		}
		return b
	}
	a := si.Actor
	b.User = a.User
	if s.cfg.Watermark {
		b.Watermark = a.User.Name + " " + s.clock.Now().In(chinaTime).Format("2006-01-02")
	}
	b.Nav = s.nav(a, r.URL.Path)
	s.countPending(r, a, b.Nav)
	n, err := s.app.Unread(r.Context(), a)
	if err != nil {
		s.log.WarnContext(r.Context(), "unread count", "err", err)
	}
	b.Unread = n
	return b
}

// nav lists what the actor's roles can use. Business modules that are not
// yet installed show as disabled entries for business users; the three
// administrators see only administration.
func (s *Server) nav(a *zhongshu.Actor, path string) []NavItem {
	var items []NavItem
	add := func(label, url string, enabled bool) {
		active := enabled && (path == url || (url != "/" && strings.HasPrefix(path, url+"/")))
		items = append(items, NavItem{Label: label, URL: url, Enabled: enabled, Active: active})
	}
	if a.Can(zhongshu.PermDelegateOwn) {
		add("工作台", "/", true)
		add("压误漏台账", "/ledger", true)
		add("收文", "/incoming", true)
		if path == "/incoming/pending" {
			items[len(items)-1].Active = false
		}
		if givesInstructions(a) {
			add("待批", "/incoming/pending", true)
		}
		add("发文", "/outgoing", true)
		add("督办", "/supervision", true)
		for _, m := range []string{"会议", "信息", "日程", "统计"} {
			add(m, "", false)
		}
		add("通讯录", "/search", true)
		add("委托", "/delegations", true)
	}
	if a.Can(zhongshu.PermOrgManage) || a.Can(zhongshu.PermRoleAssign) || a.Can(zhongshu.PermSecurityManage) || a.Can(zhongshu.PermAuditRead) {
		add("管理", "/admin", true)
	}
	if a.Can(zhongshu.PermDelegateManage) && !a.Can(zhongshu.PermDelegateOwn) {
		add("委托", "/delegations", true)
	}
	add("个人设置", "/account", true)
	return items
}

// countPending puts the number of documents awaiting the leader's 批示 on
// the 待批 entry: one read of the leader's open 待办, which are few.
func (s *Server) countPending(r *http.Request, a *zhongshu.Actor, nav []NavItem) {
	for i := range nav {
		if nav[i].URL != "/incoming/pending" {
			continue
		}
		wl, err := s.app.Work(r.Context(), a, zhongshu.WorkTodo, false, app.Page{Limit: zhongshu.MaxPageSize})
		if err != nil {
			s.log.WarnContext(r.Context(), "pending count", "err", err)
			return
		}
		seen := map[int64]bool{}
		for _, w := range wl.Items {
			if w.Module == app.IncomingModule && w.Step == app.StepIncomingInstruct {
				seen[w.RefID] = true
			}
		}
		nav[i].Count = len(seen)
	}
}

// pathID reads a positive integer path value; anything else is not found.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, zhongshu.Errorf(zhongshu.CodeNotFound, "您访问的记录不存在。")
	}
	return id, nil
}

// formID reads an optional id from a form value; "" is 0.
func formID(v string) (int64, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, true
	}
	id, err := strconv.ParseInt(v, 10, 64)
	return id, err == nil && id > 0
}

// Pager is the paging bar of a list.
type Pager struct {
	Total, Page, Pages, From, To int
	PrevURL, NextURL             string
}

// pageParams reads ?page= (1-based) and returns the app page.
func pageParams(r *http.Request, size int) (app.Page, int) {
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	if n < 1 {
		n = 1
	}
	return app.Page{Offset: (n - 1) * size, Limit: size}, n
}

// newPager builds the paging bar for total items, keeping the query.
func newPager(r *http.Request, total, page, size int) Pager {
	pages := (total + size - 1) / size
	if pages < 1 {
		pages = 1
	}
	p := Pager{Total: total, Page: page, Pages: pages}
	if total > 0 {
		p.From = (page-1)*size + 1
		p.To = min(page*size, total)
	}
	link := func(n int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n))
		return r.URL.Path + "?" + q.Encode()
	}
	if page > 1 {
		p.PrevURL = link(page - 1)
	}
	if page < pages {
		p.NextURL = link(page + 1)
	}
	return p
}

// redirect sends the browser on with a flash message.
func redirect(w http.ResponseWriter, r *http.Request, to, flash string) error {
	if flash != "" {
		setFlash(w, flash, false)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// formErrors returns the per-field messages of a validation error, or nil
// when err is not one (then it goes to the error page).
func formErrors(err error) (string, map[string]string, bool) {
	switch zhongshu.ErrorCode(err) {
	case zhongshu.CodeInvalid, zhongshu.CodeConflict:
		f := zhongshu.ErrorFields(err)
		if f == nil {
			f = map[string]string{}
		}
		return zhongshu.ErrorMessage(err), f, true
	}
	return "", nil, false
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if err != nil || next == "" || u.IsAbs() || u.Host != "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}
