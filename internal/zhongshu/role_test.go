package zhongshu_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

func TestCheckAdminSeparation(t *testing.T) {
	separated := &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "系统管理员、安全管理员、审计管理员须由不同人员担任（三员分立）。",
		Fields: map[string]string{"roles": "三员角色互斥，一人只能担任其中一个"}}
	mixed := &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "管理员账号不得同时担任业务角色。",
		Fields: map[string]string{"roles": "管理员角色不能与业务角色同时授予"}}
	tests := []struct {
		name  string
		roles []zhongshu.Role
		want  *zhongshu.Error
	}{
		{"no roles", nil, nil},
		{"business roles", []zhongshu.Role{zhongshu.RoleCountyHead, zhongshu.RoleOfficeDirector, zhongshu.RoleClerk}, nil},
		{"sys_admin alone", []zhongshu.Role{zhongshu.RoleSysAdmin}, nil},
		{"sec_admin alone", []zhongshu.Role{zhongshu.RoleSecAdmin}, nil},
		{"audit_admin alone", []zhongshu.Role{zhongshu.RoleAuditAdmin}, nil},
		{"sys and sec", []zhongshu.Role{zhongshu.RoleSysAdmin, zhongshu.RoleSecAdmin}, separated},
		{"sec and audit", []zhongshu.Role{zhongshu.RoleSecAdmin, zhongshu.RoleAuditAdmin}, separated},
		{"sys and audit", []zhongshu.Role{zhongshu.RoleAuditAdmin, zhongshu.RoleSysAdmin}, separated},
		{"all three", []zhongshu.Role{zhongshu.RoleSysAdmin, zhongshu.RoleSecAdmin, zhongshu.RoleAuditAdmin}, separated},
		{"two administrators and a business role", []zhongshu.Role{zhongshu.RoleClerk, zhongshu.RoleSysAdmin, zhongshu.RoleSecAdmin}, separated},
		{"sys_admin and clerk", []zhongshu.Role{zhongshu.RoleSysAdmin, zhongshu.RoleClerk}, mixed},
		{"office_director and sec_admin", []zhongshu.Role{zhongshu.RoleOfficeDirector, zhongshu.RoleSecAdmin}, mixed},
		{"audit_admin and county_head", []zhongshu.Role{zhongshu.RoleAuditAdmin, zhongshu.RoleCountyHead}, mixed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := zhongshu.CheckAdminSeparation(tt.roles)
			var got *zhongshu.Error
			if err != nil && !errors.As(err, &got) {
				t.Fatalf("CheckAdminSeparation(%q) = %#v, want a *zhongshu.Error", tt.roles, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("CheckAdminSeparation(%q) mismatch (-want +got):\n%s", tt.roles, diff)
			}
		})
	}
}

func TestRoles(t *testing.T) {
	tests := []struct {
		role   zhongshu.Role
		label  string
		admin  bool
		leader bool
	}{
		{zhongshu.RoleCountyHead, "县长", false, true},
		{zhongshu.RoleExecDeputyHead, "常务副县长", false, true},
		{zhongshu.RoleDeputyHead, "副县长", false, true},
		{zhongshu.RoleOfficeDirector, "办公室主任", false, false},
		{zhongshu.RoleOfficeDeputy, "办公室副主任", false, false},
		{zhongshu.RoleSectionChief, "科长", false, false},
		{zhongshu.RoleClerk, "科员", false, false},
		{zhongshu.RoleRegistrar, "文书/机要员", false, false},
		{zhongshu.RoleSupervisor, "督查员", false, false},
		{zhongshu.RoleInfoEditor, "信息编辑", false, false},
		{zhongshu.RoleUnitLiaison, "单位联络员", false, false},
		{zhongshu.RoleInfoOfficer, "信息员", false, false},
		{zhongshu.RoleDutyOfficer, "值班员", false, false},
		{zhongshu.RoleSysAdmin, "系统管理员", true, false},
		{zhongshu.RoleSecAdmin, "安全管理员", true, false},
		{zhongshu.RoleAuditAdmin, "审计管理员", true, false},
	}
	var order []zhongshu.Role
	for _, tt := range tests {
		order = append(order, tt.role)
		t.Run(string(tt.role), func(t *testing.T) {
			type props struct {
				Valid         bool
				Label         string
				Admin, Leader bool
			}
			want := props{true, tt.label, tt.admin, tt.leader}
			got := props{tt.role.Valid(), tt.role.Label(), tt.role.IsAdmin(), tt.role.IsLeader()}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
	if diff := cmp.Diff(order, zhongshu.AllRoles()); diff != "" {
		t.Errorf("AllRoles() mismatch (-want +got):\n%s", diff)
	}
	all := zhongshu.AllRoles()
	all[0] = "changed"
	if zhongshu.AllRoles()[0] != zhongshu.RoleCountyHead {
		t.Error("AllRoles returns a shared slice")
	}
	if r := zhongshu.Role("boss"); r.Valid() || r.Label() != "boss" || r.IsAdmin() || r.IsLeader() {
		t.Errorf("unknown role: Valid %v, Label %q, IsAdmin %v, IsLeader %v", r.Valid(), r.Label(), r.IsAdmin(), r.IsLeader())
	}
}
