package web

// 收文 bulk import of a 收文登记簿 (.xlsx/.csv) and export of the filtered
// list to .xlsx. The list page (pages_incoming.go) links to the export
// with its own query string, read here by readIncomingListQuery.

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

const incomingXLSXType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

var errNotImporter = zhongshu.Errorf(zhongshu.CodeForbidden, "批量导入收文由文电科文书进行。")

// incomingImportPage uploads a register and shows the report.
type incomingImportPage struct {
	BasePage
	Warning  string // the non-classified warning (DOMAIN.md §10.4)
	MaxRows  int
	Filename string
	Error    string
	Report   *app.IncomingImportReport
}

func (s *Server) incomingImportPage(w http.ResponseWriter, r *http.Request) *incomingImportPage {
	return &incomingImportPage{BasePage: s.base(w, r, "批量导入收文"), Warning: zhongshu.NonClassifiedWarning,
		MaxRows: app.MaxImportRows}
}

func (s *Server) handleIncomingImportPage(w http.ResponseWriter, r *http.Request) error {
	if !app.MayRegisterIncoming(actor(r)) {
		return errNotImporter
	}
	return s.pages.render(w, http.StatusOK, "incoming_import", "layout", s.incomingImportPage(w, r))
}

// handleIncomingImport imports the uploaded register. The app decides who
// may (others get 403, audited); a request without a file is 400, a file
// with bad rows 422 with the report, and a good one 200 with the 收文号.
func (s *Server) handleIncomingImport(w http.ResponseWriter, r *http.Request) error {
	var (
		name string
		file io.Reader
	)
	if err := r.ParseMultipartForm(16 << 20); err != nil {
		if err = normalize(err); err == errTooLarge {
			return err
		}
	} else if f, hdr, err := r.FormFile("file"); err == nil {
		defer f.Close()
		name, file = hdr.Filename, f
	}
	rep, err := s.app.ImportIncoming(r.Context(), actor(r), name, file)
	p := s.incomingImportPage(w, r)
	p.Filename = name
	if err != nil {
		if zhongshu.ErrorCode(err) != zhongshu.CodeInvalid {
			return err
		}
		p.Error = zhongshu.ErrorMessage(err)
		return s.pages.render(w, http.StatusBadRequest, "incoming_import", "layout", p)
	}
	p.Report = rep
	status := http.StatusOK
	if !rep.OK() {
		status = http.StatusUnprocessableEntity
	}
	return s.pages.render(w, status, "incoming_import", "layout", p)
}

func (s *Server) handleIncomingImportTemplate(w http.ResponseWriter, r *http.Request) error {
	if !app.MayRegisterIncoming(actor(r)) {
		return errNotImporter
	}
	data, err := app.IncomingImportTemplate()
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", incomingXLSXType)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape("收文登记簿导入模板.xlsx"))
	_, err = w.Write(data)
	return err
}

// handleIncomingExport writes the list of the current filter (the list
// page's query string) as .xlsx: what the actor may see, audited.
func (s *Server) handleIncomingExport(w http.ResponseWriter, r *http.Request) error {
	qp := newQuery(r)
	_, f := readIncomingListQuery(qp)
	if err := qp.err(); err != nil {
		return zhongshu.Errorf(zhongshu.CodeInvalid, "筛选条件有误：%s", firstProblem(qp.p))
	}
	var buf bytes.Buffer
	if _, err := s.app.ExportIncoming(r.Context(), actor(r), f, &buf); err != nil {
		return err
	}
	name := fmt.Sprintf("收文登记簿-%s.xlsx", s.clock.Now().In(chinaTime).Format("20060102"))
	w.Header().Set("Content-Type", incomingXLSXType)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	_, err := buf.WriteTo(w)
	return err
}
