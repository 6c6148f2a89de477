package web

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

type ctxKey int

const (
	ctxSignedIn ctxKey = iota
	ctxActor
)

// middleware wraps the mux: security headers, cross-origin protection for
// every unsafe method, panics turned into 500s, logs and metrics.
func (s *Server) middleware(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := zhongshu.Errorf(zhongshu.CodeForbidden, "跨站提交已被拒绝。请从本系统页面重新操作。")
		if isAPI(r) {
			s.writeAPIError(w, r, err)
			return
		}
		s.writeHTMLError(w, r, err)
	}))
	protected := cop.Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.clock.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		h := rec.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
		defer func() {
			if p := recover(); p != nil {
				s.log.ErrorContext(r.Context(), "panic", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if !rec.wrote {
					http.Error(rec, "系统内部错误", http.StatusInternalServerError)
				}
			}
			d := s.clock.Now().Sub(start)
			s.metrics.observe(r.Method, rec.status, d)
			s.log.InfoContext(r.Context(), "http", "method", r.Method, "path", r.URL.Path, "status", rec.status,
				"ms", float64(d.Microseconds())/1000, "ip", clientIP(r))
		}()
		protected.ServeHTTP(rec, r)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.ResponseWriter.Write(b)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// clientIP is the peer address. Zhongshu does not trust X-Forwarded-For
// unless a proxy is configured (not yet), so a client cannot forge it.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func client(r *http.Request) app.Client {
	return app.Client{IP: clientIP(r), UserAgent: r.UserAgent()}
}

// wrap turns a route into an http.Handler: it authenticates, checks the
// route's access rule and writes any error in the route's format.
func (s *Server) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeErr := s.writeHTMLError
		if rt.kind == kindAPI {
			writeErr = s.writeAPIError
		}
		if r.Body != nil {
			limit := int64(1 << 20)
			if rt.upload { // a form may carry several attachments of the configured size
				limit = max(16<<20, int64(s.app.Config().AttachmentMaxMB+1)<<20)
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		r, err := s.authenticate(w, r, rt)
		if err == nil {
			err = s.authorize(r, rt)
		}
		if err == nil {
			err = rt.h(w, r)
		}
		if err != nil {
			writeErr(w, r, err)
		}
	})
}

const sessionCookie = "zs_session"

// authenticate attaches the signed-in user to the request when the route
// needs one: a session cookie for pages, a bearer token for the API.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request, rt route) (*http.Request, error) {
	if rt.access.public {
		// Public pages still know who is signed in, for the layout.
		if c, err := r.Cookie(sessionCookie); err == nil && rt.kind == kindPage {
			if si, err := s.app.Authenticate(r.Context(), c.Value, client(r)); err == nil {
				r = withSignedIn(r, si)
			}
		}
		return r, nil
	}
	if rt.kind == kindAPI {
		h := r.Header.Get("Authorization")
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return r, zhongshu.Errorf(zhongshu.CodeUnauthenticated, "请在 Authorization 头中提供接口令牌（Bearer）。")
		}
		actor, err := s.app.AuthenticateToken(r.Context(), strings.TrimSpace(token), client(r))
		if err != nil {
			return r, err
		}
		return r.WithContext(context.WithValue(r.Context(), ctxActor, actor)), nil
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return r, zhongshu.Errorf(zhongshu.CodeUnauthenticated, "请先登录。")
	}
	si, err := s.app.Authenticate(r.Context(), c.Value, client(r))
	if err != nil {
		return r, err
	}
	return withSignedIn(r, si), nil
}

func withSignedIn(r *http.Request, si *app.SignedIn) *http.Request {
	ctx := context.WithValue(r.Context(), ctxSignedIn, si)
	return r.WithContext(context.WithValue(ctx, ctxActor, si.Actor))
}

// authorize applies the route's access rule. A session part-way through
// sign-in may use only the routes of its stage.
func (s *Server) authorize(r *http.Request, rt route) error {
	if rt.access.public {
		return nil
	}
	if si := signedIn(r); si != nil {
		stage := si.Session.Stage
		if stage != zhongshu.StageFull && !rt.access.allowsStage(stage) {
			return errWrongStage(stage)
		}
		if stage == zhongshu.StageFull && rt.access.stageOnly {
			return zhongshu.Errorf(zhongshu.CodeNotFound, "您访问的页面不存在。")
		}
	}
	a := actor(r)
	if rt.access.perm != "" && !a.Can(rt.access.perm) {
		if rt.access.hide {
			return zhongshu.Errorf(zhongshu.CodeNotFound, "您访问的页面不存在。")
		}
		return zhongshu.Errorf(zhongshu.CodeForbidden, "您没有访问此功能的权限。")
	}
	if rt.access.anyPerm != nil {
		for _, p := range rt.access.anyPerm {
			if a.Can(p) {
				return nil
			}
		}
		return zhongshu.Errorf(zhongshu.CodeForbidden, "您没有访问此功能的权限。")
	}
	return nil
}

// stageRedirect is an error that sends a half-signed-in browser to the page
// of its stage.
type stageRedirect struct{ to string }

func (e stageRedirect) Error() string { return "sign-in continues at " + e.to }

func errWrongStage(stage zhongshu.SessionStage) error {
	return stageRedirect{to: stagePath(stage)}
}

func stagePath(stage zhongshu.SessionStage) string {
	switch stage {
	case zhongshu.StageTOTP:
		return "/login/totp"
	case zhongshu.StageChangePassword:
		return "/password"
	case zhongshu.StageEnrolTOTP:
		return "/account/totp"
	}
	return "/"
}

func signedIn(r *http.Request) *app.SignedIn {
	si, _ := r.Context().Value(ctxSignedIn).(*app.SignedIn)
	return si
}

func actor(r *http.Request) *zhongshu.Actor {
	a, _ := r.Context().Value(ctxActor).(*zhongshu.Actor)
	return a
}

func setSessionCookie(w http.ResponseWriter, token string, secure bool) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
}

func clearSessionCookie(w http.ResponseWriter, secure bool) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
}

const flashCookie = "zs_flash"

// setFlash leaves a message for the next page (POST-redirect-GET).
func setFlash(w http.ResponseWriter, msg string, isErr bool) {
	if isErr {
		msg = "!" + msg
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: url.QueryEscape(msg), Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 60})
}

func takeFlash(w http.ResponseWriter, r *http.Request) (string, bool) {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return "", false
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1})
	msg, _ := url.QueryUnescape(c.Value)
	if m, ok := strings.CutPrefix(msg, "!"); ok {
		return m, true
	}
	return msg, false
}
