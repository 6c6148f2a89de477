package zhongshu

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// UserStatus says whether an account may sign in.
type UserStatus string

// User statuses.
const (
	UserActive   UserStatus = "active"
	UserDisabled UserStatus = "disabled"
)

// Label is the status's Chinese name.
func (s UserStatus) Label() string {
	if s == UserDisabled {
		return "已停用"
	}
	return "正常"
}

// User is a person with an account. Passwords and second factors live in
// the auth tables, not here.
type User struct {
	ID        int64
	Username  string // login name, unique
	Name      string // 姓名
	Phone     string
	Email     string
	Status    UserStatus
	ABPartner int64 // 0 when none; leaders' AB角
	Posts     []Post
	Roles     []Role
	// Security state shown to administrators.
	MustChangePassword bool
	LockedUntil        time.Time
	TOTPEnabled        bool
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// Post is one position a person holds in a unit (任职). A person may hold
// several; one is primary.
type Post struct {
	UnitID   int64
	UnitName string // filled on read
	Title    string // 职务, e.g. 科长
	Primary  bool
}

// PrimaryUnitID returns the unit of the primary post, or of the first post.
func (u *User) PrimaryUnitID() int64 {
	for _, p := range u.Posts {
		if p.Primary {
			return p.UnitID
		}
	}
	if len(u.Posts) > 0 {
		return u.Posts[0].UnitID
	}
	return 0
}

// PrimaryPost returns the primary post, or a zero Post.
func (u *User) PrimaryPost() Post {
	for _, p := range u.Posts {
		if p.Primary {
			return p
		}
	}
	if len(u.Posts) > 0 {
		return u.Posts[0]
	}
	return Post{}
}

// HasRole reports whether u holds r.
func (u *User) HasRole(r Role) bool {
	for _, x := range u.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// IsLeader reports whether u holds a county leader role.
func (u *User) IsLeader() bool {
	for _, r := range u.Roles {
		if r.IsLeader() {
			return true
		}
	}
	return false
}

// Locked reports whether the account is locked at now.
func (u *User) Locked(now time.Time) bool { return now.Before(u.LockedUntil) }

var usernameRE = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$`)
var phoneRE = regexp.MustCompile(`^[0-9+\-() ]{5,20}$`)

// Validate checks the user's fields, posts and roles.
func (u *User) Validate() error {
	var p Problems
	u.Username = strings.TrimSpace(u.Username)
	u.Name = strings.TrimSpace(u.Name)
	u.Phone = strings.TrimSpace(u.Phone)
	u.Email = strings.TrimSpace(u.Email)
	if !usernameRE.MatchString(u.Username) {
		p.Add("username", "登录名须为3至32位字母、数字、下划线、点或短横线，并以字母开头")
	}
	switch n := utf8.RuneCountInString(u.Name); {
	case n == 0:
		p.Add("name", "请填写姓名")
	case n > 30:
		p.Add("name", "姓名不能超过30个字")
	}
	if u.Phone != "" && !phoneRE.MatchString(u.Phone) {
		p.Add("phone", "电话号码格式不正确")
	}
	if u.Email != "" && (!strings.Contains(u.Email, "@") || len(u.Email) > 100) {
		p.Add("email", "电子邮箱格式不正确")
	}
	if u.Status == "" {
		u.Status = UserActive
	}
	if u.Status != UserActive && u.Status != UserDisabled {
		p.Add("status", "账号状态不正确")
	}
	primaries := 0
	seen := map[int64]bool{}
	for _, post := range u.Posts {
		if post.UnitID == 0 {
			p.Add("posts", "任职单位不能为空")
		}
		if seen[post.UnitID] {
			p.Add("posts", "同一单位只能有一个任职")
		}
		seen[post.UnitID] = true
		if utf8.RuneCountInString(post.Title) > 30 {
			p.Add("posts", "职务不能超过30个字")
		}
		if post.Primary {
			primaries++
		}
	}
	if len(u.Posts) > 0 && primaries != 1 {
		p.Add("posts", "须有且只有一个主要任职")
	}
	for _, r := range u.Roles {
		if !r.Valid() {
			p.Add("roles", "角色不存在："+string(r))
		}
	}
	if err := CheckAdminSeparation(u.Roles); err != nil {
		p.Add("roles", ErrorFields(err)["roles"])
	}
	if u.ABPartner != 0 && u.ABPartner == u.ID {
		p.Add("ab_partner", "AB角不能是本人")
	}
	return p.Err()
}

// UserFilter selects users. Nil fields are not filtered on.
type UserFilter struct {
	UnitID *int64
	Role   *Role
	Status *UserStatus
	Query  string // part of the name or login name
	Offset int
	Limit  int
}
