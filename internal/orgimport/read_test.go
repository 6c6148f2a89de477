package orgimport

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

const unitsCSV = "单位全称,单位类型,上级单位\n某某县甲局,部门,县人民政府\n某某县甲局综合科,科室,某某县甲局\n"

func wantUnitsCSV() []UnitRow {
	return []UnitRow{
		{Line: 2, Unit: zhongshu.Unit{ParentID: 1, Type: zhongshu.UnitDepartment, FullName: "某某县甲局", Active: true}},
		{Line: 3, Unit: zhongshu.Unit{Type: zhongshu.UnitSection, FullName: "某某县甲局综合科", Active: true}, ParentName: "某某县甲局"},
	}
}

// wantInvalid checks that err is a *zhongshu.Error with CodeInvalid whose
// message mentions every part.
func wantInvalid(t *testing.T, err error, parts ...string) {
	t.Helper()
	var ze *zhongshu.Error
	if !errors.As(err, &ze) {
		t.Fatalf("error %v is not a *zhongshu.Error", err)
	}
	if ze.Code != zhongshu.CodeInvalid {
		t.Errorf("code = %s, want %s", ze.Code, zhongshu.CodeInvalid)
	}
	for _, p := range parts {
		if !strings.Contains(ze.Message, p) {
			t.Errorf("message %q does not mention %q", ze.Message, p)
		}
	}
}

func TestParseEncodings(t *testing.T) {
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(unitsCSV)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, filename, data string
	}{
		{"utf-8", "a.csv", unitsCSV},
		{"utf-8 with BOM", "a.csv", "\ufeff" + unitsCSV},
		{"gb18030", "a.Csv", gb},
		{"crlf", "a.csv", strings.ReplaceAll(unitsCSV, "\n", "\r\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Parse(KindUnits, tt.filename, strings.NewReader(tt.data), existing(), 0)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(&Report{Kind: KindUnits, Units: wantUnitsCSV()}, rep); diff != "" {
				t.Errorf("report (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseFileErrors(t *testing.T) {
	tests := []struct {
		name, filename string
		kind           Kind
		data           string
		maxRows        int
		want           []string // parts of the message
	}{
		{"missing unit columns", "a.csv", KindUnits, "单位全称,简称\n甲局,甲\n", 0, []string{"缺少", "单位类型"}},
		{"missing people columns", "a.csv", KindPeople, "姓名,手机,单位名称\n", 0, []string{"登录名、单位"}},
		{"empty file", "a.csv", KindUnits, "", 0, []string{"单位全称、单位类型"}},
		{"header not in row 1", "a.csv", KindUnits, "\n单位全称,单位类型\n甲局,部门\n", 0, []string{"单位全称、单位类型"}},
		{"duplicate header", "a.csv", KindUnits, "单位全称,单位类型,单位全称\n", 0, []string{"单位全称", "重复"}},
		{"too many rows", "a.csv", KindUnits, unitsCSV + "乙局,部门,\n", 2, []string{"超过2行"}},
		{"unsupported extension", "a.xls", KindUnits, unitsCSV, 0, []string{".xls"}},
		{"no extension", "units", KindUnits, unitsCSV, 0, []string{".xlsx"}},
		{"not an xlsx", "a.xlsx", KindUnits, unitsCSV, 0, []string{".xlsx"}},
		{"binary named csv", "a.csv", KindUnits, "PK\x03\x04\x00\xff\xfe", 0, []string{"缺少"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Parse(tt.kind, tt.filename, strings.NewReader(tt.data), existing(), tt.maxRows)
			if err == nil {
				t.Fatalf("Parse returned %+v, want an error", rep)
			}
			wantInvalid(t, err, tt.want...)
		})
	}
}

func TestParseMaxRows(t *testing.T) {
	data := unitsCSV + "\n,,\n"
	for _, max := range []int{2, 3, 0} {
		if _, err := Parse(KindUnits, "a.csv", strings.NewReader(data), existing(), max); err != nil {
			t.Errorf("maxRows %d: %v", max, err)
		}
	}
	_, err := Parse(KindUnits, "a.csv", strings.NewReader(data), existing(), 1)
	wantInvalid(t, err, "超过1行")
}

func TestParseUnknownKind(t *testing.T) {
	if _, err := Parse("posts", "a.csv", strings.NewReader(unitsCSV), existing(), 0); err == nil {
		t.Error("Parse accepted an unknown kind")
	}
	if err := Template("posts", &bytes.Buffer{}); err == nil {
		t.Error("Template accepted an unknown kind")
	}
}

// Line numbers are those a spreadsheet program shows, even when the CSV has
// empty lines or cells spanning lines.
func TestParseCSVLineNumbers(t *testing.T) {
	data := "单位全称,单位类型\n\n甲局,局\n\"乙\n局\",部门\n丙局,局\r\n\r\n\r\n丁局,局\n"
	rep := parseCSV(t, KindUnits, data)
	want := []RowError{
		{3, colUnitType, "单位类型不正确：局"},
		{5, colUnitType, "单位类型不正确：局"},
		{8, colUnitType, "单位类型不正确：局"},
	}
	if diff := cmp.Diff(want, rep.Errors); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if len(rep.Units) != 1 || rep.Units[0].Line != 4 {
		t.Errorf("units = %+v, want one at line 4", rep.Units)
	}
}

func TestParseXLSXLineNumbers(t *testing.T) {
	data := xlsxBytes(t, [][]any{
		{"单位类型", "单位全称"},
		nil,
		{"局", "甲局"},
		{nil, nil, "只在多余列"},
		nil,
		{"部门", "乙局"},
		{"局", "丙局"},
	})
	rep, err := Parse(KindUnits, "a.xlsx", bytes.NewReader(data), existing(), 3)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := []RowError{{3, colUnitType, "单位类型不正确：局"}, {7, colUnitType, "单位类型不正确：局"}}
	if diff := cmp.Diff(want, rep.Errors); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if len(rep.Units) != 1 || rep.Units[0].Line != 6 {
		t.Errorf("units = %+v, want one at line 6", rep.Units)
	}
}
