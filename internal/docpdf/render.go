package docpdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"

	"github.com/signintech/gopdf"
)

// Render lays out doc per GB/T 9704-2012 and returns the PDF. Fonts are
// read from the paths in fonts on every call.
func Render(ctx context.Context, doc Document, fonts Fonts) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	switch doc.Format {
	case "":
		doc.Format = FormatGeneral
	case FormatGeneral, FormatLetter, FormatOrder, FormatMinutes:
	default:
		return nil, fmt.Errorf("docpdf: unknown format %q", doc.Format)
	}
	fs, err := loadFonts(fonts)
	if err != nil {
		return nil, err
	}
	pages, err := lay(ctx, doc, fs)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return writePDF(pages, fs, doc)
}

// lay computes every page of doc.
func lay(ctx context.Context, doc Document, fs *fontSet) ([]*page, error) {
	lo := &layout{doc: doc, fs: fs}
	p := &page{}
	y, err := lo.banner(p)
	if err != nil {
		return nil, fmt.Errorf("docpdf: 版头: %w", err)
	}
	first := firstPage(y)
	first.texts, first.rules = p.texts, p.rules
	lines, err := lo.mainBody()
	if err != nil {
		return nil, fmt.Errorf("docpdf: 主体: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	pages := paginate(first, lines)
	rec, err := lo.record()
	if err != nil {
		return nil, fmt.Errorf("docpdf: 版记: %w", err)
	}
	pages = placeRecord(pages, rec)
	if err := lo.numberPages(pages); err != nil {
		return nil, fmt.Errorf("docpdf: 页码: %w", err)
	}
	return pages, nil
}

// writePDF writes the pages with gopdf. Coordinates are converted from
// millimetres to points here and nowhere else.
func writePDF(pages []*page, fs *fontSet, doc Document) (out []byte, err error) {
	// gopdf panics on some malformed input; report it as an error instead.
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("docpdf: pdf writer: %v", r)
		}
	}()
	pt := func(v float64) float64 { return v * ptPerMM }
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{Unit: gopdf.UnitPT, PageSize: gopdf.Rect{W: pt(PageWidthMM), H: pt(PageHeightMM)}})
	pdf.SetInfo(gopdf.PdfInfo{Title: doc.Title, Subject: doc.Number, Creator: "zhongshu docpdf"})
	for _, f := range fs.faces {
		if err := pdf.AddTTFFontData(f.family, f.data); err != nil {
			return nil, fmt.Errorf("docpdf: embed font: %w", err)
		}
	}
	for _, p := range pages {
		pdf.AddPage()
		for _, t := range p.texts {
			if t.s == "" {
				continue
			}
			if err := pdf.SetFont(t.f.family, "", t.size); err != nil {
				return nil, fmt.Errorf("docpdf: set font: %w", err)
			}
			pdf.SetTextColor(t.color.parts())
			if err := pdf.SetCharSpacing(pt(t.tc)); err != nil {
				return nil, err
			}
			pdf.SetXY(pt(t.x), pt(t.base))
			if err := pdf.Text(t.s); err != nil {
				return nil, fmt.Errorf("docpdf: text: %w", err)
			}
		}
		for _, r := range p.rules {
			pdf.SetStrokeColor(r.color.parts())
			pdf.SetLineWidth(pt(r.width))
			pdf.Line(pt(r.x0), pt(r.y), pt(r.x1), pt(r.y))
		}
		for _, im := range p.images {
			var buf bytes.Buffer
			if err := png.Encode(&buf, im.img); err != nil {
				return nil, fmt.Errorf("docpdf: seal image: %w", err)
			}
			h, err := gopdf.ImageHolderByBytes(buf.Bytes())
			if err != nil {
				return nil, fmt.Errorf("docpdf: seal image: %w", err)
			}
			rect := &gopdf.Rect{W: pt(im.w), H: pt(im.h)}
			if err := pdf.ImageByHolder(h, pt(im.x), pt(im.y), rect); err != nil {
				return nil, fmt.Errorf("docpdf: seal image: %w", err)
			}
		}
	}
	b, err := pdf.GetBytesPdfReturnErr()
	if err != nil {
		return nil, fmt.Errorf("docpdf: write pdf: %w", err)
	}
	if len(b) == 0 {
		return nil, errors.New("docpdf: empty pdf")
	}
	return b, nil
}
