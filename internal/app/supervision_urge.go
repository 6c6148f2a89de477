package app

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zhongshu-oa/zhongshu/internal/calendar"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// UrgeChannels are the forms a 催办 takes (DOMAIN.md §5.5), by code.
var UrgeChannels = []struct{ Code, Label string }{
	{"system", "系统催办"},
	{"phone", "电话催办"},
	{"sms", "短信催办"},
	{"notice", "催办通知单"},
	{"onsite", "现场督办"},
}

func urgeLabel(code string) (string, bool) {
	for _, c := range UrgeChannels {
		if c.Code == code {
			return c.Label, true
		}
	}
	return "", false
}

// UrgeSupervision records a 催办 on an item — its channel, when and by whom
// (DOMAIN.md §5.3, §5.5) — on the timeline and in the audit log, and tells
// everyone who currently holds the item's next step. The 督查室 and the
// office leadership may urge; only items still being handled can be urged.
func (a *App) UrgeSupervision(ctx context.Context, actor *zhongshu.Actor, id int64, channel, text string) error {
	text = strings.TrimSpace(text)
	label, ok := urgeLabel(channel)
	var p zhongshu.Problems
	if !ok {
		p.Add("channel", "请选择催办方式")
	}
	if utf8.RuneCountInString(text) > 500 {
		p.Add("text", "催办内容不能超过500个字")
	}
	var denied error
	err := a.db.Transact(ctx, func(tx *store.Tx) error {
		it, err := tx.FindSupervisionItemByID(ctx, id)
		if zhongshu.ErrorCode(err) == zhongshu.CodeNotFound || (err == nil && !canSeeSupervision(actor, it)) {
			return zhongshu.Errorf(zhongshu.CodeNotFound, "督办事项不存在。")
		}
		if err != nil {
			return err
		}
		if !seesAllSupervision(actor) {
			denied = zhongshu.Errorf(zhongshu.CodeForbidden, "催办由督查室或办公室领导发出。")
			return denied
		}
		if !urgeable(it.Status) {
			return zhongshu.Errorf(zhongshu.CodePrecondition, "督办事项当前为“%s”，无需催办。", it.Status.Label())
		}
		if err := p.Err(); err != nil {
			return err
		}
		body := "【" + label + "】"
		if text != "" {
			body += text
		}
		if err := tx.AddSupervisionEvent(ctx, &store.SupervisionEvent{ItemID: id, ActorID: actor.ID(), ActorName: actor.User.Name,
			Action: "urge", FromStatus: it.Status, ToStatus: it.Status, Text: body}); err != nil {
			return err
		}
		holders, err := tx.FindOpenWorkItems(ctx, SupervisionModule, SupervisionRefType, id)
		if err != nil {
			return err
		}
		overdue := !it.DueAt.IsZero() && tx.Now().After(it.DueAt)
		told := map[int64]bool{actor.ID(): true}
		for _, w := range holders {
			if told[w.OwnerID] {
				continue
			}
			told[w.OwnerID] = true
			if err := tx.AddOutbox(ctx, &store.OutboxMessage{RecipientID: w.OwnerID, Kind: "supervision.urge",
				Subject: fmt.Sprintf("【催办】%s（%s）", it.Title, it.Number), Body: body + " 当前环节：" + w.Step + "。",
				URL: SupervisionURL(id), Urgent: overdue}); err != nil {
				return err
			}
		}
		return a.record(ctx, tx, actor, event{action: "supervision.urge", objectType: "supervision", objectID: id,
			detail: fmt.Sprintf("%s %s：%s", it.Number, label, text)})
	})
	if denied != nil {
		return a.deny(ctx, actor, "supervision.urge", denied)
	}
	return err
}

// urgeable reports whether an item in status is still with the units.
func urgeable(st zhongshu.SupervisionStatus) bool {
	switch st {
	case zhongshu.SupervisionIssued, zhongshu.SupervisionInProgress, zhongshu.SupervisionTransferRequested, zhongshu.SupervisionExtensionPending:
		return true
	}
	return false
}

// CanUrge reports whether actor may urge the item now, for the item page.
func CanUrge(actor *zhongshu.Actor, it *zhongshu.SupervisionItem) bool {
	return seesAllSupervision(actor) && urgeable(it.Status)
}

// SupervisionDeadlineRules returns the county's default 办结时限 per source
// (cfg.SupervisionDeadlines; DOMAIN.md §5.2).
func (a *App) SupervisionDeadlineRules() map[zhongshu.SupervisionSource]zhongshu.DeadlineRule {
	return maps.Clone(a.supRules)
}

// SupervisionDefaultDue is the default deadline of an item from source given
// at from: the end of the Nth working day, or of a calendar period rolled
// forward to a working day. ok is false when the source has no default.
func (a *App) SupervisionDefaultDue(source zhongshu.SupervisionSource, from time.Time) (due time.Time, rule zhongshu.DeadlineRule, ok bool) {
	rule, ok = a.supRules[source]
	if !ok {
		return time.Time{}, rule, false
	}
	cal := a.Calendar()
	if rule.Workdays > 0 {
		due, _ = cal.Deadline(from, rule.Workdays)
		return due, rule, true
	}
	day, _ := cal.AddPeriod(calendar.DateOf(from, chinaTime), rule.Months, rule.Days)
	return cal.EndOf(day), rule, true
}
