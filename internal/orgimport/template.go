package orgimport

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// helpSheet is the name of the template's explanation sheet.
const helpSheet = "说明"

// Template writes an .xlsx template for kind: a first sheet with the header
// row and one example row, and a sheet 说明 explaining each column and the
// allowed unit types and roles. The example row refers to 县人民政府 (units)
// or 县政府办公室 (people), which must exist for it to import as is.
func Template(kind Kind, w io.Writer) error {
	cols, err := columnsOf(kind)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := fillTemplate(f, kind, cols); err != nil {
		return fmt.Errorf("orgimport: build %s template: %w", kind, err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("orgimport: write %s template: %w", kind, err)
	}
	return nil
}

func fillTemplate(f *excelize.File, kind Kind, cols []column) error {
	data := kind.Label() + "导入"
	if err := f.SetSheetName(f.GetSheetName(0), data); err != nil {
		return err
	}
	header, example := make([]any, len(cols)), make([]any, len(cols))
	for i, c := range cols {
		header[i], example[i] = c.name, c.example
	}
	if err := f.SetSheetRow(data, "A1", &header); err != nil {
		return err
	}
	if err := f.SetSheetRow(data, "A2", &example); err != nil {
		return err
	}
	last, err := excelize.ColumnNumberToName(len(cols))
	if err != nil {
		return err
	}
	// Text format for the data cells keeps phone numbers and codes as typed.
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center"},
		NumFmt:    49,
	})
	if err != nil {
		return err
	}
	if err := f.SetColStyle(data, "A:"+last, text); err != nil {
		return err
	}
	if err := f.SetCellStyle(data, "A1", last+"1", bold); err != nil {
		return err
	}
	if err := f.SetColWidth(data, "A", last, 20); err != nil {
		return err
	}
	if err := f.SetPanes(data, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if kind == KindUnits {
		if err := addDropLists(f, data, cols); err != nil {
			return err
		}
	}
	return fillHelp(f, kind, cols)
}

// addDropLists offers the unit types and 是/否 as drop-down lists.
func addDropLists(f *excelize.File, sheet string, cols []column) error {
	var types []string
	for _, t := range zhongshu.AllUnitTypes() {
		types = append(types, t.Label())
	}
	lists := map[string][]string{colUnitType: types, colExternal: {"是", "否"}}
	for i, c := range cols {
		keys, ok := lists[c.name]
		if !ok {
			continue
		}
		name, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(fmt.Sprintf("%s2:%s%d", name, name, excelize.TotalRows))
		if err := dv.SetDropList(keys); err != nil {
			return err
		}
		if err := f.AddDataValidation(sheet, dv); err != nil {
			return err
		}
	}
	return nil
}

// fillHelp writes the 说明 sheet: general rules, one line per column and the
// allowed values.
func fillHelp(f *excelize.File, kind Kind, cols []column) error {
	if _, err := f.NewSheet(helpSheet); err != nil {
		return err
	}
	lines := [][]any{
		{kind.Label() + "导入说明"},
		{"1. 在第一个工作表中填写，第1行为表头，请勿修改表头文字；列的顺序可以调整，多余的列会被忽略。"},
		{"2. 第2行为示例，导入前请删除或改为实际内容；空行会被跳过。"},
		{"3. 任何一行有误时，整个文件都不会导入，请按提示修改后重新上传。"},
		{},
		{"列名", "是否必填", "说明"},
	}
	for _, c := range cols {
		req := "选填"
		if c.required {
			req = "必填"
		}
		lines = append(lines, []any{c.name, req, c.help})
	}
	if kind == KindUnits {
		lines = append(lines, []any{}, []any{"单位类型", "代码"})
		for _, t := range zhongshu.AllUnitTypes() {
			lines = append(lines, []any{t.Label(), string(t)})
		}
	}
	if kind == KindPeople {
		lines = append(lines, []any{}, []any{"角色", "代码"})
		for _, r := range zhongshu.AllRoles() {
			lines = append(lines, []any{r.Label(), string(r)})
		}
		admins := []string{zhongshu.RoleSysAdmin.Label(), zhongshu.RoleSecAdmin.Label(), zhongshu.RoleAuditAdmin.Label()}
		lines = append(lines, []any{}, []any{"注：" + strings.Join(admins, "、") + "三员分立，一人只能担任其中一个，且不能兼任业务角色。"})
	}
	for i, l := range lines {
		if len(l) == 0 {
			continue
		}
		if err := f.SetSheetRow(helpSheet, fmt.Sprintf("A%d", i+1), &l); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(helpSheet, "A", "B", 16); err != nil {
		return err
	}
	if err := f.SetColWidth(helpSheet, "C", "C", 90); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	return nil
}
