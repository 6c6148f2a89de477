// Command zhongshu runs the Zhongshu platform of a county government office
// and its operations: serve, migrate, demo, user, audit.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "zhongshu:", err)
		os.Exit(exitCode(err))
	}
}

const usage = `中枢 Zhongshu — 县政府办公室政务协同办公平台

用法:
  zhongshu serve [--demo] [--addr 127.0.0.1:8080] [--data DIR | --db postgres://…]
                                        启动服务（首次启动自动建库；--demo 载入演示县）
  zhongshu migrate                      升级数据库结构
  zhongshu demo                         向空数据库载入演示县
  zhongshu user create --username U --name 姓名 [--unit 单位] [--title 职务] [--role 角色,…]
  zhongshu user reset USERNAME          重置密码（打印一次性密码）
  zhongshu user unlock USERNAME         解除登录锁定
  zhongshu user token USERNAME --name 用途 [--days 90]
                                        为用户生成接口令牌（打印一次）
  zhongshu audit verify                 校验审计日志哈希链（被篡改时以非零状态退出）
  zhongshu calendar due --from 2026-02-12 --workdays 5
                                        计算期限（N个工作日；或 --months/--days 按日历，遇节假日顺延）
  zhongshu calendar workday 2026-02-14  查询某日是否工作日及原因
  zhongshu calendar load FILE           载入某年节假日安排（格式见 README）
  zhongshu run-job NAME                 立即运行一次后台任务（deadlines.sweep、outbox.fanout、
                                        deliveries.send、digest.daily、incoming.readers、outgoing.receipts、sessions.cleanup）
  zhongshu search reindex               由各模块的记录重建检索索引
  zhongshu doc verify FILE.pdf [--sig FILE.sig] [--pubkey KEY.pem]
                                        验证发文版式文件及其签发记录的 SM2 签名
  zhongshu bench gen|run                生成基准测试县（--docs、--items …）；对运行中的服务施加负载并报告延迟

每个命令都接受 --data DIR 或 --db postgres://…（亦可用环境变量 ZHONGSHU_DATA、ZHONGSHU_DB）。
`

// run is the whole program, with its environment passed in so that tests
// can call it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage)
		return nil
	}
	switch args[0] {
	case "serve":
		return cmdServe(ctx, args[1:], getenv, stdout, stderr)
	case "migrate":
		return cmdMigrate(ctx, args[1:], getenv, stdout)
	case "demo":
		return cmdDemo(ctx, args[1:], getenv, stdout)
	case "user":
		return cmdUser(ctx, args[1:], getenv, stdout)
	case "audit":
		return cmdAudit(ctx, args[1:], getenv, stdout)
	case "calendar":
		return cmdCalendar(ctx, args[1:], getenv, stdout)
	case "run-job":
		return cmdRunJob(ctx, args[1:], getenv, stdout, stderr)
	case "search":
		return cmdSearch(ctx, args[1:], getenv, stdout)
	case "bench":
		return cmdBench(ctx, args[1:], getenv, stdout, stderr)
	case "doc":
		return cmdDoc(ctx, args[1:], getenv, stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return usageError{fmt.Sprintf("unknown command %q\n\n%s", args[0], usage)}
}

// usageError is a mistake on the command line (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// verifyError is a broken audit chain (exit status 3).
type verifyError struct{ msg string }

func (e verifyError) Error() string { return e.msg }

func exitCode(err error) int {
	switch err.(type) {
	case usageError:
		return 2
	case verifyError:
		return 3
	}
	return 1
}
