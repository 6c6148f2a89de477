package orgimport

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

func TestParsePeopleXLSX(t *testing.T) {
	data := xlsxBytes(t, [][]any{
		{"姓名", " 登录名 ", "单位", "职务", "角色", "手机", "邮箱", "备注"},
		{"张三", "zhangsan", "县政府办；县财政局", "科员；", "科员、信息员，科员", int64(13800000000), "zhangsan@example.gov.cn", "x"},
		{"王五", "wangwu", "某某县人民政府", "县长", "county_head", nil, nil, nil},
		nil,
		{"赵六", "zhaoliu", "县政府办公室、县财政局", "；副局长", "系统管理员", "0551-1234567", "", ""},
		{"", "", "", "", "", "", "", "只有备注的行视为空行"},
	})
	rep, err := Parse(KindPeople, "人员.XLSX", bytes.NewReader(data), existing(), 3)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	active := zhongshu.UserActive
	want := &Report{Kind: KindPeople, People: []PersonRow{
		{Line: 2, User: zhongshu.User{Username: "zhangsan", Name: "张三", Phone: "13800000000",
			Email: "zhangsan@example.gov.cn", Status: active,
			Posts: []zhongshu.Post{{UnitID: 2, UnitName: "县政府办", Title: "科员", Primary: true}, {UnitID: 3, UnitName: "县财政局"}},
			Roles: []zhongshu.Role{zhongshu.RoleClerk, zhongshu.RoleInfoOfficer}},
			PostUnitNames: []string{"县政府办", "县财政局"}},
		{Line: 3, User: zhongshu.User{Username: "wangwu", Name: "王五", Status: active,
			Posts: []zhongshu.Post{{UnitID: 1, UnitName: "某某县人民政府", Title: "县长", Primary: true}},
			Roles: []zhongshu.Role{zhongshu.RoleCountyHead}},
			PostUnitNames: []string{"某某县人民政府"}},
		{Line: 5, User: zhongshu.User{Username: "zhaoliu", Name: "赵六", Phone: "0551-1234567", Status: active,
			Posts: []zhongshu.Post{{UnitID: 2, UnitName: "县政府办公室", Primary: true}, {UnitID: 3, UnitName: "县财政局", Title: "副局长"}},
			Roles: []zhongshu.Role{zhongshu.RoleSysAdmin}},
			PostUnitNames: []string{"县政府办公室", "县财政局"}},
	}}
	if diff := cmp.Diff(want, rep); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
}

func TestParsePeopleRowErrors(t *testing.T) {
	const header = "登录名,姓名,手机,邮箱,单位,职务,角色\n"
	const badUsername = "登录名须为3至32位字母、数字、下划线、点或短横线，并以字母开头"
	tests := []struct {
		name      string
		rows      string
		want      []RowError
		wantValid int
	}{
		{"bad login name", "1abc,张三,,,县政府办,,\n",
			[]RowError{{2, colUsername, badUsername}}, 0},
		{"missing login name", ",张三,,,县政府办,,\n",
			[]RowError{{2, colUsername, badUsername}}, 0},
		{"login name exists", "Admin,张三,,,县政府办,,\n",
			[]RowError{{2, colUsername, "登录名已存在：Admin"}}, 0},
		{"login name twice in file", "zhangsan,张三,,,县政府办,,\nwangwu,王五,,,县政府办,,\nZhangSan,张三,,,县财政局,,\n",
			[]RowError{{4, colUsername, "登录名与第2行重复：ZhangSan"}}, 2},
		{"missing name", "zhangsan,,,,县政府办,,\n",
			[]RowError{{2, colName, "请填写姓名"}}, 0},
		{"bad phone", "zhangsan,张三,abc,,县政府办,,\n",
			[]RowError{{2, colPhone, "电话号码格式不正确"}}, 0},
		{"bad email", "zhangsan,张三,,zhangsan.example,县政府办,,\n",
			[]RowError{{2, colEmail, "电子邮箱格式不正确"}}, 0},
		{"missing unit", "zhangsan,张三,,,,,\n",
			[]RowError{{2, colUnit, "请填写单位"}}, 0},
		{"title without unit", "zhangsan,张三,,,,科员,\n",
			[]RowError{{2, colUnit, "请填写单位"}, {2, colTitle, "填写了职务但没有填写单位"}}, 0},
		{"unknown units", "zhangsan,张三,,,甲局；县政府办；乙局,,\n",
			[]RowError{{2, colUnit, "单位不存在：甲局、乙局"}}, 0},
		{"same unit twice", "zhangsan,张三,,,县政府办；某某县人民政府办公室,,\n",
			[]RowError{{2, colUnit, "同一单位只能有一个任职"}}, 0},
		{"more titles than units", "zhangsan,张三,,,县政府办,科员；科长,\n",
			[]RowError{{2, colTitle, "职务有2个，多于单位的1个"}}, 0},
		{"title too long", "zhangsan,张三,,,县政府办," + strings.Repeat("长", 31) + ",\n",
			[]RowError{{2, colTitle, "职务不能超过30个字"}}, 0},
		{"unknown role", "zhangsan,张三,,,县政府办,,\"科员，组长, 队长\"\n",
			[]RowError{{2, colRoles, "角色不存在：组长、队长"}}, 0},
		{"two administrator roles", "zhangsan,张三,,,县政府办,,系统管理员；sec_admin\n",
			[]RowError{{2, colRoles, "三员角色互斥，一人只能担任其中一个"}}, 0},
		{"administrator with business role", "zhangsan,张三,,,县政府办,,审计管理员、科员\n",
			[]RowError{{2, colRoles, "管理员角色不能与业务角色同时授予"}}, 0},
		{"several problems in column order", "zhangsan,,x,,甲局,,组长\n",
			[]RowError{{2, colName, "请填写姓名"}, {2, colPhone, "电话号码格式不正确"}, {2, colUnit, "单位不存在：甲局"}, {2, colRoles, "角色不存在：组长"}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := parseCSV(t, KindPeople, header+tt.rows)
			if diff := cmp.Diff(tt.want, rep.Errors); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
			if len(rep.People) != tt.wantValid {
				t.Errorf("%d valid rows, want %d", len(rep.People), tt.wantValid)
			}
		})
	}
}

func TestSplitAligned(t *testing.T) {
	tests := map[string][]string{
		"":           nil,
		"科员":         {"科员"},
		"科员；":        {"科员"},
		"；副局长":       {"", "副局长"},
		" 科长 、; 主任 ": {"科长", "", "主任"},
	}
	for in, want := range tests {
		if diff := cmp.Diff(want, splitAligned(in, unitSeps)); diff != "" {
			t.Errorf("splitAligned(%q) (-want +got):\n%s", in, diff)
		}
	}
}
