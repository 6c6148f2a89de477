package app

import (
	"context"
	"fmt"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/store"
)

// JobSpec is one of the app's periodic tasks, for the job runner.
type JobSpec struct {
	Name  string
	Every time.Duration
	Run   func(ctx context.Context) (string, error)
}

// JobSpecs lists the background work of a running Zhongshu. Every job is
// idempotent and keeps its state in the database.
func (a *App) JobSpecs() []JobSpec {
	return []JobSpec{
		{"deadlines.sweep", 15 * time.Second, func(ctx context.Context) (string, error) {
			n, err := a.SweepDeadlines(ctx)
			return fmt.Sprintf("检查 %d 项", n), err
		}},
		{"outbox.fanout", 5 * time.Second, func(ctx context.Context) (string, error) {
			n, err := a.FanOut(ctx)
			return fmt.Sprintf("分发 %d 条通知", n), err
		}},
		{"deliveries.send", 5 * time.Second, func(ctx context.Context) (string, error) {
			sent, failed, err := a.SendDeliveries(ctx)
			return fmt.Sprintf("发送成功 %d，最终失败 %d", sent, failed), err
		}},
		{"digest.daily", time.Minute, func(ctx context.Context) (string, error) {
			n, err := a.SendDigests(ctx)
			return fmt.Sprintf("发出每日汇总 %d 份", n), err
		}},
		{"incoming.readers", 10 * time.Minute, func(ctx context.Context) (string, error) {
			n, err := a.CheckIncomingReaders(ctx)
			return fmt.Sprintf("新增漏传 %d 人次", n), err
		}},
		{"outgoing.receipts", 10 * time.Minute, func(ctx context.Context) (string, error) {
			n, err := a.CheckOutgoingReceipts(ctx)
			return fmt.Sprintf("新增未签收 %d 件", n), err
		}},
		{"attachments.extract", 15 * time.Second, func(ctx context.Context) (string, error) {
			n, err := a.ExtractAttachmentTexts(ctx, 20)
			return fmt.Sprintf("提取附件文字 %d 个", n), err
		}},
		{"db.optimize", 24 * time.Hour, func(ctx context.Context) (string, error) {
			return "更新查询统计信息", a.db.Optimize(ctx)
		}},
		{"sessions.cleanup", 10 * time.Minute, func(ctx context.Context) (string, error) {
			n, err := a.CleanupSessions(ctx)
			return fmt.Sprintf("清理会话 %d 个", n), err
		}},
	}
}

// RecordJob stores the outcome of a job run for the admin page.
func (a *App) RecordJob(ctx context.Context, name string, started time.Time, ok bool, detail string) error {
	return a.db.Transact(ctx, func(tx *store.Tx) error { return tx.RecordJob(ctx, name, started, ok, detail) })
}
