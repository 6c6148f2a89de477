package extract

import (
	"context"
	"encoding/xml"
	"io"
	"path"
	"slices"
	"strings"
)

// extractDOCX reads the main document part of a .docx (WordprocessingML),
// then its headers and footers; footnotes, comments and embedded objects are
// left out. Images, field codes (w:instrText) and deleted revisions
// (w:delText) carry no text of their own and are skipped.
func extractDOCX(ctx context.Context, r io.ReaderAt, size int64, w *textWriter) error {
	if isOLE2(r) {
		return &Error{Message: msgOLE}
	}
	a, err := openArchive(r, size)
	if err != nil {
		return err
	}
	mainPart := docxMainPart(a)
	if err := docxPart(ctx, a, mainPart, w); err != nil {
		return err
	}
	// Headers and footers hold the issuing office and document number of a
	// 公文, worth indexing; they live next to the main part.
	var headers, footers []string
	for name := range a.files {
		base := path.Base(name)
		if path.Dir(name) != path.Dir(mainPart) || path.Ext(base) != ".xml" {
			continue
		}
		if strings.HasPrefix(base, "header") {
			headers = append(headers, name)
		} else if strings.HasPrefix(base, "footer") {
			footers = append(footers, name)
		}
	}
	slices.Sort(headers)
	slices.Sort(footers)
	for _, name := range append(headers, footers...) {
		if err := w.WriteString("\n"); err != nil {
			return err
		}
		if err := docxPart(ctx, a, name, w); err != nil {
			return err
		}
	}
	return nil
}

// docxMainPart finds the main document part through the package
// relationships, as Word does, falling back to the usual name.
func docxMainPart(a *archive) string {
	const fallback = "word/document.xml"
	rc, err := a.open("_rels/.rels")
	if err != nil {
		return fallback
	}
	defer rc.Close()
	var rels struct {
		Relationship []struct {
			Type   string `xml:",attr"`
			Target string `xml:",attr"`
		}
	}
	if err := newXMLDecoder(rc).Decode(&rels); err != nil {
		return fallback
	}
	for _, rel := range rels.Relationship {
		if strings.HasSuffix(rel.Type, "/officeDocument") && a.has(rel.Target) {
			return cleanPart(rel.Target)
		}
	}
	return fallback
}

// docxPart streams one WordprocessingML part into w.
func docxPart(ctx context.Context, a *archive, name string, w *textWriter) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	rc, err := a.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := newXMLDecoder(rc)
	var (
		stack []string // local names of the open elements
		inT   bool     // inside w:t (or m:t, a:t), whose character data is text
		count int
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if count++; count%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		var s string
		switch t := tok.(type) {
		case xml.StartElement:
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			switch t.Name.Local {
			case "Fallback":
				// mc:AlternateContent repeats text boxes in a VML fallback.
				if err := d.Skip(); err != nil {
					return err
				}
				continue
			case "t":
				inT = true
			case "tab":
				if parent == "r" {
					s = "\t"
				}
			case "br", "cr":
				s = "\n"
			case "noBreakHyphen":
				s = "-"
			}
			stack = append(stack, t.Name.Local)
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			switch t.Name.Local {
			case "t":
				inT = false
			case "p":
				// Table rows stay on one line: cells are tab separated.
				s = "\n"
				if slices.Contains(stack, "tc") {
					s = " "
				}
			case "tc":
				s = "\t"
			case "tr":
				s = "\n"
			}
		case xml.CharData:
			if inT {
				s = string(t)
			}
		}
		if s != "" {
			if err := w.WriteString(s); err != nil {
				return err
			}
		}
	}
}
