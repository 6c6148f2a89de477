package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/zhongshu-oa/zhongshu/internal/calendar"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// SendDigests sends, once per working day at cfg.DigestAt, each person with
// open work a summary of what is overdue, due today and held up; a section
// chief's digest adds the unit's open 压/误/漏. It returns how many went out.
func (a *App) SendDigests(ctx context.Context) (int, error) {
	now := a.clock.Now().In(chinaTime)
	today := calendar.DateOf(now, chinaTime)
	cal := a.Calendar()
	if !cal.IsWorkday(today) || now.Before(today.Time(chinaTime).Add(a.cfg.DigestAt)) {
		return 0, nil
	}
	endOfToday := cal.EndOf(today)
	sent := 0
	err := a.db.Transact(ctx, func(tx *store.Tx) error {
		owners, err := tx.OwnersWithOpenWork(ctx)
		if err != nil {
			return err
		}
		for _, uid := range owners {
			items, err := tx.FindWorkItems(ctx, zhongshu.WorkFilter{OwnerIDs: []int64{uid}, Limit: zhongshu.MaxPageSize})
			if err != nil {
				return err
			}
			var overdue, dueToday, held []string
			for _, w := range items {
				switch {
				case !w.DueAt.IsZero() && tx.Now().After(w.DueAt):
					overdue = append(overdue, w.Title)
				case !w.DueAt.IsZero() && !w.DueAt.After(endOfToday):
					dueToday = append(dueToday, w.Title)
				}
				if w.Held {
					held = append(held, w.Title)
				}
			}
			team := ""
			u, err := tx.FindUserByID(ctx, uid)
			if err != nil {
				return err
			}
			if u.HasRole(zhongshu.RoleSectionChief) {
				unit := u.PrimaryUnitID()
				_, n, err := tx.FindFlags(ctx, zhongshu.FlagFilter{UnitID: &unit, Limit: 1})
				if err != nil {
					return err
				}
				if n > 0 {
					team = fmt.Sprintf("本单位压误漏 %d 件，请到“压误漏台账”查看。", n)
				}
			}
			if len(overdue)+len(dueToday)+len(held) == 0 && team == "" {
				continue
			}
			fresh, err := tx.MarkDigest(ctx, uid, today.String())
			if err != nil {
				return err
			}
			if !fresh {
				continue
			}
			var b strings.Builder
			section := func(name string, titles []string) {
				if len(titles) == 0 {
					return
				}
				fmt.Fprintf(&b, "%s %d 件：", name, len(titles))
				if len(titles) > 5 {
					titles = append(titles[:5:5], "……")
				}
				b.WriteString(strings.Join(titles, "；"))
				b.WriteString("。\n")
			}
			section("已超期", overdue)
			section("今日到期", dueToday)
			section("积压未处理", held)
			b.WriteString(team)
			subject := fmt.Sprintf("每日汇总（%d月%d日）：超期 %d、今日到期 %d、积压 %d", today.Month, today.Day, len(overdue), len(dueToday), len(held))
			if err := tx.AddOutbox(ctx, &store.OutboxMessage{RecipientID: uid, Kind: "digest", Subject: subject,
				Body: strings.TrimSpace(b.String()), URL: "/"}); err != nil {
				return err
			}
			sent++
		}
		return nil
	})
	return sent, err
}
