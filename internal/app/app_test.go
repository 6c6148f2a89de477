package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/audit"
	"github.com/zhongshu-oa/zhongshu/internal/auth"
	"github.com/zhongshu-oa/zhongshu/internal/config"
	"github.com/zhongshu-oa/zhongshu/internal/demo"
	"github.com/zhongshu-oa/zhongshu/internal/orgimport"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/store/storetest"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

var client = app.Client{IP: "10.1.2.3", UserAgent: "test"}

type fixture struct {
	t     testing.TB
	ctx   context.Context
	db    *store.DB
	app   *app.App
	clock *zhongshu.FixedClock
}

// newFixture opens engine with the demo county loaded and a fixed clock.
func newFixture(t testing.TB, engine string, demoMode bool) *fixture {
	t.Helper()
	clock := &zhongshu.FixedClock{T: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}
	db := storetest.Open(t, engine, clock)
	cfg := config.Default()
	cfg.Demo = demoMode
	cfg.DataDir = t.TempDir() // attachments
	a := app.New(db, cfg, clock, nil)
	if err := a.LoadDemo(context.Background(), demo.County()); err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, ctx: context.Background(), db: db, app: a, clock: clock}
}

func (f *fixture) actor(username string) *zhongshu.Actor {
	f.t.Helper()
	a, err := f.app.ActorFor(f.ctx, username)
	if err != nil {
		f.t.Fatal(err)
	}
	return a
}

// lastAudit returns the newest audit entry.
func (f *fixture) lastAudit() *zhongshu.AuditEntry {
	f.t.Helper()
	var es []*zhongshu.AuditEntry
	err := f.db.View(f.ctx, func(tx *store.Tx) (err error) {
		es, _, err = tx.FindAuditEntries(f.ctx, zhongshu.AuditFilter{Limit: 1})
		return err
	})
	if err != nil || len(es) == 0 {
		f.t.Fatalf("no audit entry: %v", err)
	}
	return es[0]
}

func (f *fixture) auditCount() int {
	var n int
	_ = f.db.View(f.ctx, func(tx *store.Tx) (err error) {
		_, n, err = tx.FindAuditEntries(f.ctx, zhongshu.AuditFilter{Limit: 1})
		return err
	})
	return n
}

func TestLogin_LockoutAfterFailures(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		for i := 1; i <= 4; i++ {
			_, err := f.app.Login(f.ctx, "wenshu", "wrong", client)
			if zhongshu.ErrorCode(err) != zhongshu.CodeUnauthenticated {
				t.Fatalf("attempt %d: %v", i, err)
			}
			if e := f.lastAudit(); e.Action != "login.failed" || e.Success {
				t.Errorf("attempt %d audited as %s/%v", i, e.Action, e.Success)
			}
		}
		_, err := f.app.Login(f.ctx, "wenshu", "wrong", client)
		if !strings.Contains(zhongshu.ErrorMessage(err), "锁定") {
			t.Fatalf("5th failure: %v, want a lock message", err)
		}
		// Even the right password is refused while locked.
		if _, err := f.app.Login(f.ctx, "wenshu", app.DemoPassword, client); !strings.Contains(zhongshu.ErrorMessage(err), "锁定") {
			t.Fatalf("locked login: %v", err)
		}
		// After 15 minutes it works again.
		f.clock.Advance(16 * time.Minute)
		res, err := f.app.Login(f.ctx, "wenshu", app.DemoPassword, client)
		if err != nil || res.Stage != zhongshu.StageFull {
			t.Fatalf("login after lock expired: %+v, %v", res, err)
		}
	})
}

// forEachEngine runs fn as a subtest per engine; fn opens its own database
// so that it can give it a fixed clock.
func forEachEngine(t *testing.T, fn func(t *testing.T, engine string)) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) { fn(t, engine) })
	}
}

func TestLogin_UnlockBySecurityAdmin(t *testing.T) {
	f := newFixture(t, "sqlite", true)
	for i := 0; i < 5; i++ {
		_, _ = f.app.Login(f.ctx, "duchayuan", "wrong", client)
	}
	target := f.actor("duchayuan")
	if err := f.app.Unlock(f.ctx, f.actor("sysadmin"), target.ID()); zhongshu.ErrorCode(err) != zhongshu.CodeForbidden {
		t.Errorf("sysadmin unlock: %v, want forbidden (三员分立)", err)
	}
	if err := f.app.Unlock(f.ctx, f.actor("secadmin"), target.ID()); err != nil {
		t.Fatal(err)
	}
	if _, err := f.app.Login(f.ctx, "duchayuan", app.DemoPassword, client); err != nil {
		t.Errorf("login after unlock: %v", err)
	}
}

func TestLogin_DemoPasswordOnlyInDemoMode(t *testing.T) {
	f := newFixture(t, "sqlite", false)
	_, err := f.app.Login(f.ctx, "xianzhang", app.DemoPassword, client)
	if !strings.Contains(zhongshu.ErrorMessage(err), "演示") {
		t.Errorf("demo account outside demo mode: %v", err)
	}
}

func TestLogin_UnknownUserAndEmptyFields(t *testing.T) {
	f := newFixture(t, "sqlite", true)
	if _, err := f.app.Login(f.ctx, "nobody", "x", client); zhongshu.ErrorMessage(err) != "用户名或密码错误。" {
		t.Errorf("unknown user: %v", err)
	}
	_, err := f.app.Login(f.ctx, "", "", client)
	want := map[string]string{"username": "请输入用户名", "password": "请输入密码"}
	if diff := cmp.Diff(want, zhongshu.ErrorFields(err)); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
}

func TestSession_IdleTimeout(t *testing.T) {
	f := newFixture(t, "sqlite", true)
	res, err := f.app.Login(f.ctx, "zhuren", app.DemoPassword, client)
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(20 * time.Minute)
	if _, err := f.app.Authenticate(f.ctx, res.Token, client); err != nil {
		t.Fatalf("active session refused: %v", err)
	}
	f.clock.Advance(31 * time.Minute)
	_, err = f.app.Authenticate(f.ctx, res.Token, client)
	if !strings.Contains(zhongshu.ErrorMessage(err), "长时间未操作") {
		t.Fatalf("idle session: %v", err)
	}
	if _, err := f.app.Authenticate(f.ctx, res.Token, client); zhongshu.ErrorCode(err) != zhongshu.CodeUnauthenticated {
		t.Errorf("expired session still works: %v", err)
	}
}

func TestFirstRun_AdminsMustChangePasswordAndEnrolTOTP(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		clock := &zhongshu.FixedClock{T: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}
		db := storetest.Open(t, engine, clock)
		a := app.New(db, config.Default(), clock, nil)
		accounts, err := a.InitAdmins(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(accounts) != 3 {
			t.Fatalf("got %d accounts", len(accounts))
		}
		if _, err := a.InitAdmins(ctx); zhongshu.ErrorCode(err) != zhongshu.CodePrecondition {
			t.Errorf("second InitAdmins: %v", err)
		}
		sys := accounts[0]
		res, err := a.Login(ctx, sys.Username, sys.Password, client)
		if err != nil || res.Stage != zhongshu.StageChangePassword {
			t.Fatalf("first login: %+v, %v", res, err)
		}
		si, err := a.Authenticate(ctx, res.Token, client)
		if err != nil {
			t.Fatal(err)
		}
		// Policy: too short and too simple; then the same as the old one.
		err = a.ChangePassword(ctx, si, sys.Password, "abc", "abc")
		if zhongshu.ErrorFields(err)["new_password"] == "" {
			t.Errorf("weak password accepted: %v", err)
		}
		err = a.ChangePassword(ctx, si, sys.Password, sys.Password, sys.Password)
		if zhongshu.ErrorFields(err)["new_password"] == "" {
			t.Errorf("unchanged password accepted: %v", err)
		}
		if err := a.ChangePassword(ctx, si, sys.Password, "Qingchuan#2026a", "Qingchuan#2026a"); err != nil {
			t.Fatal(err)
		}
		si, _ = a.Authenticate(ctx, res.Token, client)
		if si.Session.Stage != zhongshu.StageEnrolTOTP {
			t.Fatalf("stage after change = %s, want enrol_totp", si.Session.Stage)
		}
		en, err := a.BeginTOTP(ctx, si)
		if err != nil {
			t.Fatal(err)
		}
		if err := a.ConfirmTOTP(ctx, si, "000000"); zhongshu.ErrorCode(err) != zhongshu.CodeInvalid {
			t.Errorf("wrong code: %v", err)
		}
		code, _ := auth.TOTPCode(en.Secret, clock.Now())
		if err := a.ConfirmTOTP(ctx, si, code); err != nil {
			t.Fatal(err)
		}
		si, _ = a.Authenticate(ctx, res.Token, client)
		if si.Session.Stage != zhongshu.StageFull {
			t.Fatalf("stage after enrol = %s", si.Session.Stage)
		}
		// Next sign-in asks for a code, and a code is accepted only once.
		clock.Advance(2 * time.Minute)
		res, err = a.Login(ctx, sys.Username, "Qingchuan#2026a", client)
		if err != nil || res.Stage != zhongshu.StageTOTP {
			t.Fatalf("second login: %+v, %v", res, err)
		}
		si, _ = a.Authenticate(ctx, res.Token, client)
		code, _ = auth.TOTPCode(en.Secret, clock.Now())
		stage, err := a.VerifySecondFactor(ctx, si, code)
		if err != nil || stage != zhongshu.StageFull {
			t.Fatalf("second factor: %s, %v", stage, err)
		}
		res2, _ := a.Login(ctx, sys.Username, "Qingchuan#2026a", client)
		si2, _ := a.Authenticate(ctx, res2.Token, client)
		if _, err := a.VerifySecondFactor(ctx, si2, code); zhongshu.ErrorCode(err) != zhongshu.CodeInvalid {
			t.Errorf("replayed code: %v, want refused", err)
		}
		if r, err := audit.Verify(ctx, db); err != nil || r.Problem != nil {
			t.Errorf("audit chain after sign-ins: %+v, %v", r, err)
		}
	})
}

func TestCreateUnit_BadInputChangesNothing(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		sys := f.actor("sysadmin")
		_, before, _ := f.app.FindUnits(f.ctx, sys, zhongshu.UnitFilter{})
		audits := f.auditCount()
		tests := []struct {
			name  string
			unit  zhongshu.Unit
			field string
		}{
			{"empty name", zhongshu.Unit{Type: zhongshu.UnitDepartment}, "full_name"},
			{"bad type", zhongshu.Unit{Type: "bureau", FullName: "青川县新局"}, "type"},
			{"section without parent", zhongshu.Unit{Type: zhongshu.UnitSection, FullName: "新科"}, "parent_id"},
			{"missing parent", zhongshu.Unit{Type: zhongshu.UnitDepartment, FullName: "青川县新局", ParentID: 99999}, "parent_id"},
			{"duplicate", zhongshu.Unit{Type: zhongshu.UnitDepartment, FullName: "青川县人民政府办公室"}, "full_name"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				u := tt.unit
				err := f.app.CreateUnit(f.ctx, sys, &u)
				if zhongshu.ErrorFields(err)[tt.field] == "" {
					t.Errorf("err = %v, want a message for %s", err, tt.field)
				}
			})
		}
		_, after, _ := f.app.FindUnits(f.ctx, sys, zhongshu.UnitFilter{})
		if after != before || f.auditCount() != audits {
			t.Errorf("bad input changed something: units %d→%d, audit %d→%d", before, after, audits, f.auditCount())
		}
		u := &zhongshu.Unit{Type: zhongshu.UnitDepartment, FullName: "青川县大数据中心", ParentID: 1, Active: true}
		if err := f.app.CreateUnit(f.ctx, sys, u); err != nil {
			t.Fatal(err)
		}
		if e := f.lastAudit(); e.Action != "unit.create" || e.ObjectID == "" || e.ActorName == "" {
			t.Errorf("audit entry = %+v", e)
		}
	})
}

func TestUpdateUnit_NoCycles(t *testing.T) {
	f := newFixture(t, "sqlite", true)
	sys := f.actor("sysadmin")
	root, _ := f.app.FindUnitByID(f.ctx, sys, 1)
	office, _ := f.app.FindUnitByID(f.ctx, sys, 2)
	if office.ParentID != root.ID {
		t.Fatalf("demo order changed: office parent %d", office.ParentID)
	}
	root.ParentID = office.ID
	if err := f.app.UpdateUnit(f.ctx, sys, root); zhongshu.ErrorFields(err)["parent_id"] == "" {
		t.Errorf("cycle accepted: %v", err)
	}
}

func TestRoles_Separation(t *testing.T) {
	f := newFixture(t, "sqlite", true)
	sec := f.actor("secadmin")
	victim := f.actor("wenshu").ID()
	tests := []struct {
		name  string
		actor *zhongshu.Actor
		user  int64
		roles []zhongshu.Role
		code  zhongshu.Code
	}{
		{"two admin roles", sec, victim, []zhongshu.Role{zhongshu.RoleSysAdmin, zhongshu.RoleAuditAdmin}, zhongshu.CodeInvalid},
		{"admin and business", sec, victim, []zhongshu.Role{zhongshu.RoleSysAdmin, zhongshu.RoleClerk}, zhongshu.CodeInvalid},
		{"own roles", sec, sec.ID(), []zhongshu.Role{zhongshu.RoleSecAdmin}, zhongshu.CodeForbidden},
		{"system admin cannot grant", f.actor("sysadmin"), victim, []zhongshu.Role{zhongshu.RoleClerk}, zhongshu.CodeForbidden},
		{"unknown role", sec, victim, []zhongshu.Role{"emperor"}, zhongshu.CodeInvalid},
		{"ok", sec, victim, []zhongshu.Role{zhongshu.RoleClerk, zhongshu.RoleInfoOfficer}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := f.app.SetRoles(f.ctx, tt.actor, tt.user, tt.roles)
			if got := zhongshu.ErrorCode(err); got != tt.code {
				t.Errorf("code = %q (%v), want %q", got, err, tt.code)
			}
		})
	}
	u, _ := f.app.FindUserByID(f.ctx, sec, victim)
	if diff := cmp.Diff([]zhongshu.Role{zhongshu.RoleClerk, zhongshu.RoleInfoOfficer}, u.Roles); diff != "" {
		t.Errorf("roles (-want +got):\n%s", diff)
	}
	if e := f.lastAudit(); e.Action != "user.roles" || e.FromState == e.ToState {
		t.Errorf("audit = %+v", e)
	}
}

func TestABPartner_Symmetric(t *testing.T) {
	f := newFixture(t, "sqlite", true)
	sys := f.actor("sysadmin")
	xz, fx := f.actor("xianzhang").User, f.actor("fuxianzhang").User
	oldXZ, oldFX := xz.ABPartner, fx.ABPartner
	if err := f.app.SetABPartner(f.ctx, sys, xz.ID, fx.ID); err != nil {
		t.Fatal(err)
	}
	get := func(id int64) int64 { u, _ := f.app.FindUserByID(f.ctx, sys, id); return u.ABPartner }
	if get(xz.ID) != fx.ID || get(fx.ID) != xz.ID || get(oldXZ) != 0 || get(oldFX) != 0 {
		t.Errorf("pairs: xz→%d fx→%d, old partners %d→%d %d→%d", get(xz.ID), get(fx.ID), oldXZ, get(oldXZ), oldFX, get(oldFX))
	}
}

func TestDelegation_DelegateSeesDelegatorsWork(t *testing.T) {
	f := newFixture(t, "sqlite", true)
	xz, fx := f.actor("xianzhang"), f.actor("fuxianzhang")
	err := f.db.Transact(f.ctx, func(tx *store.Tx) error {
		return tx.AddWorkItem(f.ctx, &zhongshu.WorkItem{OwnerID: xz.ID(), Kind: zhongshu.WorkTodo, Module: "receipt",
			RefType: "doc", RefID: 7, Title: "关于冬季森林防火工作的请示", Step: "批示", Urgency: zhongshu.UrgencyUrgent})
	})
	if err != nil {
		t.Fatal(err)
	}
	bad := &zhongshu.Delegation{FromUserID: xz.ID(), ToUserID: fx.ID(), StartsAt: f.clock.Now(), EndsAt: f.clock.Now().Add(-time.Hour), Reason: ""}
	err = f.app.CreateDelegation(f.ctx, xz, bad)
	if fields := zhongshu.ErrorFields(err); fields["ends_at"] == "" || fields["reason"] == "" {
		t.Errorf("bad delegation: %v", err)
	}
	d := &zhongshu.Delegation{FromUserID: xz.ID(), ToUserID: fx.ID(), StartsAt: f.clock.Now(), EndsAt: f.clock.Now().Add(72 * time.Hour), Reason: "赴省参加会议"}
	if err := f.app.CreateDelegation(f.ctx, xz, d); err != nil {
		t.Fatal(err)
	}
	if err := f.app.CreateDelegation(f.ctx, f.actor("wenshu"), &zhongshu.Delegation{FromUserID: xz.ID(), ToUserID: fx.ID(),
		StartsAt: f.clock.Now(), EndsAt: f.clock.Now().Add(time.Hour), Reason: "代填"}); zhongshu.ErrorCode(err) != zhongshu.CodeForbidden {
		t.Errorf("clerk delegating for the county head: %v", err)
	}
	res, _ := f.app.Login(f.ctx, "fuxianzhang", app.DemoPassword, client)
	si, err := f.app.Authenticate(f.ctx, res.Token, client)
	if err != nil {
		t.Fatal(err)
	}
	wl, err := f.app.Work(f.ctx, si.Actor, zhongshu.WorkTodo, false, app.Page{})
	if err != nil || wl.Total != 1 || wl.Items[0].Title != "关于冬季森林防火工作的请示" {
		t.Fatalf("delegate's work: %+v, %v", wl, err)
	}
	msgs, _ := f.app.Notifications(f.ctx, fx, 10)
	if len(msgs) == 0 || !strings.Contains(msgs[0].Subject, "委托") {
		t.Errorf("delegate not notified: %+v", msgs)
	}
	// Revoked or expired, the work goes back.
	f.clock.Advance(73 * time.Hour)
	si, _ = f.app.Authenticate(f.ctx, mustLogin(t, f, "fuxianzhang"), client)
	if len(si.Actor.Delegators) != 0 {
		t.Errorf("expired delegation still in force: %v", si.Actor.Delegators)
	}
}

func mustLogin(t *testing.T, f *fixture, username string) string {
	t.Helper()
	res, err := f.app.Login(f.ctx, username, app.DemoPassword, client)
	if err != nil {
		t.Fatal(err)
	}
	return res.Token
}

func TestImport_InvalidRowImportsNothing(t *testing.T) {
	f := newFixture(t, "sqlite", true)
	sys := f.actor("sysadmin")
	_, before, _ := f.app.FindUnits(f.ctx, sys, zhongshu.UnitFilter{})
	csv := "单位全称,简称,单位类型,上级单位\n青川县档案馆,县档案馆,县政府部门,青川县人民政府\n,无名,县政府部门,青川县人民政府\n"
	res, err := f.app.Import(f.ctx, sys, orgimport.KindUnits, "units.csv", strings.NewReader(csv), false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported || len(res.Report.Errors) == 0 || res.Report.Errors[0].Line != 3 {
		t.Fatalf("report = %+v", res.Report)
	}
	_, after, _ := f.app.FindUnits(f.ctx, sys, zhongshu.UnitFilter{})
	if after != before {
		t.Fatalf("invalid file imported %d units", after-before)
	}
	ok := "单位全称,简称,单位类型,上级单位\n青川县档案馆,县档案馆,县政府部门,青川县人民政府\n青川县档案馆业务科,,内设科室,青川县档案馆\n"
	res, err = f.app.Import(f.ctx, sys, orgimport.KindUnits, "units.csv", strings.NewReader(ok), false)
	if err != nil || !res.Imported {
		t.Fatalf("valid import: %+v, %v", res, err)
	}
	_, after, _ = f.app.FindUnits(f.ctx, sys, zhongshu.UnitFilter{})
	if after != before+2 {
		t.Errorf("imported %d units, want 2", after-before)
	}
	if e := f.lastAudit(); e.Action != "org.import" {
		t.Errorf("audit = %s", e.Action)
	}
}

func TestAudit_OnlyAuditAdminReads(t *testing.T) {
	f := newFixture(t, "sqlite", true)
	for _, u := range []string{"sysadmin", "secadmin", "zhuren", "xianzhang"} {
		if _, _, err := f.app.FindAudit(f.ctx, f.actor(u), zhongshu.AuditFilter{}); zhongshu.ErrorCode(err) != zhongshu.CodeForbidden {
			t.Errorf("%s reads the audit log: %v", u, err)
		}
	}
	es, total, err := f.app.FindAudit(f.ctx, f.actor("auditadmin"), zhongshu.AuditFilter{})
	if err != nil || total == 0 || es[len(es)-1].Action != "demo.load" {
		t.Fatalf("audit admin: %d entries, %v", total, err)
	}
}
