package app_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// TestAuthenticateToken_CacheRefusesPromptly checks that the token cache
// never lets a change that should end or alter a token's access wait: each
// case authenticates its token (filling the cache), makes the change, and
// authenticates again at once.
func TestAuthenticateToken_CacheRefusesPromptly(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		sys := f.actor("sysadmin")
		cases := []struct {
			name   string
			user   string
			change func(tok *app.NewAPIToken) error
			// check judges the second authentication.
			check func(a *zhongshu.Actor, err error) error
		}{
			{"revoked", "wenshu", func(tok *app.NewAPIToken) error {
				return f.app.RevokeAPIToken(f.ctx, f.actor("wenshu"), tok.ID)
			}, refused},
			{"account disabled", "zhuren", func(*app.NewAPIToken) error {
				u, err := f.app.FindUserByID(f.ctx, sys, f.actor("zhuren").ID())
				if err != nil {
					return err
				}
				u.Status = zhongshu.UserDisabled
				return f.app.UpdateUser(f.ctx, sys, u)
			}, refused},
			{"account locked", "czj.lly", func(*app.NewAPIToken) error {
				for range 5 {
					_, _ = f.app.Login(f.ctx, "czj.lly", "wrong", client)
				}
				return nil
			}, refused},
			{"roles changed", "fgj.lly", func(*app.NewAPIToken) error {
				return f.app.SetRoles(f.ctx, f.actor("secadmin"), f.actor("fgj.lly").ID(), []zhongshu.Role{zhongshu.RoleClerk})
			}, func(a *zhongshu.Actor, err error) error {
				if err != nil {
					return err
				}
				if diff := cmp.Diff([]zhongshu.Role{zhongshu.RoleClerk}, a.User.Roles); diff != "" {
					return fmt.Errorf("roles (-want +got):\n%s", diff)
				}
				return nil
			}},
			{"delegation created", "fuxianzhang", func(*app.NewAPIToken) error {
				return f.app.CreateDelegation(f.ctx, f.actor("xianzhang"), &zhongshu.Delegation{FromUserID: f.actor("xianzhang").ID(),
					ToUserID: f.actor("fuxianzhang").ID(), StartsAt: f.clock.Now(), EndsAt: f.clock.Now().Add(time.Hour), Reason: "外出开会"})
			}, func(a *zhongshu.Actor, err error) error {
				if err != nil {
					return err
				}
				if want := []int64{f.actor("xianzhang").ID()}; !cmp.Equal(a.Delegators, want) {
					return fmt.Errorf("delegators %v, want %v", a.Delegators, want)
				}
				return nil
			}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				tok, err := f.app.CreateAPIToken(f.ctx, f.actor(c.user), "测试", 30)
				if err != nil {
					t.Fatal(err)
				}
				for range 2 { // the second is served from the cache
					if _, err := f.app.AuthenticateToken(f.ctx, tok.Token, client); err != nil {
						t.Fatalf("before the change: %v", err)
					}
				}
				if err := c.change(tok); err != nil {
					t.Fatal(err)
				}
				if err := c.check(f.app.AuthenticateToken(f.ctx, tok.Token, client)); err != nil {
					t.Error(err)
				}
			})
		}
	})
}

// TestAuthenticateToken_CacheExpiry checks what time does to a cached
// token: it is refused at its expiry even if cached a moment before, and a
// change made behind the application's back is seen within 5 s.
func TestAuthenticateToken_CacheExpiry(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		tok, err := f.app.CreateAPIToken(f.ctx, f.actor("wenshu"), "测试", 1)
		if err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(tok.ExpiresAt.Sub(f.clock.Now()) - 2*time.Second)
		a1, err := f.app.AuthenticateToken(f.ctx, tok.Token, client)
		if err != nil {
			t.Fatalf("2 s before expiry: %v", err)
		}
		// Every request gets its own actor, even from the cache.
		a1.User.Name, a1.Delegators = "改过", append(a1.Delegators, 99)
		f.clock.Advance(time.Second)
		a2, err := f.app.AuthenticateToken(f.ctx, tok.Token, client)
		if err != nil {
			t.Fatalf("1 s before expiry: %v", err)
		}
		if a2 == a1 || a2.User == a1.User || a2.User.Name == "改过" || len(a2.Delegators) != 0 || a2.ClientIP != client.IP {
			t.Errorf("cached actor shared or wrong: %+v", a2)
		}
		f.clock.Advance(time.Second)
		if err := refused(f.app.AuthenticateToken(f.ctx, tok.Token, client)); err != nil {
			t.Errorf("at expiry: %v", err)
		}

		// An unaudited change (another process, a database edit) is seen
		// when the cache entry lapses, 5 s on.
		tok, err = f.app.CreateAPIToken(f.ctx, f.actor("zhuren"), "测试", 30)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.app.AuthenticateToken(f.ctx, tok.Token, client); err != nil {
			t.Fatal(err)
		}
		if err := f.db.ExecForTest(f.ctx, `UPDATE users SET status = 'disabled' WHERE username = 'zhuren'`); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(4 * time.Second)
		if _, err := f.app.AuthenticateToken(f.ctx, tok.Token, client); err != nil {
			t.Errorf("within 5 s of caching: %v, want the cached answer", err)
		}
		f.clock.Advance(time.Second)
		if err := refused(f.app.AuthenticateToken(f.ctx, tok.Token, client)); err != nil {
			t.Errorf("5 s after caching: %v", err)
		}
	})
}

// refused checks that an authentication was refused as unauthenticated.
func refused(a *zhongshu.Actor, err error) error {
	if zhongshu.ErrorCode(err) != zhongshu.CodeUnauthenticated {
		return fmt.Errorf("authenticated %v (%v), want refused", a != nil, err)
	}
	return nil
}
