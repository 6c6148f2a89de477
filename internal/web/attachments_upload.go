package web

// The uploads to a 收文 or a 发文, which both kinds of document handle
// alike: the document page's upload form and the API's upload (the
// downloads are in files.go). docFiles says what differs between the two.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// docFiles is what the shared attachment handlers need to know of one kind
// of document.
type docFiles struct {
	// kind is "incoming" or "outgoing": the first segment of the document's
	// paths, and its name in the log.
	kind string
	// find fails with not-found for those who may not see document id.
	find func(ctx context.Context, a *zhongshu.Actor, id int64) error
	add  func(ctx context.Context, a *zhongshu.Actor, id int64, name string, size int64, r io.Reader) (*zhongshu.Attachment, error)
	open func(ctx context.Context, a *zhongshu.Actor, id, fileID int64) (*zhongshu.Attachment, io.ReadSeekCloser, error)
	// page is the document's page.
	page func(id int64) string
	// refuse shows the document page again with msg at the upload form.
	refuse func(w http.ResponseWriter, r *http.Request, id int64, status int, msg string) error
}

// incomingFiles are the attachments of a 收文.
func (s *Server) incomingFiles() docFiles {
	return docFiles{
		kind: "incoming",
		find: errOnly(s.app.FindIncomingDoc),
		add:  s.app.AddIncomingAttachment,
		open: s.app.OpenIncomingAttachment,
		page: app.IncomingURL,
		refuse: func(w http.ResponseWriter, r *http.Request, id int64, status int, msg string) error {
			p, err := s.incomingDocPage(w, r, id, false)
			if err != nil {
				return err
			}
			p.Attach.UploadError = msg
			return s.pages.render(w, status, "incoming_doc", "layout", p)
		}}
}

// outgoingFiles are the attachments of a 发文.
func (s *Server) outgoingFiles() docFiles {
	return docFiles{
		kind: "outgoing",
		find: errOnly(s.app.FindOutgoingDoc),
		add:  s.app.AddOutgoingAttachment,
		open: s.app.OpenOutgoingAttachment,
		page: app.OutgoingURL,
		refuse: func(w http.ResponseWriter, r *http.Request, id int64, status int, msg string) error {
			p, err := s.outgoingDocPage(w, r, id)
			if err != nil {
				return err
			}
			p.Attach.UploadError = msg
			return s.pages.render(w, status, "outgoing_doc", "layout", p)
		}}
}

// errOnly is a finder that keeps only its error: not-found for those who
// may not see the document.
func errOnly[T any](find func(context.Context, *zhongshu.Actor, int64) (T, error)) func(context.Context, *zhongshu.Actor, int64) error {
	return func(ctx context.Context, a *zhongshu.Actor, id int64) error {
		_, err := find(ctx, a, id)
		return err
	}
}

func (s *Server) handleIncomingUpload(w http.ResponseWriter, r *http.Request) error {
	return s.uploadFromPage(w, r, s.incomingFiles())
}

func (s *Server) handleOutgoingUpload(w http.ResponseWriter, r *http.Request) error {
	return s.uploadFromPage(w, r, s.outgoingFiles())
}

func (s *Server) handleAPIIncomingUpload(w http.ResponseWriter, r *http.Request) error {
	return s.uploadFromAPI(w, r, s.incomingFiles())
}

func (s *Server) handleAPIOutgoingUpload(w http.ResponseWriter, r *http.Request) error {
	return s.uploadFromAPI(w, r, s.outgoingFiles())
}

// uploadFromPage attaches the files of the document page's upload form and
// goes back to the page; what failed is said there.
func (s *Server) uploadFromPage(w http.ResponseWriter, r *http.Request, df docFiles) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	perr := r.ParseMultipartForm(8 << 20)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	// Those who may not see the document learn nothing more than not-found.
	if err := df.find(r.Context(), a, id); err != nil {
		return err
	}
	files := postedFiles(r)
	status, msg := http.StatusBadRequest, "请选择要上传的附件。"
	switch {
	case perr != nil && normalize(perr) == errTooLarge:
		msg = fmt.Sprintf("一次上传的附件合计超过%dMB，请分几次上传。", s.uploadLimitMB())
	case perr != nil && !errors.Is(perr, http.ErrNotMultipart):
		msg = "上传内容有误，请重新选择附件。"
	case len(files) > 0:
		var failed []string
		failed, status = s.saveFiles(r.Context(), a, df, id, files)
		if len(failed) < len(files) {
			text := fmt.Sprintf("已上传附件 %d 个。", len(files)-len(failed))
			if len(failed) > 0 {
				setFlash(w, clipFlash(text+"以下附件未能上传："+strings.Join(failed, "；")+"。"), true)
				text = ""
			}
			return redirect(w, r, df.page(id), text)
		}
		msg = "附件未能上传：" + strings.Join(failed, "；") + "。"
	}
	return df.refuse(w, r, id, status, msg)
}

// saveFiles attaches the files to document id one by one and returns, for
// each that failed, "name（why）", and the status of the first failure.
func (s *Server) saveFiles(ctx context.Context, a *zhongshu.Actor, df docFiles, id int64, files []*multipart.FileHeader) ([]string, int) {
	var failed []string
	status := http.StatusBadRequest
	for _, fh := range files {
		f, err := fh.Open()
		if err == nil {
			_, err = df.add(ctx, a, id, fh.Filename, fh.Size, f)
			f.Close()
		}
		if err == nil {
			continue
		}
		why := zhongshu.ErrorMessage(err)
		if zhongshu.ErrorCode(err) == zhongshu.CodeInternal {
			s.log.ErrorContext(ctx, "attach "+df.kind+" file", "doc", id, "file", fh.Filename, "err", err)
			why = "系统错误，请稍后重试"
		}
		if len(failed) == 0 {
			status = statusOf(zhongshu.ErrorCode(err))
		}
		failed = append(failed, fmt.Sprintf("%s（%s）", fh.Filename, strings.TrimSuffix(why, "。")))
	}
	return failed, status
}

// postedFiles are the files of the "files" inputs that were chosen (an
// input left empty sends a part without a name).
func postedFiles(r *http.Request) []*multipart.FileHeader {
	if r.MultipartForm == nil {
		return nil
	}
	var out []*multipart.FileHeader
	for _, fh := range r.MultipartForm.File["files"] {
		if fh.Filename != "" {
			out = append(out, fh)
		}
	}
	return out
}

// uploadFromAPI attaches the "file" part of an API upload and answers with
// its description.
func (s *Server) uploadFromAPI(w http.ResponseWriter, r *http.Request, df docFiles) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	// Not found before anything about the upload is said.
	if err := df.find(r.Context(), a, id); err != nil {
		return err
	}
	f, fh, done, err := apiUploadedFile(r)
	if err != nil {
		return err
	}
	defer done()
	att, err := df.add(r.Context(), a, id, fh.Filename, fh.Size, f)
	if err != nil {
		return err
	}
	out := attachmentOut(df.kind, id, att)
	return created(w, out.URL, out)
}

// apiUploadedFile reads the "file" part of an API upload; done releases
// it. A body over the route's cap keeps its own error (413).
func apiUploadedFile(r *http.Request) (multipart.File, *multipart.FileHeader, func(), error) {
	missing := &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "请以 multipart/form-data 格式上传附件（字段名 file）。",
		Fields: map[string]string{"file": "请选择要上传的附件"}}
	if err := r.ParseMultipartForm(4 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, nil, nil, err
		}
		return nil, nil, nil, missing
	}
	f, fh, err := r.FormFile("file")
	if err != nil {
		_ = r.MultipartForm.RemoveAll()
		return nil, nil, nil, missing
	}
	return f, fh, func() { f.Close(); _ = r.MultipartForm.RemoveAll() }, nil
}

// attachmentRulesText says what may be attached: "pdf、ofd…，每个不超过50MB".
func (s *Server) attachmentRulesText() string {
	r := s.app.AttachmentRules()
	t := "允许 " + strings.Join(r.Extensions, "、")
	if r.MaxBytes > 0 {
		t += fmt.Sprintf("，每个不超过%dMB", r.MaxBytes>>20)
	}
	return t + fmt.Sprintf("；一次提交合计不超过%dMB，附件多时请登记后在收文页分次上传。", s.uploadLimitMB())
}

// uploadLimitMB is what one upload request may carry, as wrap caps it.
func (s *Server) uploadLimitMB() int { return max(16, s.app.Config().AttachmentMaxMB+1) }
