package app

import (
	"context"

	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// CreateUnit adds a unit to the organisation.
func (a *App) CreateUnit(ctx context.Context, actor *zhongshu.Actor, u *zhongshu.Unit) error {
	if err := a.require(ctx, actor, zhongshu.PermOrgManage, "unit.create"); err != nil {
		return err
	}
	u.ID = 0
	if err := u.Validate(); err != nil {
		return err
	}
	return a.db.Transact(ctx, func(tx *store.Tx) error {
		if err := checkUnitRefs(ctx, tx, u); err != nil {
			return err
		}
		if err := tx.CreateUnit(ctx, u); err != nil {
			return unitConflict(err)
		}
		return a.record(ctx, tx, actor, event{action: "unit.create", objectType: "unit", objectID: u.ID, detail: "新建单位：" + u.FullName})
	})
}

// UpdateUnit replaces the fields of unit u.ID.
func (a *App) UpdateUnit(ctx context.Context, actor *zhongshu.Actor, u *zhongshu.Unit) error {
	if err := a.require(ctx, actor, zhongshu.PermOrgManage, "unit.update"); err != nil {
		return err
	}
	if err := u.Validate(); err != nil {
		return err
	}
	return a.db.Transact(ctx, func(tx *store.Tx) error {
		old, err := tx.FindUnitByID(ctx, u.ID)
		if err != nil {
			return err
		}
		if err := checkUnitRefs(ctx, tx, u); err != nil {
			return err
		}
		// Walk up from the new parent: reaching u itself would make a loop.
		for p := u.ParentID; p != 0; {
			if p == u.ID {
				return &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "上级单位不能是本单位的下级单位。",
					Fields: map[string]string{"parent_id": "不能选择本单位的下级单位"}}
			}
			parent, err := tx.FindUnitByID(ctx, p)
			if err != nil {
				return err
			}
			p = parent.ParentID
		}
		u.CreatedAt = old.CreatedAt
		if err := tx.UpdateUnit(ctx, u); err != nil {
			return unitConflict(err)
		}
		detail := "修改单位：" + u.FullName
		if old.FullName != u.FullName {
			detail = "修改单位：" + old.FullName + " → " + u.FullName
		}
		from, to := "", ""
		if old.Active != u.Active {
			from, to = activeLabel(old.Active), activeLabel(u.Active)
		}
		return a.record(ctx, tx, actor, event{action: "unit.update", objectType: "unit", objectID: u.ID, from: from, to: to, detail: detail})
	})
}

func activeLabel(b bool) string {
	if b {
		return "启用"
	}
	return "停用"
}

func unitConflict(err error) error {
	if zhongshu.ErrorCode(err) == zhongshu.CodeConflict {
		return &zhongshu.Error{Code: zhongshu.CodeConflict, Message: "已有同名单位。",
			Fields: map[string]string{"full_name": "该单位全称已存在"}}
	}
	return err
}

// checkUnitRefs checks that the parent and the contacts exist.
func checkUnitRefs(ctx context.Context, tx *store.Tx, u *zhongshu.Unit) error {
	var p zhongshu.Problems
	if u.ParentID != 0 {
		if _, err := tx.FindUnitByID(ctx, u.ParentID); err != nil {
			if zhongshu.ErrorCode(err) != zhongshu.CodeNotFound {
				return err
			}
			p.Add("parent_id", "上级单位不存在")
		}
	}
	for field, id := range map[string]int64{"liaison_id": u.LiaisonID, "info_officer_id": u.InfoOfficerID, "supervision_liaison_id": u.SupervisionLiaisonID} {
		if id == 0 {
			continue
		}
		if _, err := tx.FindUserByID(ctx, id); err != nil {
			if zhongshu.ErrorCode(err) != zhongshu.CodeNotFound {
				return err
			}
			p.Add(field, "所选人员不存在")
		}
	}
	return p.Err()
}

// FindUnits lists units. Everyone with a business role may see the
// organisation directory; the audit administrator may not (三员分立).
func (a *App) FindUnits(ctx context.Context, actor *zhongshu.Actor, f zhongshu.UnitFilter) ([]*zhongshu.Unit, int, error) {
	if err := actor.Require(zhongshu.PermOrgView); err != nil {
		return nil, 0, err
	}
	var units []*zhongshu.Unit
	var total int
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		units, total, err = tx.FindUnits(ctx, f)
		return err
	})
	return units, total, err
}

// FindUnitByID returns one unit.
func (a *App) FindUnitByID(ctx context.Context, actor *zhongshu.Actor, id int64) (*zhongshu.Unit, error) {
	if err := actor.Require(zhongshu.PermOrgView); err != nil {
		return nil, err
	}
	var u *zhongshu.Unit
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		u, err = tx.FindUnitByID(ctx, id)
		return err
	})
	return u, err
}

// UnitNode is a unit with its children, for the tree view.
type UnitNode struct {
	*zhongshu.Unit
	Depth    int
	Children []*UnitNode
}

// UnitTree returns every unit as a forest ordered for display, and the
// same nodes flattened in display order.
func (a *App) UnitTree(ctx context.Context, actor *zhongshu.Actor) (roots []*UnitNode, flat []*UnitNode, err error) {
	units, _, err := a.FindUnits(ctx, actor, zhongshu.UnitFilter{})
	if err != nil {
		return nil, nil, err
	}
	return BuildUnitTree(units)
}

// BuildUnitTree arranges units into a forest; units whose parent is
// missing become roots.
func BuildUnitTree(units []*zhongshu.Unit) (roots []*UnitNode, flat []*UnitNode, err error) {
	nodes := make(map[int64]*UnitNode, len(units))
	for _, u := range units {
		nodes[u.ID] = &UnitNode{Unit: u}
	}
	for _, u := range units {
		n := nodes[u.ID]
		if p, ok := nodes[u.ParentID]; ok && u.ParentID != 0 {
			p.Children = append(p.Children, n)
		} else {
			roots = append(roots, n)
		}
	}
	var walk func(ns []*UnitNode, depth int)
	walk = func(ns []*UnitNode, depth int) {
		for _, n := range ns {
			n.Depth = depth
			flat = append(flat, n)
			walk(n.Children, depth+1)
		}
	}
	walk(roots, 0)
	return roots, flat, nil
}
