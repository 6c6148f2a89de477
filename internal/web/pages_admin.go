package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/audit"
	"github.com/zhongshu-oa/zhongshu/internal/orgimport"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// importPage uploads a units or people file and shows the report.
type importPage struct {
	BasePage
	Kind     string
	Result   *app.ImportResult
	Filename string
	DryRun   bool
	Error    string
}

func importKind(s string) orgimport.Kind {
	if s == string(orgimport.KindPeople) {
		return orgimport.KindPeople
	}
	return orgimport.KindUnits
}

func (s *Server) handleImportPage(w http.ResponseWriter, r *http.Request) error {
	p := &importPage{BasePage: s.base(w, r, "批量导入"), Kind: string(importKind(r.URL.Query().Get("kind"))), DryRun: true}
	return s.pages.render(w, http.StatusOK, "import", "layout", p)
}

func (s *Server) handleImport(w http.ResponseWriter, r *http.Request) error {
	p := &importPage{BasePage: s.base(w, r, "批量导入")}
	if err := r.ParseMultipartForm(16 << 20); err != nil {
		if err = normalize(err); err == errTooLarge {
			return err
		}
		p.Kind = string(importKind(r.URL.Query().Get("kind")))
		p.Error = "请选择要导入的 .xlsx 或 .csv 文件后再上传。"
		return s.pages.render(w, http.StatusBadRequest, "import", "layout", p)
	}
	p.Kind = string(importKind(r.PostFormValue("kind")))
	p.DryRun = r.PostFormValue("dry_run") == "1"
	f, hdr, err := r.FormFile("file")
	if err != nil {
		p.Error = "请选择要导入的 .xlsx 或 .csv 文件。"
		return s.pages.render(w, http.StatusBadRequest, "import", "layout", p)
	}
	defer f.Close()
	p.Filename = hdr.Filename
	res, err := s.app.Import(r.Context(), actor(r), importKind(p.Kind), hdr.Filename, f, p.DryRun)
	if err != nil {
		msg, _, ok := formErrors(err)
		if !ok {
			if zhongshu.ErrorCode(err) != zhongshu.CodeForbidden {
				return err
			}
			msg = zhongshu.ErrorMessage(err)
		}
		p.Error = msg
		return s.pages.render(w, http.StatusBadRequest, "import", "layout", p)
	}
	p.Result = res
	status := http.StatusOK
	if !res.Report.OK() {
		status = http.StatusUnprocessableEntity
	}
	return s.pages.render(w, status, "import", "layout", p)
}

func (s *Server) handleImportTemplate(w http.ResponseWriter, r *http.Request) error {
	kind := importKind(r.URL.Query().Get("kind"))
	var buf bytes.Buffer
	if err := orgimport.Template(kind, &buf); err != nil {
		return err
	}
	name := "单位导入模板.xlsx"
	if kind == orgimport.KindPeople {
		name = "人员导入模板.xlsx"
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	_, err := buf.WriteTo(w)
	return err
}

// auditPage is the audit log with filters, for the audit administrator.
type auditPage struct {
	BasePage
	Entries   []*zhongshu.AuditEntry
	Pager     Pager
	Actions   []string
	Action    string
	Actor     string
	From, To  string
	Result    string
	ExportURL string // the export link with the current filter
	Verified  *audit.Result
}

const auditPageSize = 50

// auditFilter reads the audit filters from the query string.
func (s *Server) auditFilter(r *http.Request) (zhongshu.AuditFilter, *auditPage, error) {
	q := r.URL.Query()
	p := &auditPage{Action: q.Get("action"), Actor: strings.TrimSpace(q.Get("actor")), From: q.Get("from"), To: q.Get("to"), Result: q.Get("result")}
	f := zhongshu.AuditFilter{Action: p.Action}
	var probs zhongshu.Problems
	f.ActorName = p.Actor
	if p.From != "" {
		t, err := time.ParseInLocation("2006-01-02", p.From, chinaTime)
		if err != nil {
			probs.Add("from", "开始日期格式应为 2026-01-31")
		}
		f.From = t
	}
	if p.To != "" {
		t, err := time.ParseInLocation("2006-01-02", p.To, chinaTime)
		if err != nil {
			probs.Add("to", "结束日期格式应为 2026-01-31")
		}
		f.To = t.AddDate(0, 0, 1)
	}
	switch p.Result {
	case "ok":
		b := true
		f.Success = &b
	case "failed":
		b := false
		f.Success = &b
	case "":
	default:
		probs.Add("result", "结果选择不正确")
	}
	qs := url.Values{}
	for k, v := range map[string]string{"action": p.Action, "actor": p.Actor, "from": p.From, "to": p.To, "result": p.Result} {
		if v != "" {
			qs.Set(k, v)
		}
	}
	p.ExportURL = "/admin/audit/export"
	if len(qs) > 0 {
		p.ExportURL += "?" + qs.Encode()
	}
	return f, p, probs.Err()
}

func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) error {
	f, p, err := s.auditFilter(r)
	if err != nil {
		return err
	}
	p.BasePage = s.base(w, r, "审计日志")
	p.Actions = audit.Actions()
	pg, n := pageParams(r, auditPageSize)
	f.Offset, f.Limit = pg.Offset, pg.Limit
	entries, total, err := s.app.FindAudit(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	p.Entries, p.Pager = entries, newPager(r, total, n, auditPageSize)
	return s.pages.render(w, http.StatusOK, "audit", "layout", p)
}

func (s *Server) handleAuditExport(w http.ResponseWriter, r *http.Request) error {
	f, _, err := s.auditFilter(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := s.app.ExportAudit(r.Context(), actor(r), f, &buf); err != nil {
		return err
	}
	name := "审计日志-" + s.clock.Now().In(chinaTime).Format("20060102-1504") + ".xlsx"
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	_, err = buf.WriteTo(w)
	return err
}

func (s *Server) handleAuditVerify(w http.ResponseWriter, r *http.Request) error {
	res, err := s.app.VerifyAudit(r.Context(), actor(r))
	if err != nil {
		return err
	}
	if res.Problem != nil {
		setFlash(w, "审计日志校验未通过："+res.Problem.Error(), true)
	} else {
		setFlash(w, "审计日志校验通过：共 "+comma(int(res.Entries))+" 条，哈希链完整。", false)
	}
	http.Redirect(w, r, "/admin/audit", http.StatusSeeOther)
	return nil
}
