package app

import (
	"context"
	"fmt"

	"github.com/zhongshu-oa/zhongshu/internal/auth"
	"github.com/zhongshu-oa/zhongshu/internal/demo"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// DemoPassword is the one password of every demo account. It is accepted
// only while the server runs in demo mode.
const DemoPassword = "Zhongshu@2026"

// InitialAccount is an administrator created on an empty database, with its
// one-time password.
type InitialAccount struct {
	Username, Name, Role, Password string
}

// IsEmpty reports whether the database has no accounts yet.
func (a *App) IsEmpty(ctx context.Context) (bool, error) {
	var n int
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		n, err = tx.CountUsers(ctx)
		return err
	})
	return n == 0, err
}

// InitAdmins creates the three separated administrators on an empty
// database, each with a one-time password that must be changed at first
// sign-in. There is no default password outside demo mode.
func (a *App) InitAdmins(ctx context.Context) ([]InitialAccount, error) {
	specs := []struct {
		username, name string
		role           zhongshu.Role
	}{
		{"sysadmin", "系统管理员", zhongshu.RoleSysAdmin},
		{"secadmin", "安全管理员", zhongshu.RoleSecAdmin},
		{"auditadmin", "审计管理员", zhongshu.RoleAuditAdmin},
	}
	accounts := make([]InitialAccount, len(specs))
	hashes := make([]string, len(specs))
	for i, s := range specs {
		pw := auth.GeneratePassword()
		h, err := auth.HashPassword(pw)
		if err != nil {
			return nil, err
		}
		accounts[i] = InitialAccount{Username: s.username, Name: s.name, Role: s.role.Label(), Password: pw}
		hashes[i] = h
	}
	err := a.db.Transact(ctx, func(tx *store.Tx) error {
		n, err := tx.CountUsers(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			return zhongshu.Errorf(zhongshu.CodePrecondition, "数据库中已有账号，不再创建初始管理员。")
		}
		for i, s := range specs {
			u := &zhongshu.User{Username: s.username, Name: s.name, Status: zhongshu.UserActive, Roles: []zhongshu.Role{s.role}, MustChangePassword: true}
			if err := tx.CreateUser(ctx, u, "", false); err != nil {
				return err
			}
			if err := tx.SetPassword(ctx, u.ID, hashes[i], true); err != nil {
				return err
			}
		}
		return a.record(ctx, tx, zhongshu.SystemActor(), event{action: "system.init", objectType: "system", detail: "创建三员初始账号"})
	})
	if err != nil {
		return nil, err
	}
	return accounts, nil
}

// LoadDemo loads the demo county into an empty database in one transaction.
// Every demo account gets DemoPassword and is marked as a demo account.
func (a *App) LoadDemo(ctx context.Context, ds demo.Dataset) error {
	hash, err := auth.HashPassword(DemoPassword)
	if err != nil {
		return err
	}
	return a.db.Transact(ctx, func(tx *store.Tx) error {
		n, err := tx.CountUsers(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			return zhongshu.Errorf(zhongshu.CodePrecondition, "数据库不是空的，不能载入演示数据。")
		}
		unitIDs := map[string]int64{}
		units := map[string]*zhongshu.Unit{}
		for _, s := range ds.Units {
			u := &zhongshu.Unit{ParentID: unitIDs[s.ParentKey], Type: s.Type, FullName: s.FullName, ShortName: s.ShortName,
				DocCode: s.DocCode, IsExternal: s.External, SortOrder: s.SortOrder, Active: true}
			if err := u.Validate(); err != nil {
				return fmt.Errorf("demo unit %s: %w", s.Key, err)
			}
			if err := tx.CreateUnit(ctx, u); err != nil {
				return err
			}
			unitIDs[s.Key], units[s.Key] = u.ID, u
		}
		userIDs := map[string]int64{}
		for _, p := range ds.People {
			u := &zhongshu.User{Username: p.Username, Name: p.Name, Phone: p.Phone, Status: zhongshu.UserActive, Roles: p.Roles}
			for _, post := range p.Posts {
				u.Posts = append(u.Posts, zhongshu.Post{UnitID: unitIDs[post.UnitKey], Title: post.Title, Primary: post.Primary})
			}
			if err := u.Validate(); err != nil {
				return fmt.Errorf("demo person %s: %w", p.Username, err)
			}
			if err := tx.CreateUser(ctx, u, hash, true); err != nil {
				return err
			}
			userIDs[p.Username] = u.ID
		}
		for _, p := range ds.People {
			if p.ABPartner != "" {
				if err := tx.SetABPartner(ctx, userIDs[p.Username], userIDs[p.ABPartner]); err != nil {
					return err
				}
			}
		}
		for _, s := range ds.Units {
			if s.Liaison == "" && s.InfoOfficer == "" && s.SupervisionLiaison == "" {
				continue
			}
			u := units[s.Key]
			u.LiaisonID, u.InfoOfficerID, u.SupervisionLiaisonID = userIDs[s.Liaison], userIDs[s.InfoOfficer], userIDs[s.SupervisionLiaison]
			if err := tx.UpdateUnit(ctx, u); err != nil {
				return err
			}
		}
		if err := tx.SetSetting(ctx, "demo", "1"); err != nil {
			return err
		}
		return a.record(ctx, tx, zhongshu.SystemActor(), event{action: "demo.load", objectType: "system",
			detail: fmt.Sprintf("载入演示数据：%s，%d 个单位，%d 人", ds.CountyName, len(ds.Units), len(ds.People))})
	})
}
