package web

import (
	"net/http"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// loginPage is the sign-in form.
type loginPage struct {
	BasePage
	Username string
	Next     string
	Error    string
	Fields   map[string]string
	Demo     bool
}

func (s *Server) handleLoginPage(w http.ResponseWriter, r *http.Request) error {
	if si := signedIn(r); si != nil {
		http.Redirect(w, r, stagePath(si.Session.Stage), http.StatusSeeOther)
		return nil
	}
	p := &loginPage{BasePage: s.base(w, r, "登录"), Next: safeNext(r.URL.Query().Get("next")), Demo: s.cfg.Demo}
	if p.Flash != "" {
		p.Error, p.Flash = p.Flash, ""
	}
	return s.pages.render(w, http.StatusOK, "login", "bare", p)
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return zhongshu.Errorf(zhongshu.CodeInvalid, "表单内容无效。")
	}
	username, next := r.PostFormValue("username"), safeNext(r.PostFormValue("next"))
	var res *app.LoginResult
	var err error
	if !s.throttle.Allow(clientIP(r), s.clock.Now()) {
		err = zhongshu.Errorf(zhongshu.CodeUnauthenticated, "登录尝试过于频繁，请 5 分钟后再试。")
	} else {
		res, err = s.app.Login(r.Context(), username, r.PostFormValue("password"), client(r))
	}
	if err != nil {
		code := zhongshu.ErrorCode(err)
		if code != zhongshu.CodeUnauthenticated && code != zhongshu.CodeInvalid {
			return err
		}
		p := &loginPage{BasePage: s.base(w, r, "登录"), Username: username, Next: next, Error: zhongshu.ErrorMessage(err),
			Fields: zhongshu.ErrorFields(err), Demo: s.cfg.Demo}
		return s.pages.render(w, http.StatusUnauthorized, "login", "bare", p)
	}
	setSessionCookie(w, res.Token, s.cfg.SecureCookies)
	to := stagePath(res.Stage)
	if res.Stage == zhongshu.StageFull {
		to = next
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Logout(r.Context(), signedIn(r)); err != nil {
		return err
	}
	clearSessionCookie(w, s.cfg.SecureCookies)
	return redirect(w, r, "/login", "您已安全退出。")
}

// formPage is a small form with a message and per-field errors.
type formPage struct {
	BasePage
	Error  string
	Fields map[string]string
}

func (s *Server) handleTOTPPage(w http.ResponseWriter, r *http.Request) error {
	return s.pages.render(w, http.StatusOK, "totp", "bare", &formPage{BasePage: s.base(w, r, "动态口令验证")})
}

func (s *Server) handleTOTP(w http.ResponseWriter, r *http.Request) error {
	stage, err := s.app.VerifySecondFactor(r.Context(), signedIn(r), r.PostFormValue("code"))
	if err != nil {
		if zhongshu.ErrorCode(err) == zhongshu.CodeUnauthenticated {
			return err
		}
		msg, fields, ok := formErrors(err)
		if !ok {
			return err
		}
		return s.pages.render(w, http.StatusBadRequest, "totp", "bare", &formPage{BasePage: s.base(w, r, "动态口令验证"), Error: msg, Fields: fields})
	}
	http.Redirect(w, r, stagePath(stage), http.StatusSeeOther)
	return nil
}

// passwordPage is the change-password form.
type passwordPage struct {
	formPage
	Forced bool
}

func (s *Server) handlePasswordPage(w http.ResponseWriter, r *http.Request) error {
	si := signedIn(r)
	p := &passwordPage{formPage: formPage{BasePage: s.base(w, r, "修改密码")}, Forced: si.Session.Stage == zhongshu.StageChangePassword}
	return s.renderPassword(w, p, http.StatusOK)
}

func (s *Server) renderPassword(w http.ResponseWriter, p *passwordPage, status int) error {
	layout := "layout"
	if p.Forced {
		layout = "bare"
	}
	return s.pages.render(w, status, "password", layout, p)
}

func (s *Server) handlePassword(w http.ResponseWriter, r *http.Request) error {
	si := signedIn(r)
	err := s.app.ChangePassword(r.Context(), si, r.PostFormValue("current_password"), r.PostFormValue("new_password"), r.PostFormValue("confirm_password"))
	if err != nil {
		msg, fields, ok := formErrors(err)
		if !ok {
			return err
		}
		p := &passwordPage{formPage: formPage{BasePage: s.base(w, r, "修改密码"), Error: msg, Fields: fields},
			Forced: si.Session.Stage == zhongshu.StageChangePassword}
		return s.renderPassword(w, p, http.StatusBadRequest)
	}
	if si.Session.Stage == zhongshu.StageChangePassword {
		// The next stage is decided by the app; the login page sends the
		// browser on to it.
		return redirect(w, r, "/login", "密码已修改。")
	}
	return redirect(w, r, "/account", "密码已修改，其他设备上的登录已退出。")
}

// enrolPage shows the QR code of a new second factor.
type enrolPage struct {
	formPage
	Enrolment *app.TOTPEnrolment
}

func (s *Server) handleEnrolPage(w http.ResponseWriter, r *http.Request) error {
	en, err := s.app.BeginTOTP(r.Context(), signedIn(r))
	if err != nil {
		return err
	}
	return s.renderEnrol(w, r, &enrolPage{formPage: formPage{BasePage: s.base(w, r, "启用双因素登录")}, Enrolment: en}, http.StatusOK)
}

func (s *Server) renderEnrol(w http.ResponseWriter, r *http.Request, p *enrolPage, status int) error {
	layout := "layout"
	if signedIn(r).Session.Stage != zhongshu.StageFull {
		layout = "bare"
	}
	return s.pages.render(w, status, "enrol", layout, p)
}

func (s *Server) handleEnrol(w http.ResponseWriter, r *http.Request) error {
	si := signedIn(r)
	err := s.app.ConfirmTOTP(r.Context(), si, r.PostFormValue("code"))
	if err != nil {
		msg, fields, ok := formErrors(err)
		if !ok {
			return err
		}
		// Keep the same secret on screen: the user has probably scanned it.
		en, berr := s.app.BeginTOTP(r.Context(), si)
		if berr != nil {
			return berr
		}
		p := &enrolPage{formPage: formPage{BasePage: s.base(w, r, "启用双因素登录"), Error: msg, Fields: fields}, Enrolment: en}
		p.Error += " 已生成新的二维码，请删除验证器中的旧条目后重新扫描。"
		return s.renderEnrol(w, r, p, http.StatusBadRequest)
	}
	return redirect(w, r, "/", "双因素登录已启用。")
}
