package extract

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"strconv"
	"strings"
)

// OFD (GB/T 33190-2016) is a zip package: OFD.xml names each document's
// Document.xml (DocBody/DocRoot), which lists the pages (Pages/Page@BaseLoc)
// and template pages (CommonData/TemplatePage); each page's Content.xml holds
// TextObject/TextCode elements. Elements are matched by local name, so the
// usual ofd: prefix, another prefix or none all work. Missing pages are
// skipped; a package without a readable document is corrupt.

// ofdMain is OFD.xml.
type ofdMain struct {
	DocBody []struct {
		DocRoot string `xml:"DocRoot"`
	} `xml:"DocBody"`
}

// ofdDoc is a Document.xml.
type ofdDoc struct {
	CommonData struct {
		TemplatePage []struct {
			ID      string `xml:"ID,attr"`
			BaseLoc string `xml:"BaseLoc,attr"`
		} `xml:"TemplatePage"`
	} `xml:"CommonData"`
	Pages struct {
		Page []struct {
			BaseLoc string `xml:"BaseLoc,attr"`
		} `xml:"Page"`
	} `xml:"Pages"`
}

func extractOFD(ctx context.Context, r io.ReaderAt, size int64, w *textWriter) error {
	a, err := openArchive(r, size)
	if err != nil {
		return err
	}
	var m ofdMain
	if err := decodePart(a, "OFD.xml", &m); err != nil {
		return err
	}
	read := 0
	for _, body := range m.DocBody {
		root := strings.TrimSpace(body.DocRoot)
		if root == "" {
			continue
		}
		err := ofdDocument(ctx, a, ofdPath("", root), w)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		read++
	}
	if read == 0 {
		return errors.New("OFD.xml: no readable DocBody/DocRoot")
	}
	return nil
}

// decodePart unmarshals the XML part named name into v.
func decodePart(a *archive, name string, v any) error {
	rc, err := a.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	if err := newXMLDecoder(rc).Decode(v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// ofdPath resolves loc, relative to the directory dir or absolute from the
// package root.
func ofdPath(dir, loc string) string {
	loc = strings.TrimSpace(loc)
	if strings.HasPrefix(loc, "/") {
		return cleanPart(loc)
	}
	return cleanPart(path.Join(dir, loc))
}

// ofdPage is the state of one document's page walk.
type ofdPage struct {
	a         *archive
	w         *textWriter
	templates map[string]string // TemplatePage ID → part name
	done      map[string]bool   // templates already written: once per document
}

func ofdDocument(ctx context.Context, a *archive, name string, w *textWriter) error {
	var doc ofdDoc
	if err := decodePart(a, name, &doc); err != nil {
		return err
	}
	dir := path.Dir(name)
	p := &ofdPage{a: a, w: w, templates: map[string]string{}, done: map[string]bool{}}
	for _, t := range doc.CommonData.TemplatePage {
		p.templates[t.ID] = ofdPath(dir, t.BaseLoc)
	}
	for _, pg := range doc.Pages.Page {
		if err := ctx.Err(); err != nil {
			return err
		}
		err := p.page(ctx, ofdPath(dir, pg.BaseLoc), 0)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// page writes the text of the page (or template page) part name, with its
// background templates before and foreground templates after.
func (p *ofdPage) page(ctx context.Context, name string, depth int) error {
	if !p.a.has(name) && p.a.has(name+"/Content.xml") {
		name += "/Content.xml" // BaseLoc naming the page's folder
	}
	rc, err := p.a.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := newXMLDecoder(rc)
	var (
		foreground []string
		inCode     bool
		boxY, size float64
		y, lastY   = 0.0, math.NaN()
		count      int
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if count++; count%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "Template":
				loc, ok := p.templates[attr(t, "TemplateID")]
				if !ok || p.done[loc] || depth > 0 {
					continue
				}
				p.done[loc] = true
				if attr(t, "ZOrder") == "Foreground" {
					foreground = append(foreground, loc)
				} else if err := p.template(ctx, loc, depth); err != nil {
					return err
				}
			case "TextObject":
				// Boundary is "x y width height" in mm; TextCode@Y is
				// relative to it.
				boxY, size = 0, 3.5
				if f := strings.Fields(attr(t, "Boundary")); len(f) == 4 {
					boxY, _ = strconv.ParseFloat(f[1], 64)
				}
				if s, err := strconv.ParseFloat(attr(t, "Size"), 64); err == nil && s > 0 {
					size = s
				}
			case "TextCode":
				inCode = true
				if v, err := strconv.ParseFloat(attr(t, "Y"), 64); err == nil {
					y = boxY + v
				}
			}
		case xml.EndElement:
			if t.Name.Local == "TextCode" {
				inCode = false
			}
		case xml.CharData:
			if !inCode {
				continue
			}
			// A new baseline starts a new line; generators often put each
			// line, or each character, in a TextObject of its own.
			if !math.IsNaN(lastY) && math.Abs(y-lastY) > size/2 {
				if err := p.w.WriteString("\n"); err != nil {
					return err
				}
			}
			lastY = y
			if err := p.w.WriteString(string(t)); err != nil {
				return err
			}
		}
	}
	if err := p.w.WriteString("\n"); err != nil {
		return err
	}
	for _, loc := range foreground {
		if err := p.template(ctx, loc, depth); err != nil {
			return err
		}
	}
	return nil
}

func (p *ofdPage) template(ctx context.Context, name string, depth int) error {
	err := p.page(ctx, name, depth+1)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// attr returns the value of the attribute with the local name local.
func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
