package web

// Downloads: a file sent as an attachment, and the attachments of a 收文 or
// a 发文 (pages and API alike; docFiles says which).

import (
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
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

// sendDocFile sends an attachment of document {id} (path values id and
// file); with describe, a caller whose Accept header names JSON gets its
// description instead (the API).
func (s *Server) sendDocFile(w http.ResponseWriter, r *http.Request, df docFiles, describe bool) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	fileID, err := pathID(r, "file")
	if err != nil {
		return err
	}
	att, rc, err := df.open(r.Context(), actor(r), id, fileID)
	if err != nil {
		return err
	}
	defer rc.Close()
	if describe && wantsJSON(r) {
		writeJSON(w, http.StatusOK, attachmentOut(df.kind, id, att))
		return nil
	}
	sendAttachment(w, r, att, att.Name, att.ContentType, rc)
	return nil
}

func (s *Server) handleIncomingDownload(w http.ResponseWriter, r *http.Request) error {
	return s.sendDocFile(w, r, s.incomingFiles(), false)
}

func (s *Server) handleOutgoingDownload(w http.ResponseWriter, r *http.Request) error {
	return s.sendDocFile(w, r, s.outgoingFiles(), false)
}

// handleAPIIncomingFile sends an attachment's bytes, or its description
// when the caller asks for JSON.
func (s *Server) handleAPIIncomingFile(w http.ResponseWriter, r *http.Request) error {
	return s.sendDocFile(w, r, s.incomingFiles(), true)
}

// handleAPIOutgoingFile sends an attachment's bytes, or its description
// when the caller asks for JSON.
func (s *Server) handleAPIOutgoingFile(w http.ResponseWriter, r *http.Request) error {
	return s.sendDocFile(w, r, s.outgoingFiles(), true)
}

// wantsJSON reports whether the Accept header names JSON explicitly.
func wantsJSON(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(mt), "application/json") {
			return true
		}
	}
	return false
}
