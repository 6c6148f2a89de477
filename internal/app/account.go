package app

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zhongshu-oa/zhongshu/internal/auth"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// ChangePassword replaces the signed-in user's password after checking the
// current one, the policy and the recent history. Other sessions of the
// user end; this one moves on from a forced change.
func (a *App) ChangePassword(ctx context.Context, si *SignedIn, current, next, confirm string) error {
	u := si.Actor.User
	var p zhongshu.Problems
	if current == "" {
		p.Add("current_password", "请输入当前密码")
	}
	if next != confirm {
		p.Add("confirm_password", "两次输入的新密码不一致")
	}
	if err := a.policy.Check(next, u.Username); err != nil {
		for k, v := range zhongshu.ErrorFields(err) {
			p.Add(k, v)
		}
	}
	if next != "" && next == current {
		p.Add("new_password", "新密码不能与当前密码相同")
	}
	if err := p.Err(); err != nil {
		return err
	}
	hash, err := auth.HashPassword(next)
	if err != nil {
		return err
	}
	var wrong error
	err = a.db.Transact(ctx, func(tx *store.Tx) error {
		wrong = nil
		cred, err := tx.FindCredentialsByID(ctx, u.ID)
		if err != nil {
			return err
		}
		if !auth.CheckPassword(cred.PasswordHash, current) {
			wrong = &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "当前密码不正确。",
				Fields: map[string]string{"current_password": "当前密码不正确"}}
			return a.record(ctx, tx, si.Actor, event{action: "password.change", objectType: "user", objectID: u.ID, failed: true, detail: "当前密码不正确"})
		}
		history, err := tx.PasswordHistory(ctx, u.ID, a.policy.History)
		if err != nil {
			return err
		}
		for _, h := range history {
			if auth.CheckPassword(h, next) {
				wrong = &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "新密码不能与最近使用过的密码相同。",
					Fields: map[string]string{"new_password": "不能使用最近5次用过的密码"}}
				return nil
			}
		}
		if err := tx.SetPassword(ctx, u.ID, hash, false); err != nil {
			return err
		}
		if _, err := tx.DeleteUserSessions(ctx, u.ID, si.Session.ID); err != nil {
			return err
		}
		if si.Session.Stage == zhongshu.StageChangePassword {
			cred.MustChangePassword, cred.PasswordChangedAt = false, tx.Now()
			if err := tx.SetSessionStage(ctx, si.Session.ID, a.stageAfterSecondFactor(cred, u, tx.Now())); err != nil {
				return err
			}
		}
		return a.record(ctx, tx, si.Actor, event{action: "password.change", objectType: "user", objectID: u.ID, detail: "修改密码"})
	})
	if err != nil {
		return err
	}
	return wrong
}

// TOTPEnrolment is what a user needs to add Zhongshu to an authenticator app.
type TOTPEnrolment struct {
	Secret string
	URL    string
	QR     string // PNG data: URL
}

// BeginTOTP creates a new, not yet enabled second-factor secret for the
// signed-in user. It takes effect only when ConfirmTOTP sees a valid code.
func (a *App) BeginTOTP(ctx context.Context, si *SignedIn) (*TOTPEnrolment, error) {
	u := si.Actor.User
	if u.TOTPEnabled {
		return nil, zhongshu.Errorf(zhongshu.CodePrecondition, "您已启用双因素登录；如需更换，请联系安全管理员重置。")
	}
	secret, url, qr, err := auth.NewTOTP("中枢 "+a.cfg.OfficeName, u.Username)
	if err != nil {
		return nil, err
	}
	err = a.db.Transact(ctx, func(tx *store.Tx) error { return tx.SetTOTP(ctx, u.ID, secret, false) })
	if err != nil {
		return nil, err
	}
	return &TOTPEnrolment{Secret: secret, URL: url, QR: qr}, nil
}

// ConfirmTOTP enables the pending second factor when code is valid.
func (a *App) ConfirmTOTP(ctx context.Context, si *SignedIn, code string) error {
	u := si.Actor.User
	return a.db.Transact(ctx, func(tx *store.Tx) error {
		cred, err := tx.FindCredentialsByID(ctx, u.ID)
		if err != nil {
			return err
		}
		if cred.TOTPEnabled {
			return zhongshu.Errorf(zhongshu.CodePrecondition, "双因素登录已启用。")
		}
		if cred.TOTPSecret == "" {
			return zhongshu.Errorf(zhongshu.CodePrecondition, "请先生成二维码。")
		}
		step, ok := auth.CheckTOTP(cred.TOTPSecret, strings.TrimSpace(code), tx.Now(), 0)
		if !ok {
			return &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "动态口令不正确，请确认手机时间准确后重试。",
				Fields: map[string]string{"code": "动态口令不正确"}}
		}
		if err := tx.SetTOTP(ctx, u.ID, cred.TOTPSecret, true); err != nil {
			return err
		}
		if err := tx.SetTOTPLastStep(ctx, u.ID, step); err != nil {
			return err
		}
		if si.Session.Stage == zhongshu.StageEnrolTOTP {
			if err := tx.SetSessionStage(ctx, si.Session.ID, zhongshu.StageFull); err != nil {
				return err
			}
		}
		return a.record(ctx, tx, si.Actor, event{action: "totp.enable", objectType: "user", objectID: u.ID, detail: "启用双因素登录"})
	})
}

// NewAPIToken is a token just created; Token is shown once and never again.
type NewAPIToken struct {
	*store.APIToken
	Token string
}

// CreateAPIToken makes a personal API token for the actor valid for days
// (0 = 365).
func (a *App) CreateAPIToken(ctx context.Context, actor *zhongshu.Actor, name string, days int) (*NewAPIToken, error) {
	name = strings.TrimSpace(name)
	var p zhongshu.Problems
	if name == "" {
		p.Add("name", "请填写令牌用途")
	} else if utf8.RuneCountInString(name) > 40 {
		p.Add("name", "用途不能超过40个字")
	}
	if days < 0 || days > 365 {
		p.Add("days", "有效期须在1至365天之间")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if days == 0 {
		days = 365
	}
	if actor.IsSystem() {
		return nil, zhongshu.Errorf(zhongshu.CodeForbidden, "系统不能持有令牌。")
	}
	token := auth.NewToken(auth.APITokenPrefix)
	t := &store.APIToken{UserID: actor.ID(), Name: name, Prefix: token[:8],
		ExpiresAt: a.clock.Now().Add(time.Duration(days) * 24 * time.Hour)}
	err := a.db.Transact(ctx, func(tx *store.Tx) error {
		if err := tx.CreateAPIToken(ctx, t, auth.HashToken(token)); err != nil {
			return err
		}
		return a.record(ctx, tx, actor, event{action: "token.create", objectType: "api_token", objectID: t.ID, detail: "创建接口令牌：" + name})
	})
	if err != nil {
		return nil, err
	}
	return &NewAPIToken{APIToken: t, Token: token}, nil
}

// APITokens lists the actor's tokens.
func (a *App) APITokens(ctx context.Context, actor *zhongshu.Actor) ([]*store.APIToken, error) {
	var ts []*store.APIToken
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		ts, err = tx.FindAPITokens(ctx, actor.ID())
		return err
	})
	return ts, err
}

// RevokeAPIToken revokes one of the actor's tokens.
func (a *App) RevokeAPIToken(ctx context.Context, actor *zhongshu.Actor, id int64) error {
	return a.db.Transact(ctx, func(tx *store.Tx) error {
		if err := tx.RevokeAPIToken(ctx, actor.ID(), id); err != nil {
			return err
		}
		return a.record(ctx, tx, actor, event{action: "token.revoke", objectType: "api_token", objectID: id, detail: "吊销接口令牌"})
	})
}

// AuthenticateToken resolves a personal API token to its owner. What it
// reads is kept for a few seconds (token_cache.go); expiry and locks are
// checked on every request.
func (a *App) AuthenticateToken(ctx context.Context, token string, c Client) (*zhongshu.Actor, error) {
	bad := zhongshu.Errorf(zhongshu.CodeUnauthenticated, "接口令牌无效、已过期或已吊销。")
	if !auth.LooksLikeAPIToken(token) {
		return nil, bad
	}
	hash := auth.HashToken(token)
	now := a.clock.Now()
	e, touch, ok := a.tokens.get(hash, now)
	if ok && ((!e.expiresAt.IsZero() && !now.Before(e.expiresAt)) || e.user.Locked(now)) {
		return nil, bad
	}
	if !ok {
		gen := a.tokens.generation()
		err := a.db.View(ctx, func(tx *store.Tx) error {
			t, err := tx.FindAPITokenByHash(ctx, hash)
			if err != nil {
				return err
			}
			now := tx.Now()
			if !t.RevokedAt.IsZero() || (!t.ExpiresAt.IsZero() && !now.Before(t.ExpiresAt)) {
				return bad
			}
			u, err := tx.FindUserByID(ctx, t.UserID)
			if err != nil {
				return err
			}
			if u.Status != zhongshu.UserActive || u.Locked(now) {
				return bad
			}
			delegators, err := tx.DelegatorsOf(ctx, u.ID)
			if err != nil {
				return err
			}
			e = tokenEntry{tokenID: t.ID, expiresAt: t.ExpiresAt, user: *u, delegators: delegators, lastUsed: t.LastUsedAt}
			if touch = now.Sub(t.LastUsedAt) > time.Minute; touch {
				e.lastUsed = now
			}
			return nil
		})
		if zhongshu.ErrorCode(err) == zhongshu.CodeNotFound {
			return nil, bad
		}
		if err != nil {
			return nil, err
		}
		e.at = now // by the app's clock, as get compares
		a.tokens.put(hash, gen, e)
	}
	if touch {
		if err := a.db.Transact(ctx, func(tx *store.Tx) error { return tx.TouchAPIToken(ctx, e.tokenID) }); err != nil {
			return nil, err
		}
	}
	return e.actor(c.IP), nil
}
