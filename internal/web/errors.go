package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// statusOf maps a domain error code to its HTTP status: the one table.
func statusOf(code zhongshu.Code) int {
	switch code {
	case zhongshu.CodeInvalid:
		return http.StatusBadRequest
	case zhongshu.CodeNotFound:
		return http.StatusNotFound
	case zhongshu.CodeConflict, zhongshu.CodePrecondition:
		return http.StatusConflict
	case zhongshu.CodeUnauthenticated:
		return http.StatusUnauthorized
	case zhongshu.CodeForbidden:
		return http.StatusForbidden
	}
	return http.StatusInternalServerError
}

// errTooLarge is returned when a request body exceeds its limit.
var errTooLarge = zhongshu.Errorf(zhongshu.CodeInvalid, "上传内容过大。")

// normalize turns transport errors into domain errors.
func normalize(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errTooLarge
	}
	return err
}

// logError logs internal errors loudly and the rest quietly.
func (s *Server) logError(r *http.Request, err error) {
	code := zhongshu.ErrorCode(err)
	if code == zhongshu.CodeInternal {
		s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		return
	}
	s.log.InfoContext(r.Context(), "request refused", "method", r.Method, "path", r.URL.Path, "code", code, "msg", zhongshu.ErrorMessage(err))
}

// apiError is the JSON error body.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code    zhongshu.Code     `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// writeAPIError writes err as {"error":{"code","message","fields"}}.
func (s *Server) writeAPIError(w http.ResponseWriter, r *http.Request, err error) {
	err = normalize(err)
	s.logError(r, err)
	code := zhongshu.ErrorCode(err)
	if code == zhongshu.CodeUnauthenticated {
		w.Header().Set("WWW-Authenticate", `Bearer realm="zhongshu"`)
	}
	writeJSON(w, statusOf(code), apiError{Error: apiErrorBody{Code: code, Message: zhongshu.ErrorMessage(err), Fields: zhongshu.ErrorFields(err)}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// errorPage is the data of the HTML error page.
type errorPage struct {
	BasePage
	Status  int
	Message string
}

// writeHTMLError renders err as a page; an unauthenticated GET goes to the
// login page and comes back afterwards.
func (s *Server) writeHTMLError(w http.ResponseWriter, r *http.Request, err error) {
	var sr stageRedirect
	if errors.As(err, &sr) {
		http.Redirect(w, r, sr.to, http.StatusSeeOther)
		return
	}
	err = normalize(err)
	s.logError(r, err)
	code := zhongshu.ErrorCode(err)
	if code == zhongshu.CodeUnauthenticated {
		clearSessionCookie(w, s.cfg.SecureCookies)
		if r.Method == http.MethodGet && r.Header.Get("HX-Request") == "" {
			setFlash(w, zhongshu.ErrorMessage(err), true)
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
	}
	status := statusOf(code)
	p := &errorPage{BasePage: s.base(w, r, titleFor(status)), Status: status, Message: zhongshu.ErrorMessage(err)}
	layout := "layout"
	if p.User == nil {
		layout = "bare"
	}
	if rerr := s.pages.render(w, status, "error", layout, p); rerr != nil {
		s.log.ErrorContext(r.Context(), "render error page", "err", rerr)
		http.Error(w, p.Message, status)
	}
}

func titleFor(status int) string {
	switch status {
	case http.StatusNotFound:
		return "页面不存在"
	case http.StatusForbidden:
		return "没有权限"
	case http.StatusUnauthorized:
		return "请先登录"
	case http.StatusBadRequest:
		return "请求有误"
	case http.StatusConflict:
		return "操作未完成"
	}
	return "系统错误"
}

func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) error {
	return zhongshu.Errorf(zhongshu.CodeNotFound, "您访问的页面不存在。")
}
