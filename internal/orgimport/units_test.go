package orgimport

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// existing is the database the tests import into.
func existing() Existing {
	return Existing{
		UnitsByName: map[string]int64{
			"某某县人民政府": 1, "县人民政府": 1,
			"某某县人民政府办公室": 2, "县政府办公室": 2, "县政府办": 2,
			"某某县财政局": 3, "县财政局": 3,
		},
		Usernames: map[string]bool{"admin": true, "lisi": true},
	}
}

// xlsxBytes builds an .xlsx whose first sheet holds rows from A1; a nil row
// stays empty. Cells are written with their Go type.
func xlsxBytes(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		if r == nil {
			continue
		}
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func parseCSV(t *testing.T, kind Kind, csv string) *Report {
	t.Helper()
	rep, err := Parse(kind, "import.csv", strings.NewReader(csv), existing(), 0)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return rep
}

func TestParseUnitsCSV(t *testing.T) {
	data, err := os.ReadFile("testdata/units.csv")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Parse(KindUnits, "单位.CSV", bytes.NewReader(data), existing(), 10)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := &Report{Kind: KindUnits, Units: []UnitRow{
		{Line: 2, Unit: zhongshu.Unit{ParentID: 2, Type: zhongshu.UnitSection, FullName: "某某县人民政府办公室综合科",
			ShortName: "综合科", SortOrder: 1, Active: true}},
		{Line: 3, Unit: zhongshu.Unit{ParentID: 1, Type: zhongshu.UnitDepartment, FullName: "某某县应急管理局",
			ShortName: "县应急局", DocCode: "县应急", SortOrder: 20, Active: true}},
		{Line: 4, Unit: zhongshu.Unit{Type: zhongshu.UnitSection, FullName: "某某县应急管理局办公室",
			ShortName: "应急局办公室", Active: true}, ParentName: "县应急局"},
		{Line: 6, Unit: zhongshu.Unit{Type: zhongshu.UnitHigherOrgan, FullName: "某某市人民政府",
			IsExternal: true, SortOrder: -1, Active: true}},
	}}
	if diff := cmp.Diff(want, rep); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
	if !rep.OK() || rep.Rows() != 4 {
		t.Errorf("OK() = %v, Rows() = %d; want true, 4", rep.OK(), rep.Rows())
	}
}

func TestParseUnitsRowErrors(t *testing.T) {
	const header = "单位全称,简称,单位类型,上级单位,机关代字,外部单位,排序\n"
	long := strings.Repeat("长", 61)
	tests := []struct {
		name      string
		rows      string
		want      []RowError
		wantValid int
	}{
		{"missing full name", ",简,县政府部门,,,,\n",
			[]RowError{{2, colFullName, "请填写单位全称"}}, 0},
		{"full name too long", long + ",,县政府部门,,,,\n",
			[]RowError{{2, colFullName, "单位全称不能超过60个字"}}, 0},
		{"short name too long", "甲局," + long[:63] + ",县政府部门,,,,\n",
			[]RowError{{2, colShortName, "简称不能超过20个字"}}, 0},
		{"doc code too long", "甲局,,县政府部门,," + long[:63] + ",,\n",
			[]RowError{{2, colDocCode, "机关代字不能超过20个字"}}, 0},
		{"unknown type", "甲局,,局,,,,\n",
			[]RowError{{2, colUnitType, "单位类型不正确：局"}}, 0},
		{"blank type", "甲局,,,,,,\n",
			[]RowError{{2, colUnitType, "请选择单位类型"}}, 0},
		{"section without parent", "甲科,,科室,,,,\n",
			[]RowError{{2, colParent, "内设科室必须选择上级单位"}}, 0},
		{"unknown parent", "甲科,,科室,乙局,,,\n",
			[]RowError{{2, colParent, "上级单位不存在：乙局"}}, 0},
		{"parent in a later row", "甲科,,科室,乙局,,,\n某某县乙局,乙局,部门,,,,\n",
			[]RowError{{2, colParent, "上级单位须在本行之前或已存在"}}, 1},
		{"parent is the row itself", "甲局,,部门,甲局,,,\n",
			[]RowError{{2, colParent, "上级单位不能是本单位"}}, 0},
		{"full name twice in file", "甲局,,部门,,,,\n乙局,,部门,,,,\n甲局,,部门,,,,\n",
			[]RowError{{4, colFullName, "单位名称与第2行重复：甲局"}}, 2},
		{"full name is an earlier short name", "某某县甲局,甲局,部门,,,,\n甲局,,部门,,,,\n",
			[]RowError{{3, colFullName, "单位名称与第2行重复：甲局"}}, 1},
		{"full name exists", "某某县财政局,,部门,,,,\n",
			[]RowError{{2, colFullName, "单位已存在：某某县财政局"}}, 0},
		{"short name exists", "某某县财政事务中心,县财政局,部门,,,,\n",
			[]RowError{{2, colShortName, "简称与已有单位的名称重复：县财政局"}}, 0},
		{"short name in an earlier row", "某某县甲局,甲局,部门,,,,\n某某县甲中心,甲局,部门,,,,\n",
			[]RowError{{3, colShortName, "简称与第2行的单位名称重复：甲局"}}, 1},
		{"external not yes or no", "甲局,,部门,,,Y,\n",
			[]RowError{{2, colExternal, "外部单位须填写“是”或“否”"}}, 0},
		{"sort not an integer", "甲局,,部门,,,,1.5\n",
			[]RowError{{2, colSort, "排序须为整数"}}, 0},
		{"several problems in column order", ",,局,,,,x\n",
			[]RowError{{2, colFullName, "请填写单位全称"}, {2, colUnitType, "单位类型不正确：局"}, {2, colSort, "排序须为整数"}}, 0},
		{"errors of several rows by line", "甲局,,局,,,,\n乙局,,部门,,,,\n,,部门,,,,\n",
			[]RowError{{2, colUnitType, "单位类型不正确：局"}, {4, colFullName, "请填写单位全称"}}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := parseCSV(t, KindUnits, header+tt.rows)
			if diff := cmp.Diff(tt.want, rep.Errors); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
			if len(rep.Units) != tt.wantValid {
				t.Errorf("%d valid rows, want %d", len(rep.Units), tt.wantValid)
			}
			if rep.OK() {
				t.Error("OK() = true with errors")
			}
		})
	}
}
