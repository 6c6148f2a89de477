package web

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/blob"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// sendFile sends rs as a download named name (made safe for the header),
// never sniffed, never cached by shared caches.
func sendFile(w http.ResponseWriter, r *http.Request, name, ct string, mod time.Time, rs io.ReadSeeker) {
	if ct == "" {
		ct = "application/octet-stream"
	}
	disp := mime.FormatMediaType("attachment", map[string]string{"filename": blob.SafeFilename(name)})
	if disp == "" {
		disp = "attachment"
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Disposition", disp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	http.ServeContent(w, r, "", mod, rs)
}

// sendAttachment sends a stored file as a download, with its content
// digest as the ETag.
func sendAttachment(w http.ResponseWriter, r *http.Request, att *zhongshu.Attachment, name, ct string, rs io.ReadSeeker) {
	w.Header().Set("ETag", strconv.Quote("sha256-"+att.Digest))
	sendFile(w, r, name, ct, att.UploadedAt, rs)
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
