package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/calendar"
	"github.com/zhongshu-oa/zhongshu/internal/deadline"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// DueIn is the deadline n working days after from: the end of that day by
// the office's convention, and whether it is provisional (the year has no
// holiday data yet).
func (a *App) DueIn(from time.Time, workdays int) (time.Time, bool) {
	return a.Calendar().Deadline(from, workdays)
}

// AddWork registers w in its owner's 待办/待阅 within tx and schedules its
// deadline checks. Modules call it when work reaches a person; it is a
// no-op for an item already open.
func (a *App) AddWork(ctx context.Context, tx *store.Tx, w *zhongshu.WorkItem) error {
	cal := a.Calendar()
	if !w.DueAt.IsZero() {
		w.Provisional = !cal.HasYear(deadline.DueDate(w.DueAt, chinaTime).Year)
	}
	w.CreatedAt = tx.Now()
	res := deadline.Evaluate(cal, chinaTime, a.rules, deadline.Item{CreatedAt: w.CreatedAt, DueAt: w.DueAt}, tx.Now())
	// Anything due already is acted on by the next sweep, within seconds.
	w.NextCheckAt = res.Next
	if len(res.Actions) > 0 {
		w.NextCheckAt = tx.Now()
	}
	return tx.AddWorkItem(ctx, w)
}

// ActOnWork records that the owner acted on their open items of an object
// (opened, accepted, forwarded): the item is no longer 压.
func (a *App) ActOnWork(ctx context.Context, tx *store.Tx, module, refType string, refID, ownerID int64) error {
	items, err := tx.FindOpenWorkItems(ctx, module, refType, refID)
	if err != nil {
		return err
	}
	return a.actOnWorkItems(ctx, tx, items, ownerID)
}

// actOnWorkItems is ActOnWork on an object's open items already read; it
// keeps them as it stores them.
func (a *App) actOnWorkItems(ctx context.Context, tx *store.Tx, items []*zhongshu.WorkItem, ownerID int64) error {
	for _, w := range items {
		if w.OwnerID != ownerID {
			continue
		}
		if err := tx.MarkWorkActed(ctx, w.ID); err != nil {
			return err
		}
		w.ActedAt, w.Held = tx.Now(), false
		res := deadline.Evaluate(a.Calendar(), chinaTime, a.rules, itemOf(w), tx.Now())
		if err := tx.SetWorkCheck(ctx, w.ID, w.Level, false, res.Next); err != nil {
			return err
		}
		w.NextCheckAt = res.Next
	}
	return nil
}

func itemOf(w *zhongshu.WorkItem) deadline.Item {
	return deadline.Item{CreatedAt: w.CreatedAt, DueAt: w.DueAt, ActedAt: w.ActedAt, Level: deadline.Level(w.Level), Held: w.Held}
}

// sweepBatch bounds one transaction of the sweep.
const sweepBatch = 500

// SweepDeadlines acts on every open item whose next check has come: it
// sends the reminders of the escalation ladder (蓝 → 黄 → 红, owner → chief →
// leadership), raises 压 and 误 on the ledger and schedules the next check.
// Each reminder is keyed (item, kind, recipient), so a rerun, a restart or a
// second instance never sends one twice. It returns the items it visited.
func (a *App) SweepDeadlines(ctx context.Context) (int, error) {
	total := 0
	for {
		var n int
		err := a.db.Transact(ctx, func(tx *store.Tx) error {
			items, err := tx.DueWorkItems(ctx, sweepBatch)
			if err != nil {
				return err
			}
			n = len(items)
			aud := audiences{tx: tx, units: map[int64][]int64{}, primary: map[int64]int64{}}
			for _, w := range items {
				if err := a.sweepItem(ctx, tx, &aud, w); err != nil {
					return fmt.Errorf("sweep item %d: %w", w.ID, err)
				}
			}
			return nil
		})
		if err != nil {
			return total, err
		}
		total += n
		if n < sweepBatch {
			return total, nil
		}
	}
}

func (a *App) sweepItem(ctx context.Context, tx *store.Tx, aud *audiences, w *zhongshu.WorkItem) error {
	now := tx.Now()
	res := deadline.Evaluate(a.Calendar(), chinaTime, a.rules, itemOf(w), now)
	unitID, err := aud.unitOf(ctx, w.OwnerID)
	if err != nil {
		return err
	}
	for _, act := range res.Actions {
		recipients, err := aud.resolve(ctx, w.OwnerID, act.Audience)
		if err != nil {
			return err
		}
		subject, body := a.reminderText(w, act, now)
		for _, r := range recipients {
			fresh, err := tx.AddReminder(ctx, w.ID, string(act.Kind), int(act.Level), r)
			if err != nil {
				return err
			}
			if !fresh {
				continue
			}
			msg := &store.OutboxMessage{RecipientID: r, Kind: "deadline." + string(act.Kind), Subject: subject, Body: body,
				URL: w.URL, Urgent: act.Level == deadline.LevelRed || w.Urgency == zhongshu.UrgencyExtra}
			if err := tx.AddOutbox(ctx, msg); err != nil {
				return err
			}
		}
		if kind := flagKind(act.Kind); kind != "" {
			f := &zhongshu.Flag{Kind: kind, Module: w.Module, RefType: w.RefType, RefID: w.RefID, WorkItemID: w.ID, Title: w.Title,
				URL: w.URL, OwnerID: w.OwnerID, UnitID: unitID, DueAt: w.DueAt, Detail: act.Level.Label()}
			if kind == zhongshu.FlagHeld {
				f.Detail = fmt.Sprintf("超过 %d 个工作日未处理", a.rules.HeldWorkdays)
			}
			if _, err := tx.RaiseFlag(ctx, f); err != nil {
				return err
			}
		}
	}
	return tx.SetWorkCheck(ctx, w.ID, int(res.Level), res.Held, res.Next)
}

func flagKind(k deadline.Kind) zhongshu.FlagKind {
	switch k {
	case deadline.KindOverdue:
		return zhongshu.FlagLate
	case deadline.KindOvernight:
		return zhongshu.FlagOvernight
	case deadline.KindHeld:
		return zhongshu.FlagHeld
	}
	return ""
}

// reminderText words a reminder in Chinese.
func (a *App) reminderText(w *zhongshu.WorkItem, act deadline.Action, now time.Time) (subject, body string) {
	due := ""
	if !w.DueAt.IsZero() {
		due = w.DueAt.In(chinaTime).Format("2006年1月2日 15:04")
		if w.DueAt.In(chinaTime).Format("15:04") == "00:00" {
			due = w.DueAt.In(chinaTime).Add(-time.Minute).Format("2006年1月2日") + " 24:00"
		}
	}
	var b strings.Builder
	switch act.Kind {
	case deadline.KindDueSoon:
		left := a.Calendar().WorkdaysBetween(calendar.DateOf(now, chinaTime), deadline.DueDate(w.DueAt, chinaTime))
		subject = fmt.Sprintf("【临期】%s", w.Title)
		fmt.Fprintf(&b, "办理期限 %s，还剩 %d 个工作日。", due, left)
	case deadline.KindDue:
		subject = fmt.Sprintf("【今日到期】%s", w.Title)
		fmt.Fprintf(&b, "办理期限为今天 %s，请抓紧办理。", due)
	case deadline.KindOverdue:
		subject = fmt.Sprintf("【超期】%s", w.Title)
		fmt.Fprintf(&b, "已超过办理期限 %s，请立即办理并说明原因。", due)
	case deadline.KindOvernight:
		subject = fmt.Sprintf("【文过夜】%s", w.Title)
		fmt.Fprintf(&b, "应于当日办理完毕（期限 %s），至今未办。", due)
	case deadline.KindHeld:
		subject = fmt.Sprintf("【积压】%s", w.Title)
		fmt.Fprintf(&b, "已收到超过 %d 个工作日，尚未处理。", a.rules.HeldWorkdays)
	}
	if w.Step != "" {
		fmt.Fprintf(&b, "当前环节：%s。", w.Step)
	}
	if w.Provisional {
		b.WriteString("（期限所在年度的节假日安排尚未公布，期限为暂定。）")
	}
	return subject, b.String()
}

// audiences finds who hears of an item, with the answers cached for one sweep.
type audiences struct {
	tx       *store.Tx
	units    map[int64][]int64 // unit → section chiefs
	primary  map[int64]int64   // person → primary unit
	leaders  []int64
	loadedLd bool
}

func (x *audiences) unitOf(ctx context.Context, userID int64) (int64, error) {
	if id, ok := x.primary[userID]; ok {
		return id, nil
	}
	u, err := x.tx.FindUserByID(ctx, userID)
	if err != nil {
		return 0, err
	}
	x.primary[userID] = u.PrimaryUnitID()
	return x.primary[userID], nil
}

// resolve lists the recipients of an action: the owner, the section chiefs
// of the owner's unit, the office director — each once.
func (x *audiences) resolve(ctx context.Context, ownerID int64, aud deadline.Audience) ([]int64, error) {
	seen := map[int64]bool{}
	var out []int64
	add := func(ids ...int64) {
		for _, id := range ids {
			if id != 0 && !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	if aud&deadline.Owner != 0 {
		add(ownerID)
	}
	if aud&deadline.Chief != 0 {
		unit, err := x.unitOf(ctx, ownerID)
		if err != nil {
			return nil, err
		}
		chiefs, ok := x.units[unit]
		if !ok && unit != 0 {
			if chiefs, err = x.tx.UsersWithRoleInUnit(ctx, string(zhongshu.RoleSectionChief), unit); err != nil {
				return nil, err
			}
			x.units[unit] = chiefs
		}
		add(chiefs...)
	}
	if aud&deadline.Leadership != 0 {
		if !x.loadedLd {
			ids, err := x.tx.UsersWithRoleInUnit(ctx, string(zhongshu.RoleOfficeDirector), 0)
			if err != nil {
				return nil, err
			}
			x.leaders, x.loadedLd = ids, true
		}
		add(x.leaders...)
	}
	return out, nil
}
