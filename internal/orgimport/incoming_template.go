package orgimport

// The .xlsx template of a 收文登记簿 import.

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// incomingSheet is the name of the template's data sheet.
const incomingSheet = "收文登记簿"

// IncomingTemplate writes an .xlsx template for a 收文 import: a sheet
// 收文登记簿 with the header row, one example row and drop-down lists, and
// a sheet 说明 explaining each column and the allowed values. maxRows, when
// positive, is the limit per file the notes mention.
func IncomingTemplate(w io.Writer, maxRows int) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := fillIncomingTemplate(f, maxRows); err != nil {
		return fmt.Errorf("orgimport: build 收文 template: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("orgimport: write 收文 template: %w", err)
	}
	return nil
}

func fillIncomingTemplate(f *excelize.File, maxRows int) error {
	cols := incomingColumns
	if err := f.SetSheetName(f.GetSheetName(0), incomingSheet); err != nil {
		return err
	}
	header, example := make([]any, len(cols)), make([]any, len(cols))
	for i, c := range cols {
		header[i], example[i] = c.name, c.example
	}
	if err := f.SetSheetRow(incomingSheet, "A1", &header); err != nil {
		return err
	}
	if err := f.SetSheetRow(incomingSheet, "A2", &example); err != nil {
		return err
	}
	last, err := excelize.ColumnNumberToName(len(cols))
	if err != nil {
		return err
	}
	// Text cells keep 来文字号, dates and numbers exactly as typed.
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
	if err := f.SetColStyle(incomingSheet, "A:"+last, text); err != nil {
		return err
	}
	if err := f.SetCellStyle(incomingSheet, "A1", last+"1", bold); err != nil {
		return err
	}
	widths := map[string]float64{colSender: 26, colSenderNo: 24, colDocTitle: 44, colSummary: 36, colChannel: 14}
	for i, c := range cols {
		name, _ := excelize.ColumnNumberToName(i + 1)
		wd, ok := widths[c.name]
		if !ok {
			wd = 12
		}
		if err := f.SetColWidth(incomingSheet, name, name, wd); err != nil {
			return err
		}
	}
	if err := f.SetPanes(incomingSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := addIncomingDropLists(f, cols); err != nil {
		return err
	}
	return fillIncomingHelp(f, cols, maxRows)
}

// incomingChoices are the values of the columns with a fixed list.
func incomingChoices() map[string][]string {
	var kinds, channels, disclosures []string
	for _, k := range zhongshu.AllDocKinds() {
		kinds = append(kinds, k.Label())
	}
	for _, c := range zhongshu.AllChannels() {
		channels = append(channels, c.Label())
	}
	for _, d := range zhongshu.AllDisclosures() {
		disclosures = append(disclosures, d.Label())
	}
	return map[string][]string{
		colKind:       kinds,
		colUrgency:    {"特急", "加急", "平件"},
		colSecrecy:    {zhongshu.SecrecyNone.Label()},
		colChannel:    channels,
		colHandling:   {zhongshu.HandlingAction.Label(), zhongshu.HandlingRead.Label()},
		colDisclosure: disclosures,
	}
}

// addIncomingDropLists offers the fixed values as drop-down lists. They
// only help: the import reads other spellings too (急件, 阅知 …).
func addIncomingDropLists(f *excelize.File, cols []column) error {
	lists := incomingChoices()
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
		if err := f.AddDataValidation(incomingSheet, dv); err != nil {
			return err
		}
	}
	return nil
}

// fillIncomingHelp writes the 说明 sheet.
func fillIncomingHelp(f *excelize.File, cols []column, maxRows int) error {
	if _, err := f.NewSheet(helpSheet); err != nil {
		return err
	}
	limit := ""
	if maxRows > 0 {
		limit = fmt.Sprintf("每个文件最多%d行，", maxRows)
	}
	lines := [][]any{
		{"收文登记簿导入说明"},
		{"1. " + zhongshu.NonClassifiedWarning + "。涉密公文" + zhongshu.ClassifiedMessage + "，不得在此登记。"},
		{"2. 在第一个工作表中填写，表头可以在前几行（上方可有标题行）；列的顺序可以调整，多余的列会被忽略；常见的列名写法（如来文单位、文号、收文时间）也能识别。"},
		{"3. 第2行为示例，导入前请删除或改为实际内容；空行会被跳过。" + limit + "也可上传同样表头的 .csv 文件（UTF-8 或 GBK 编码）。"},
		{"4. 任何一行有误时，整个文件都不会导入，并列出每一行的问题，请修改后重新上传。"},
		{"5. 导入的每件收文直接登记，按文件中的顺序取连续的收文号（按收文日期所在年度编号）；办件送拟办人拟办，阅件由文书分送传阅。"},
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
	choices := incomingChoices()
	for _, col := range []string{colKind, colUrgency, colChannel, colHandling, colDisclosure} {
		lines = append(lines, []any{}, []any{col, "可填写的值"})
		for _, v := range choices[col] {
			lines = append(lines, []any{v})
		}
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
