package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/zhongshu-oa/zhongshu/internal/calendar"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// LoadCalendar rebuilds the working-day calendar from the built-in years
// and the notices administrators loaded, which take precedence.
func (a *App) LoadCalendar(ctx context.Context) error {
	var notices []*store.CalendarNotice
	if err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		notices, err = tx.FindCalendarNotices(ctx)
		return err
	}); err != nil {
		return err
	}
	years := calendar.Builtin()
	for _, n := range notices {
		y, err := calendar.ParseNotice(strings.NewReader(n.Notice))
		if err != nil {
			return fmt.Errorf("app.LoadCalendar: stored notice for %d: %w", n.Year, err)
		}
		years = append(years, y)
	}
	cal, err := calendar.New(years, a.calendarOptions())
	if err != nil {
		return fmt.Errorf("app.LoadCalendar: %w", err)
	}
	a.cal.Store(cal)
	return nil
}

// LoadNotice checks and stores a year's holiday notice (the file format of
// calendar.ParseNotice) and puts it in force. Deadlines already computed
// keep their dates; new ones use the notice.
func (a *App) LoadNotice(ctx context.Context, actor *zhongshu.Actor, text string) (calendar.Year, error) {
	if err := a.require(ctx, actor, zhongshu.PermCalendarManage, "calendar.load"); err != nil {
		return calendar.Year{}, err
	}
	y, err := calendar.ParseNotice(strings.NewReader(text))
	if err != nil {
		return y, &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "节假日安排文件有误，未保存。", Fields: map[string]string{"notice": err.Error()}}
	}
	err = a.db.Transact(ctx, func(tx *store.Tx) error {
		if err := tx.SaveCalendarNotice(ctx, &store.CalendarNotice{Year: y.Year, Notice: text, Source: y.Source, LoadedBy: actor.User.Name}); err != nil {
			return err
		}
		return a.record(ctx, tx, actor, event{action: "calendar.load", objectType: "calendar", objectID: y.Year,
			detail: fmt.Sprintf("载入%d年节假日安排：%s（放假 %d 天，调休上班 %d 天）", y.Year, y.Source, len(y.Off), len(y.Workday))})
	})
	if err != nil {
		return y, err
	}
	return y, a.LoadCalendar(ctx)
}

// DeleteNotice removes an administrator's notice for a year.
func (a *App) DeleteNotice(ctx context.Context, actor *zhongshu.Actor, year int) error {
	if err := a.require(ctx, actor, zhongshu.PermCalendarManage, "calendar.delete"); err != nil {
		return err
	}
	err := a.db.Transact(ctx, func(tx *store.Tx) error {
		if err := tx.DeleteCalendarNotice(ctx, year); err != nil {
			return err
		}
		return a.record(ctx, tx, actor, event{action: "calendar.delete", objectType: "calendar", objectID: year, detail: fmt.Sprintf("删除%d年节假日安排", year)})
	})
	if err != nil {
		return err
	}
	return a.LoadCalendar(ctx)
}

// CalendarNotices lists the stored notices.
func (a *App) CalendarNotices(ctx context.Context, actor *zhongshu.Actor) ([]*store.CalendarNotice, error) {
	if err := actor.Require(zhongshu.PermCalendarManage); err != nil {
		return nil, err
	}
	var ns []*store.CalendarNotice
	err := a.db.View(ctx, func(tx *store.Tx) (err error) { ns, err = tx.FindCalendarNotices(ctx); return err })
	return ns, err
}

// Jobs lists the background jobs' last runs.
func (a *App) Jobs(ctx context.Context, actor *zhongshu.Actor) ([]*store.JobRun, error) {
	if err := actor.Require(zhongshu.PermCalendarManage); err != nil {
		return nil, err
	}
	var js []*store.JobRun
	err := a.db.View(ctx, func(tx *store.Tx) (err error) { js, err = tx.FindJobs(ctx); return err })
	return js, err
}
