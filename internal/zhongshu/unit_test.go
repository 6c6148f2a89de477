package zhongshu_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// checkFields compares the Fields of err (nil when err is nil) with want and
// checks that a non-nil err is an invalid error.
func checkFields(t *testing.T, err error, want map[string]string) {
	t.Helper()
	if diff := cmp.Diff(want, zhongshu.ErrorFields(err)); diff != "" {
		t.Errorf("fields mismatch (-want +got):\n%s", diff)
	}
	if (err != nil) != (want != nil) {
		t.Errorf("err = %v, want error: %v", err, want != nil)
	}
	if err != nil && zhongshu.ErrorCode(err) != zhongshu.CodeInvalid {
		t.Errorf("code = %q, want %q", zhongshu.ErrorCode(err), zhongshu.CodeInvalid)
	}
}

func TestUnitValidate(t *testing.T) {
	tests := []struct {
		name string
		unit zhongshu.Unit
		want map[string]string
	}{
		{name: "root county government", unit: zhongshu.Unit{Type: zhongshu.UnitCountyGov, FullName: "某某县人民政府"}},
		{name: "section with parent", unit: zhongshu.Unit{ID: 5, ParentID: 2, Type: zhongshu.UnitSection, FullName: "文电科", ShortName: "文电科"}},
		{name: "department with short name and code", unit: zhongshu.Unit{Type: zhongshu.UnitDepartment, FullName: "某某县财政局", ShortName: "县财政局", DocCode: "某财"}},
		{name: "new unit under a parent", unit: zhongshu.Unit{ParentID: 1, Type: zhongshu.UnitTown, FullName: "城关镇"}},
		{name: "60-character full name", unit: zhongshu.Unit{Type: zhongshu.UnitOther, FullName: strings.Repeat("县", 60)}},
		{name: "20-character short name and code", unit: zhongshu.Unit{Type: zhongshu.UnitOther, FullName: "某单位",
			ShortName: strings.Repeat("简", 20), DocCode: strings.Repeat("代", 20)}},
		{name: "surrounding spaces trimmed before counting", unit: zhongshu.Unit{Type: zhongshu.UnitOther,
			FullName: "  " + strings.Repeat("县", 60) + "  ", ShortName: " " + strings.Repeat("简", 20) + " "}},

		{name: "empty full name", unit: zhongshu.Unit{Type: zhongshu.UnitOther},
			want: map[string]string{"full_name": "请填写单位全称"}},
		{name: "blank full name", unit: zhongshu.Unit{Type: zhongshu.UnitOther, FullName: " \t　"},
			want: map[string]string{"full_name": "请填写单位全称"}},
		{name: "61-character full name", unit: zhongshu.Unit{Type: zhongshu.UnitOther, FullName: strings.Repeat("县", 61)},
			want: map[string]string{"full_name": "单位全称不能超过60个字"}},
		{name: "21-character short name", unit: zhongshu.Unit{Type: zhongshu.UnitOther, FullName: "某单位", ShortName: strings.Repeat("简", 21)},
			want: map[string]string{"short_name": "简称不能超过20个字"}},
		{name: "21-character doc code", unit: zhongshu.Unit{Type: zhongshu.UnitOther, FullName: "某单位", DocCode: strings.Repeat("代", 21)},
			want: map[string]string{"doc_code": "机关代字不能超过20个字"}},
		{name: "no type", unit: zhongshu.Unit{FullName: "某单位"},
			want: map[string]string{"type": "请选择单位类型"}},
		{name: "unknown type", unit: zhongshu.Unit{Type: "village", FullName: "某村"},
			want: map[string]string{"type": "请选择单位类型"}},
		{name: "type as Chinese label", unit: zhongshu.Unit{Type: "乡镇/街道", FullName: "城关镇"},
			want: map[string]string{"type": "请选择单位类型"}},
		{name: "section without parent", unit: zhongshu.Unit{Type: zhongshu.UnitSection, FullName: "文电科"},
			want: map[string]string{"parent_id": "内设科室必须选择上级单位"}},
		{name: "parent is itself", unit: zhongshu.Unit{ID: 7, ParentID: 7, Type: zhongshu.UnitDepartment, FullName: "某某县财政局"},
			want: map[string]string{"parent_id": "上级单位不能是本单位"}},
		{name: "section whose parent is itself", unit: zhongshu.Unit{ID: 7, ParentID: 7, Type: zhongshu.UnitSection, FullName: "文电科"},
			want: map[string]string{"parent_id": "上级单位不能是本单位"}},
		{name: "everything wrong", unit: zhongshu.Unit{Type: "", FullName: "", ShortName: strings.Repeat("简", 21), DocCode: strings.Repeat("代", 21)},
			want: map[string]string{"full_name": "请填写单位全称", "short_name": "简称不能超过20个字", "doc_code": "机关代字不能超过20个字", "type": "请选择单位类型"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := tt.unit
			checkFields(t, u.Validate(), tt.want)
		})
	}
}

func TestUnitValidateTrims(t *testing.T) {
	u := zhongshu.Unit{Type: zhongshu.UnitDepartment, FullName: " 某某县财政局\n", ShortName: "\t县财政局 ", DocCode: " 某财 "}
	if err := u.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	got := []string{u.FullName, u.ShortName, u.DocCode}
	want := []string{"某某县财政局", "县财政局", "某财"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("trimmed names mismatch (-want +got):\n%s", diff)
	}
}

func TestUnitName(t *testing.T) {
	tests := []struct {
		name string
		unit zhongshu.Unit
		want string
	}{
		{"short name", zhongshu.Unit{FullName: "某某县人民政府办公室", ShortName: "县政府办"}, "县政府办"},
		{"no short name", zhongshu.Unit{FullName: "某某县人民政府办公室"}, "某某县人民政府办公室"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.unit.Name(); got != tt.want {
				t.Errorf("Name() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseUnitType(t *testing.T) {
	type result struct {
		Type zhongshu.UnitType
		OK   bool
	}
	tests := []struct {
		name string
		in   string
		want result
	}{
		{"code county_gov", "county_gov", result{zhongshu.UnitCountyGov, true}},
		{"code gov_office", "gov_office", result{zhongshu.UnitGovOffice, true}},
		{"code section", "section", result{zhongshu.UnitSection, true}},
		{"code peer_office", "peer_office", result{zhongshu.UnitPeerOffice, true}},
		{"code department", "department", result{zhongshu.UnitDepartment, true}},
		{"code town", "town", result{zhongshu.UnitTown, true}},
		{"code higher_organ", "higher_organ", result{zhongshu.UnitHigherOrgan, true}},
		{"code other", "other", result{zhongshu.UnitOther, true}},
		{"code with spaces", "  section ", result{zhongshu.UnitSection, true}},
		{"label 县人民政府", "县人民政府", result{zhongshu.UnitCountyGov, true}},
		{"label 县政府办公室", "县政府办公室", result{zhongshu.UnitGovOffice, true}},
		{"label 办公室内设科室", "办公室内设科室", result{zhongshu.UnitSection, true}},
		{"label 平行办公室", "平行办公室", result{zhongshu.UnitPeerOffice, true}},
		{"label 县政府部门", "县政府部门", result{zhongshu.UnitDepartment, true}},
		{"label 乡镇/街道", "乡镇/街道", result{zhongshu.UnitTown, true}},
		{"label 上级机关", "上级机关", result{zhongshu.UnitHigherOrgan, true}},
		{"label 其他单位", "其他单位", result{zhongshu.UnitOther, true}},
		{"label with spaces", " 县政府部门\t", result{zhongshu.UnitDepartment, true}},
		{"alias 科室", "科室", result{zhongshu.UnitSection, true}},
		{"alias 内设科室", "内设科室", result{zhongshu.UnitSection, true}},
		{"alias 部门", "部门", result{zhongshu.UnitDepartment, true}},
		{"alias 县直部门", "县直部门", result{zhongshu.UnitDepartment, true}},
		{"alias 直属机构", "直属机构", result{zhongshu.UnitDepartment, true}},
		{"alias 乡镇", "乡镇", result{zhongshu.UnitTown, true}},
		{"alias 街道", "街道", result{zhongshu.UnitTown, true}},
		{"alias with spaces", " 街道 ", result{zhongshu.UnitTown, true}},
		{"unknown", "村委会", result{"", false}},
		{"unknown code", "village", result{"", false}},
		{"empty", "", result{"", false}},
		{"blank", "   ", result{"", false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			typ, ok := zhongshu.ParseUnitType(tt.in)
			if diff := cmp.Diff(tt.want, result{typ, ok}); diff != "" {
				t.Errorf("ParseUnitType(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// Every type parses back from its code and from its label, and the labels
// are distinct (ParseUnitType searches a map).
func TestUnitTypeRoundTrip(t *testing.T) {
	types := zhongshu.AllUnitTypes()
	if len(types) != 8 {
		t.Fatalf("AllUnitTypes() has %d types, want 8", len(types))
	}
	labels := map[string]zhongshu.UnitType{}
	for _, typ := range types {
		if !typ.Valid() {
			t.Errorf("%q not Valid", typ)
		}
		if l := typ.Label(); l == string(typ) {
			t.Errorf("%q has no label", typ)
		} else if prev, ok := labels[l]; ok {
			t.Errorf("%q and %q share the label %q", prev, typ, l)
		} else {
			labels[l] = typ
		}
		for _, s := range []string{string(typ), typ.Label()} {
			if got, ok := zhongshu.ParseUnitType(s); !ok || got != typ {
				t.Errorf("ParseUnitType(%q) = %q, %v; want %q, true", s, got, ok, typ)
			}
		}
	}
	types[0] = "changed"
	if zhongshu.AllUnitTypes()[0] != zhongshu.UnitCountyGov {
		t.Error("AllUnitTypes returns a shared slice")
	}
	if got := zhongshu.UnitType("village").Label(); got != "village" {
		t.Errorf("Label of an unknown type = %q, want the code", got)
	}
}
