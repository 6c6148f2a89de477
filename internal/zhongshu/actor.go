package zhongshu

import "time"

// Actor is who performs a use case: a signed-in user with the delegations
// they currently hold, or the system itself.
type Actor struct {
	User     *User
	ClientIP string
	// Delegators are the users whose work this actor holds by a delegation
	// in force now.
	Delegators []int64
	perms      map[Permission]bool
}

// NewActor returns an actor for u with permissions derived from u's roles.
func NewActor(u *User, clientIP string, delegators []int64) *Actor {
	a := &Actor{User: u, ClientIP: clientIP, Delegators: delegators, perms: map[Permission]bool{}}
	admin := false
	for _, r := range u.Roles {
		admin = admin || r.IsAdmin()
		for _, p := range RolePermissions(r) {
			a.perms[p] = true
		}
	}
	// Every member of staff, even before any role is granted, sees the
	// directory and their own 工作台; only the three administrators do not.
	if !admin {
		a.perms[PermOrgView], a.perms[PermDelegateOwn] = true, true
	}
	return a
}

// SystemActor is the actor for command-line operations and background jobs.
func SystemActor() *Actor {
	a := &Actor{User: &User{Name: "系统"}, ClientIP: "local", perms: map[Permission]bool{PermOrgView: true, PermDelegateOwn: true}}
	for _, r := range AllRoles() {
		for _, p := range RolePermissions(r) {
			a.perms[p] = true
		}
	}
	return a
}

// Permissions lists the actor's permissions in a stable order.
func (a *Actor) Permissions() []Permission {
	var ps []Permission
	for _, p := range allPermissions {
		if a.perms[p] {
			ps = append(ps, p)
		}
	}
	return ps
}

var allPermissions = []Permission{PermOrgView, PermDelegateOwn, PermOrgManage, PermPasswordReset, PermRoleAssign,
	PermSecurityManage, PermDelegateManage, PermAuditRead, PermLedgerAll, PermLedgerUnit, PermCalendarManage}

// IsSystem reports whether a is the system actor.
func (a *Actor) IsSystem() bool { return a.User.ID == 0 }

// Can reports whether the actor holds permission p.
func (a *Actor) Can(p Permission) bool { return a != nil && a.perms[p] }

// ID is the acting user's id (0 for the system).
func (a *Actor) ID() int64 { return a.User.ID }

// Require returns a forbidden error unless the actor holds p.
func (a *Actor) Require(p Permission) error {
	if a.Can(p) {
		return nil
	}
	return Errorf(CodeForbidden, "您没有执行此操作的权限。")
}

// OwnerIDs returns the user id and the ids of delegators, whose work items
// the actor sees on the 工作台.
func (a *Actor) OwnerIDs() []int64 { return append([]int64{a.User.ID}, a.Delegators...) }

// Session is a signed-in browser session.
type Session struct {
	ID         string // the hash of the token; the token itself is only in the cookie
	UserID     int64
	Stage      SessionStage
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	ClientIP   string
	UserAgent  string
}

// SessionStage says how far a session has come through sign-in.
type SessionStage string

// Session stages. Only StageFull may use the application.
const (
	StageFull           SessionStage = "full"
	StageTOTP           SessionStage = "totp"            // password ok, second factor pending
	StageEnrolTOTP      SessionStage = "enrol_totp"      // must enrol a second factor first
	StageChangePassword SessionStage = "change_password" // must change the password first
)
