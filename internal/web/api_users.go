package web

// The JSON API for people.

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// ---------------------------------------------------------------------------
// People.

// userJSON is a person, read and written. Roles and the AB角 have their own
// endpoints: in a PUT they are ignored; in a POST the AB角 is set and roles
// are refused unless the caller may grant them.
type userJSON struct {
	ID          int64               `json:"id" api:"ro" doc:"人员编号"`
	Username    string              `json:"username" api:"req" doc:"登录名：3至32位字母、数字、下划线、点或短横线，以字母开头"`
	Name        string              `json:"name" api:"req" doc:"姓名"`
	Phone       string              `json:"phone" doc:"电话"`
	Email       string              `json:"email" doc:"电子邮箱"`
	Status      zhongshu.UserStatus `json:"status" doc:"账号状态；新建时省略为 active，修改时必填"`
	StatusLabel string              `json:"status_label" api:"ro" doc:"账号状态的中文名称"`
	ABPartnerID *int64              `json:"ab_partner_id" doc:"AB角的人员编号，无则为 null；新建时可设置，修改请用 PUT /api/v1/users/{id}/ab-partner"`
	Posts       []postJSON          `json:"posts" doc:"任职；有任职时须有且只有一个主要任职"`
	Roles       []roleJSON          `json:"roles" doc:"角色；新建时仅可授予角色者可填写（只需 code），修改时忽略，请用 PUT /api/v1/users/{id}/roles"`
	Security    *securityJSON       `json:"security,omitempty" api:"ro" doc:"账号安全状态；仅本人和管理员可见"`
	CreatedAt   time.Time           `json:"created_at" api:"ro" doc:"创建时间"`
	UpdatedAt   time.Time           `json:"updated_at" api:"ro" doc:"最后修改时间"`
}

// postJSON is one post (任职).
type postJSON struct {
	UnitID   int64  `json:"unit_id" api:"req" doc:"任职单位编号"`
	UnitName string `json:"unit_name" api:"ro" doc:"任职单位名称"`
	Title    string `json:"title" doc:"职务"`
	Primary  bool   `json:"primary" doc:"是否主要任职"`
}

// roleJSON is a role with its Chinese name.
type roleJSON struct {
	Code  zhongshu.Role `json:"code" api:"req" doc:"角色代码"`
	Label string        `json:"label" api:"ro" doc:"角色中文名称"`
}

// securityJSON is the security state of an account, for its owner and the
// administrators. Password hashes and second-factor secrets never leave
// the server.
type securityJSON struct {
	MustChangePassword bool       `json:"must_change_password" doc:"下次登录须修改密码"`
	Locked             bool       `json:"locked" doc:"是否因多次登录失败而锁定"`
	LockedUntil        *time.Time `json:"locked_until" doc:"锁定到期时间；未锁定为 null"`
	TOTPEnabled        bool       `json:"totp_enabled" doc:"是否已启用双因素登录"`
}

// userCreatedJSON is a new account or a reset password: the one-time
// password is shown here once and never again.
type userCreatedJSON struct {
	userJSON
	OneTimePassword string `json:"one_time_password" doc:"一次性密码，仅返回这一次；首次登录须修改"`
}

func rolesOut(roles []zhongshu.Role) []roleJSON {
	out := make([]roleJSON, 0, len(roles))
	for _, r := range roles {
		out = append(out, roleJSON{Code: r, Label: r.Label()})
	}
	return out
}

// userOut shows u to a; the security state only to u and administrators.
func (s *Server) userOut(a *zhongshu.Actor, u *zhongshu.User) userJSON {
	posts := make([]postJSON, 0, len(u.Posts))
	for _, p := range u.Posts {
		posts = append(posts, postJSON{UnitID: p.UnitID, UnitName: p.UnitName, Title: p.Title, Primary: p.Primary})
	}
	out := userJSON{
		ID: u.ID, Username: u.Username, Name: u.Name, Phone: u.Phone, Email: u.Email,
		Status: u.Status, StatusLabel: u.Status.Label(), ABPartnerID: optID(u.ABPartner),
		Posts: posts, Roles: rolesOut(u.Roles), CreatedAt: apiTime(u.CreatedAt), UpdatedAt: apiTime(u.UpdatedAt),
	}
	if u.ID == a.ID() || a.Can(zhongshu.PermOrgManage) || a.Can(zhongshu.PermRoleAssign) || a.Can(zhongshu.PermSecurityManage) {
		now := s.clock.Now()
		sec := &securityJSON{MustChangePassword: u.MustChangePassword, Locked: u.Locked(now), TOTPEnabled: u.TOTPEnabled}
		if sec.Locked {
			sec.LockedUntil = optTime(u.LockedUntil)
		}
		out.Security = sec
	}
	return out
}

func (s *Server) usersOut(a *zhongshu.Actor) func(*zhongshu.User) userJSON {
	return func(u *zhongshu.User) userJSON { return s.userOut(a, u) }
}

// readUser decodes a person body; id is the path's person (0 for a create).
func readUser(r *http.Request, id int64) (*zhongshu.User, error) {
	var in userJSON
	present, err := decodeJSON(r, &in)
	if err != nil {
		return nil, err
	}
	u := &zhongshu.User{ID: id, Username: in.Username, Name: in.Name, Phone: in.Phone, Email: in.Email, Status: in.Status}
	for _, p := range in.Posts {
		u.Posts = append(u.Posts, zhongshu.Post{UnitID: p.UnitID, Title: strings.TrimSpace(p.Title), Primary: p.Primary})
	}
	var p zhongshu.Problems
	if id == 0 {
		u.ABPartner = deref(in.ABPartnerID)
		for _, role := range in.Roles {
			u.Roles = append(u.Roles, role.Code)
		}
	} else {
		if !present["status"] || in.Status == "" {
			p.Add("status", "请填写账号状态（active 或 disabled）")
		}
		if present["id"] && in.ID != id {
			p.Add("id", "与地址中的人员编号不一致")
		}
	}
	if err := withProblems(p, u.Validate); err != nil {
		return nil, err
	}
	return u, nil
}

func (s *Server) handleAPIUsers(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	pg := q.page()
	f := zhongshu.UserFilter{Query: q.str("q"), UnitID: q.id("unit_id"), Offset: pg.Offset, Limit: pg.Limit}
	if role := zhongshu.Role(q.str("role")); role != "" {
		if !role.Valid() {
			q.p.Add("role", "角色不存在："+string(role))
		}
		f.Role = &role
	}
	if st := zhongshu.UserStatus(q.str("status")); st != "" {
		if st != zhongshu.UserActive && st != zhongshu.UserDisabled {
			q.p.Add("status", "账号状态须为 active 或 disabled")
		}
		f.Status = &st
	}
	if err := q.err(); err != nil {
		return err
	}
	a := actor(r)
	users, total, err := s.app.FindUsers(r.Context(), a, f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(users, s.usersOut(a), total, pg))
	return nil
}

func (s *Server) handleAPIUser(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.writeUser(w, r, http.StatusOK, id)
}

// writeUser reads person id afresh and writes it.
func (s *Server) writeUser(w http.ResponseWriter, r *http.Request, status int, id int64) error {
	a := actor(r)
	u, err := s.app.FindUserByID(r.Context(), a, id)
	if err != nil {
		return err
	}
	writeJSON(w, status, s.userOut(a, u))
	return nil
}

func (s *Server) handleAPIUserCreate(w http.ResponseWriter, r *http.Request) error {
	u, err := readUser(r, 0)
	if err != nil {
		return err
	}
	a := actor(r)
	oneTime, err := s.app.CreateUser(r.Context(), a, u)
	if err != nil {
		return renameFields(err, map[string]string{"ab_partner": "ab_partner_id"})
	}
	if u, err = s.app.FindUserByID(r.Context(), a, u.ID); err != nil {
		return err
	}
	return created(w, fmt.Sprintf("/api/v1/users/%d", u.ID), userCreatedJSON{userJSON: s.userOut(a, u), OneTimePassword: oneTime})
}

func (s *Server) handleAPIUserUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, err := readUser(r, id)
	if err != nil {
		return err
	}
	if err := s.app.UpdateUser(r.Context(), actor(r), u); err != nil {
		return err
	}
	return s.writeUser(w, r, http.StatusOK, id)
}

// rolesInput is the body of PUT /users/{id}/roles.
type rolesInput struct {
	Roles []zhongshu.Role `json:"roles" api:"req" doc:"角色代码的完整列表；空数组表示收回全部角色"`
}

func (s *Server) handleAPIUserRoles(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in rolesInput
	present, err := decodeJSON(r, &in)
	if err != nil {
		return err
	}
	if !present["roles"] || in.Roles == nil {
		return &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "请提供角色列表。",
			Fields: map[string]string{"roles": "请提供角色代码数组（可为空数组）"}}
	}
	if err := s.app.SetRoles(r.Context(), actor(r), id, in.Roles); err != nil {
		return err
	}
	return s.writeUser(w, r, http.StatusOK, id)
}

// abInput is the body of PUT /users/{id}/ab-partner.
type abInput struct {
	PartnerID *int64 `json:"partner_id" api:"req" doc:"AB角的人员编号；0 或 null 表示解除"`
}

func (s *Server) handleAPIUserAB(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in abInput
	present, err := decodeJSON(r, &in)
	if err != nil {
		return err
	}
	if !present["partner_id"] {
		return &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "请提供 partner_id。",
			Fields: map[string]string{"partner_id": "请填写AB角的人员编号；0 或 null 表示解除"}}
	}
	if in.PartnerID != nil && *in.PartnerID < 0 {
		return &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "提交的内容有误，请按提示修改后重试。",
			Fields: map[string]string{"partner_id": "须为正整数、0 或 null"}}
	}
	if err := s.app.SetABPartner(r.Context(), actor(r), id, deref(in.PartnerID)); err != nil {
		return renameFields(err, map[string]string{"ab_partner": "partner_id"})
	}
	return s.writeUser(w, r, http.StatusOK, id)
}

func (s *Server) handleAPIUserResetPassword(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	oneTime, err := s.app.ResetPassword(r.Context(), a, id)
	if err != nil {
		return err
	}
	u, err := s.app.FindUserByID(r.Context(), a, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, userCreatedJSON{userJSON: s.userOut(a, u), OneTimePassword: oneTime})
	return nil
}

func (s *Server) handleAPIUserUnlock(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.app.Unlock(r.Context(), actor(r), id); err != nil {
		return err
	}
	return s.writeUser(w, r, http.StatusOK, id)
}

func (s *Server) handleAPIUserResetTOTP(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.app.ResetTOTP(r.Context(), actor(r), id); err != nil {
		return err
	}
	return s.writeUser(w, r, http.StatusOK, id)
}
