package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

const delegationPageSize = 50

// delegationsPage lists delegations.
type delegationsPage struct {
	BasePage
	Items     []*zhongshu.Delegation
	Pager     Pager
	All       bool
	CanAll    bool
	CanCreate bool
	Now       time.Time
	MyID      int64
}

func (s *Server) handleDelegations(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	canAll := a.Can(zhongshu.PermDelegateManage)
	all := canAll && (r.URL.Query().Get("all") == "1" || !a.Can(zhongshu.PermDelegateOwn))
	pg, n := pageParams(r, delegationPageSize)
	items, total, err := s.app.FindDelegations(r.Context(), a, all, pg)
	if err != nil {
		return err
	}
	p := &delegationsPage{BasePage: s.base(w, r, "委托"), Items: items, Pager: newPager(r, total, n, delegationPageSize),
		All: all, CanAll: canAll, CanCreate: a.Can(zhongshu.PermDelegateOwn) || canAll, Now: s.clock.Now(), MyID: a.ID()}
	return s.pages.render(w, http.StatusOK, "delegations", "layout", p)
}

// delegationFormPage records a new delegation.
type delegationFormPage struct {
	BasePage
	D         *zhongshu.Delegation
	Starts    string
	Ends      string
	People    []*zhongshu.User
	ForOthers bool
	Error     string
	Fields    map[string]string
}

const dateTimeLocal = "2006-01-02T15:04"

func (s *Server) delegationForm(w http.ResponseWriter, r *http.Request, d *zhongshu.Delegation, starts, ends string) (*delegationFormPage, error) {
	a := actor(r)
	p := &delegationFormPage{BasePage: s.base(w, r, "新建委托"), D: d, Starts: starts, Ends: ends, ForOthers: a.Can(zhongshu.PermDelegateManage)}
	active := zhongshu.UserActive
	people, _, err := s.app.FindUsers(r.Context(), a, zhongshu.UserFilter{Status: &active})
	if err != nil {
		return nil, err
	}
	for _, u := range people {
		if !u.HasRole(zhongshu.RoleSysAdmin) && !u.HasRole(zhongshu.RoleSecAdmin) && !u.HasRole(zhongshu.RoleAuditAdmin) {
			p.People = append(p.People, u)
		}
	}
	return p, nil
}

func (s *Server) handleDelegationNew(w http.ResponseWriter, r *http.Request) error {
	now := s.clock.Now().In(chinaTime)
	start := now.Truncate(time.Minute)
	d := &zhongshu.Delegation{FromUserID: actor(r).ID()}
	p, err := s.delegationForm(w, r, d, start.Format(dateTimeLocal), start.AddDate(0, 0, 3).Format(dateTimeLocal))
	if err != nil {
		return err
	}
	return s.pages.render(w, http.StatusOK, "delegation_form", "layout", p)
}

func (s *Server) handleDelegationCreate(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	d := &zhongshu.Delegation{FromUserID: a.ID(), Reason: r.PostFormValue("reason")}
	var probs zhongshu.Problems
	if v := r.PostFormValue("from_user_id"); v != "" {
		id, ok := formID(v)
		if !ok {
			probs.Add("from_user_id", "委托人选择不正确")
		}
		d.FromUserID = id
	}
	id, ok := formID(r.PostFormValue("to_user_id"))
	if !ok {
		probs.Add("to_user_id", "受托人选择不正确")
	}
	d.ToUserID = id
	starts, ends := strings.TrimSpace(r.PostFormValue("starts_at")), strings.TrimSpace(r.PostFormValue("ends_at"))
	var err error
	if starts != "" {
		if d.StartsAt, err = time.ParseInLocation(dateTimeLocal, starts, chinaTime); err != nil {
			probs.Add("starts_at", "开始时间格式不正确")
		}
	}
	if ends != "" {
		if d.EndsAt, err = time.ParseInLocation(dateTimeLocal, ends, chinaTime); err != nil {
			probs.Add("ends_at", "结束时间格式不正确")
		}
	}
	err = probs.Err()
	if err == nil {
		err = s.app.CreateDelegation(r.Context(), a, d)
	}
	if err != nil {
		msg, fields, ok := formErrors(err)
		if !ok {
			return err
		}
		p, perr := s.delegationForm(w, r, d, starts, ends)
		if perr != nil {
			return perr
		}
		p.Error, p.Fields = msg, fields
		return s.pages.render(w, http.StatusBadRequest, "delegation_form", "layout", p)
	}
	return redirect(w, r, "/delegations", "委托已生效，受托人已收到通知。")
}

func (s *Server) handleDelegationRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.app.RevokeDelegation(r.Context(), actor(r), id); err != nil {
		return err
	}
	return redirect(w, r, "/delegations", "委托已撤销。")
}
