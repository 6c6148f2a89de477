package app

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/notify"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// Notice groups a person chooses channels for.
var NoticeGroups = []struct{ Code, Label string }{
	{"deadline", "期限提醒与催办"},
	{"digest", "每日汇总"},
	{"other", "其他通知（委托、角色调整等）"},
}

func noticeGroup(kind string) string {
	switch {
	case strings.HasPrefix(kind, "deadline"):
		return "deadline"
	case kind == "digest":
		return "digest"
	}
	return "other"
}

// FanOut turns new notices into deliveries on the channels each recipient
// chose: e-mail to their address, IM to their own robots and their unit's.
// Urgent notices (特急, 红) go to every channel configured, whatever the
// choice. The in-app notice needs no delivery: it is the outbox row.
func (a *App) FanOut(ctx context.Context) (int, error) {
	var ms []*store.OutboxMessage
	err := a.db.Transact(ctx, func(tx *store.Tx) (err error) {
		if ms, err = tx.PendingOutbox(ctx, 200); err != nil {
			return err
		}
		for _, m := range ms {
			if err := a.fanOut(ctx, tx, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if a.live != nil { // after commit, when the notices are visible
		for _, m := range ms {
			a.live(m.RecipientID)
		}
	}
	return len(ms), nil
}

func (a *App) fanOut(ctx context.Context, tx *store.Tx, m *store.OutboxMessage) error {
	prefs, err := tx.FindNotifyPrefs(ctx, m.RecipientID)
	if err != nil {
		return err
	}
	group := noticeGroup(m.Kind)
	u, err := tx.FindUserByID(ctx, m.RecipientID)
	if err != nil {
		return err
	}
	if a.email != nil && u.Email != "" && (m.Urgent || prefs.Wants("email", group)) {
		if err := tx.AddDelivery(ctx, m.ID, "email", u.Email); err != nil {
			return err
		}
	}
	if a.im != nil && (m.Urgent || prefs.Wants("im", group)) {
		robots, err := tx.FindRobots(ctx, 0, u.ID)
		if err != nil {
			return err
		}
		if unit := u.PrimaryUnitID(); unit != 0 {
			unitRobots, err := tx.FindRobots(ctx, unit, 0)
			if err != nil {
				return err
			}
			robots = append(robots, unitRobots...)
		}
		for _, r := range robots {
			if err := tx.AddDelivery(ctx, m.ID, "im", "robot:"+strconv.FormatInt(r.ID, 10)); err != nil {
				return err
			}
		}
	}
	return tx.MarkFannedOut(ctx, m.ID)
}

// deliveryLease is how long a claimed delivery is left alone by other
// workers while it is being sent.
const deliveryLease = 2 * time.Minute

// SendDeliveries sends due deliveries outside any transaction (a slow mail
// server must not hold the database), then records each outcome: sent,
// retried later with backoff, or failed for good after notify.MaxAttempts.
func (a *App) SendDeliveries(ctx context.Context) (sent, failed int, err error) {
	var ds []*store.Delivery
	err = a.db.Transact(ctx, func(tx *store.Tx) error {
		if ds, err = tx.DueDeliveries(ctx, 100); err != nil {
			return err
		}
		for _, d := range ds {
			// Claim: push the next attempt past the lease, without counting it.
			if err := tx.LeaseDelivery(ctx, d.ID, tx.Now().Add(deliveryLease)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	for _, d := range ds {
		serr := a.sendOne(ctx, d)
		status, next, msg := "sent", time.Time{}, ""
		if serr != nil {
			msg = serr.Error()
			attempt := d.Attempts + 1
			if notify.IsPermanent(serr) || attempt >= notify.MaxAttempts {
				status = "failed"
				failed++
			} else {
				status, next = "pending", a.clock.Now().Add(notify.Backoff(attempt))
			}
			a.log.WarnContext(ctx, "delivery failed", "delivery", d.ID, "channel", d.Channel, "attempt", attempt, "err", serr)
		} else {
			sent++
		}
		if err := a.db.Transact(ctx, func(tx *store.Tx) error { return tx.FinishDelivery(ctx, d.ID, status, msg, next) }); err != nil {
			return sent, failed, err
		}
	}
	return sent, failed, nil
}

func (a *App) sendOne(ctx context.Context, d *store.Delivery) error {
	m := notify.Message{Kind: d.Message.Kind, Subject: d.Message.Subject, Body: d.Message.Body, Urgent: d.Message.Urgent}
	if d.Message.URL != "" {
		m.URL = strings.TrimSuffix(a.cfg.PublicURL, "/") + d.Message.URL
	}
	to := notify.Recipient{Name: d.RecipientName}
	var sender notify.Sender
	switch d.Channel {
	case "email":
		sender, to.Email = a.email, d.Target
	case "im":
		sender = a.im
		id, err := strconv.ParseInt(strings.TrimPrefix(d.Target, "robot:"), 10, 64)
		if err != nil {
			return notify.Permanent(fmt.Errorf("bad robot target %q", d.Target))
		}
		var r *store.Robot
		err = a.db.View(ctx, func(tx *store.Tx) (err error) { r, err = tx.FindRobotByID(ctx, id); return err })
		if zhongshu.ErrorCode(err) == zhongshu.CodeNotFound {
			return notify.Permanent(errors.New("机器人已删除"))
		}
		if err != nil {
			return err
		}
		to.Robot = &notify.Robot{Kind: r.Kind, URL: r.URL, Secret: r.Secret}
	}
	if sender == nil {
		return notify.Permanent(fmt.Errorf("渠道 %s 未配置", d.Channel))
	}
	return sender.Send(ctx, to, m)
}

// Deliveries lists deliveries for the administrators' page.
func (a *App) Deliveries(ctx context.Context, actor *zhongshu.Actor, status string, page Page) ([]*store.Delivery, int, error) {
	if err := actor.Require(zhongshu.PermCalendarManage); err != nil {
		return nil, 0, err
	}
	page = page.Normalize()
	var ds []*store.Delivery
	var total int
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		ds, total, err = tx.FindDeliveries(ctx, status, page.Offset, page.Limit)
		return err
	})
	return ds, total, err
}

// RetryDelivery puts a failed delivery back in the queue.
func (a *App) RetryDelivery(ctx context.Context, actor *zhongshu.Actor, id int64) error {
	if err := a.require(ctx, actor, zhongshu.PermCalendarManage, "delivery.retry"); err != nil {
		return err
	}
	return a.db.Transact(ctx, func(tx *store.Tx) error {
		if err := tx.RetryDelivery(ctx, id); err != nil {
			return err
		}
		return a.record(ctx, tx, actor, event{action: "delivery.retry", objectType: "delivery", objectID: id, from: "failed", to: "pending", detail: "重新投递"})
	})
}
