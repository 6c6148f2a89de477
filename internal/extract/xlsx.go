package extract

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// extractXLSX writes every sheet of a workbook: the sheet name on a line of
// its own, then one line per non-empty row with the cells' formatted values
// separated by tabs.
func extractXLSX(ctx context.Context, r io.ReaderAt, size int64, w *textWriter) error {
	if isOLE2(r) {
		return &Error{Message: msgOLE}
	}
	// excelize unzips the whole package into memory; check the entries and
	// their declared sizes (which archive/zip enforces) before it does.
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return err
	}
	if len(zr.File) > MaxZipEntries {
		return fmt.Errorf("%w: %d zip entries", errTooLarge, len(zr.File))
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > MaxContentBytes || size > MaxContentBytes {
			return fmt.Errorf("%w: %d bytes unzipped", errTooLarge, total)
		}
	}
	// UnzipXMLSizeLimit equal to the whole limit keeps excelize from spilling
	// large sheets to temporary files.
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{
		UnzipSizeLimit:    MaxContentBytes,
		UnzipXMLSizeLimit: MaxContentBytes,
	})
	if err != nil {
		return err
	}
	defer f.Close()
	for i, sheet := range f.GetSheetList() {
		if i > 0 {
			if err := w.WriteString("\n\n"); err != nil {
				return err
			}
		}
		if err := w.WriteString(sheet + "\n"); err != nil {
			return err
		}
		if err := xlsxSheet(ctx, f, sheet, w); err != nil {
			return err
		}
	}
	return nil
}

func xlsxSheet(ctx context.Context, f *excelize.File, sheet string, w *textWriter) error {
	rows, err := f.Rows(sheet)
	if err != nil {
		return fmt.Errorf("sheet %q: %w", sheet, err)
	}
	defer rows.Close()
	for n := 0; rows.Next(); n++ {
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		cells, err := rows.Columns()
		if err != nil {
			return fmt.Errorf("sheet %q: %w", sheet, err)
		}
		for len(cells) > 0 && strings.TrimSpace(cells[len(cells)-1]) == "" {
			cells = cells[:len(cells)-1]
		}
		if len(cells) == 0 {
			continue
		}
		for i, c := range cells {
			// A line break inside a cell would split the row.
			cells[i] = strings.Join(strings.Fields(c), " ")
		}
		if err := w.WriteString(strings.Join(cells, "\t") + "\n"); err != nil {
			return err
		}
	}
	return rows.Error()
}
