package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/audit"
	"github.com/zhongshu-oa/zhongshu/internal/config"
	"github.com/zhongshu-oa/zhongshu/internal/demo"
	"github.com/zhongshu-oa/zhongshu/internal/jobs"
	"github.com/zhongshu-oa/zhongshu/internal/notify"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/web"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// parse parses a subcommand's flags into cfg.
func parse(name string, args []string, cfg *config.Config, getenv func(string) string, extra func(*flag.FlagSet)) (*flag.FlagSet, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cfg.Register(fs, getenv)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, usageError{fmt.Sprintf("%s: %v", name, err)}
	}
	return fs, nil
}

// open opens and migrates the database named by cfg.
func open(ctx context.Context, cfg config.Config) (*store.DB, error) {
	db, err := store.Open(ctx, cfg.DSN(), store.Options{Synchronous: cfg.Synchronous})
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l}))
}

func cmdServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg := config.Default()
	officeSet := false
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cfg.Register(fs, getenv)
	cfg.RegisterServe(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return usageError{fmt.Sprintf("serve: %v", err)}
	}
	fs.Visit(func(f *flag.Flag) { officeSet = officeSet || f.Name == "office-name" })
	officeSet = officeSet || getenv("ZHONGSHU_OFFICE_NAME") != ""
	if err := cfg.Validate(); err != nil {
		return usageError{err.Error()}
	}
	log := newLogger(stderr, cfg.LogLevel)
	start := time.Now()
	db, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	ds := demo.County()
	if cfg.Demo && !officeSet {
		cfg.OfficeName = ds.OfficeName
	}
	a := app.New(db, cfg, nil, log)
	empty, err := a.IsEmpty(ctx)
	if err != nil {
		return err
	}
	switch {
	case empty && cfg.Demo:
		if err := a.LoadDemo(ctx, ds); err != nil {
			return fmt.Errorf("load demo county: %w", err)
		}
		if err := a.LoadDemoWork(ctx); err != nil {
			return fmt.Errorf("load demo work: %w", err)
		}
		fmt.Fprintf(stdout, "已载入演示县：%s（%d 个单位，%d 人，另有 4 件演示督办事项）。\n", ds.CountyName, len(ds.Units), len(ds.People))
	case empty:
		accounts, err := a.InitAdmins(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, "首次启动：已创建三员初始账号。以下一次性密码只显示这一次，首次登录时必须修改：")
		for _, acc := range accounts {
			fmt.Fprintf(stdout, "  %-6s  用户名 %-11s 一次性密码 %s\n", acc.Role, acc.Username, acc.Password)
		}
	}
	if err := a.LoadCalendar(ctx); err != nil {
		return err
	}
	if err := setSenders(a, cfg); err != nil {
		return err
	}
	srv, err := web.New(a, log, nil)
	if err != nil {
		return err
	}
	a.SetLive(srv.Publish)
	runner := newRunner(a, log)
	srv.SetJobs(runner.Names(), runner.RunNow)
	if cfg.PprofAddr != "" {
		stop, err := startPprof(cfg.PprofAddr, log)
		if err != nil {
			return usageError{err.Error()}
		}
		defer stop()
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	fmt.Fprintf(stdout, "中枢已启动：http://%s （%s，启动用时 %d 毫秒）\n", ln.Addr(), db.Engine(), time.Since(start).Milliseconds())
	if cfg.Demo {
		fmt.Fprintf(stdout, "演示模式。演示账号统一密码：%s\n", app.DemoPassword)
		for _, acc := range demo.Accounts() {
			fmt.Fprintf(stdout, "  %-14s %s（%s）\n", acc.Username, acc.Name, acc.Description)
		}
	}
	jobsCtx, stopJobs := context.WithCancel(ctx)
	jobsDone := make(chan struct{})
	go func() { runner.Run(jobsCtx); close(jobsDone) }()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	var serveErr error
	select {
	case serveErr = <-errc:
	case <-ctx.Done():
	}
	fmt.Fprintln(stdout, "正在停止…")
	stopJobs()
	shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	<-jobsDone
	if errors.Is(serveErr, http.ErrServerClosed) {
		return nil
	}
	return serveErr
}

// setSenders configures e-mail (when an SMTP server is given) and IM robots.
func setSenders(a *app.App, cfg config.Config) error {
	var email notify.Sender
	if cfg.SMTPHost != "" {
		e, err := notify.NewEmail(notify.SMTPConfig{Host: cfg.SMTPHost, Port: cfg.SMTPPort, Username: cfg.SMTPUser,
			Password: cfg.SMTPPassword, From: cfg.SMTPFrom, TLS: cfg.SMTPTLS})
		if err != nil {
			return fmt.Errorf("smtp: %w", err)
		}
		email = e
	}
	a.SetSenders(email, notify.NewRobotSender(nil, nil))
	return nil
}

// newRunner returns the runner of the app's background jobs.
func newRunner(a *app.App, log *slog.Logger) *jobs.Runner {
	var js []jobs.Job
	for _, s := range a.JobSpecs() {
		js = append(js, jobs.Job{Name: s.Name, Every: s.Every, Run: s.Run})
	}
	return jobs.New(js, a.RecordJob, log)
}

func cmdMigrate(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	cfg := config.Default()
	if _, err := parse("migrate", args, &cfg, getenv, nil); err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.DSN(), store.Options{Synchronous: cfg.Synchronous})
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "数据库结构已是最新（本次升级 %d 步）：%s\n", n, db)
	return nil
}

func cmdDemo(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	cfg := config.Default()
	if _, err := parse("demo", args, &cfg, getenv, nil); err != nil {
		return err
	}
	db, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	ds := demo.County()
	a := app.New(db, cfg, nil, nil)
	if err := a.LoadDemo(ctx, ds); err != nil {
		return err
	}
	if err := a.LoadDemoWork(ctx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已载入演示县：%s（%d 个单位，%d 人）。用 zhongshu serve --demo 启动，演示账号密码 %s。\n",
		ds.CountyName, len(ds.Units), len(ds.People), app.DemoPassword)
	return nil
}

func cmdAudit(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		return usageError{"usage: zhongshu audit verify [--data DIR | --db URL]"}
	}
	cfg := config.Default()
	if _, err := parse("audit verify", args[1:], &cfg, getenv, nil); err != nil {
		return err
	}
	db, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := audit.Verify(ctx, db)
	if err != nil {
		return err
	}
	if res.Problem != nil {
		return verifyError{fmt.Sprintf("审计日志校验失败：%v（此前 %d 条完好）", res.Problem, res.Entries)}
	}
	fmt.Fprintf(stdout, "审计日志校验通过：共 %d 条，哈希链完整。\n", res.Entries)
	return nil
}

func cmdUser(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 {
		return usageError{"usage: zhongshu user create|reset|unlock|token …"}
	}
	cfg := config.Default()
	var username, flagUser, name, unit, title, roles, tokenName string
	var days int
	rest := args[1:]
	// "user reset NAME --data DIR": the flag package stops at the first
	// non-flag, so take a leading login name first.
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		username, rest = rest[0], rest[1:]
	}
	fs, err := parse("user "+args[0], rest, &cfg, getenv, func(fs *flag.FlagSet) {
		fs.StringVar(&flagUser, "username", "", "登录名")
		fs.StringVar(&name, "name", "", "姓名（create）或令牌用途（token）")
		fs.StringVar(&unit, "unit", "", "任职单位全称或简称")
		fs.StringVar(&title, "title", "", "职务")
		fs.StringVar(&roles, "role", "", "角色代码，逗号分隔，如 clerk,registrar")
		fs.IntVar(&days, "days", 90, "令牌有效天数")
	})
	if err != nil {
		return err
	}
	if flagUser != "" {
		username = flagUser
	}
	if username == "" && fs.NArg() > 0 {
		username = fs.Arg(0)
	}
	tokenName = name
	db, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	a := app.New(db, cfg, nil, nil)
	sys := zhongshu.SystemActor()
	if username == "" {
		return usageError{"请指定用户名"}
	}
	switch args[0] {
	case "create":
		u := &zhongshu.User{Username: username, Name: name, Status: zhongshu.UserActive}
		for _, r := range strings.Split(roles, ",") {
			if r = strings.TrimSpace(r); r != "" {
				u.Roles = append(u.Roles, zhongshu.Role(r))
			}
		}
		if unit != "" {
			units, _, err := a.FindUnits(ctx, sys, zhongshu.UnitFilter{Query: unit})
			if err != nil {
				return err
			}
			var found *zhongshu.Unit
			for _, x := range units {
				if x.FullName == unit || x.ShortName == unit {
					found = x
				}
			}
			if found == nil {
				return fmt.Errorf("单位“%s”不存在", unit)
			}
			u.Posts = []zhongshu.Post{{UnitID: found.ID, Title: title, Primary: true}}
		}
		pw, err := a.CreateUser(ctx, sys, u)
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "已创建账号 %s（%s）。一次性密码：%s（首次登录须修改）\n", u.Username, u.Name, pw)
	case "reset":
		target, err := a.ActorFor(ctx, username)
		if err != nil {
			return describe(err)
		}
		pw, err := a.ResetPassword(ctx, sys, target.ID())
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "已重置 %s 的密码。一次性密码：%s（登录后须修改）\n", username, pw)
	case "unlock":
		target, err := a.ActorFor(ctx, username)
		if err != nil {
			return describe(err)
		}
		if err := a.Unlock(ctx, sys, target.ID()); err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "已解除 %s 的登录锁定。\n", username)
	case "token":
		target, err := a.ActorFor(ctx, username)
		if err != nil {
			return describe(err)
		}
		if tokenName == "" {
			tokenName = "命令行创建"
		}
		nt, err := a.CreateAPIToken(ctx, target, tokenName, days)
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "%s\n", nt.Token)
	default:
		return usageError{"usage: zhongshu user create|reset|unlock|token …"}
	}
	return nil
}

// describe spells out a domain error's field messages on the command line.
func describe(err error) error {
	fields := zhongshu.ErrorFields(err)
	if len(fields) == 0 {
		return errors.New(zhongshu.ErrorMessage(err))
	}
	var b strings.Builder
	b.WriteString(zhongshu.ErrorMessage(err))
	for k, v := range fields {
		fmt.Fprintf(&b, "\n  %s: %s", k, v)
	}
	return errors.New(b.String())
}
