package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// adminPage is the administration landing page, by administrator role.
type adminPage struct {
	BasePage
	OrgManage, RoleAssign, Security, AuditRead bool
	CalendarManage                             bool
	Units, Users                               int
}

func (s *Server) handleAdmin(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	p := &adminPage{BasePage: s.base(w, r, "管理"), OrgManage: a.Can(zhongshu.PermOrgManage), RoleAssign: a.Can(zhongshu.PermRoleAssign),
		Security: a.Can(zhongshu.PermSecurityManage), AuditRead: a.Can(zhongshu.PermAuditRead), CalendarManage: a.Can(zhongshu.PermCalendarManage)}
	if a.Can(zhongshu.PermOrgView) {
		var err error
		if _, p.Units, err = s.app.FindUnits(r.Context(), a, zhongshu.UnitFilter{Limit: 1}); err != nil {
			return err
		}
		if _, p.Users, err = s.app.FindUsers(r.Context(), a, zhongshu.UserFilter{Limit: 1}); err != nil {
			return err
		}
	}
	return s.pages.render(w, http.StatusOK, "admin", "layout", p)
}

// unitsPage is the unit tree with filters.
type unitsPage struct {
	BasePage
	Nodes     []*app.UnitNode
	Total     int
	Query     string
	Type      string
	Types     []zhongshu.UnitType
	CanManage bool
}

func (s *Server) handleUnits(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	q := r.URL.Query()
	p := &unitsPage{BasePage: s.base(w, r, "单位管理"), Query: strings.TrimSpace(q.Get("q")), Type: q.Get("type"),
		Types: zhongshu.AllUnitTypes(), CanManage: a.Can(zhongshu.PermOrgManage)}
	f := zhongshu.UnitFilter{Query: p.Query}
	if p.Type != "" {
		t := zhongshu.UnitType(p.Type)
		if !t.Valid() {
			return zhongshu.Errorf(zhongshu.CodeInvalid, "单位类型不正确。")
		}
		f.Type = &t
	}
	units, total, err := s.app.FindUnits(r.Context(), a, f)
	if err != nil {
		return err
	}
	_, p.Nodes, _ = app.BuildUnitTree(units)
	p.Total = total
	return s.pages.render(w, http.StatusOK, "units", "layout", p)
}

// unitFormPage edits one unit.
type unitFormPage struct {
	BasePage
	Unit    *zhongshu.Unit
	Parents []*app.UnitNode
	Types   []zhongshu.UnitType
	People  []*zhongshu.User // members, for the contact fields
	Error   string
	Fields  map[string]string
}

func (s *Server) unitForm(w http.ResponseWriter, r *http.Request, u *zhongshu.Unit) (*unitFormPage, error) {
	a := actor(r)
	title := "新建单位"
	if u.ID != 0 {
		title = "编辑单位：" + u.FullName
	}
	p := &unitFormPage{BasePage: s.base(w, r, title), Unit: u, Types: zhongshu.AllUnitTypes()}
	var err error
	if _, p.Parents, err = s.app.UnitTree(r.Context(), a); err != nil {
		return nil, err
	}
	if u.ID != 0 {
		id := u.ID
		if p.People, _, err = s.app.FindUsers(r.Context(), a, zhongshu.UserFilter{UnitID: &id}); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func (s *Server) handleUnitNew(w http.ResponseWriter, r *http.Request) error {
	u := &zhongshu.Unit{Active: true, Type: zhongshu.UnitDepartment}
	if pid, ok := formID(r.URL.Query().Get("parent")); ok {
		u.ParentID = pid
	}
	p, err := s.unitForm(w, r, u)
	if err != nil {
		return err
	}
	return s.pages.render(w, http.StatusOK, "unit_form", "layout", p)
}

func (s *Server) handleUnitEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, err := s.app.FindUnitByID(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	p, err := s.unitForm(w, r, u)
	if err != nil {
		return err
	}
	return s.pages.render(w, http.StatusOK, "unit_form", "layout", p)
}

// unitFromForm reads the unit form; bad numbers become field problems.
func unitFromForm(r *http.Request, u *zhongshu.Unit) zhongshu.Problems {
	var p zhongshu.Problems
	u.FullName = r.PostFormValue("full_name")
	u.ShortName = r.PostFormValue("short_name")
	u.DocCode = r.PostFormValue("doc_code")
	u.Type = zhongshu.UnitType(r.PostFormValue("type"))
	u.IsExternal = r.PostFormValue("is_external") == "1"
	u.Active = r.PostFormValue("active") == "1"
	u.InfoCategory = strings.TrimSpace(r.PostFormValue("info_category"))
	if n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("sort_order"))); err == nil {
		u.SortOrder = n
	} else if strings.TrimSpace(r.PostFormValue("sort_order")) != "" {
		p.Add("sort_order", "排序须为整数")
	}
	for field, dst := range map[string]*int64{"parent_id": &u.ParentID, "liaison_id": &u.LiaisonID,
		"info_officer_id": &u.InfoOfficerID, "supervision_liaison_id": &u.SupervisionLiaisonID} {
		id, ok := formID(r.PostFormValue(field))
		if !ok {
			p.Add(field, "选择不正确")
		}
		*dst = id
	}
	return p
}

func (s *Server) saveUnit(w http.ResponseWriter, r *http.Request, u *zhongshu.Unit, save func() error) error {
	probs := unitFromForm(r, u)
	err := probs.Err()
	if err == nil {
		err = save()
	}
	if err != nil {
		msg, fields, ok := formErrors(err)
		if !ok {
			return err
		}
		p, perr := s.unitForm(w, r, u)
		if perr != nil {
			return perr
		}
		p.Error, p.Fields = msg, fields
		return s.pages.render(w, http.StatusBadRequest, "unit_form", "layout", p)
	}
	return redirect(w, r, "/admin/units", "已保存单位“"+u.FullName+"”。")
}

func (s *Server) handleUnitCreate(w http.ResponseWriter, r *http.Request) error {
	u := &zhongshu.Unit{}
	return s.saveUnit(w, r, u, func() error { return s.app.CreateUnit(r.Context(), actor(r), u) })
}

func (s *Server) handleUnitUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	old, err := s.app.FindUnitByID(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	u := &zhongshu.Unit{ID: old.ID, CreatedAt: old.CreatedAt}
	return s.saveUnit(w, r, u, func() error { return s.app.UpdateUnit(r.Context(), actor(r), u) })
}
