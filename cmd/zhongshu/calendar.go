package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/calendar"
	"github.com/zhongshu-oa/zhongshu/internal/config"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// cmdCalendar answers working-day questions and loads holiday notices:
//
//	zhongshu calendar due --from 2026-02-12 --workdays 5
//	zhongshu calendar due --from 2026-01-31 --months 1
//	zhongshu calendar workday 2026-02-14
//	zhongshu calendar load notice-2027.txt
func cmdCalendar(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 {
		return usageError{"usage: zhongshu calendar due|workday|load …"}
	}
	cfg := config.Default()
	var from string
	var workdays, months, days int
	rest := args[1:]
	var positional string
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		positional, rest = rest[0], rest[1:]
	}
	fs, err := parse("calendar "+args[0], rest, &cfg, getenv, func(fs *flag.FlagSet) {
		fs.StringVar(&from, "from", "", "起算日期，如 2026-02-12（当天不计入）")
		fs.IntVar(&workdays, "workdays", 0, "工作日数")
		fs.IntVar(&months, "months", 0, "月数（按日历计算，末日遇节假日顺延）")
		fs.IntVar(&days, "days", 0, "日数（按日历计算，末日遇节假日顺延）")
		fs.DurationVar(&cfg.CloseOfDay, "close-of-day", cfg.CloseOfDay, "期限截止时刻")
		fs.BoolVar(&cfg.CountStartDay, "count-start-day", cfg.CountStartDay, "计入起始日")
	})
	if err != nil {
		return err
	}
	if positional == "" && fs.NArg() > 0 {
		positional = fs.Arg(0)
	}
	switch args[0] {
	case "due":
		cal, err := loadCalendar(ctx, cfg)
		if err != nil {
			return err
		}
		start, err := calendar.ParseDate(from)
		if err != nil {
			return usageError{"--from: " + err.Error()}
		}
		var due calendar.Date
		var provisional bool
		switch {
		case workdays > 0 && months == 0 && days == 0:
			due, provisional = cal.AddWorkdays(start, workdays)
		case workdays == 0 && (months > 0 || days > 0):
			due, provisional = cal.AddPeriod(start, months, days)
		default:
			return usageError{"请给出 --workdays N，或 --months/--days（二者择一）"}
		}
		fmt.Fprintln(stdout, due)
		if provisional {
			fmt.Fprintln(stdout, "（暂定：期间涉及尚未载入节假日安排的年度，按周一至周五计算）")
		}
		return nil
	case "workday":
		cal, err := loadCalendar(ctx, cfg)
		if err != nil {
			return err
		}
		d, err := calendar.ParseDate(positional)
		if err != nil {
			return usageError{"usage: zhongshu calendar workday 2026-02-14: " + err.Error()}
		}
		fmt.Fprintln(stdout, describeDay(cal.Day(d)))
		return nil
	case "load":
		if positional == "" {
			return usageError{"usage: zhongshu calendar load FILE"}
		}
		text, err := os.ReadFile(positional)
		if err != nil {
			return err
		}
		db, err := open(ctx, cfg)
		if err != nil {
			return err
		}
		defer db.Close()
		y, err := app.New(db, cfg, nil, nil).LoadNotice(ctx, zhongshu.SystemActor(), string(text))
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "已载入%d年节假日安排：%s（放假 %d 天，调休上班 %d 天）。\n", y.Year, y.Source, len(y.Off), len(y.Workday))
		return nil
	}
	return usageError{"usage: zhongshu calendar due|workday|load …"}
}

var weekdays = []string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}

// describeDay says whether a day is a working day and why.
func describeDay(d calendar.DayInfo) string {
	var why string
	switch d.Kind {
	case calendar.KindWorkday:
		why = "工作日"
	case calendar.KindWeekend:
		why = "休息日（周末）"
	case calendar.KindHoliday:
		why = "休息日（" + d.Name + "）"
	case calendar.KindMakeupWorkday:
		why = "工作日（调休上班：" + d.Name + "）"
	}
	s := fmt.Sprintf("%s %s：%s", d.Date, weekdays[d.Date.Weekday()], why)
	if d.Provisional {
		s += "，暂定：该年度节假日安排尚未载入"
	}
	return s
}

// loadCalendar returns the calendar in force: the built-in years plus the
// notices stored in the database, when there is one. A check must not
// create a database, so a missing SQLite file means built-in data only.
func loadCalendar(ctx context.Context, cfg config.Config) (*calendar.Calendar, error) {
	if cfg.DB == "" {
		if _, err := os.Stat(cfg.DSN()); errors.Is(err, os.ErrNotExist) {
			return calendar.New(calendar.Builtin(), calendar.Options{CountStartDay: cfg.CountStartDay, CloseOfDay: cfg.CloseOfDay})
		}
	}
	db, err := open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	a := app.New(db, cfg, nil, nil)
	if err := a.LoadCalendar(ctx); err != nil {
		return nil, err
	}
	return a.Calendar(), nil
}

// cmdRunJob runs one background job once: zhongshu run-job deadlines.sweep.
func cmdRunJob(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg := config.Default()
	var name string
	rest := args
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		name, rest = rest[0], rest[1:]
	}
	fs := flag.NewFlagSet("run-job", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cfg.Register(fs, getenv)
	cfg.RegisterServe(fs, getenv)
	if err := fs.Parse(rest); err != nil {
		return usageError{fmt.Sprintf("run-job: %v", err)}
	}
	if err := cfg.Validate(); err != nil {
		return usageError{err.Error()}
	}
	db, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	log := newLogger(stderr, cfg.LogLevel)
	a := app.New(db, cfg, nil, log)
	if err := a.LoadCalendar(ctx); err != nil {
		return err
	}
	if err := setSenders(a, cfg); err != nil {
		return err
	}
	runner := newRunner(a, log)
	if name == "" {
		return usageError{"usage: zhongshu run-job NAME (" + strings.Join(runner.Names(), ", ") + ")"}
	}
	detail, err := runner.RunNow(ctx, name)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s：%s\n", name, detail)
	return nil
}
