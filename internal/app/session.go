package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/auth"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// Client identifies where a request comes from, for sessions and the audit log.
type Client struct {
	IP        string
	UserAgent string
}

// LoginResult is a new session: the cookie token and how far sign-in has got.
type LoginResult struct {
	Token string
	Stage zhongshu.SessionStage
}

var errBadLogin = zhongshu.Errorf(zhongshu.CodeUnauthenticated, "用户名或密码错误。")

// Login checks a user name and password and opens a session. Failures are
// counted per account; after cfg.LockoutAfter failures the account locks for
// cfg.LockoutFor. Every attempt is audited.
func (a *App) Login(ctx context.Context, username, password string, c Client) (*LoginResult, error) {
	username = strings.TrimSpace(username)
	var p zhongshu.Problems
	if username == "" {
		p.Add("username", "请输入用户名")
	}
	if password == "" {
		p.Add("password", "请输入密码")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	// The password is checked before the write transaction, not in it:
	// argon2id takes tens of milliseconds of CPU and 64 MiB, and inside the
	// transaction every login held SQLite's single writer that long, so
	// that a morning's sign-ins stalled every workflow action. As many
	// checks run at once as there are CPUs (bounding their memory too).
	verifiedHash, passwordOK, err := a.checkPassword(ctx, username, password)
	if err != nil {
		return nil, err
	}
	var res *LoginResult
	var loginErr error
	// Failures must be committed (counter, lock, audit) while the caller
	// still gets an error, so the transaction returns nil and the outcome
	// travels in loginErr.
	err = a.db.Transact(ctx, func(tx *store.Tx) error {
		res, loginErr = nil, nil
		cred, err := tx.FindCredentials(ctx, username)
		if zhongshu.ErrorCode(err) == zhongshu.CodeNotFound {
			loginErr = errBadLogin
			return a.record(ctx, tx, anonymous(username, c), event{action: "login.failed", objectType: "user",
				failed: true, detail: "用户名不存在"})
		}
		if err != nil {
			return err
		}
		user, err := tx.FindUserByID(ctx, cred.UserID)
		if err != nil {
			return err
		}
		actor := zhongshu.NewActor(user, c.IP, nil)
		now := tx.Now()
		fail := func(e error, detail string) error {
			loginErr = e
			return a.record(ctx, tx, actor, event{action: "login.failed", objectType: "user", objectID: user.ID, failed: true, detail: detail})
		}
		switch {
		case cred.Status != string(zhongshu.UserActive):
			return fail(zhongshu.Errorf(zhongshu.CodeUnauthenticated, "账号已停用，请联系系统管理员。"), "账号已停用")
		case now.Before(cred.LockedUntil):
			return fail(zhongshu.Errorf(zhongshu.CodeUnauthenticated, "连续登录失败次数过多，账号已锁定至 %s，请稍后再试或联系安全管理员解锁。",
				cred.LockedUntil.In(chinaTime).Format("15:04")), "账号锁定期间尝试登录")
		case cred.Demo && !a.cfg.Demo:
			return fail(zhongshu.Errorf(zhongshu.CodeUnauthenticated, "演示账号仅在演示模式下可用。"), "非演示模式下使用演示账号")
		}
		ok := passwordOK && cred.PasswordHash == verifiedHash
		if cred.PasswordHash != verifiedHash { // changed since it was checked: check again (rare)
			ok = a.withHashSlot(ctx, func() bool { return auth.CheckPassword(cred.PasswordHash, password) })
		}
		if !ok {
			failures := cred.FailedLogins + 1
			if !cred.LockedUntil.IsZero() { // a lock that has run out starts a fresh count
				failures = 1
			}
			var lockUntil time.Time
			msg := errBadLogin
			if failures >= a.cfg.LockoutAfter {
				lockUntil = now.Add(a.cfg.LockoutFor)
				msg = zhongshu.Errorf(zhongshu.CodeUnauthenticated, "用户名或密码错误。连续失败 %d 次，账号已锁定 %d 分钟。",
					failures, int(a.cfg.LockoutFor.Minutes()))
			} else if left := a.cfg.LockoutAfter - failures; left <= 2 {
				msg = zhongshu.Errorf(zhongshu.CodeUnauthenticated, "用户名或密码错误。再失败 %d 次，账号将被锁定 %d 分钟。",
					left, int(a.cfg.LockoutFor.Minutes()))
			}
			if err := tx.RecordLoginFailure(ctx, cred.UserID, failures, lockUntil); err != nil {
				return err
			}
			if !lockUntil.IsZero() {
				if err := a.record(ctx, tx, actor, event{action: "account.locked", objectType: "user", objectID: user.ID,
					detail: fmt.Sprintf("连续 %d 次登录失败，锁定 %s", failures, a.cfg.LockoutFor)}); err != nil {
					return err
				}
			}
			return fail(msg, "密码错误")
		}
		if err := tx.ClearLoginFailures(ctx, cred.UserID); err != nil {
			return err
		}
		stage := zhongshu.StageTOTP
		if !cred.TOTPEnabled {
			stage = a.stageAfterSecondFactor(cred, user, now)
		}
		token := auth.NewToken(auth.SessionPrefix)
		s := &zhongshu.Session{ID: auth.HashToken(token), UserID: user.ID, Stage: stage,
			ExpiresAt: now.Add(a.cfg.SessionLifetime), ClientIP: c.IP, UserAgent: truncate(c.UserAgent, 200)}
		if err := tx.CreateSession(ctx, s); err != nil {
			return err
		}
		res = &LoginResult{Token: token, Stage: stage}
		return a.record(ctx, tx, actor, event{action: "login", objectType: "user", objectID: user.ID, to: string(stage),
			detail: "密码验证通过"})
	})
	if err != nil {
		return nil, err
	}
	return res, loginErr
}

// checkPassword checks password against the account's stored hash, outside
// any transaction, and returns the hash it checked against. For an unknown
// name it spends the same time on a dummy hash, so that timing does not tell
// which names exist.
func (a *App) checkPassword(ctx context.Context, username, password string) (string, bool, error) {
	var cred *store.Credentials
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		cred, err = tx.FindCredentials(ctx, username)
		return err
	})
	if err != nil && zhongshu.ErrorCode(err) != zhongshu.CodeNotFound {
		return "", false, err
	}
	if err := ctx.Err(); err != nil {
		return "", false, err
	}
	if cred == nil {
		a.withHashSlot(ctx, func() bool { auth.CheckPasswordTiming(password); return false })
		return "", false, nil
	}
	return cred.PasswordHash, a.withHashSlot(ctx, func() bool { return auth.CheckPassword(cred.PasswordHash, password) }), nil
}

// withHashSlot runs a password hash computation when one of the CPU-wide
// slots is free (or at once when the context ends: the caller's error
// follows).
func (a *App) withHashSlot(ctx context.Context, fn func() bool) bool {
	select {
	case a.hashSlots <- struct{}{}:
		defer func() { <-a.hashSlots }()
	case <-ctx.Done():
		return false
	}
	return fn()
}

// stageAfterSecondFactor is where sign-in goes once the password (and any
// second factor) has been checked: a forced password change first, then a
// required second-factor enrolment, then the application.
func (a *App) stageAfterSecondFactor(cred *store.Credentials, user *zhongshu.User, now time.Time) zhongshu.SessionStage {
	expired := a.cfg.PasswordMaxAge > 0 && !cred.PasswordChangedAt.IsZero() && now.Sub(cred.PasswordChangedAt) > a.cfg.PasswordMaxAge
	if (cred.MustChangePassword || expired) && !cred.Demo {
		return zhongshu.StageChangePassword
	}
	if !cred.TOTPEnabled && a.totpRequired(user) && !cred.Demo {
		return zhongshu.StageEnrolTOTP
	}
	return zhongshu.StageFull
}

func (a *App) totpRequired(u *zhongshu.User) bool {
	for _, r := range a.cfg.RequireTOTP {
		if u.HasRole(r) {
			return true
		}
	}
	return false
}

// anonymous is the actor for an attempt under an unknown login name.
func anonymous(username string, c Client) *zhongshu.Actor {
	return zhongshu.NewActor(&zhongshu.User{Name: truncate(username, 40)}, c.IP, nil)
}

// chinaTime is the office's time zone, for messages.
var chinaTime = time.FixedZone("CST", 8*3600)

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

// SignedIn is what a valid session token gives: the session and its actor.
type SignedIn struct {
	Session *zhongshu.Session
	Actor   *zhongshu.Actor
}

var errSessionEnded = zhongshu.Errorf(zhongshu.CodeUnauthenticated, "登录已失效，请重新登录。")

// Authenticate resolves a session token. Sessions end after the idle
// timeout or the session lifetime, or when the account is disabled.
func (a *App) Authenticate(ctx context.Context, token string, c Client) (*SignedIn, error) {
	if !strings.HasPrefix(token, auth.SessionPrefix) {
		return nil, errSessionEnded
	}
	id := auth.HashToken(token)
	var si *SignedIn
	var idle bool
	err := a.db.View(ctx, func(tx *store.Tx) error {
		s, err := tx.FindSession(ctx, id)
		if err != nil {
			return err
		}
		now := tx.Now()
		if !now.Before(s.ExpiresAt) || now.Sub(s.LastSeenAt) > a.cfg.IdleTimeout {
			idle = true
			return nil
		}
		u, err := tx.FindUserByID(ctx, s.UserID)
		if err != nil {
			return err
		}
		if u.Status != zhongshu.UserActive {
			return errSessionEnded
		}
		delegators, err := tx.DelegatorsOf(ctx, u.ID)
		if err != nil {
			return err
		}
		si = &SignedIn{Session: s, Actor: zhongshu.NewActor(u, c.IP, delegators)}
		return nil
	})
	if zhongshu.ErrorCode(err) == zhongshu.CodeNotFound {
		return nil, errSessionEnded
	}
	if err != nil {
		return nil, err
	}
	if idle {
		err := a.db.Transact(ctx, func(tx *store.Tx) error {
			if err := tx.DeleteSession(ctx, id); err != nil {
				return err
			}
			return a.record(ctx, tx, nil, event{action: "session.expired", objectType: "session", detail: "长时间未操作或会话到期，自动退出"})
		})
		if err != nil {
			return nil, err
		}
		return nil, zhongshu.Errorf(zhongshu.CodeUnauthenticated, "长时间未操作，已自动退出，请重新登录。")
	}
	// Record activity at most once a minute: enough for the idle timeout,
	// cheap for the database.
	if a.clock.Now().Sub(si.Session.LastSeenAt) > time.Minute {
		if err := a.db.Transact(ctx, func(tx *store.Tx) error { return tx.TouchSession(ctx, id) }); err != nil {
			return nil, err
		}
	}
	return si, nil
}

// Logout ends the session of token.
func (a *App) Logout(ctx context.Context, si *SignedIn) error {
	return a.db.Transact(ctx, func(tx *store.Tx) error {
		if err := tx.DeleteSession(ctx, si.Session.ID); err != nil {
			return err
		}
		return a.record(ctx, tx, si.Actor, event{action: "logout", objectType: "user", objectID: si.Actor.ID()})
	})
}

// VerifySecondFactor checks a TOTP code for a session waiting for it.
func (a *App) VerifySecondFactor(ctx context.Context, si *SignedIn, code string) (zhongshu.SessionStage, error) {
	if si.Session.Stage != zhongshu.StageTOTP {
		return "", zhongshu.Errorf(zhongshu.CodePrecondition, "当前无需验证动态口令。")
	}
	code = strings.TrimSpace(code)
	var stage zhongshu.SessionStage
	var codeErr error
	err := a.db.Transact(ctx, func(tx *store.Tx) error {
		stage, codeErr = "", nil
		cred, err := tx.FindCredentialsByID(ctx, si.Actor.ID())
		if err != nil {
			return err
		}
		step, ok := auth.CheckTOTP(cred.TOTPSecret, code, tx.Now(), cred.TOTPLastStep)
		if !ok {
			codeErr = &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "动态口令错误或已使用，请输入验证器上的最新6位数字。",
				Fields: map[string]string{"code": "动态口令不正确"}}
			failures := cred.FailedLogins + 1
			var lockUntil time.Time
			if failures >= a.cfg.LockoutAfter {
				lockUntil = tx.Now().Add(a.cfg.LockoutFor)
				if err := tx.DeleteSession(ctx, si.Session.ID); err != nil {
					return err
				}
				codeErr = zhongshu.Errorf(zhongshu.CodeUnauthenticated, "动态口令连续错误，账号已锁定 %d 分钟。", int(a.cfg.LockoutFor.Minutes()))
			}
			if err := tx.RecordLoginFailure(ctx, cred.UserID, failures, lockUntil); err != nil {
				return err
			}
			return a.record(ctx, tx, si.Actor, event{action: "login.failed", objectType: "user", objectID: cred.UserID, failed: true, detail: "动态口令错误"})
		}
		if err := tx.SetTOTPLastStep(ctx, cred.UserID, step); err != nil {
			return err
		}
		if err := tx.ClearLoginFailures(ctx, cred.UserID); err != nil {
			return err
		}
		stage = a.stageAfterSecondFactor(cred, si.Actor.User, tx.Now())
		if err := tx.SetSessionStage(ctx, si.Session.ID, stage); err != nil {
			return err
		}
		return a.record(ctx, tx, si.Actor, event{action: "login.totp", objectType: "user", objectID: cred.UserID, to: string(stage), detail: "动态口令验证通过"})
	})
	if err != nil {
		return "", err
	}
	return stage, codeErr
}
