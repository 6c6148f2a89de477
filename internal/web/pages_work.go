package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// workbenchPage is the 工作台: 待办, 待阅 and 已办 with counts.
type workbenchPage struct {
	BasePage
	Tab        string // todo, toread, done
	List       *app.WorkList
	Pager      Pager
	Delegators int // how many people's work the user holds by delegation
}

const workPageSize = 50

func (s *Server) handleWorkbench(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if !a.Can(zhongshu.PermDelegateOwn) { // the three administrators have no business work
		http.Redirect(w, r, "/admin", http.StatusSeeOther)
		return nil
	}
	tab := r.URL.Query().Get("tab")
	kind, done := zhongshu.WorkTodo, false
	switch tab {
	case "toread":
		kind = zhongshu.WorkToRead
	case "done":
		done = true
	default:
		tab = "todo"
	}
	pg, n := pageParams(r, workPageSize)
	list, err := s.app.Work(r.Context(), a, kind, done, pg)
	if err != nil {
		return err
	}
	p := &workbenchPage{BasePage: s.base(w, r, "工作台"), Tab: tab, List: list,
		Pager: newPager(r, list.Total, n, workPageSize), Delegators: len(a.Delegators)}
	for i := range p.Nav {
		if p.Nav[i].URL == "/" {
			p.Nav[i].Count = list.Todo
		}
	}
	return s.pages.render(w, http.StatusOK, "workbench", "layout", p)
}

// accountPage shows the user's own profile, security settings and tokens.
type accountPage struct {
	BasePage
	Me       *zhongshu.User
	Partner  *zhongshu.User
	Tokens   []*store.APIToken
	NewToken *app.NewAPIToken
	Error    string
	Fields   map[string]string
	// Notification channels and personal robots (pages_notices.go).
	Notify       *app.NotifySettings
	RobotKinds   []struct{ Code, Label string }
	NotifyError  string
	NotifyFields map[string]string
	RobotForm    robotForm
	RobotError   string
	RobotFields  map[string]string
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) (*accountPage, error) {
	a := actor(r)
	me, err := s.app.FindUserByID(r.Context(), a, a.ID())
	if err != nil {
		return nil, err
	}
	p := &accountPage{BasePage: s.base(w, r, "个人设置"), Me: me}
	if me.ABPartner != 0 && a.Can(zhongshu.PermOrgView) {
		if p.Partner, err = s.app.FindUserByID(r.Context(), a, me.ABPartner); err != nil {
			return nil, err
		}
	}
	if p.Tokens, err = s.app.APITokens(r.Context(), a); err != nil {
		return nil, err
	}
	if p.Notify, err = s.app.NotifySettingsOf(r.Context(), a); err != nil {
		return nil, err
	}
	p.RobotKinds = robotKinds
	p.RobotForm.Kind = robotKinds[0].Code
	return p, nil
}

func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request) error {
	p, err := s.accountPage(w, r)
	if err != nil {
		return err
	}
	return s.pages.render(w, http.StatusOK, "account", "layout", p)
}

func (s *Server) handleTokenCreate(w http.ResponseWriter, r *http.Request) error {
	days, _ := strconv.Atoi(r.PostFormValue("days"))
	if days == 0 && strings.TrimSpace(r.PostFormValue("days")) != "" {
		days = -1
	}
	nt, err := s.app.CreateAPIToken(r.Context(), actor(r), r.PostFormValue("name"), days)
	p, perr := s.accountPage(w, r)
	if perr != nil {
		return perr
	}
	if err != nil {
		msg, fields, ok := formErrors(err)
		if !ok {
			return err
		}
		p.Error, p.Fields = msg, fields
		return s.pages.render(w, http.StatusBadRequest, "account", "layout", p)
	}
	// The token is shown on this response only; it is not stored.
	p.NewToken = nt
	return s.pages.render(w, http.StatusOK, "account", "layout", p)
}

func (s *Server) handleTokenRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.app.RevokeAPIToken(r.Context(), actor(r), id); err != nil {
		return err
	}
	return redirect(w, r, "/account", "令牌已吊销。")
}

// searchPage is the directory search over units and people.
type searchPage struct {
	BasePage
	Query     string
	Units     []*zhongshu.Unit
	UnitTotal int
	People    []*zhongshu.User
	UserTotal int
	CanManage bool
}

func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	p := &searchPage{BasePage: s.base(w, r, "通讯录与搜索"), Query: q, CanManage: a.Can(zhongshu.PermOrgManage)}
	if q != "" {
		var err error
		if p.Units, p.UnitTotal, err = s.app.FindUnits(r.Context(), a, zhongshu.UnitFilter{Query: q, Limit: 50}); err != nil {
			return err
		}
		active := zhongshu.UserActive
		if p.People, p.UserTotal, err = s.app.FindUsers(r.Context(), a, zhongshu.UserFilter{Query: q, Status: &active, Limit: 100}); err != nil {
			return err
		}
	}
	return s.pages.render(w, http.StatusOK, "search", "layout", p)
}
