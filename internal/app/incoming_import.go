package app

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/orgimport"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/incoming"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// EventImport names the timeline event of a document registered by a bulk
// import.
const EventImport = "import"

// MaxIncomingExport bounds one export of the 收文 list.
const MaxIncomingExport = 10000

// MayRegisterIncoming reports whether the actor registers 收文, by hand or
// by import: the 文电科 (文书) only.
func MayRegisterIncoming(actor *zhongshu.Actor) bool {
	return actor.User.HasRole(zhongshu.RoleRegistrar)
}

// IncomingImportReport is the outcome of a 收文 import. When Problems is
// not empty nothing was imported; otherwise Docs holds the registered
// documents in file order.
type IncomingImportReport struct {
	Filename string
	Lines    int                     // data rows in the file
	Problems []orgimport.RowError    // by line; any one stops the import
	Warnings []orgimport.RowError    // corrections and likely duplicates, by line
	Docs     []*zhongshu.IncomingDoc // registered, with their 收文号
}

// OK reports whether the file was imported.
func (r *IncomingImportReport) OK() bool { return len(r.Problems) == 0 }

// Imported is the number of documents registered.
func (r *IncomingImportReport) Imported() int { return len(r.Docs) }

// FirstNumber and LastNumber are the 收文号 of the first and last
// documents imported ("" when none).
func (r *IncomingImportReport) FirstNumber() string {
	if len(r.Docs) == 0 {
		return ""
	}
	return r.Docs[0].Number
}

// LastNumber: see FirstNumber.
func (r *IncomingImportReport) LastNumber() string {
	if len(r.Docs) == 0 {
		return ""
	}
	return r.Docs[len(r.Docs)-1].Number
}

// ImportIncoming registers every row of a 收文登记簿 (.xlsx or .csv, at
// most MaxImportRows rows): all or nothing. Only the 文书 imports; others
// are refused and the refusal audited. When any row has a problem — a 涉密
// document, a missing 标题, an unknown 拟办人 … — nothing is imported and
// the report lists every problem. Otherwise, in one transaction, each row
// becomes what RegisterIncoming would make of it: REGISTERED with the next
// 收文号 (consecutive in file order within a year), its timeline event
// (EventImport) and the 待办 of its 拟办人 or the 文书; one audit entry
// records the import. The error is for a file that cannot be used at all
// (CodeInvalid) or a failure.
func (a *App) ImportIncoming(ctx context.Context, actor *zhongshu.Actor, filename string, r io.Reader) (*IncomingImportReport, error) {
	if !MayRegisterIncoming(actor) {
		return nil, a.deny(ctx, actor, "incoming.import", zhongshu.Errorf(zhongshu.CodeForbidden, "收文由文电科文书签收登记，批量导入也由文书进行。"))
	}
	if strings.TrimSpace(filename) == "" || r == nil {
		return nil, zhongshu.Errorf(zhongshu.CodeInvalid, "请选择要导入的 .xlsx 或 .csv 文件。")
	}
	ex := orgimport.IncomingExisting{Now: a.clock.Now()}
	err := a.db.View(ctx, func(tx *store.Tx) error {
		active := zhongshu.UserActive
		users, _, err := tx.FindUsers(ctx, zhongshu.UserFilter{Status: &active})
		for _, u := range users {
			ex.People = append(ex.People, orgimport.Account{ID: u.ID, Username: u.Username, Name: u.Name})
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	// The file is read before the transaction: a large sheet takes a
	// while and the database need not wait for it.
	parsed, err := orgimport.ParseIncoming(filename, r, ex, MaxImportRows)
	if err != nil {
		return nil, err
	}
	if parsed.Lines == 0 {
		return nil, zhongshu.Errorf(zhongshu.CodeInvalid, "文件中没有收文数据，请在表头下方逐行填写后重新上传。")
	}
	rep := &IncomingImportReport{Filename: filename, Lines: parsed.Lines, Problems: parsed.Errors}
	if !parsed.OK() {
		a.denyClassified(ctx, actor, rep)
		return rep, nil
	}
	var (
		docs     []*zhongshu.IncomingDoc
		problems []orgimport.RowError
		warnings []orgimport.RowError
	)
	err = a.db.Transact(ctx, func(tx *store.Tx) error {
		docs, problems, warnings = nil, nil, append([]orgimport.RowError(nil), parsed.Warnings...)
		now := a.clock.Now()
		// Every row is checked against the database before any is saved,
		// so that the report lists every problem.
		for _, row := range parsed.Rows {
			d := row.Doc
			if _, err := newIncoming(&d, now); err != nil {
				problems = append(problems, rowProblems(row.Line, err)...)
				continue
			}
			if err := a.checkIncomingRefs(ctx, tx, &d); err != nil {
				if zhongshu.ErrorCode(err) != zhongshu.CodeInvalid {
					return err
				}
				problems = append(problems, rowProblems(row.Line, err)...)
				continue
			}
			docs = append(docs, &d)
		}
		if len(problems) > 0 {
			return nil // nothing written
		}
		for i, d := range docs {
			line := parsed.Rows[i].Line
			note := fmt.Sprintf("批量导入（%s 第%d行）。", filename, line)
			dup, err := a.registerIncoming(ctx, tx, actor, d, incoming.Register, EventImport, note)
			if err != nil {
				return fmt.Errorf("第 %d 行：%w", line, err)
			}
			for _, w := range dup {
				warnings = append(warnings, orgimport.RowError{Line: line, Column: orgimport.IncomingSenderNumberColumn, Message: w})
			}
		}
		return a.record(ctx, tx, actor, event{action: "incoming.import", objectType: "incoming", to: string(zhongshu.IncomingRegistered),
			detail: fmt.Sprintf("批量导入收文：%s，共 %d 件，收文号 %s 至 %s", filename, len(docs), docs[0].Number, docs[len(docs)-1].Number)})
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(warnings, func(i, j int) bool { return warnings[i].Line < warnings[j].Line })
	rep.Warnings = warnings
	if len(problems) > 0 {
		rep.Problems = problems
		return rep, nil
	}
	rep.Docs = docs
	return rep, nil
}

// rowProblems turns a registration error into row errors; one without
// fields concerns the whole row.
func rowProblems(line int, err error) []orgimport.RowError {
	if len(zhongshu.ErrorFields(err)) == 0 {
		return []orgimport.RowError{{Line: line, Message: zhongshu.ErrorMessage(err)}}
	}
	return orgimport.IncomingProblems(line, err)
}

// denyClassified audits an import refused because it holds 涉密 rows: an
// attempt to bring classified matter into the system is a security event
// (DOMAIN.md §10.4), like a refused registration.
func (a *App) denyClassified(ctx context.Context, actor *zhongshu.Actor, rep *IncomingImportReport) {
	var lines []string
	for _, p := range rep.Problems {
		if p.Message == zhongshu.ClassifiedMessage {
			lines = append(lines, strconv.Itoa(p.Line))
		}
	}
	if len(lines) == 0 {
		return
	}
	_ = a.deny(ctx, actor, "incoming.import", zhongshu.Errorf(zhongshu.CodeForbidden,
		"批量导入收文被拒绝：%s 第%s行为涉密公文。%s", rep.Filename, strings.Join(lines, "、"), zhongshu.ClassifiedMessage))
}

// IncomingImportTemplate returns the .xlsx template of a 收文 import.
func IncomingImportTemplate() ([]byte, error) {
	var buf bytes.Buffer
	if err := orgimport.IncomingTemplate(&buf, MaxImportRows); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ExportIncoming writes the documents matching f that the actor may see —
// the list page's filter and scope, newest first, at most
// MaxIncomingExport — to w as an .xlsx 收文登记簿, audits the export and
// returns the number of rows.
func (a *App) ExportIncoming(ctx context.Context, actor *zhongshu.Actor, f store.IncomingFilter, w io.Writer) (int, error) {
	var docs []*zhongshu.IncomingDoc
	for len(docs) < MaxIncomingExport {
		l, err := a.FindIncomingDocs(ctx, actor, f, Page{Offset: len(docs), Limit: zhongshu.MaxPageSize})
		if err != nil {
			return 0, err
		}
		docs = append(docs, l.Docs...)
		if len(l.Docs) < zhongshu.MaxPageSize {
			break
		}
	}
	docs = docs[:min(len(docs), MaxIncomingExport)]
	units, people := map[int64]string{}, map[int64]string{}
	err := a.db.View(ctx, func(tx *store.Tx) error {
		us, _, err := tx.FindUnits(ctx, zhongshu.UnitFilter{})
		if err != nil {
			return err
		}
		for _, u := range us {
			units[u.ID] = u.Name()
		}
		for _, d := range docs {
			if _, ok := people[d.ProposerID]; d.ProposerID == 0 || ok {
				continue
			}
			u, err := tx.FindUserByID(ctx, d.ProposerID)
			if err != nil {
				return err
			}
			people[u.ID] = u.Name
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	var buf bytes.Buffer
	if err := writeIncomingXLSX(&buf, docs, units, people); err != nil {
		return 0, err
	}
	if err := a.NoteExport(ctx, actor, "收文登记簿", len(docs)); err != nil {
		return 0, err
	}
	if _, err := buf.WriteTo(w); err != nil {
		return 0, fmt.Errorf("app.ExportIncoming: %w", err)
	}
	return len(docs), nil
}

// incomingExportColumns are the export's headers and widths.
var incomingExportColumns = []registerColumn{
	{"收文号", 16}, {"收文日期", 12}, {"来文机关", 24}, {"来文字号", 22}, {"文种", 8}, {"标题", 44}, {"紧急程度", 10},
	{"阅/办", 8}, {"状态", 10}, {"拟办人", 10}, {"主办单位", 20}, {"协办单位", 28}, {"办理时限", 12}, {"办结日期", 12},
	{"归档号", 16},
}

func writeIncomingXLSX(buf *bytes.Buffer, docs []*zhongshu.IncomingDoc, units, people map[int64]string) error {
	rows := make([][]any, len(docs))
	for i, d := range docs {
		var lead string
		var co []string
		if !d.AssignedAt.IsZero() {
			for _, as := range d.Assignments {
				if as.Role == zhongshu.AssignmentLead {
					lead = units[as.UnitID]
				} else {
					co = append(co, units[as.UnitID])
				}
			}
		}
		urgency := d.Urgency.Label()
		if urgency == "" {
			urgency = "平件"
		}
		due := d.DueAt
		if !due.IsZero() {
			due = due.Add(-time.Nanosecond) // an end-of-day deadline shows as that day
		}
		rows[i] = []any{d.Number, d.ReceivedAt, d.SenderName, d.SenderNumber, d.Kind.Label(), d.Title, urgency,
			d.Handling.Label(), d.Status.Label(), people[d.ProposerID], lead, strings.Join(co, "、"), due,
			d.CompletedAt, d.ArchiveNumber}
	}
	return writeRegister(buf, "收文登记簿", incomingExportColumns, rows)
}
