package zhongshu_test

import (
	"strings"
	"testing"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// validUser returns a user that passes Validate, changed by change.
func validUser(change func(u *zhongshu.User)) *zhongshu.User {
	u := &zhongshu.User{
		ID:       7,
		Username: "wangfang",
		Name:     "王芳",
		Phone:    "0571-88886666",
		Email:    "wangfang@example.gov.cn",
		Status:   zhongshu.UserActive,
		Posts:    []zhongshu.Post{{UnitID: 3, Title: "科员", Primary: true}},
		Roles:    []zhongshu.Role{zhongshu.RoleClerk, zhongshu.RoleRegistrar},
	}
	if change != nil {
		change(u)
	}
	return u
}

func TestUserValidate(t *testing.T) {
	const (
		badUsername = "登录名须为3至32位字母、数字、下划线、点或短横线，并以字母开头"
		onePrimary  = "须有且只有一个主要任职"
		twoAdmins   = "三员角色互斥，一人只能担任其中一个"
		adminMixed  = "管理员角色不能与业务角色同时授予"
	)
	tests := []struct {
		name   string
		change func(u *zhongshu.User)
		want   map[string]string
	}{
		{"valid", nil, nil},
		{"3-character username", func(u *zhongshu.User) { u.Username = "abc" }, nil},
		{"32-character username", func(u *zhongshu.User) { u.Username = "a" + strings.Repeat("b", 31) }, nil},
		{"username with _ . - and digits", func(u *zhongshu.User) { u.Username = "Wang.Fang_01-x" }, nil},
		{"username with surrounding spaces", func(u *zhongshu.User) { u.Username = "  wangfang " }, nil},
		{"no phone, no email", func(u *zhongshu.User) { u.Phone, u.Email = "", "" }, nil},
		{"mobile with country code", func(u *zhongshu.User) { u.Phone = "+86 (138) 0000-0000" }, nil},
		{"100-character email", func(u *zhongshu.User) { u.Email = strings.Repeat("w", 89) + "@example.cn" }, nil},
		{"no posts", func(u *zhongshu.User) { u.Posts = nil }, nil},
		{"two posts, one primary", func(u *zhongshu.User) {
			u.Posts = []zhongshu.Post{{UnitID: 3, Primary: true}, {UnitID: 4}}
		}, nil},
		{"no roles", func(u *zhongshu.User) { u.Roles = nil }, nil},
		{"one administrator role", func(u *zhongshu.User) { u.Roles = []zhongshu.Role{zhongshu.RoleSysAdmin} }, nil},
		{"disabled", func(u *zhongshu.User) { u.Status = zhongshu.UserDisabled }, nil},
		{"AB partner is someone else", func(u *zhongshu.User) { u.ABPartner = 8 }, nil},
		{"new user without AB partner", func(u *zhongshu.User) { u.ID = 0 }, nil},
		{"30-character name and title", func(u *zhongshu.User) {
			u.Name = strings.Repeat("王", 30)
			u.Posts[0].Title = strings.Repeat("职", 30)
		}, nil},

		{"2-character username", func(u *zhongshu.User) { u.Username = "ab" },
			map[string]string{"username": badUsername}},
		{"33-character username", func(u *zhongshu.User) { u.Username = "a" + strings.Repeat("b", 32) },
			map[string]string{"username": badUsername}},
		{"empty username", func(u *zhongshu.User) { u.Username = "" },
			map[string]string{"username": badUsername}},
		{"username starting with a digit", func(u *zhongshu.User) { u.Username = "1wangfang" },
			map[string]string{"username": badUsername}},
		{"username starting with _", func(u *zhongshu.User) { u.Username = "_wangfang" },
			map[string]string{"username": badUsername}},
		{"username with a space inside", func(u *zhongshu.User) { u.Username = "wang fang" },
			map[string]string{"username": badUsername}},
		{"username with @", func(u *zhongshu.User) { u.Username = "wang@fang" },
			map[string]string{"username": badUsername}},
		{"Chinese username", func(u *zhongshu.User) { u.Username = "王芳王芳" },
			map[string]string{"username": badUsername}},
		{"empty name", func(u *zhongshu.User) { u.Name = "" },
			map[string]string{"name": "请填写姓名"}},
		{"blank name", func(u *zhongshu.User) { u.Name = "  " },
			map[string]string{"name": "请填写姓名"}},
		{"31-character name", func(u *zhongshu.User) { u.Name = strings.Repeat("王", 31) },
			map[string]string{"name": "姓名不能超过30个字"}},
		{"phone with letters", func(u *zhongshu.User) { u.Phone = "0571-8888abcd" },
			map[string]string{"phone": "电话号码格式不正确"}},
		{"4-digit phone", func(u *zhongshu.User) { u.Phone = "1234" },
			map[string]string{"phone": "电话号码格式不正确"}},
		{"21-character phone", func(u *zhongshu.User) { u.Phone = strings.Repeat("1", 21) },
			map[string]string{"phone": "电话号码格式不正确"}},
		{"email without @", func(u *zhongshu.User) { u.Email = "wangfang.example.gov.cn" },
			map[string]string{"email": "电子邮箱格式不正确"}},
		{"101-character email", func(u *zhongshu.User) { u.Email = strings.Repeat("w", 90) + "@example.cn" },
			map[string]string{"email": "电子邮箱格式不正确"}},
		{"unknown status", func(u *zhongshu.User) { u.Status = "locked" },
			map[string]string{"status": "账号状态不正确"}},
		{"two primary posts", func(u *zhongshu.User) {
			u.Posts = []zhongshu.Post{{UnitID: 3, Primary: true}, {UnitID: 4, Primary: true}}
		}, map[string]string{"posts": onePrimary}},
		{"posts without a primary", func(u *zhongshu.User) {
			u.Posts = []zhongshu.Post{{UnitID: 3}, {UnitID: 4}}
		}, map[string]string{"posts": onePrimary}},
		{"one post, not primary", func(u *zhongshu.User) { u.Posts[0].Primary = false },
			map[string]string{"posts": onePrimary}},
		{"two posts in one unit", func(u *zhongshu.User) {
			u.Posts = []zhongshu.Post{{UnitID: 3, Title: "科员", Primary: true}, {UnitID: 3, Title: "信息员"}}
		}, map[string]string{"posts": "同一单位只能有一个任职"}},
		{"post without unit", func(u *zhongshu.User) { u.Posts[0].UnitID = 0 },
			map[string]string{"posts": "任职单位不能为空"}},
		{"31-character title", func(u *zhongshu.User) { u.Posts[0].Title = strings.Repeat("职", 31) },
			map[string]string{"posts": "职务不能超过30个字"}},
		{"unknown role", func(u *zhongshu.User) { u.Roles = []zhongshu.Role{zhongshu.RoleClerk, "boss"} },
			map[string]string{"roles": "角色不存在：boss"}},
		{"unknown role reported before separation", func(u *zhongshu.User) { u.Roles = []zhongshu.Role{zhongshu.RoleSysAdmin, "boss"} },
			map[string]string{"roles": "角色不存在：boss"}},
		{"two administrator roles", func(u *zhongshu.User) { u.Roles = []zhongshu.Role{zhongshu.RoleSysAdmin, zhongshu.RoleAuditAdmin} },
			map[string]string{"roles": twoAdmins}},
		{"administrator and business role", func(u *zhongshu.User) { u.Roles = []zhongshu.Role{zhongshu.RoleClerk, zhongshu.RoleSecAdmin} },
			map[string]string{"roles": adminMixed}},
		{"AB partner is self", func(u *zhongshu.User) { u.ABPartner = u.ID },
			map[string]string{"ab_partner": "AB角不能是本人"}},
		{"everything wrong", func(u *zhongshu.User) {
			u.Username, u.Name, u.Phone, u.Email, u.Status = "x", "", "?", "x", "gone"
			u.Posts = []zhongshu.Post{{UnitID: 3}, {UnitID: 3}}
			u.Roles = []zhongshu.Role{zhongshu.RoleSysAdmin, zhongshu.RoleSecAdmin}
			u.ABPartner = u.ID
		}, map[string]string{
			"username": badUsername, "name": "请填写姓名", "phone": "电话号码格式不正确", "email": "电子邮箱格式不正确",
			"status": "账号状态不正确", "posts": "同一单位只能有一个任职", "roles": twoAdmins, "ab_partner": "AB角不能是本人",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFields(t, validUser(tt.change).Validate(), tt.want)
		})
	}
}

func TestUserValidateNormalises(t *testing.T) {
	u := validUser(func(u *zhongshu.User) {
		u.Username, u.Name, u.Phone, u.Email, u.Status = " wangfang ", " 王芳\t", " 13800000000 ", " w@example.cn ", ""
	})
	if err := u.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	got := []string{u.Username, u.Name, u.Phone, u.Email, string(u.Status)}
	want := []string{"wangfang", "王芳", "13800000000", "w@example.cn", "active"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("after Validate field %d = %q, want %q", i, got[i], want[i])
		}
	}
}
