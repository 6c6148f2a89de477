package web

import (
	"net/http"
	"strconv"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// userViewPage shows one person with the actions each administrator may take.
type userViewPage struct {
	BasePage
	U         *zhongshu.User
	Partner   *zhongshu.User
	Leaders   []*zhongshu.User // candidates for the AB角
	AllRoles  []zhongshu.Role
	Locked    bool
	OneTime   string // a one-time password just issued, shown once
	CanManage bool
	CanRoles  bool
	CanSecure bool
	CanReset  bool
	IsSelf    bool
	Error     string
	Fields    map[string]string
}

func (s *Server) handleUserView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.renderUserView(w, r, id, "", "", http.StatusOK)
}

func (s *Server) userView(w http.ResponseWriter, r *http.Request, id int64) (*userViewPage, error) {
	a := actor(r)
	u, err := s.app.FindUserByID(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	p := &userViewPage{BasePage: s.base(w, r, u.Name), U: u, AllRoles: zhongshu.AllRoles(), Locked: u.Locked(s.clock.Now()),
		CanManage: a.Can(zhongshu.PermOrgManage), CanRoles: a.Can(zhongshu.PermRoleAssign), CanSecure: a.Can(zhongshu.PermSecurityManage),
		CanReset: a.Can(zhongshu.PermPasswordReset), IsSelf: a.ID() == u.ID}
	if u.ABPartner != 0 {
		if p.Partner, err = s.app.FindUserByID(r.Context(), a, u.ABPartner); err != nil {
			return nil, err
		}
	}
	if p.CanManage && u.IsLeader() {
		for _, role := range []zhongshu.Role{zhongshu.RoleCountyHead, zhongshu.RoleExecDeputyHead, zhongshu.RoleDeputyHead} {
			role := role
			leaders, _, err := s.app.FindUsers(r.Context(), a, zhongshu.UserFilter{Role: &role})
			if err != nil {
				return nil, err
			}
			for _, l := range leaders {
				if l.ID != u.ID {
					p.Leaders = append(p.Leaders, l)
				}
			}
		}
	}
	return p, nil
}

func (s *Server) renderUserView(w http.ResponseWriter, r *http.Request, id int64, flash, oneTime string, status int) error {
	p, err := s.userView(w, r, id)
	if err != nil {
		return err
	}
	if flash != "" {
		p.Flash, p.FlashError = flash, false
	}
	p.OneTime = oneTime
	return s.pages.render(w, status, "user_view", "layout", p)
}

func userURL(id int64) string { return "/admin/users/" + strconv.FormatInt(id, 10) }

// userAction runs an action on the person in the path and returns to their
// page, showing a validation problem there if the action was refused.
func (s *Server) userAction(w http.ResponseWriter, r *http.Request, do func(id int64) (string, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	msg, err := do(id)
	if err != nil {
		emsg, fields, ok := formErrors(err)
		if !ok {
			return err
		}
		p, perr := s.userView(w, r, id)
		if perr != nil {
			return perr
		}
		p.Error, p.Fields = emsg, fields
		return s.pages.render(w, http.StatusBadRequest, "user_view", "layout", p)
	}
	return redirect(w, r, userURL(id), msg)
}

func (s *Server) handleUserRoles(w http.ResponseWriter, r *http.Request) error {
	return s.userAction(w, r, func(id int64) (string, error) {
		if err := r.ParseForm(); err != nil {
			return "", zhongshu.Errorf(zhongshu.CodeInvalid, "表单内容无效。")
		}
		var roles []zhongshu.Role
		for _, v := range r.PostForm["roles"] {
			roles = append(roles, zhongshu.Role(v))
		}
		return "角色已更新。", s.app.SetRoles(r.Context(), actor(r), id, roles)
	})
}

func (s *Server) handleUserAB(w http.ResponseWriter, r *http.Request) error {
	return s.userAction(w, r, func(id int64) (string, error) {
		partner, ok := formID(r.PostFormValue("partner_id"))
		if !ok {
			return "", &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "AB角选择不正确。", Fields: map[string]string{"ab_partner": "选择不正确"}}
		}
		return "AB角已更新。", s.app.SetABPartner(r.Context(), actor(r), id, partner)
	})
}

func (s *Server) handleUserResetPassword(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	oneTime, err := s.app.ResetPassword(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	// Shown on this response only: never in a URL, a cookie or a log.
	return s.renderUserView(w, r, id, "密码已重置，该用户的登录会话已全部退出。", oneTime, http.StatusOK)
}

func (s *Server) handleUserUnlock(w http.ResponseWriter, r *http.Request) error {
	return s.userAction(w, r, func(id int64) (string, error) {
		return "已解除锁定。", s.app.Unlock(r.Context(), actor(r), id)
	})
}

func (s *Server) handleUserResetTOTP(w http.ResponseWriter, r *http.Request) error {
	return s.userAction(w, r, func(id int64) (string, error) {
		return "双因素登录已重置，该用户下次登录时需重新绑定。", s.app.ResetTOTP(r.Context(), actor(r), id)
	})
}
