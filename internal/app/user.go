package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/zhongshu-oa/zhongshu/internal/auth"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// CreateUser adds an account with its posts, and returns a one-time
// password that must be changed at first sign-in. Roles are granted only
// when the actor may assign roles (三员分立: the system administrator keeps
// accounts, the security administrator grants powers).
func (a *App) CreateUser(ctx context.Context, actor *zhongshu.Actor, u *zhongshu.User) (oneTime string, err error) {
	if err := a.require(ctx, actor, zhongshu.PermOrgManage, "user.create"); err != nil {
		return "", err
	}
	if len(u.Roles) > 0 && !actor.Can(zhongshu.PermRoleAssign) {
		return "", &zhongshu.Error{Code: zhongshu.CodeForbidden, Message: "角色须由安全管理员授予；请先创建账号，再由安全管理员分配角色。",
			Fields: map[string]string{"roles": "您无权授予角色"}}
	}
	u.ID = 0
	u.MustChangePassword = true
	if err := u.Validate(); err != nil {
		return "", err
	}
	oneTime = auth.GeneratePassword()
	hash, err := auth.HashPassword(oneTime)
	if err != nil {
		return "", err
	}
	err = a.db.Transact(ctx, func(tx *store.Tx) error {
		if err := a.checkUserRefs(ctx, tx, u); err != nil {
			return err
		}
		partner := u.ABPartner
		u.ABPartner = 0
		if err := tx.CreateUser(ctx, u, hash, false); err != nil {
			return userConflict(err)
		}
		if err := tx.SetPassword(ctx, u.ID, hash, true); err != nil {
			return err
		}
		if partner != 0 {
			if err := a.pairAB(ctx, tx, u.ID, partner); err != nil {
				return err
			}
			u.ABPartner = partner
		}
		return a.record(ctx, tx, actor, event{action: "user.create", objectType: "user", objectID: u.ID,
			detail: fmt.Sprintf("新建账号：%s（%s）%s", u.Name, u.Username, rolesDetail(u.Roles))})
	})
	if err != nil {
		return "", err
	}
	return oneTime, nil
}

func rolesDetail(roles []zhongshu.Role) string {
	if len(roles) == 0 {
		return ""
	}
	labels := make([]string, len(roles))
	for i, r := range roles {
		labels[i] = r.Label()
	}
	return "，角色：" + strings.Join(labels, "、")
}

func userConflict(err error) error {
	if zhongshu.ErrorCode(err) == zhongshu.CodeConflict {
		return &zhongshu.Error{Code: zhongshu.CodeConflict, Message: "登录名已被使用。",
			Fields: map[string]string{"username": "该登录名已存在"}}
	}
	return err
}

// checkUserRefs checks that the units of the posts exist.
func (a *App) checkUserRefs(ctx context.Context, tx *store.Tx, u *zhongshu.User) error {
	var p zhongshu.Problems
	for _, post := range u.Posts {
		if _, err := tx.FindUnitByID(ctx, post.UnitID); err != nil {
			if zhongshu.ErrorCode(err) != zhongshu.CodeNotFound {
				return err
			}
			p.Add("posts", "任职单位不存在")
		}
	}
	return p.Err()
}

// UpdateUser replaces a user's profile, status and posts (not roles, not
// the AB角). Disabling an account ends its sessions.
func (a *App) UpdateUser(ctx context.Context, actor *zhongshu.Actor, u *zhongshu.User) error {
	if err := a.require(ctx, actor, zhongshu.PermOrgManage, "user.update"); err != nil {
		return err
	}
	return a.db.Transact(ctx, func(tx *store.Tx) error {
		old, err := tx.FindUserByID(ctx, u.ID)
		if err != nil {
			return err
		}
		u.Roles, u.ABPartner = old.Roles, old.ABPartner
		if err := u.Validate(); err != nil {
			return err
		}
		if u.ID == actor.ID() && u.Status != zhongshu.UserActive {
			return &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "不能停用自己的账号。", Fields: map[string]string{"status": "不能停用本人账号"}}
		}
		if err := a.checkUserRefs(ctx, tx, u); err != nil {
			return err
		}
		if err := tx.UpdateUser(ctx, u); err != nil {
			return userConflict(err)
		}
		from, to := "", ""
		if old.Status != u.Status {
			from, to = old.Status.Label(), u.Status.Label()
			if u.Status == zhongshu.UserDisabled {
				if _, err := tx.DeleteUserSessions(ctx, u.ID, ""); err != nil {
					return err
				}
			}
		}
		return a.record(ctx, tx, actor, event{action: "user.update", objectType: "user", objectID: u.ID, from: from, to: to,
			detail: fmt.Sprintf("修改账号：%s（%s）", u.Name, u.Username)})
	})
}

// SetRoles replaces a user's roles. Only the security administrator may,
// never on their own account, and the three administrator roles stay
// separate.
func (a *App) SetRoles(ctx context.Context, actor *zhongshu.Actor, userID int64, roles []zhongshu.Role) error {
	if err := a.require(ctx, actor, zhongshu.PermRoleAssign, "user.roles"); err != nil {
		return err
	}
	if userID == actor.ID() {
		return a.deny(ctx, actor, "user.roles", zhongshu.Errorf(zhongshu.CodeForbidden, "不能修改本人的角色。"))
	}
	roles = dedupeRoles(roles)
	for _, r := range roles {
		if !r.Valid() {
			return &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "角色不存在。", Fields: map[string]string{"roles": "角色不存在：" + string(r)}}
		}
	}
	if err := zhongshu.CheckAdminSeparation(roles); err != nil {
		return err
	}
	return a.db.Transact(ctx, func(tx *store.Tx) error {
		u, err := tx.FindUserByID(ctx, userID)
		if err != nil {
			return err
		}
		if err := tx.SetRoles(ctx, userID, roles); err != nil {
			return err
		}
		if err := notice(ctx, tx, userID, "roles", "您的角色已调整", "当前角色："+strings.TrimPrefix(rolesDetail(roles), "，角色："), "/"); err != nil {
			return err
		}
		return a.record(ctx, tx, actor, event{action: "user.roles", objectType: "user", objectID: userID,
			from: roleCodes(u.Roles), to: roleCodes(roles), detail: fmt.Sprintf("调整角色：%s%s", u.Name, rolesDetail(roles))})
	})
}

func dedupeRoles(roles []zhongshu.Role) []zhongshu.Role {
	seen := map[zhongshu.Role]bool{}
	var out []zhongshu.Role
	for _, r := range roles {
		if r != "" && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

func roleCodes(roles []zhongshu.Role) string {
	s := make([]string, len(roles))
	for i, r := range roles {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}

// SetABPartner pairs two leaders as each other's AB角 (or, with partnerID
// 0, dissolves the user's pair). Former partners of either are released.
func (a *App) SetABPartner(ctx context.Context, actor *zhongshu.Actor, userID, partnerID int64) error {
	if err := a.require(ctx, actor, zhongshu.PermOrgManage, "user.ab"); err != nil {
		return err
	}
	if userID == partnerID {
		return &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "AB角不能是本人。", Fields: map[string]string{"ab_partner": "AB角不能是本人"}}
	}
	return a.db.Transact(ctx, func(tx *store.Tx) error {
		u, err := tx.FindUserByID(ctx, userID)
		if err != nil {
			return err
		}
		if partnerID == 0 {
			if u.ABPartner == 0 {
				return nil
			}
			if err := a.unpairAB(ctx, tx, u); err != nil {
				return err
			}
			return a.record(ctx, tx, actor, event{action: "user.ab", objectType: "user", objectID: userID, detail: "解除AB角：" + u.Name})
		}
		if err := a.pairAB(ctx, tx, userID, partnerID); err != nil {
			return err
		}
		p, _ := tx.FindUserByID(ctx, partnerID)
		return a.record(ctx, tx, actor, event{action: "user.ab", objectType: "user", objectID: userID,
			detail: fmt.Sprintf("设置AB角：%s ↔ %s", u.Name, p.Name)})
	})
}

func (a *App) pairAB(ctx context.Context, tx *store.Tx, userID, partnerID int64) error {
	u, err := tx.FindUserByID(ctx, userID)
	if err != nil {
		return err
	}
	p, err := tx.FindUserByID(ctx, partnerID)
	if zhongshu.ErrorCode(err) == zhongshu.CodeNotFound {
		return &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "所选AB角人员不存在。", Fields: map[string]string{"ab_partner": "人员不存在"}}
	}
	if err != nil {
		return err
	}
	if p.Status != zhongshu.UserActive {
		return &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "AB角人员的账号已停用。", Fields: map[string]string{"ab_partner": "账号已停用"}}
	}
	for _, x := range []*zhongshu.User{u, p} {
		if x.ABPartner != 0 && x.ABPartner != userID && x.ABPartner != partnerID {
			if err := a.unpairAB(ctx, tx, x); err != nil {
				return err
			}
		}
	}
	if err := tx.SetABPartner(ctx, userID, partnerID); err != nil {
		return err
	}
	return tx.SetABPartner(ctx, partnerID, userID)
}

func (a *App) unpairAB(ctx context.Context, tx *store.Tx, u *zhongshu.User) error {
	if err := tx.SetABPartner(ctx, u.ABPartner, 0); err != nil {
		return err
	}
	return tx.SetABPartner(ctx, u.ID, 0)
}

// ResetPassword sets a new one-time password for a user, ends their
// sessions and returns the password, which the administrator hands over.
func (a *App) ResetPassword(ctx context.Context, actor *zhongshu.Actor, userID int64) (string, error) {
	if err := a.require(ctx, actor, zhongshu.PermPasswordReset, "user.reset_password"); err != nil {
		return "", err
	}
	oneTime := auth.GeneratePassword()
	hash, err := auth.HashPassword(oneTime)
	if err != nil {
		return "", err
	}
	err = a.db.Transact(ctx, func(tx *store.Tx) error {
		u, err := tx.FindUserByID(ctx, userID)
		if err != nil {
			return err
		}
		if err := tx.SetPassword(ctx, userID, hash, true); err != nil {
			return err
		}
		if _, err := tx.DeleteUserSessions(ctx, userID, ""); err != nil {
			return err
		}
		return a.record(ctx, tx, actor, event{action: "user.reset_password", objectType: "user", objectID: userID,
			detail: "重置密码：" + u.Name})
	})
	if err != nil {
		return "", err
	}
	return oneTime, nil
}

// Unlock lifts a lock after failed sign-ins.
func (a *App) Unlock(ctx context.Context, actor *zhongshu.Actor, userID int64) error {
	if err := a.require(ctx, actor, zhongshu.PermSecurityManage, "user.unlock"); err != nil {
		return err
	}
	return a.db.Transact(ctx, func(tx *store.Tx) error {
		u, err := tx.FindUserByID(ctx, userID)
		if err != nil {
			return err
		}
		if err := tx.ClearLoginFailures(ctx, userID); err != nil {
			return err
		}
		return a.record(ctx, tx, actor, event{action: "user.unlock", objectType: "user", objectID: userID, detail: "解除锁定：" + u.Name})
	})
}

// ResetTOTP removes a user's second factor (lost phone); they enrol again
// at next sign-in if their role requires it. Their sessions end.
func (a *App) ResetTOTP(ctx context.Context, actor *zhongshu.Actor, userID int64) error {
	if err := a.require(ctx, actor, zhongshu.PermSecurityManage, "user.reset_totp"); err != nil {
		return err
	}
	return a.db.Transact(ctx, func(tx *store.Tx) error {
		u, err := tx.FindUserByID(ctx, userID)
		if err != nil {
			return err
		}
		if err := tx.SetTOTP(ctx, userID, "", false); err != nil {
			return err
		}
		if _, err := tx.DeleteUserSessions(ctx, userID, ""); err != nil {
			return err
		}
		return a.record(ctx, tx, actor, event{action: "user.reset_totp", objectType: "user", objectID: userID, detail: "重置双因素：" + u.Name})
	})
}

// FindUsers lists people for the directory and the admin pages.
func (a *App) FindUsers(ctx context.Context, actor *zhongshu.Actor, f zhongshu.UserFilter) ([]*zhongshu.User, int, error) {
	if err := actor.Require(zhongshu.PermOrgView); err != nil {
		return nil, 0, err
	}
	var users []*zhongshu.User
	var total int
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		users, total, err = tx.FindUsers(ctx, f)
		return err
	})
	return users, total, err
}

// FindUserByID returns one person.
func (a *App) FindUserByID(ctx context.Context, actor *zhongshu.Actor, id int64) (*zhongshu.User, error) {
	if id != actor.ID() {
		if err := actor.Require(zhongshu.PermOrgView); err != nil {
			return nil, err
		}
	}
	var u *zhongshu.User
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		u, err = tx.FindUserByID(ctx, id)
		return err
	})
	return u, err
}

// ActorFor returns the actor of the account with the login name, for
// command-line operations done on a user's behalf (e.g. issuing a token).
func (a *App) ActorFor(ctx context.Context, username string) (*zhongshu.Actor, error) {
	var u *zhongshu.User
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		u, err = tx.FindUserByUsername(ctx, username)
		return err
	})
	if err != nil {
		return nil, err
	}
	return zhongshu.NewActor(u, "local", nil), nil
}

// CleanupSessions removes expired and idle sessions; it is the periodic
// sessions.cleanup job.
func (a *App) CleanupSessions(ctx context.Context) (int64, error) {
	var n int64
	err := a.db.Transact(ctx, func(tx *store.Tx) (err error) {
		n, err = tx.DeleteExpiredSessions(ctx, a.cfg.IdleTimeout)
		return err
	})
	return n, err
}
