package orgimport

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Limits that keep a hostile or mistaken upload from exhausting memory.
const (
	maxFileSize  = 32 << 20 // bytes of the uploaded file
	maxUnzipSize = 64 << 20 // bytes of an .xlsx once unzipped, kept in memory
)

// Column headers.
const (
	colFullName  = "单位全称"
	colShortName = "简称"
	colUnitType  = "单位类型"
	colParent    = "上级单位"
	colDocCode   = "机关代字"
	colExternal  = "外部单位"
	colSort      = "排序"

	colUsername = "登录名"
	colName     = "姓名"
	colPhone    = "手机"
	colEmail    = "邮箱"
	colUnit     = "单位"
	colTitle    = "职务"
	colRoles    = "角色"
)

// column is one column of an import file. Required columns must be present
// in the header; optional ones read as blank when absent.
type column struct {
	name     string
	required bool
	example  string // value in the template's example row
	help     string // explanation on the template's 说明 sheet
}

var unitColumns = []column{
	{colFullName, true, "某某县农业农村局", "单位的正式全称，不超过60个字，不能与已有单位或本文件其他行重复。"},
	{colShortName, false, "县农业农村局", "规范化简称，不超过20个字，不能与已有单位的名称重复。"},
	{colUnitType, true, "县政府部门", "填写下方“单位类型”中的名称或代码。"},
	{colParent, false, "县人民政府", "上级单位的全称或简称，须为系统中已有的单位或本文件中排在本行之前的单位；办公室内设科室必须填写。"},
	{colDocCode, false, "县农", "发文机关代字，不超过20个字。"},
	{colExternal, false, "否", "填写“是”或“否”，不填视为“否”。"},
	{colSort, false, "10", "整数，数字小的排在前面，不填视为0。"},
}

var peopleColumns = []column{
	{colUsername, true, "zhangsan", "3至32位字母、数字、下划线、点或短横线，以字母开头；不能与已有账号或本文件其他行重复（不区分大小写）。"},
	{colName, true, "张三", "不超过30个字。"},
	{colPhone, false, "13800000000", "手机或电话号码。"},
	{colEmail, false, "zhangsan@example.gov.cn", "电子邮箱。"},
	{colUnit, true, "县政府办公室", "任职单位的全称或简称，须为系统中已有的单位；多个单位用“；”或“、”分隔，第一个为主要任职单位。"},
	{colTitle, false, "科员", "职务，与“单位”一一对应，用“；”或“、”分隔，可少于单位个数；每个不超过30个字。"},
	{colRoles, false, "科员、信息员", "填写下方“角色”中的名称或代码，多个用“，”“、”或“；”分隔；系统管理员、安全管理员、审计管理员不能兼任，也不能与业务角色同时授予。"},
}

func columnsOf(kind Kind) ([]column, error) {
	switch kind {
	case KindUnits:
		return unitColumns, nil
	case KindPeople:
		return peopleColumns, nil
	}
	return nil, fmt.Errorf("orgimport: unknown kind %q", kind)
}

// rawRow is one row of the file as read, before the header is applied.
type rawRow struct {
	line  int // spreadsheet row number, from 1
	cells []string
}

// record is one non-blank data row, keyed by column header.
type record struct {
	line int
	vals map[string]string
}

func (r record) get(col string) string { return r.vals[col] }

// readRows reads every row of an .xlsx or .csv file.
func readRows(filename string, r io.Reader) ([]rawRow, error) {
	ext := strings.ToLower(filepath.Ext(filename))
	if ext != ".xlsx" && ext != ".csv" {
		return nil, invalid(nil, "不支持的文件格式“%s”，请上传 .xlsx 或 .csv 文件（.xls 文件请先另存为 .xlsx）。", ext)
	}
	data, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("orgimport: read upload: %w", err)
	}
	if len(data) > maxFileSize {
		return nil, invalid(nil, "文件过大，不能超过%dMB，请分批导入。", maxFileSize>>20)
	}
	if ext == ".xlsx" {
		return readXLSX(data)
	}
	return readCSV(data)
}

func readXLSX(data []byte) ([]rawRow, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: maxUnzipSize, UnzipXMLSizeLimit: maxUnzipSize,
	})
	if err != nil {
		return nil, invalid(err, "无法读取Excel文件，请确认文件为 .xlsx 格式且未加密、未损坏。")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, invalid(nil, "Excel文件中没有工作表。")
	}
	rows, err := f.GetRows(sheets[0], excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, invalid(err, "无法读取Excel文件的工作表“%s”。", sheets[0])
	}
	out := make([]rawRow, 0, len(rows))
	for i, cells := range rows {
		out = append(out, rawRow{line: i + 1, cells: cells})
	}
	return out, nil
}

// readCSV decodes data (UTF-8 with or without BOM, otherwise GB18030) and
// splits it into rows numbered as a spreadsheet program would show them.
func readCSV(data []byte) ([]rawRow, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			return nil, invalid(err, "无法识别CSV文件的编码，请另存为UTF-8编码的CSV文件或 .xlsx 文件。")
		}
		data = dec
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	var out []rawRow
	// encoding/csv skips empty lines and lets quoted cells span lines, so
	// the row number is counted from the lines each record starts and ends on.
	row, prevEnd := 0, 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, invalid(err, "CSV文件第%d行格式有误，无法读取。", pe.StartLine)
			}
			return nil, invalid(err, "CSV文件格式有误，无法读取。")
		}
		start, _ := cr.FieldPos(0)
		row += 1 + max(0, start-prevEnd-1)
		last := len(rec) - 1
		endLine, _ := cr.FieldPos(last)
		prevEnd = endLine + strings.Count(rec[last], "\n")
		out = append(out, rawRow{line: row, cells: rec})
	}
	return out, nil
}

// records applies the header (row 1) to the data rows, drops rows that are
// blank in every known column and enforces maxRows.
func records(cols []column, rows []rawRow, maxRows int) ([]record, error) {
	index := map[string]int{}
	if len(rows) > 0 && rows[0].line == 1 {
		for i, h := range rows[0].cells {
			h = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(h), "\ufeff"))
			if _, dup := index[h]; dup && h != "" && isColumn(cols, h) {
				return nil, invalid(nil, "表头列“%s”重复，请只保留一列。", h)
			}
			if _, dup := index[h]; !dup {
				index[h] = i
			}
		}
		rows = rows[1:]
	}
	var missing []string
	for _, c := range cols {
		if _, ok := index[c.name]; c.required && !ok {
			missing = append(missing, c.name)
		}
	}
	if len(missing) > 0 {
		return nil, invalid(nil, "文件第1行（表头）缺少必需的列：%s。请使用导入模板填写。", strings.Join(missing, "、"))
	}
	var out []record
	for _, r := range rows {
		rec := record{line: r.line, vals: map[string]string{}}
		blank := true
		for _, c := range cols {
			i, ok := index[c.name]
			if !ok || i >= len(r.cells) {
				continue
			}
			v := strings.TrimSpace(r.cells[i])
			rec.vals[c.name] = v
			if v != "" {
				blank = false
			}
		}
		if blank {
			continue
		}
		if maxRows > 0 && len(out) >= maxRows {
			return nil, invalid(nil, "文件数据超过%d行，请分批导入。", maxRows)
		}
		out = append(out, rec)
	}
	return out, nil
}

func isColumn(cols []column, name string) bool {
	for _, c := range cols {
		if c.name == name {
			return true
		}
	}
	return false
}
