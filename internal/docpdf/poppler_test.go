package docpdf

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Test fonts: fonts-droid-fallback for Chinese, fonts-dejavu-core (a
// dependency of fontconfig, hence of poppler-utils) for digits.
const (
	testCJKFont   = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
	testLatinFont = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
)

// mustFonts returns the test fonts after checking that the fonts and the
// poppler tools are installed. Without them the test is skipped, unless
// ZHONGSHU_TEST_REQUIRE_POPPLER is set, which makes it fail.
func mustFonts(t *testing.T) Fonts {
	t.Helper()
	var missing []string
	for _, f := range []string{testCJKFont, testLatinFont} {
		if _, err := os.Stat(f); err != nil {
			missing = append(missing, f)
		}
	}
	for _, tool := range []string{"pdftotext", "pdfinfo", "pdftoppm"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool)
		}
	}
	if len(missing) > 0 {
		msg := fmt.Sprintf("missing %s (apt-get install poppler-utils fonts-droid-fallback fonts-dejavu-core)", strings.Join(missing, ", "))
		if os.Getenv("ZHONGSHU_TEST_REQUIRE_POPPLER") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return Fonts{FangSong: testCJKFont, Latin: testLatinFont}
}

// rendered is a document rendered to a file for poppler to read.
type rendered struct {
	path  string
	pages []bboxPage
}

// mustRender renders doc and reads back its text boxes.
func mustRender(t *testing.T, doc Document) rendered {
	t.Helper()
	fonts := mustFonts(t)
	data, err := Render(context.Background(), doc, fonts)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return rendered{path: path, pages: mustBBox(t, path)}
}

// mustRun runs a poppler tool with fixed arguments and returns its stdout.
func mustRun(t *testing.T, name string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, stderr.String())
	}
	return out
}

// bboxLine is one text line as pdftotext -bbox-layout sees it, in mm from
// the top-left corner of the page.
type bboxLine struct {
	Text                   string // the words joined without spaces
	Words                  []bboxWord
	XMin, YMin, XMax, YMax float64
}

// bboxWord is one word of a line, in mm.
type bboxWord struct {
	Text                   string
	XMin, YMin, XMax, YMax float64
}

// bboxPage is one page: its size and lines in reading order, in mm.
type bboxPage struct {
	Width, Height float64
	Lines         []bboxLine
}

// mustBBox runs pdftotext -bbox-layout and converts points to mm.
func mustBBox(t *testing.T, path string) []bboxPage {
	t.Helper()
	out := mustRun(t, "pdftotext", "-bbox-layout", path, "-")
	type xWord struct {
		XMin float64 `xml:"xMin,attr"`
		YMin float64 `xml:"yMin,attr"`
		XMax float64 `xml:"xMax,attr"`
		YMax float64 `xml:"yMax,attr"`
		Text string  `xml:",chardata"`
	}
	type xLine struct {
		XMin  float64 `xml:"xMin,attr"`
		YMin  float64 `xml:"yMin,attr"`
		XMax  float64 `xml:"xMax,attr"`
		YMax  float64 `xml:"yMax,attr"`
		Words []xWord `xml:"word"`
	}
	type xPage struct {
		Width  float64 `xml:"width,attr"`
		Height float64 `xml:"height,attr"`
		Lines  []xLine `xml:"flow>block>line"`
	}
	var doc struct {
		Pages []xPage `xml:"body>doc>page"`
	}
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("parse pdftotext -bbox-layout output: %v", err)
	}
	var pages []bboxPage
	for _, p := range doc.Pages {
		bp := bboxPage{Width: mm(p.Width), Height: mm(p.Height)}
		for _, l := range p.Lines {
			bl := bboxLine{XMin: mm(l.XMin), YMin: mm(l.YMin), XMax: mm(l.XMax), YMax: mm(l.YMax)}
			for _, w := range l.Words {
				bl.Words = append(bl.Words, bboxWord{w.Text, mm(w.XMin), mm(w.YMin), mm(w.XMax), mm(w.YMax)})
				bl.Text += w.Text
			}
			bp.Lines = append(bp.Lines, bl)
		}
		pages = append(pages, bp)
	}
	return pages
}

// mustFindLine returns the first line on page i (0-based) containing s.
func (r rendered) mustFindLine(t *testing.T, i int, s string) bboxLine {
	t.Helper()
	if i >= len(r.pages) {
		t.Fatalf("page %d: the PDF has %d pages", i+1, len(r.pages))
	}
	for _, l := range r.pages[i].Lines {
		if strings.Contains(l.Text, s) {
			return l
		}
	}
	t.Fatalf("page %d: no line contains %q", i+1, s)
	return bboxLine{}
}

// rasterDPI is the resolution pages are rasterised at: 1 px ≈ 0.17 mm.
const rasterDPI = 150

// raster is a rasterised page.
type raster struct{ img *image.RGBA }

// mustRaster rasterises page i (0-based) with pdftoppm.
func (r rendered) mustRaster(t *testing.T, i int) raster {
	t.Helper()
	n := fmt.Sprint(i + 1)
	out := mustRun(t, "pdftoppm", "-r", fmt.Sprint(rasterDPI), "-png", "-f", n, "-l", n, "-singlefile", r.path)
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("decode pdftoppm output: %v", err)
	}
	rgba := image.NewRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	return raster{rgba}
}

// px and mmOf convert between millimetres and pixels.
func px(v float64) int          { return int(v / 25.4 * rasterDPI) }
func mmOf(p int) float64        { return (float64(p) + 0.5) * 25.4 / rasterDPI }
func isRed(r, g, b uint8) bool  { return r > 0xA0 && g < 0x70 && b < 0x70 }
func isDark(r, g, b uint8) bool { return r < 0x60 && g < 0x60 && b < 0x60 }

// band is a run of rows holding matching pixels.
type band struct {
	top, bottom float64 // mm, outer edges
	left, right float64 // mm, outer edges of the matching pixels
}

// rows finds the bands of consecutive rows between y0 and y1 (mm) with at
// least minRun matching pixels in a row between x0 and x1, or with any
// matching pixel when minRun is 0.
func (r raster) rows(match func(r, g, b uint8) bool, x0, x1, y0, y1, minRunMM float64) []band {
	var out []band
	open := false
	for y := px(y0); y <= px(y1) && y < r.img.Bounds().Max.Y; y++ {
		left, right, run, best := -1, -1, 0, 0
		for x := px(x0); x <= px(x1) && x < r.img.Bounds().Max.X; x++ {
			c := r.img.RGBAAt(x, y)
			if match(c.R, c.G, c.B) {
				if left < 0 {
					left = x
				}
				right = x
				run++
				best = max(best, run)
				continue
			}
			run = 0
		}
		hit := left >= 0 && float64(best)*25.4/rasterDPI >= minRunMM
		switch {
		case hit && !open:
			out = append(out, band{top: mmOf(y) - 12.7/rasterDPI, bottom: mmOf(y) + 12.7/rasterDPI, left: mmOf(left) - 12.7/rasterDPI, right: mmOf(right) + 12.7/rasterDPI})
			open = true
		case hit:
			b := &out[len(out)-1]
			b.bottom = mmOf(y) + 12.7/rasterDPI
			b.left, b.right = min(b.left, mmOf(left)-12.7/rasterDPI), max(b.right, mmOf(right)+12.7/rasterDPI)
		default:
			open = false
		}
	}
	return out
}

// saveArtifact writes the PNG of page 1 to $ZHONGSHU_TEST_ARTIFACTS.
func (r rendered) saveArtifact(t *testing.T, name string) {
	t.Helper()
	dir := os.Getenv("ZHONGSHU_TEST_ARTIFACTS")
	if dir == "" {
		return
	}
	out := mustRun(t, "pdftoppm", "-r", fmt.Sprint(rasterDPI), "-png", "-f", "1", "-l", "1", "-singlefile", r.path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), out, 0o644); err != nil {
		t.Fatal(err)
	}
}
