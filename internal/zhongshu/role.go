package zhongshu

// Role is a duty a person holds in the office's work (DOMAIN.md §1.2).
type Role string

// Roles. The three administrators (三员) are mutually exclusive.
const (
	RoleCountyHead     Role = "county_head"      // 县长
	RoleExecDeputyHead Role = "exec_deputy_head" // 常务副县长
	RoleDeputyHead     Role = "deputy_head"      // 副县长
	RoleOfficeDirector Role = "office_director"  // 办公室主任
	RoleOfficeDeputy   Role = "office_deputy"    // 办公室副主任
	RoleSectionChief   Role = "section_chief"    // 科长
	RoleClerk          Role = "clerk"            // 科员
	RoleRegistrar      Role = "registrar"        // 文书/机要员
	RoleSupervisor     Role = "supervisor"       // 督查员
	RoleInfoEditor     Role = "info_editor"      // 信息编辑
	RoleUnitLiaison    Role = "unit_liaison"     // 单位联络员
	RoleInfoOfficer    Role = "info_officer"     // 信息员
	RoleDutyOfficer    Role = "duty_officer"     // 值班员
	RoleSysAdmin       Role = "sys_admin"        // 系统管理员
	RoleSecAdmin       Role = "sec_admin"        // 安全管理员
	RoleAuditAdmin     Role = "audit_admin"      // 审计管理员
)

// Roles lists every role in display order.
var roleOrder = []Role{
	RoleCountyHead, RoleExecDeputyHead, RoleDeputyHead, RoleOfficeDirector, RoleOfficeDeputy,
	RoleSectionChief, RoleClerk, RoleRegistrar, RoleSupervisor, RoleInfoEditor,
	RoleUnitLiaison, RoleInfoOfficer, RoleDutyOfficer, RoleSysAdmin, RoleSecAdmin, RoleAuditAdmin,
}

var roleLabels = map[Role]string{
	RoleCountyHead: "县长", RoleExecDeputyHead: "常务副县长", RoleDeputyHead: "副县长",
	RoleOfficeDirector: "办公室主任", RoleOfficeDeputy: "办公室副主任", RoleSectionChief: "科长",
	RoleClerk: "科员", RoleRegistrar: "文书/机要员", RoleSupervisor: "督查员", RoleInfoEditor: "信息编辑",
	RoleUnitLiaison: "单位联络员", RoleInfoOfficer: "信息员", RoleDutyOfficer: "值班员",
	RoleSysAdmin: "系统管理员", RoleSecAdmin: "安全管理员", RoleAuditAdmin: "审计管理员",
}

// AllRoles returns every role in display order.
func AllRoles() []Role { return append([]Role(nil), roleOrder...) }

// Label is the role's Chinese name.
func (r Role) Label() string {
	if l, ok := roleLabels[r]; ok {
		return l
	}
	return string(r)
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { _, ok := roleLabels[r]; return ok }

// IsAdmin reports whether r is one of the three separated administrators.
func (r Role) IsAdmin() bool {
	return r == RoleSysAdmin || r == RoleSecAdmin || r == RoleAuditAdmin
}

// IsLeader reports whether r is a county leader (县长, 常务副县长, 副县长).
func (r Role) IsLeader() bool {
	return r == RoleCountyHead || r == RoleExecDeputyHead || r == RoleDeputyHead
}

// Permission is something an actor may do. Roles grant permissions; handlers
// and use cases check permissions, never roles.
type Permission string

// Permissions.
const (
	PermOrgManage      Permission = "org.manage"      // units, people, posts, AB角, import (系统管理员)
	PermPasswordReset  Permission = "user.reset"      // reset another user's password (系统管理员)
	PermRoleAssign     Permission = "role.assign"     // grant and revoke roles (安全管理员)
	PermSecurityManage Permission = "security.manage" // unlock, reset 2FA, end sessions (安全管理员)
	PermDelegateManage Permission = "delegation.all"  // see and revoke anyone's 委托 (安全管理员, 办公室主任)
	PermAuditRead      Permission = "audit.read"      // read and export the audit log (审计管理员)
	PermOrgView        Permission = "org.view"        // see the organisation directory (everyone with a business role)
	PermDelegateOwn    Permission = "delegation.own"  // delegate one's own work (business roles)
	PermLedgerAll      Permission = "ledger.all"      // see the whole 压/误/漏 ledger (office leadership, 督查员)
	PermLedgerUnit     Permission = "ledger.unit"     // see the ledger of one's own unit (section chiefs)
	PermCalendarManage Permission = "calendar.manage" // load holiday notices, see jobs and deliveries (系统管理员)
)

var rolePermissions = map[Role][]Permission{
	RoleSysAdmin:       {PermOrgManage, PermPasswordReset, PermOrgView, PermCalendarManage},
	RoleSecAdmin:       {PermRoleAssign, PermSecurityManage, PermDelegateManage, PermOrgView},
	RoleAuditAdmin:     {PermAuditRead},
	RoleOfficeDirector: {PermDelegateManage, PermLedgerAll},
	RoleOfficeDeputy:   {PermLedgerAll},
	RoleSupervisor:     {PermLedgerAll},
	RoleCountyHead:     {PermLedgerAll},
	RoleExecDeputyHead: {PermLedgerAll},
	RoleSectionChief:   {PermLedgerUnit},
}

// RolePermissions returns the permissions granted by r beyond those every
// non-administrator has (PermOrgView, PermDelegateOwn; see NewActor).
func RolePermissions(r Role) []Permission {
	return append([]Permission(nil), rolePermissions[r]...)
}

// CheckAdminSeparation returns an error when roles hold more than one of the
// three separated administrator roles (三员分立, DOMAIN.md §10.2), or mixes an
// administrator role with business roles.
func CheckAdminSeparation(roles []Role) error {
	var admins, business int
	for _, r := range roles {
		if r.IsAdmin() {
			admins++
		} else {
			business++
		}
	}
	if admins > 1 {
		return &Error{Code: CodeInvalid, Message: "系统管理员、安全管理员、审计管理员须由不同人员担任（三员分立）。",
			Fields: map[string]string{"roles": "三员角色互斥，一人只能担任其中一个"}}
	}
	if admins == 1 && business > 0 {
		return &Error{Code: CodeInvalid, Message: "管理员账号不得同时担任业务角色。",
			Fields: map[string]string{"roles": "管理员角色不能与业务角色同时授予"}}
	}
	return nil
}
