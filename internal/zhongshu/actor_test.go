package zhongshu_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// allPerms is every permission in the order Permissions lists them.
var allPerms = []zhongshu.Permission{
	zhongshu.PermOrgView, zhongshu.PermDelegateOwn, zhongshu.PermOrgManage, zhongshu.PermPasswordReset,
	zhongshu.PermRoleAssign, zhongshu.PermSecurityManage, zhongshu.PermDelegateManage, zhongshu.PermAuditRead,
	zhongshu.PermLedgerAll, zhongshu.PermLedgerUnit, zhongshu.PermCalendarManage,
}

func TestNewActorPermissions(t *testing.T) {
	staff := []zhongshu.Permission{zhongshu.PermOrgView, zhongshu.PermDelegateOwn}
	ledger := []zhongshu.Permission{zhongshu.PermOrgView, zhongshu.PermDelegateOwn, zhongshu.PermLedgerAll}
	tests := []struct {
		name  string
		roles []zhongshu.Role
		want  []zhongshu.Permission
	}{
		{"no role yet", nil, staff},
		{"clerk", []zhongshu.Role{zhongshu.RoleClerk}, staff},
		{"clerk and registrar", []zhongshu.Role{zhongshu.RoleClerk, zhongshu.RoleRegistrar}, staff},
		{"county head", []zhongshu.Role{zhongshu.RoleCountyHead}, ledger},
		{"deputy head", []zhongshu.Role{zhongshu.RoleDeputyHead}, staff},
		{"section chief", []zhongshu.Role{zhongshu.RoleSectionChief},
			[]zhongshu.Permission{zhongshu.PermOrgView, zhongshu.PermDelegateOwn, zhongshu.PermLedgerUnit}},
		{"office deputy", []zhongshu.Role{zhongshu.RoleOfficeDeputy}, ledger},
		{"supervisor", []zhongshu.Role{zhongshu.RoleSupervisor}, ledger},
		{"office director", []zhongshu.Role{zhongshu.RoleOfficeDirector},
			[]zhongshu.Permission{zhongshu.PermOrgView, zhongshu.PermDelegateOwn, zhongshu.PermDelegateManage, zhongshu.PermLedgerAll}},
		{"office director and clerk, either order", []zhongshu.Role{zhongshu.RoleClerk, zhongshu.RoleOfficeDirector},
			[]zhongshu.Permission{zhongshu.PermOrgView, zhongshu.PermDelegateOwn, zhongshu.PermDelegateManage, zhongshu.PermLedgerAll}},
		{"sys_admin", []zhongshu.Role{zhongshu.RoleSysAdmin},
			[]zhongshu.Permission{zhongshu.PermOrgView, zhongshu.PermOrgManage, zhongshu.PermPasswordReset, zhongshu.PermCalendarManage}},
		{"sec_admin", []zhongshu.Role{zhongshu.RoleSecAdmin},
			[]zhongshu.Permission{zhongshu.PermOrgView, zhongshu.PermRoleAssign, zhongshu.PermSecurityManage, zhongshu.PermDelegateManage}},
		{"audit_admin", []zhongshu.Role{zhongshu.RoleAuditAdmin},
			[]zhongshu.Permission{zhongshu.PermAuditRead}},
		{"unknown role", []zhongshu.Role{"boss"}, staff},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := zhongshu.NewActor(&zhongshu.User{ID: 7, Name: "王芳", Roles: tt.roles}, "10.0.0.1", nil)
			if diff := cmp.Diff(tt.want, a.Permissions()); diff != "" {
				t.Errorf("Permissions() mismatch (-want +got):\n%s", diff)
			}
			held := map[zhongshu.Permission]bool{}
			for _, p := range tt.want {
				held[p] = true
			}
			for _, p := range allPerms {
				if got := a.Can(p); got != held[p] {
					t.Errorf("Can(%q) = %v, want %v", p, got, held[p])
				}
				err := a.Require(p)
				if held[p] && err != nil {
					t.Errorf("Require(%q) = %v, want nil", p, err)
				}
				if !held[p] && zhongshu.ErrorCode(err) != zhongshu.CodeForbidden {
					t.Errorf("Require(%q) = %v, want a forbidden error", p, err)
				}
			}
			if a.IsSystem() {
				t.Error("IsSystem() = true for a user")
			}
		})
	}
}

func TestActorPermissionsStable(t *testing.T) {
	u := &zhongshu.User{ID: 7, Roles: []zhongshu.Role{zhongshu.RoleOfficeDirector, zhongshu.RoleClerk}}
	first := zhongshu.NewActor(u, "", nil).Permissions()
	for i := 0; i < 50; i++ {
		got := zhongshu.NewActor(u, "", nil).Permissions()
		if diff := cmp.Diff(first, got); diff != "" {
			t.Fatalf("Permissions() differs between calls (-first +got):\n%s", diff)
		}
	}
}

func TestSystemActor(t *testing.T) {
	a := zhongshu.SystemActor()
	if diff := cmp.Diff(allPerms, a.Permissions()); diff != "" {
		t.Errorf("Permissions() mismatch (-want +got):\n%s", diff)
	}
	for _, p := range allPerms {
		if err := a.Require(p); err != nil {
			t.Errorf("Require(%q) = %v, want nil", p, err)
		}
	}
	if !a.IsSystem() || a.ID() != 0 {
		t.Errorf("IsSystem() = %v, ID() = %d; want true, 0", a.IsSystem(), a.ID())
	}
	if diff := cmp.Diff([]int64{0}, a.OwnerIDs()); diff != "" {
		t.Errorf("OwnerIDs() mismatch (-want +got):\n%s", diff)
	}
}

func TestNilActorCannot(t *testing.T) {
	var a *zhongshu.Actor
	for _, p := range allPerms {
		if a.Can(p) {
			t.Errorf("nil actor Can(%q) = true", p)
		}
		if zhongshu.ErrorCode(a.Require(p)) != zhongshu.CodeForbidden {
			t.Errorf("nil actor Require(%q) is not forbidden", p)
		}
	}
}

func TestActorOwnerIDs(t *testing.T) {
	tests := []struct {
		name       string
		delegators []int64
		want       []int64
	}{
		{"no delegations", nil, []int64{7}},
		{"one delegator", []int64{3}, []int64{7, 3}},
		{"two delegators", []int64{3, 12}, []int64{7, 3, 12}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := zhongshu.NewActor(&zhongshu.User{ID: 7, Roles: []zhongshu.Role{zhongshu.RoleClerk}}, "10.0.0.1", tt.delegators)
			if diff := cmp.Diff(tt.want, a.OwnerIDs()); diff != "" {
				t.Errorf("OwnerIDs() mismatch (-want +got):\n%s", diff)
			}
			if a.ID() != 7 || a.ClientIP != "10.0.0.1" {
				t.Errorf("ID() = %d, ClientIP = %q; want 7, 10.0.0.1", a.ID(), a.ClientIP)
			}
			// The result is the actor's own: changing it changes nothing.
			ids := a.OwnerIDs()
			ids[0] = 99
			if got := a.OwnerIDs()[0]; got != 7 {
				t.Errorf("OwnerIDs()[0] = %d after changing a returned slice, want 7", got)
			}
		})
	}
}

func TestRolePermissionsCopy(t *testing.T) {
	ps := zhongshu.RolePermissions(zhongshu.RoleSysAdmin)
	ps[0] = zhongshu.PermAuditRead
	a := zhongshu.NewActor(&zhongshu.User{ID: 1, Roles: []zhongshu.Role{zhongshu.RoleSysAdmin}}, "", nil)
	if a.Can(zhongshu.PermAuditRead) {
		t.Error("changing the result of RolePermissions granted sys_admin audit.read")
	}
}
