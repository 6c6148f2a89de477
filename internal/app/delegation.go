package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// CreateDelegation records a 委托. A person may delegate their own work;
// the office director and the security administrator may record one for
// anyone. The delegate is notified.
func (a *App) CreateDelegation(ctx context.Context, actor *zhongshu.Actor, d *zhongshu.Delegation) error {
	if d.FromUserID == actor.ID() && !actor.Can(zhongshu.PermDelegateOwn) && actor.Can(zhongshu.PermDelegateManage) {
		return &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "请选择委托人。",
			Fields: map[string]string{"from_user_id": "请选择委托人（管理员本人没有可委托的业务工作）"}}
	}
	perm := zhongshu.PermDelegateOwn
	if d.FromUserID != actor.ID() {
		perm = zhongshu.PermDelegateManage
	}
	if err := a.require(ctx, actor, perm, "delegation.create"); err != nil {
		return err
	}
	d.Reason = strings.TrimSpace(d.Reason)
	d.ID, d.CreatedBy = 0, actor.ID()
	if err := d.Validate(a.clock.Now()); err != nil {
		return err
	}
	return a.db.Transact(ctx, func(tx *store.Tx) error {
		var p zhongshu.Problems
		from, err := activeUser(ctx, tx, d.FromUserID, "from_user_id", &p)
		if err != nil {
			return err
		}
		to, err := activeUser(ctx, tx, d.ToUserID, "to_user_id", &p)
		if err != nil {
			return err
		}
		if err := p.Err(); err != nil {
			return err
		}
		if to.HasRole(zhongshu.RoleSysAdmin) || to.HasRole(zhongshu.RoleSecAdmin) || to.HasRole(zhongshu.RoleAuditAdmin) {
			return &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "不能把业务工作委托给管理员账号。", Fields: map[string]string{"to_user_id": "受托人不能是管理员"}}
		}
		if err := tx.CreateDelegation(ctx, d); err != nil {
			return err
		}
		d.FromName, d.ToName = from.Name, to.Name
		period := fmt.Sprintf("%s 至 %s", d.StartsAt.In(chinaTime).Format("2006-01-02 15:04"), d.EndsAt.In(chinaTime).Format("2006-01-02 15:04"))
		if err := notice(ctx, tx, to.ID, "delegation", from.Name+"委托您代为处理工作", period+"，事由："+d.Reason, "/delegations"); err != nil {
			return err
		}
		return a.record(ctx, tx, actor, event{action: "delegation.create", objectType: "delegation", objectID: d.ID,
			detail: fmt.Sprintf("%s 委托 %s，%s，事由：%s", from.Name, to.Name, period, d.Reason)})
	})
}

// checkActiveUser is activeUser for a check that needs only the answer.
func checkActiveUser(ctx context.Context, tx *store.Tx, id int64, field string, p *zhongshu.Problems) error {
	if id == 0 {
		return nil
	}
	st, err := tx.UserStatus(ctx, id)
	switch {
	case zhongshu.ErrorCode(err) == zhongshu.CodeNotFound:
		p.Add(field, "人员不存在")
	case err != nil:
		return err
	case st != zhongshu.UserActive:
		p.Add(field, "该人员账号已停用")
	}
	return nil
}

// activeUser returns user id (nil for 0), noting in p under field when
// there is no such person or their account is not active.
func activeUser(ctx context.Context, tx *store.Tx, id int64, field string, p *zhongshu.Problems) (*zhongshu.User, error) {
	if id == 0 {
		return nil, nil
	}
	u, err := tx.FindUserByID(ctx, id)
	if zhongshu.ErrorCode(err) == zhongshu.CodeNotFound {
		p.Add(field, "人员不存在")
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if u.Status != zhongshu.UserActive {
		p.Add(field, "该人员账号已停用")
	}
	return u, nil
}

// RevokeDelegation ends a delegation early. The delegator, whoever recorded
// it, and those who manage delegations may revoke it.
func (a *App) RevokeDelegation(ctx context.Context, actor *zhongshu.Actor, id int64) error {
	return a.db.Transact(ctx, func(tx *store.Tx) error {
		d, err := tx.FindDelegationByID(ctx, id)
		if err != nil {
			return err
		}
		if d.FromUserID != actor.ID() && d.CreatedBy != actor.ID() && !actor.Can(zhongshu.PermDelegateManage) {
			// Whether the delegation exists is nobody else's business.
			return errNotFoundDelegation
		}
		if err := tx.RevokeDelegation(ctx, id, actor.ID()); err != nil {
			return err
		}
		if err := notice(ctx, tx, d.ToUserID, "delegation", d.FromName+"的委托已撤销", "", "/delegations"); err != nil {
			return err
		}
		return a.record(ctx, tx, actor, event{action: "delegation.revoke", objectType: "delegation", objectID: id,
			from: "active", to: "revoked", detail: fmt.Sprintf("撤销委托：%s → %s", d.FromName, d.ToName)})
	})
}

var errNotFoundDelegation = zhongshu.Errorf(zhongshu.CodeNotFound, "委托不存在或已被删除。")

// FindDelegations lists the delegations the actor gave or holds, or with
// all set (for those who manage delegations) every delegation.
func (a *App) FindDelegations(ctx context.Context, actor *zhongshu.Actor, all bool, page Page) ([]*zhongshu.Delegation, int, error) {
	page = page.Normalize()
	uid := actor.ID()
	if all {
		if err := actor.Require(zhongshu.PermDelegateManage); err != nil {
			return nil, 0, err
		}
		uid = 0
	} else if err := actor.Require(zhongshu.PermDelegateOwn); err != nil {
		return nil, 0, err
	}
	var ds []*zhongshu.Delegation
	var total int
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		ds, total, err = tx.FindDelegations(ctx, uid, page.Offset, page.Limit)
		return err
	})
	return ds, total, err
}
