package orgimport

import (
	"fmt"
	"strings"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// Separators of the list columns.
const (
	unitSeps = "；;、"
	roleSeps = "，,、；;"
)

var personFields = []fieldColumn{
	{field: "username", col: colUsername},
	{field: "name", col: colName},
	{field: "phone", col: colPhone},
	{field: "email", col: colEmail},
	{field: "posts", byMessage: func(msg string) string {
		if strings.Contains(msg, "职务") {
			return colTitle
		}
		return colUnit
	}},
	{field: "roles", col: colRoles},
}

// parsePeople validates person rows. Login names are compared without
// regard to case, both within the file and against existing accounts.
func parsePeople(recs []record, ex Existing) ([]PersonRow, []RowError) {
	taken := map[string]bool{}
	for n, ok := range ex.Usernames {
		if ok {
			taken[strings.ToLower(n)] = true
		}
	}
	var (
		rows []PersonRow
		errs []RowError
		seen = map[string]int{} // lower-case login name → first line
	)
	for _, r := range recs {
		e := newRowErrs(r.line, peopleColumns)
		u := zhongshu.User{
			Username: r.get(colUsername),
			Name:     r.get(colName),
			Phone:    r.get(colPhone),
			Email:    r.get(colEmail),
			Status:   zhongshu.UserActive,
		}
		if n := u.Username; n != "" {
			key := strings.ToLower(n)
			if line, ok := seen[key]; ok {
				e.add(colUsername, fmt.Sprintf("登录名与第%d行重复：%s", line, n))
			} else {
				seen[key] = r.line
				if taken[key] {
					e.add(colUsername, "登录名已存在："+n)
				}
			}
		}
		names := posts(e, &u, r, ex)
		u.Roles = roles(e, r.get(colRoles))
		e.addValidation(u.Validate(), personFields)
		if len(e.errs) > 0 {
			errs = append(errs, e.result()...)
			continue
		}
		rows = append(rows, PersonRow{Line: r.line, User: u, PostUnitNames: names})
	}
	return rows, errs
}

// posts fills u.Posts from the 单位 and 职务 columns and returns the unit
// names as written.
func posts(e *rowErrs, u *zhongshu.User, r record, ex Existing) []string {
	names := splitList(r.get(colUnit), unitSeps)
	titles := splitAligned(r.get(colTitle), unitSeps)
	if len(names) == 0 {
		e.add(colUnit, "请填写单位")
		if len(titles) > 0 {
			e.add(colTitle, "填写了职务但没有填写单位")
		}
		return nil
	}
	if len(titles) > len(names) {
		e.add(colTitle, fmt.Sprintf("职务有%d个，多于单位的%d个", len(titles), len(names)))
	}
	var unknown []string
	for i, n := range names {
		id, ok := ex.UnitsByName[n]
		if !ok {
			unknown = append(unknown, n)
		}
		p := zhongshu.Post{UnitID: id, UnitName: n, Primary: i == 0}
		if i < len(titles) {
			p.Title = titles[i]
		}
		u.Posts = append(u.Posts, p)
	}
	if len(unknown) > 0 {
		e.add(colUnit, "单位不存在："+strings.Join(unknown, "、"))
	}
	return names
}

// roles parses the 角色 column: Chinese labels or codes. Unknown names are
// reported; repeated ones are kept once.
func roles(e *rowErrs, s string) []zhongshu.Role {
	var (
		out     []zhongshu.Role
		unknown []string
	)
	for _, n := range splitList(s, roleSeps) {
		r, ok := parseRole(n)
		if !ok {
			unknown = append(unknown, n)
			continue
		}
		dup := false
		for _, x := range out {
			dup = dup || x == r
		}
		if !dup {
			out = append(out, r)
		}
	}
	if len(unknown) > 0 {
		e.add(colRoles, "角色不存在："+strings.Join(unknown, "、"))
	}
	return out
}

// parseRole accepts a role's Chinese label or its code (any case).
func parseRole(s string) (zhongshu.Role, bool) {
	for _, r := range zhongshu.AllRoles() {
		if r.Label() == s || strings.EqualFold(string(r), s) {
			return r, true
		}
	}
	return "", false
}
