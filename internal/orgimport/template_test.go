package orgimport

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// The template's example row imports as is into a database holding the
// units it refers to.
func TestTemplateParsesBack(t *testing.T) {
	tests := []struct {
		kind Kind
		want *Report
	}{
		{KindUnits, &Report{Kind: KindUnits, Units: []UnitRow{{Line: 2, Unit: zhongshu.Unit{
			ParentID: 1, Type: zhongshu.UnitDepartment, FullName: "某某县农业农村局", ShortName: "县农业农村局",
			DocCode: "县农", SortOrder: 10, Active: true}}}}},
		{KindPeople, &Report{Kind: KindPeople, People: []PersonRow{{Line: 2, User: zhongshu.User{
			Username: "zhangsan", Name: "张三", Phone: "13800000000", Email: "zhangsan@example.gov.cn",
			Status: zhongshu.UserActive,
			Posts:  []zhongshu.Post{{UnitID: 2, UnitName: "县政府办公室", Title: "科员", Primary: true}},
			Roles:  []zhongshu.Role{zhongshu.RoleClerk, zhongshu.RoleInfoOfficer}},
			PostUnitNames: []string{"县政府办公室"}}}}},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			var buf bytes.Buffer
			if err := Template(tt.kind, &buf); err != nil {
				t.Fatalf("Template: %v", err)
			}
			rep, err := Parse(tt.kind, "template.xlsx", bytes.NewReader(buf.Bytes()), existing(), 1)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(tt.want, rep); diff != "" {
				t.Errorf("report (-want +got):\n%s", diff)
			}
		})
	}
}

// The 说明 sheet explains every column and lists the allowed values.
func TestTemplateHelp(t *testing.T) {
	for _, kind := range []Kind{KindUnits, KindPeople} {
		t.Run(string(kind), func(t *testing.T) {
			var buf bytes.Buffer
			if err := Template(kind, &buf); err != nil {
				t.Fatalf("Template: %v", err)
			}
			f, err := excelize.OpenReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got := f.GetSheetList(); len(got) != 2 || got[1] != helpSheet {
				t.Fatalf("sheets = %v, want a data sheet and %s", got, helpSheet)
			}
			rows, err := f.GetRows(helpSheet)
			if err != nil {
				t.Fatal(err)
			}
			var text strings.Builder
			for _, r := range rows {
				text.WriteString(strings.Join(r, "\t") + "\n")
			}
			cols, _ := columnsOf(kind)
			var want []string
			for _, c := range cols {
				want = append(want, c.name+"\t")
			}
			if kind == KindUnits {
				for _, ut := range zhongshu.AllUnitTypes() {
					want = append(want, ut.Label()+"\t"+string(ut))
				}
			} else {
				for _, r := range zhongshu.AllRoles() {
					want = append(want, r.Label()+"\t"+string(r))
				}
			}
			for _, w := range want {
				if !strings.Contains(text.String(), w) {
					t.Errorf("说明 sheet lacks %q", w)
				}
			}
		})
	}
}
