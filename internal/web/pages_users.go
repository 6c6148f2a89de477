package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

const userPageSize = 50

// usersPage lists people with filters.
type usersPage struct {
	BasePage
	Users     []*zhongshu.User
	Pager     Pager
	Query     string
	UnitID    int64
	Role      string
	Status    string
	Units     []*app.UnitNode
	Roles     []zhongshu.Role
	CanManage bool
}

func (s *Server) handleUsers(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	q := r.URL.Query()
	p := &usersPage{BasePage: s.base(w, r, "人员与账号"), Query: strings.TrimSpace(q.Get("q")), Role: q.Get("role"),
		Status: q.Get("status"), Roles: zhongshu.AllRoles(), CanManage: a.Can(zhongshu.PermOrgManage)}
	f := zhongshu.UserFilter{Query: p.Query}
	var probs zhongshu.Problems
	if v := q.Get("unit"); v != "" {
		id, ok := formID(v)
		if !ok {
			probs.Add("unit", "单位选择不正确")
		}
		p.UnitID, f.UnitID = id, &id
	}
	if p.Role != "" {
		role := zhongshu.Role(p.Role)
		if !role.Valid() {
			probs.Add("role", "角色选择不正确")
		}
		f.Role = &role
	}
	if p.Status != "" {
		st := zhongshu.UserStatus(p.Status)
		if st != zhongshu.UserActive && st != zhongshu.UserDisabled {
			probs.Add("status", "状态选择不正确")
		}
		f.Status = &st
	}
	if err := probs.Err(); err != nil {
		return err
	}
	pg, n := pageParams(r, userPageSize)
	f.Offset, f.Limit = pg.Offset, pg.Limit
	users, total, err := s.app.FindUsers(r.Context(), a, f)
	if err != nil {
		return err
	}
	p.Users, p.Pager = users, newPager(r, total, n, userPageSize)
	if _, p.Units, err = s.app.UnitTree(r.Context(), a); err != nil {
		return err
	}
	return s.pages.render(w, http.StatusOK, "users", "layout", p)
}

// userFormPage creates or edits a person.
type userFormPage struct {
	BasePage
	U      *zhongshu.User
	Posts  []zhongshu.Post // always maxPosts rows
	Units  []*app.UnitNode
	Error  string
	Fields map[string]string
}

const maxPosts = 3

func (s *Server) userForm(w http.ResponseWriter, r *http.Request, u *zhongshu.User) (*userFormPage, error) {
	title := "新建账号"
	if u.ID != 0 {
		title = "编辑人员：" + u.Name
	}
	p := &userFormPage{BasePage: s.base(w, r, title), U: u}
	p.Posts = append(p.Posts, u.Posts...)
	for len(p.Posts) < maxPosts {
		p.Posts = append(p.Posts, zhongshu.Post{})
	}
	if len(u.Posts) == 0 {
		p.Posts[0].Primary = true
	}
	var err error
	if _, p.Units, err = s.app.UnitTree(r.Context(), actor(r)); err != nil {
		return nil, err
	}
	return p, nil
}

func (s *Server) handleUserNew(w http.ResponseWriter, r *http.Request) error {
	u := &zhongshu.User{Status: zhongshu.UserActive}
	if id, ok := formID(r.URL.Query().Get("unit")); ok && id != 0 {
		u.Posts = []zhongshu.Post{{UnitID: id, Primary: true}}
	}
	p, err := s.userForm(w, r, u)
	if err != nil {
		return err
	}
	return s.pages.render(w, http.StatusOK, "user_form", "layout", p)
}

func (s *Server) handleUserEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, err := s.app.FindUserByID(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	p, err := s.userForm(w, r, u)
	if err != nil {
		return err
	}
	return s.pages.render(w, http.StatusOK, "user_form", "layout", p)
}

// userFromForm reads the person form.
func userFromForm(r *http.Request, u *zhongshu.User) zhongshu.Problems {
	var p zhongshu.Problems
	u.Username = r.PostFormValue("username")
	u.Name = r.PostFormValue("name")
	u.Phone = r.PostFormValue("phone")
	u.Email = r.PostFormValue("email")
	u.Status = zhongshu.UserStatus(r.PostFormValue("status"))
	primary := r.PostFormValue("primary")
	u.Posts = nil
	for i := 0; i < maxPosts; i++ {
		is := strconv.Itoa(i)
		id, ok := formID(r.PostFormValue("post_unit_" + is))
		if !ok {
			p.Add("posts", "任职单位选择不正确")
			continue
		}
		if id == 0 {
			continue
		}
		u.Posts = append(u.Posts, zhongshu.Post{UnitID: id, Title: strings.TrimSpace(r.PostFormValue("post_title_" + is)), Primary: primary == is})
	}
	if len(u.Posts) == 1 {
		u.Posts[0].Primary = true
	}
	return p
}

func (s *Server) saveUser(w http.ResponseWriter, r *http.Request, u *zhongshu.User, save func() error) error {
	probs := userFromForm(r, u)
	err := probs.Err()
	if err == nil {
		err = save()
	}
	if err != nil {
		msg, fields, ok := formErrors(err)
		if !ok {
			return err
		}
		p, perr := s.userForm(w, r, u)
		if perr != nil {
			return perr
		}
		p.Error, p.Fields = msg, fields
		return s.pages.render(w, http.StatusBadRequest, "user_form", "layout", p)
	}
	return nil
}

func (s *Server) handleUserCreate(w http.ResponseWriter, r *http.Request) error {
	u := &zhongshu.User{}
	var oneTime string
	err := s.saveUser(w, r, u, func() (err error) {
		oneTime, err = s.app.CreateUser(r.Context(), actor(r), u)
		return err
	})
	if err != nil || oneTime == "" {
		return err
	}
	return s.renderUserView(w, r, u.ID, "账号已创建。请将一次性密码当面交给本人，首次登录时须修改。", oneTime, http.StatusOK)
}

func (s *Server) handleUserUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u := &zhongshu.User{ID: id}
	saved := false
	err = s.saveUser(w, r, u, func() error {
		err := s.app.UpdateUser(r.Context(), actor(r), u)
		saved = err == nil
		return err
	})
	if err != nil || !saved {
		return err
	}
	return redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10), "已保存。")
}
