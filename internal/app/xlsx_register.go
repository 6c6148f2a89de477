package app

import (
	"bytes"
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"
)

// registerColumn is one column of an exported register (登记簿).
type registerColumn struct {
	name  string
	width float64
}

// writeRegister writes one sheet: a bold, frozen header and the rows; a
// time.Time cell is written as a date (China time), a zero one as empty.
func writeRegister(buf *bytes.Buffer, sheet string, cols []registerColumn, rows [][]any) (err error) {
	x := excelize.NewFile()
	wrap := func(err error) error { return fmt.Errorf("app: %s export: %w", sheet, err) }
	defer func() {
		if cerr := x.Close(); err == nil && cerr != nil {
			err = wrap(cerr)
		}
	}()
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return wrap(err)
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return wrap(err)
	}
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return wrap(err)
	}
	dateFmt := "yyyy-mm-dd"
	date, err := x.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return wrap(err)
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return wrap(err)
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return wrap(err)
		}
		header[i] = excelize.Cell{StyleID: bold, Value: c.name}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return wrap(err)
	}
	for i, row := range rows {
		cells := make([]any, len(row))
		for j, v := range row {
			if t, ok := v.(time.Time); ok {
				if t.IsZero() {
					cells[j] = ""
					continue
				}
				c := t.In(chinaTime)
				cells[j] = excelize.Cell{StyleID: date, Value: time.Date(c.Year(), c.Month(), c.Day(), 0, 0, 0, 0, time.UTC)}
				continue
			}
			cells[j] = v
		}
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return wrap(err)
		}
		if err := sw.SetRow(cell, cells); err != nil {
			return wrap(err)
		}
	}
	if err := sw.Flush(); err != nil {
		return wrap(err)
	}
	if _, err := x.WriteTo(buf); err != nil {
		return wrap(err)
	}
	return nil
}
