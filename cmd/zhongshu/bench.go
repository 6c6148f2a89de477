package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/bench"
	"github.com/zhongshu-oa/zhongshu/internal/config"
	"github.com/zhongshu-oa/zhongshu/internal/store"
)

const benchUsage = `usage:
  zhongshu bench gen [--data DIR | --db URL] [--users 5000] [--units 300] [--docs 800000] [--items 200000]
                     [--years 5] [--seed 1] [--audit-every 10] [--tokens FILE] [--force]
  zhongshu bench run --url http://127.0.0.1:8080 [--tokens FILE] [--users 32] [--duration 30s | --count N]
                     [--op NAME …] [--json]`

// cmdBench runs `zhongshu bench gen` and `zhongshu bench run`.
func cmdBench(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{benchUsage}
	}
	switch args[0] {
	case "gen":
		return cmdBenchGen(ctx, args[1:], getenv, stdout)
	case "run":
		return cmdBenchRun(ctx, args[1:], stdout, stderr)
	}
	return usageError{benchUsage}
}

func cmdBenchGen(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	cfg := config.Default()
	opts := bench.GenOptions{Users: 5000, Units: 300, Docs: 800_000, Items: 200_000, Years: 5, Seed: 1, AuditEvery: 10}
	var tokens string
	var force bool
	_, err := parse("bench gen", args, &cfg, getenv, func(fs *flag.FlagSet) {
		fs.IntVar(&opts.Users, "users", opts.Users, "人员数")
		fs.IntVar(&opts.Units, "units", opts.Units, "单位数（含来文的上级机关）")
		fs.IntVar(&opts.Docs, "docs", opts.Docs, "收文件数")
		fs.IntVar(&opts.Items, "items", opts.Items, "督办事项数")
		fs.IntVar(&opts.Years, "years", opts.Years, "分布在最近几年")
		fs.Uint64Var(&opts.Seed, "seed", opts.Seed, "随机种子（同一种子生成同样的内容）")
		fs.IntVar(&opts.AuditEvery, "audit-every", opts.AuditEvery, "每 N 件收文或督办事项写入其全部审计记录")
		fs.IntVar(&opts.Batch, "batch", 5000, "每个事务写入的件数")
		fs.StringVar(&tokens, "tokens", "", "接口令牌文件（默认 数据目录/bench-tokens.json）")
		fs.BoolVar(&force, "force", false, "数据库非空时仍然生成")
	})
	if err != nil {
		return err
	}
	if err := opts.Validate(); err != nil {
		return usageError{"bench gen: " + err.Error()}
	}
	if tokens == "" {
		if cfg.DB != "" {
			tokens = "bench-tokens.json"
		} else {
			tokens = filepath.Join(cfg.DataDir, "bench-tokens.json")
		}
	}
	clock := &bench.Clock{}
	db, err := store.Open(ctx, cfg.DSN(), store.Options{Synchronous: cfg.Synchronous, Clock: clock})
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	a := app.New(db, cfg, nil, slog.New(slog.DiscardHandler))
	empty, err := a.IsEmpty(ctx)
	if err != nil {
		return err
	}
	if !empty && !force {
		return fmt.Errorf("数据库不是空的（%s）：基准数据只生成到空库中；确需追加请加 --force", db)
	}
	fmt.Fprintf(stdout, "生成基准县：%d 个单位，%d 人，%d 件收文，%d 件督办事项，分布在最近 %d 年（种子 %d）→ %s\n",
		opts.Units, opts.Users, opts.Docs, opts.Items, opts.Years, opts.Seed, db)
	res, err := bench.Generate(ctx, db, a, clock, opts, stdout)
	if err != nil {
		return err
	}
	if err := bench.WriteTokenFile(tokens, res.Tokens); err != nil {
		return err
	}
	rows := res.Docs + res.Items
	fmt.Fprintf(stdout, "完成：%d 件收文和督办事项（%d 条办理过程，%d 条待办，%d 条审计记录，%d 条检索索引），用时 %s，%.0f 件/秒。\n",
		rows, res.Events, res.WorkItems, res.AuditEntries, res.SearchDocs, res.Took.Round(time.Second),
		float64(rows)/res.Took.Seconds())
	fmt.Fprintf(stdout, "所有生成账号的统一密码（仅用于基准数据）：%s\n", res.Password)
	fmt.Fprintf(stdout, "%d 个接口令牌已写入 %s（供 zhongshu bench run 使用）。\n", len(res.Tokens.Users), tokens)
	if cfg.DB == "" {
		fmt.Fprintf(stdout, "数据库文件：%s（%s）\n", cfg.DSN(), fileSize(cfg.DSN()))
	}
	return nil
}

// fileSize is the size of a file and its -wal, for the report.
func fileSize(path string) string {
	var n int64
	for _, p := range []string{path, path + "-wal"} {
		if st, err := os.Stat(p); err == nil {
			n += st.Size()
		}
	}
	return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
}

func cmdBenchRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	opts := bench.RunOptions{}
	var ops string
	fs := flag.NewFlagSet("bench run", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&opts.URL, "url", "http://127.0.0.1:8080", "服务地址（仅限本机回环地址）")
	fs.StringVar(&opts.TokensFile, "tokens", "zhongshu-data/bench-tokens.json", "bench gen 写出的令牌文件")
	fs.IntVar(&opts.Users, "users", 32, "并发模拟用户数（≤256）")
	fs.DurationVar(&opts.Duration, "duration", 0, "持续时间（≤10m；与 --count 二选一，默认 30s）")
	fs.IntVar(&opts.Count, "count", 0, "每项操作的总次数")
	fs.Func("op", "操作（可重复；默认混合）："+strings.Join(bench.OpNames(), ", "), func(s string) error {
		ops += s + ","
		return nil
	})
	fs.BoolVar(&opts.JSON, "json", false, "输出 JSON")
	fs.Uint64Var(&opts.Seed, "seed", 1, "随机种子")
	if err := fs.Parse(args); err != nil {
		return usageError{fmt.Sprintf("bench run: %v\n\n%s", err, benchUsage)}
	}
	for _, o := range strings.Split(ops, ",") {
		if o = strings.TrimSpace(o); o != "" {
			opts.Ops = append(opts.Ops, o)
		}
	}
	if err := opts.Validate(); err != nil {
		return usageError{"bench run: " + err.Error()}
	}
	rep, err := bench.Run(ctx, opts, stderr)
	if err != nil {
		return err
	}
	if opts.JSON {
		return rep.WriteJSON(stdout)
	}
	rep.WriteTable(stdout)
	return nil
}
