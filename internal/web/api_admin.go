package web

// The JSON API of administration: batch import and the audit log.

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/audit"
	"github.com/zhongshu-oa/zhongshu/internal/orgimport"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// ---------------------------------------------------------------------------
// Import.

// importReportJSON is the outcome of an import.
type importReportJSON struct {
	Kind     orgimport.Kind    `json:"kind" doc:"导入类型"`
	DryRun   bool              `json:"dry_run" doc:"是否仅校验"`
	Imported bool              `json:"imported" doc:"是否已写入；有任何错误或仅校验时为 false"`
	Rows     int               `json:"rows" doc:"无错误的数据行数"`
	Errors   []importErrorJSON `json:"errors" doc:"逐行的问题，按行号排列；有问题时不导入任何行"`
}

// importErrorJSON is a problem in one cell (or, without a column, one row).
type importErrorJSON struct {
	Line    int    `json:"line" doc:"表格中的行号（表头为第1行）"`
	Column  string `json:"column" doc:"列名；涉及整行时为空"`
	Message string `json:"message" doc:"问题说明"`
}

// uploadedFile returns the multipart part named field, positioned to read.
func uploadedFile(r *http.Request, field string) (*multipart.Part, error) {
	missing := &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "请以 multipart/form-data 格式上传文件（字段名 " + field + "）。",
		Fields: map[string]string{field: "请选择要导入的文件"}}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, missing
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, missing
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, err
		}
		if err != nil {
			return nil, &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "上传内容不完整或格式有误，请重新上传。"}
		}
		if part.FormName() == field && part.FileName() != "" {
			return part, nil
		}
	}
}

func (s *Server) handleAPIImport(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	kind := orgimport.Kind(q.str("kind"))
	switch kind {
	case orgimport.KindUnits, orgimport.KindPeople:
	case "":
		q.p.Add("kind", "请指定导入类型：units 或 people")
	default:
		q.p.Add("kind", "导入类型须为 units 或 people")
	}
	dryRun := false
	if f := q.flag("dry_run"); f != nil {
		dryRun = *f
	}
	if err := q.err(); err != nil {
		return err
	}
	part, err := uploadedFile(r, "file")
	if err != nil {
		return err
	}
	res, err := s.app.Import(r.Context(), actor(r), kind, part.FileName(), part, dryRun)
	if err != nil {
		return err
	}
	rep := res.Report
	out := importReportJSON{Kind: kind, DryRun: dryRun, Imported: res.Imported, Rows: rep.Rows(), Errors: make([]importErrorJSON, 0, len(rep.Errors))}
	for _, e := range rep.Errors {
		out.Errors = append(out.Errors, importErrorJSON{Line: e.Line, Column: e.Column, Message: e.Message})
	}
	status := http.StatusOK
	if !rep.OK() {
		status = http.StatusUnprocessableEntity
	}
	writeJSON(w, status, out)
	return nil
}

// ---------------------------------------------------------------------------
// Audit.

// auditEntryJSON is one entry of the audit log.
type auditEntryJSON struct {
	Seq         int64     `json:"seq" doc:"序号"`
	At          time.Time `json:"at" doc:"时间"`
	ActorID     *int64    `json:"actor_id" doc:"操作人编号；系统或未知登录名为 null"`
	ActorName   string    `json:"actor_name" doc:"操作人"`
	ActorUnit   string    `json:"actor_unit" doc:"操作人单位"`
	Action      string    `json:"action" doc:"操作代码，如 login、unit.create"`
	ActionLabel string    `json:"action_label" doc:"操作的中文名称"`
	ObjectType  string    `json:"object_type" doc:"对象类型"`
	ObjectID    string    `json:"object_id" doc:"对象编号"`
	FromState   string    `json:"from_state" doc:"原状态"`
	ToState     string    `json:"to_state" doc:"新状态"`
	Success     bool      `json:"success" doc:"是否成功"`
	ClientIP    string    `json:"client_ip" doc:"客户端地址"`
	Detail      string    `json:"detail" doc:"说明"`
	PrevHash    string    `json:"prev_hash" doc:"上一条的哈希（SM3）"`
	Hash        string    `json:"hash" doc:"本条的哈希（SM3）"`
}

func auditEntryOut(e *zhongshu.AuditEntry) auditEntryJSON {
	return auditEntryJSON{
		Seq: e.Seq, At: apiTime(e.At), ActorID: optID(e.ActorID), ActorName: e.ActorName, ActorUnit: e.ActorUnit,
		Action: e.Action, ActionLabel: audit.ActionLabel(e.Action), ObjectType: e.ObjectType, ObjectID: e.ObjectID,
		FromState: e.FromState, ToState: e.ToState, Success: e.Success, ClientIP: e.ClientIP, Detail: e.Detail,
		PrevHash: e.PrevHash, Hash: e.Hash,
	}
}

func (s *Server) handleAPIAudit(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	pg := q.page()
	f := zhongshu.AuditFilter{
		ActorID: q.id("actor_id"), ActorName: q.str("actor_name"), Action: q.str("action"), ObjectType: q.str("object_type"),
		From: q.date("from"), To: q.date("to"), Success: q.flag("success"), Offset: pg.Offset, Limit: pg.Limit,
	}
	if !f.To.IsZero() {
		if !f.From.IsZero() && f.To.Before(f.From) {
			q.p.Add("to", "结束日期不能早于开始日期")
		}
		f.To = f.To.AddDate(0, 0, 1) // the whole day of "to"
	}
	if err := q.err(); err != nil {
		return err
	}
	es, total, err := s.app.FindAudit(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(es, auditEntryOut, total, pg))
	return nil
}

// auditVerifyJSON is the outcome of checking the hash chain.
type auditVerifyJSON struct {
	OK      bool              `json:"ok" doc:"哈希链是否完整"`
	Entries int64             `json:"entries" doc:"已校验的条数"`
	Problem *auditProblemJSON `json:"problem" doc:"发现的第一个问题；完整时为 null"`
}

type auditProblemJSON struct {
	Seq    int64  `json:"seq" doc:"被篡改或缺失的第一条的序号"`
	Reason string `json:"reason" doc:"问题说明"`
}

func (s *Server) handleAPIAuditVerify(w http.ResponseWriter, r *http.Request) error {
	res, err := s.app.VerifyAudit(r.Context(), actor(r))
	if err != nil {
		return err
	}
	out := auditVerifyJSON{OK: res.Problem == nil, Entries: res.Entries}
	if res.Problem != nil {
		out.Problem = &auditProblemJSON{Seq: res.Problem.Seq, Reason: res.Problem.Reason}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
