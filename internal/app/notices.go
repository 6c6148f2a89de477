package app

import (
	"context"
	"net/url"
	"strings"

	"github.com/zhongshu-oa/zhongshu/internal/notify"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// Unread returns how many notices the actor has not read.
func (a *App) Unread(ctx context.Context, actor *zhongshu.Actor) (int, error) {
	var n int
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		n, err = tx.CountUnread(ctx, actor.ID())
		return err
	})
	return n, err
}

// OpenNotice marks a notice read and returns it; another person's notice
// does not exist for the actor.
func (a *App) OpenNotice(ctx context.Context, actor *zhongshu.Actor, id int64) (*store.OutboxMessage, error) {
	var m *store.OutboxMessage
	err := a.db.Transact(ctx, func(tx *store.Tx) (err error) {
		if m, err = tx.FindOutboxByID(ctx, id); err != nil {
			return err
		}
		if m.RecipientID != actor.ID() {
			return zhongshu.Errorf(zhongshu.CodeNotFound, "通知不存在。")
		}
		return tx.MarkRead(ctx, actor.ID(), id)
	})
	return m, err
}

// MarkAllRead marks every notice of the actor read.
func (a *App) MarkAllRead(ctx context.Context, actor *zhongshu.Actor) error {
	return a.db.Transact(ctx, func(tx *store.Tx) error { return tx.MarkRead(ctx, actor.ID(), 0) })
}

// NotifySettings is a person's channels and robots.
type NotifySettings struct {
	Prefs       store.NotifyPrefs
	Robots      []*store.Robot
	EmailOn     bool // e-mail is configured on this server
	IMOn        bool
	HasEmail    bool // the person has an address
	GroupLabels []struct{ Code, Label string }
}

// NotifySettingsOf returns the actor's notification settings.
func (a *App) NotifySettingsOf(ctx context.Context, actor *zhongshu.Actor) (*NotifySettings, error) {
	s := &NotifySettings{EmailOn: a.email != nil, IMOn: a.im != nil, HasEmail: actor.User.Email != "", GroupLabels: NoticeGroups}
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		if s.Prefs, err = tx.FindNotifyPrefs(ctx, actor.ID()); err != nil {
			return err
		}
		s.Robots, err = tx.FindRobots(ctx, 0, actor.ID())
		return err
	})
	return s, err
}

// SetNotifyPrefs stores which groups of notice the actor also wants by
// e-mail and by IM.
func (a *App) SetNotifyPrefs(ctx context.Context, actor *zhongshu.Actor, email, im []string) error {
	valid := map[string]bool{}
	for _, g := range NoticeGroups {
		valid[g.Code] = true
	}
	for _, k := range append(append([]string{}, email...), im...) {
		if !valid[k] {
			return &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "通知类别不正确。", Fields: map[string]string{"kinds": "未知类别：" + k}}
		}
	}
	return a.db.Transact(ctx, func(tx *store.Tx) error {
		return tx.SetNotifyPrefs(ctx, actor.ID(), store.NotifyPrefs{Email: email, IM: im})
	})
}

// CreateRobot adds an IM robot for a unit (unitID ≠ 0, system
// administrator) or for the actor personally.
func (a *App) CreateRobot(ctx context.Context, actor *zhongshu.Actor, r *store.Robot) error {
	if r.UnitID != 0 {
		if err := a.require(ctx, actor, zhongshu.PermOrgManage, "robot.create"); err != nil {
			return err
		}
		r.UserID = 0
	} else {
		r.UserID = actor.ID()
	}
	r.Name, r.URL, r.Secret = strings.TrimSpace(r.Name), strings.TrimSpace(r.URL), strings.TrimSpace(r.Secret)
	var p zhongshu.Problems
	if r.Name == "" || len([]rune(r.Name)) > 40 {
		p.Add("name", "请填写名称（不超过40个字）")
	}
	if r.Kind != notify.RobotDingTalk && r.Kind != notify.RobotWeCom && r.Kind != notify.RobotWebhook {
		p.Add("kind", "请选择机器人类型")
	}
	if u, err := url.Parse(r.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(r.URL) > 500 {
		p.Add("url", "请填写以 https:// 开头的机器人地址")
	}
	if len(r.Secret) > 200 {
		p.Add("secret", "密钥过长")
	}
	if err := p.Err(); err != nil {
		return err
	}
	return a.db.Transact(ctx, func(tx *store.Tx) error {
		if r.UnitID != 0 {
			if _, err := tx.FindUnitByID(ctx, r.UnitID); err != nil {
				return err
			}
		}
		if err := tx.CreateRobot(ctx, r); err != nil {
			return err
		}
		return a.record(ctx, tx, actor, event{action: "robot.create", objectType: "robot", objectID: r.ID, detail: "添加消息机器人：" + r.Name})
	})
}

// DeleteRobot removes a robot: one's own, or a unit's by the system
// administrator.
func (a *App) DeleteRobot(ctx context.Context, actor *zhongshu.Actor, id int64) error {
	return a.db.Transact(ctx, func(tx *store.Tx) error {
		r, err := tx.FindRobotByID(ctx, id)
		if err != nil {
			return err
		}
		if r.UserID != actor.ID() && !(r.UnitID != 0 && actor.Can(zhongshu.PermOrgManage)) {
			return zhongshu.Errorf(zhongshu.CodeNotFound, "机器人不存在。")
		}
		if err := tx.DeleteRobot(ctx, id); err != nil {
			return err
		}
		return a.record(ctx, tx, actor, event{action: "robot.delete", objectType: "robot", objectID: id, detail: "删除消息机器人：" + r.Name})
	})
}

// UnitRobots lists every unit robot, for the administrators' page.
func (a *App) UnitRobots(ctx context.Context, actor *zhongshu.Actor) ([]*store.Robot, error) {
	if err := actor.Require(zhongshu.PermOrgManage); err != nil {
		return nil, err
	}
	var rs []*store.Robot
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		all, err := tx.FindRobots(ctx, 0, 0)
		for _, r := range all {
			if r.UnitID != 0 {
				rs = append(rs, r)
			}
		}
		return err
	})
	return rs, err
}
