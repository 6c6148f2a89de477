package app

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/zhongshu-oa/zhongshu/internal/audit"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// FindAudit lists audit entries for the audit administrator.
func (a *App) FindAudit(ctx context.Context, actor *zhongshu.Actor, f zhongshu.AuditFilter) ([]*zhongshu.AuditEntry, int, error) {
	if err := actor.Require(zhongshu.PermAuditRead); err != nil {
		return nil, 0, err
	}
	f.Limit = zhongshu.PageLimit(f.Limit)
	var es []*zhongshu.AuditEntry
	var total int
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		es, total, err = tx.FindAuditEntries(ctx, f)
		return err
	})
	return es, total, err
}

// MaxAuditExport bounds one export; narrow the filter for more.
const MaxAuditExport = 100000

// ExportAudit writes the entries matching f as an .xlsx workbook to w. The
// export itself is audited.
func (a *App) ExportAudit(ctx context.Context, actor *zhongshu.Actor, f zhongshu.AuditFilter, w io.Writer) error {
	if err := a.require(ctx, actor, zhongshu.PermAuditRead, "audit.export"); err != nil {
		return err
	}
	f.Offset, f.Limit = 0, MaxAuditExport
	var es []*zhongshu.AuditEntry
	err := a.db.Transact(ctx, func(tx *store.Tx) (err error) {
		if es, _, err = tx.FindAuditEntries(ctx, f); err != nil {
			return err
		}
		return a.record(ctx, tx, actor, event{action: "audit.export", objectType: "audit", detail: fmt.Sprintf("导出审计日志 %d 条", len(es))})
	})
	if err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "审计日志"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("app.ExportAudit: %w", err)
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("app.ExportAudit: %w", err)
	}
	_ = sw.SetColWidth(2, 2, 20)
	_ = sw.SetColWidth(11, 11, 40)
	header := []any{"序号", "时间", "操作人", "单位", "操作", "对象", "原状态", "新状态", "结果", "客户端地址", "说明", "哈希(SM3)"}
	if err := sw.SetRow("A1", header); err != nil {
		return fmt.Errorf("app.ExportAudit: %w", err)
	}
	for i, e := range es {
		result := "成功"
		if !e.Success {
			result = "失败"
		}
		obj := audit.ObjectLabel(e.ObjectType)
		if e.ObjectID != "" {
			obj += " #" + e.ObjectID
		}
		row := []any{e.Seq, e.At.In(chinaTime).Format("2006-01-02 15:04:05"), e.ActorName, e.ActorUnit, audit.ActionLabel(e.Action),
			obj, audit.StateLabel(e.FromState), audit.StateLabel(e.ToState), result, e.ClientIP, e.Detail, e.Hash}
		if err := sw.SetRow("A"+strconv.Itoa(i+2), row); err != nil {
			return fmt.Errorf("app.ExportAudit: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("app.ExportAudit: %w", err)
	}
	if _, err := x.WriteTo(w); err != nil {
		return fmt.Errorf("app.ExportAudit: %w", err)
	}
	return nil
}

// VerifyAudit checks the whole audit chain and records that it was checked.
func (a *App) VerifyAudit(ctx context.Context, actor *zhongshu.Actor) (audit.Result, error) {
	if err := a.require(ctx, actor, zhongshu.PermAuditRead, "audit.verify"); err != nil {
		return audit.Result{}, err
	}
	res, err := audit.Verify(ctx, a.db)
	if err != nil {
		return res, err
	}
	detail := fmt.Sprintf("校验通过，共 %d 条", res.Entries)
	if res.Problem != nil {
		detail = "校验失败：" + res.Problem.Error()
	}
	err = a.db.Transact(ctx, func(tx *store.Tx) error {
		return a.record(ctx, tx, actor, event{action: "audit.verify", objectType: "audit", failed: res.Problem != nil, detail: detail})
	})
	return res, err
}

// NoteExport records in the audit log that the actor exported data (等保:
// every export is an audited event).
func (a *App) NoteExport(ctx context.Context, actor *zhongshu.Actor, what string, n int) error {
	return a.db.Transact(ctx, func(tx *store.Tx) error {
		return a.record(ctx, tx, actor, event{action: "data.export", objectType: what, detail: fmt.Sprintf("导出%s %d 条", what, n)})
	})
}

// NoteJobRun records that an administrator ran a background job by hand.
func (a *App) NoteJobRun(ctx context.Context, actor *zhongshu.Actor, name, detail string, failed bool) error {
	return a.db.Transact(ctx, func(tx *store.Tx) error {
		return a.record(ctx, tx, actor, event{action: "job.run", objectType: "job", objectID: name, failed: failed, detail: detail})
	})
}
