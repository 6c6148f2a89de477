package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/incoming"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// checkIncomingAction checks what the workflow cannot: that the leaders,
// readers, units and people an action names exist and may take the part
// given to them.
func (a *App) checkIncomingAction(ctx context.Context, tx *store.Tx, before *zhongshu.IncomingDoc, out *incoming.Outcome, req IncomingRequest) error {
	var p zhongshu.Problems
	for _, id := range req.Leaders {
		u, err := activeUser(ctx, tx, id, "leaders", &p)
		if err != nil {
			return err
		}
		if u != nil && !canInstruct(u) {
			p.Add("leaders", u.Name+"不是县领导或办公室领导，不能呈批")
		}
	}
	for _, id := range req.Readers {
		if err := checkActiveUser(ctx, tx, id, "readers", &p); err != nil {
			return err
		}
	}
	if len(req.Assignments) > 0 && (req.Action == incoming.Assign || req.Action == incoming.Propose) {
		for _, as := range out.Doc.Assignments {
			if _, err := tx.FindUnitByID(ctx, as.UnitID); zhongshu.ErrorCode(err) == zhongshu.CodeNotFound {
				p.Add("assignments", "承办单位不存在")
				continue
			} else if err != nil {
				return err
			}
			u, err := activeUser(ctx, tx, as.PersonID, "assignments", &p)
			if err != nil {
				return err
			}
			if u != nil && !worksIn(u, as.UnitID) {
				p.Add("assignments", u.Name+"不是该承办单位的人员")
			}
			if !as.DueAt.IsZero() && !as.DueAt.After(tx.Now()) {
				p.Add("assignments", "办理时限须晚于现在")
			}
		}
	}
	if req.Action == incoming.Transfer {
		u, err := activeUser(ctx, tx, req.To, "to", &p)
		if err != nil {
			return err
		}
		if u != nil {
			switch before.Status {
			case zhongshu.IncomingAwaitingInstruction:
				if !canInstruct(u) {
					p.Add("to", u.Name+"不是县领导或办公室领导")
				}
			default:
				units := actorUnitsOf(before, actorUnitIDs(u))
				if len(units) == 0 {
					p.Add("to", u.Name+"不是本件承办单位的人员")
				}
			}
		}
	}
	return p.Err()
}

// canInstruct reports whether u may be asked for a 批示: a county leader or
// the office leadership.
func canInstruct(u *zhongshu.User) bool {
	for _, r := range u.Roles {
		if r.IsLeader() || r == zhongshu.RoleOfficeDirector || r == zhongshu.RoleOfficeDeputy {
			return true
		}
	}
	return false
}

func worksIn(u *zhongshu.User, unitID int64) bool {
	return slices.ContainsFunc(u.Posts, func(p zhongshu.Post) bool { return p.UnitID == unitID })
}

func actorUnitIDs(u *zhongshu.User) []int64 {
	var ids []int64
	for _, p := range u.Posts {
		ids = append(ids, p.UnitID)
	}
	return ids
}

// actorUnitsOf are the document's assigned units among units.
func actorUnitsOf(d *zhongshu.IncomingDoc, units []int64) []int64 {
	var out []int64
	for _, as := range d.Assignments {
		if slices.Contains(units, as.UnitID) {
			out = append(out, as.UnitID)
		}
	}
	return out
}

// incomingEventText is what the timeline says of an action: the text it
// carried, and for routing steps whom it went to.
func (a *App) incomingEventText(ctx context.Context, tx *store.Tx, before *zhongshu.IncomingDoc, out *incoming.Outcome, req IncomingRequest) (string, error) {
	var parts []string
	if t := strings.TrimRight(strings.TrimSpace(req.Text), "。"); t != "" {
		parts = append(parts, t)
	}
	name := func(id int64) (string, error) {
		if id == 0 {
			return "", nil
		}
		u, err := tx.FindUserByID(ctx, id)
		if err != nil {
			return "", err
		}
		return u.Name, nil
	}
	names := func(ids []int64) (string, error) {
		var ns []string
		for _, id := range ids {
			n, err := name(id)
			if err != nil {
				return "", err
			}
			ns = append(ns, n)
		}
		return strings.Join(ns, "、"), nil
	}
	order := "同时"
	if req.InOrder {
		order = "依次"
	}
	d := &out.Doc
	switch {
	case len(req.Leaders) > 0:
		ns, err := names(req.Leaders)
		if err != nil {
			return "", err
		}
		parts = append(parts, fmt.Sprintf("呈%s%s批示", ns, order))
	case req.Action == incoming.Circulate:
		ns, err := names(req.Readers)
		if err != nil {
			return "", err
		}
		parts = append(parts, fmt.Sprintf("送%s%s传阅", ns, order))
	case req.Action == incoming.Transfer:
		n, err := name(req.To)
		if err != nil {
			return "", err
		}
		parts = append(parts, "转"+n+"办理")
	case req.Action == incoming.Urge && req.Channel != "":
		parts = append(parts, "催办方式："+req.Channel)
	case req.Action == incoming.Report && req.ReplyNumber != "":
		parts = append(parts, "答复文号："+req.ReplyNumber)
	case req.Action == incoming.Archive:
		parts = append(parts, "归档号："+d.ArchiveNumber)
	case req.Action == incoming.Register:
		parts = append(parts, "收文号："+d.Number)
	case req.Action == incoming.VoidNumber:
		parts = append(parts, "作废收文号："+d.Number)
	}
	if out.Proxy != 0 {
		n, err := name(out.Proxy)
		if err != nil {
			return "", err
		}
		parts = append(parts, "代"+n+"批示")
	}
	if slices.Contains(out.Events, incoming.EventAssigned) {
		s, err := assignmentText(ctx, tx, d)
		if err != nil {
			return "", err
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "。"), nil
}

// assignmentText names the units of a 交办 with their due dates.
func assignmentText(ctx context.Context, tx *store.Tx, d *zhongshu.IncomingDoc) (string, error) {
	var ss []string
	for _, as := range d.Assignments {
		u, err := tx.FindUnitByID(ctx, as.UnitID)
		if err != nil {
			return "", err
		}
		name := u.ShortName
		if name == "" {
			name = u.FullName
		}
		ss = append(ss, fmt.Sprintf("%s%s（%s前）", as.Role.Label(), name, dateLabel(as.DueAt)))
	}
	return "交办：" + strings.Join(ss, "，"), nil
}

// urgeIncoming sends the 催办 to whoever holds the document now.
func (a *App) urgeIncoming(ctx context.Context, tx *store.Tx, actor *zhongshu.Actor, d *zhongshu.IncomingDoc, req IncomingRequest) error {
	open, err := tx.FindOpenWorkItems(ctx, IncomingModule, IncomingRefType, d.ID)
	if err != nil {
		return err
	}
	body := fmt.Sprintf("%s催办：%s", actor.User.Name, strings.TrimSpace(req.Text))
	for _, w := range open {
		if err := notice(ctx, tx, w.OwnerID, "incoming", "【收文催办】"+incomingTitle(d), body, IncomingURL(d.ID)); err != nil {
			return err
		}
	}
	return nil
}

// keepIncomingLedger raises a 漏 when a 办件 is left without a 主办 and
// clears it once the document is assigned or closed.
func (a *App) keepIncomingLedger(ctx context.Context, tx *store.Tx, d *zhongshu.IncomingDoc, out *incoming.Outcome) error {
	switch {
	case out.Unassigned:
		owner, unit := d.ProposerID, int64(0)
		if u, err := tx.FindUserByID(ctx, owner); err == nil {
			unit = u.PrimaryUnitID()
		}
		return a.RaiseMissed(ctx, tx, &zhongshu.Flag{Module: IncomingModule, RefType: IncomingRefType, RefID: d.ID,
			Title: incomingTitle(d), URL: IncomingURL(d.ID), OwnerID: owner, UnitID: unit, Detail: "办件尚未明确主办单位",
			DueAt: d.DueAt})
	case !d.AssignedAt.IsZero() || !d.Status.Open():
		return a.ClearMissed(ctx, tx, IncomingModule, IncomingRefType, d.ID, "已交办或已办结")
	case d.Handling == zhongshu.HandlingRead && d.Status != zhongshu.IncomingCirculating:
		return a.ClearMissed(ctx, tx, IncomingModule, IncomingRefType, d.ID, "传阅已撤回")
	case slices.Contains(out.Events, incoming.EventRead):
		for _, id := range finishedReaders(d) {
			if err := tx.ClearOwnerFlags(ctx, IncomingModule, IncomingRefType, d.ID, id, "传阅对象已阅", zhongshu.FlagMissed); err != nil {
				return err
			}
		}
	}
	return nil
}

func incomingTitle(d *zhongshu.IncomingDoc) string {
	if d.Number == "" {
		return d.Title
	}
	return d.Number + " " + d.Title
}

// finishedReaders are the readers who have finished reading d.
func finishedReaders(d *zhongshu.IncomingDoc) []int64 {
	var ids []int64
	for _, r := range d.Readers {
		if !r.FinishedAt.IsZero() {
			ids = append(ids, r.PersonID)
		}
	}
	return ids
}
