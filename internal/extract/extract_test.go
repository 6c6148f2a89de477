package extract

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/signintech/gopdf"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// result is what a test expects of Text: the text, or the error as
// "msg:<Chinese message>", "unsupported" or "canceled".
type result struct {
	Text string
	Err  string
}

func run(t *testing.T, ctx context.Context, name string, data []byte, maxRunes int) result {
	t.Helper()
	text, err := Text(ctx, name, bytes.NewReader(data), int64(len(data)), maxRunes)
	if err != nil && text != "" {
		t.Errorf("Text returned %q with error %v", text, err)
	}
	var e *Error
	switch {
	case err == nil:
		return result{Text: text}
	case errors.Is(err, ErrUnsupported):
		return result{Err: "unsupported"}
	case errors.Is(err, context.Canceled):
		return result{Err: "canceled"}
	case errors.As(err, &e):
		if errors.Is(err, errPanic) {
			t.Errorf("Text panicked: %v", err)
		}
		return result{Err: "msg:" + e.Message}
	}
	t.Fatalf("Text: unexpected error type %T: %v", err, err)
	return result{}
}

func check(t *testing.T, name string, data []byte, maxRunes int, want result) {
	t.Helper()
	got := run(t, context.Background(), name, data, maxRunes)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Text(%s) mismatch (-want +got):\n%s", name, diff)
	}
}

func TestSupported(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"通知.txt", true},
		{"通知.TXT", true},
		{"a.docx", true},
		{"a.xlsx", true},
		{"a.pdf", true},
		{"a.ofd", true},
		{"a.doc", false},
		{"a.wps", false},
		{"a.et", false},
		{"a.xls", false},
		{"a.png", false},
		{"docx", false},
	}
	for _, tt := range tests {
		if got := Supported(tt.name); got != tt.want {
			t.Errorf("Supported(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestText_Unsupported(t *testing.T) {
	for _, name := range []string{"a.doc", "a.wps", "a.et", "a.xls", "a.dps", "a.zip", "noext"} {
		check(t, name, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 OLE2"), 0, result{Err: "unsupported"})
	}
}

func TestText_Canceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, name := range []string{"a.txt", "a.docx", "a.xlsx", "a.pdf", "a.ofd"} {
		got := run(t, ctx, name, []byte("text"), 0)
		if diff := cmp.Diff(result{Err: "canceled"}, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
}

// cancelReader cancels a context on its first read, so that extraction is
// cancelled while it runs.
type cancelReader struct {
	r      *bytes.Reader
	cancel context.CancelFunc
}

func (c cancelReader) ReadAt(p []byte, off int64) (int, error) {
	c.cancel()
	return c.r.ReadAt(p, off)
}

func TestText_CanceledWhileReading(t *testing.T) {
	var xlsx bytes.Buffer
	f := excelize.NewFile()
	must(0, f.SetCellValue("Sheet1", "A1", "x"))
	must(f.WriteTo(&xlsx))
	files := map[string][]byte{
		"a.txt":  []byte("text"),
		"a.docx": zipOf(t, "word/document.xml", docxBody),
		"a.xlsx": xlsx.Bytes(),
		"a.pdf":  latinPDF().classic(),
		"a.ofd":  ofdPackage(t, "ofd:", "Pages/Page_0/Content.xml"),
	}
	for name, data := range files {
		ctx, cancel := context.WithCancel(context.Background())
		_, err := Text(ctx, name, cancelReader{bytes.NewReader(data), cancel}, int64(len(data)), 0)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: err = %v, want context.Canceled", name, err)
		}
	}
}

func TestTextWriter(t *testing.T) {
	tests := []struct {
		name   string
		in     []string
		max    int
		want   string
		isFull bool
	}{
		{"plain", []string{"a b"}, 0, "a b", false},
		{"crlf", []string{"a\r\nb\rc"}, 0, "a\nb\nc", false},
		{"spaces collapse", []string{"  a   b  \n  c"}, 0, "a b\nc", false},
		{"blank lines collapse", []string{"a\n\n\n\n", "\nb\n\n"}, 0, "a\n\nb", false},
		{"tabs kept", []string{"a\t\tb\t \n"}, 0, "a\t\tb", false},
		{"space before tab dropped", []string{"a \tb"}, 0, "a\tb", false},
		{"controls dropped", []string{"a\x00b\x07\ufeffc\u200b"}, 0, "abc", false},
		{"nbsp", []string{"a\u00a0b"}, 0, "a b", false},
		{"invalid utf8", []string{"a\xffb"}, 0, "a b", false},
		{"limit", []string{"一二三", "四五"}, 4, "一二三四", true},
		{"limit exact", []string{"一二"}, 2, "一二", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := &textWriter{max: tt.max}
			var err error
			for _, s := range tt.in {
				if err = w.WriteString(s); err != nil {
					break
				}
			}
			if got := errors.Is(err, errFull); got != tt.isFull {
				t.Errorf("errFull = %v, want %v", got, tt.isFull)
			}
			if diff := cmp.Diff(tt.want, w.String()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestText_TXT(t *testing.T) {
	gbk := func(s string) []byte {
		b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	utf16 := func(s string, e unicode.Endianness) []byte {
		b, err := unicode.UTF16(e, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	long := strings.Repeat("公文", 1000)
	tests := []struct {
		name string
		data []byte
		max  int
		want result
	}{
		{"utf8", []byte("关于印发\r\n工作要点"), 0, result{Text: "关于印发\n工作要点"}},
		{"utf8 bom", []byte("\xef\xbb\xbf通知 notice"), 0, result{Text: "通知 notice"}},
		{"gbk", gbk("关于印发《工作要点》的通知\r\n"), 0, result{Text: "关于印发《工作要点》的通知"}},
		{"gb18030", must(simplifiedchinese.GB18030.NewEncoder().Bytes([]byte("县府办〔2026〕1号 𠀀"))), 0, result{Text: "县府办〔2026〕1号 𠀀"}},
		{"utf16le bom", utf16("Windows 记事本", unicode.LittleEndian), 0, result{Text: "Windows 记事本"}},
		{"utf16be bom", utf16("大端", unicode.BigEndian), 0, result{Text: "大端"}},
		{"empty", nil, 0, result{}},
		{"limit utf8", []byte(long), 5, result{Text: "公文公文公"}},
		{"limit gbk", gbk(long), 3, result{Text: "公文公"}},
		{"limit utf16", utf16(long, unicode.LittleEndian), 3, result{Text: "公文公"}},
		{"limit larger than file", []byte("短"), 100, result{Text: "短"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { check(t, "a.txt", tt.data, tt.max, tt.want) })
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// zeros returns a raw Deflate stream of n zero bytes (n a multiple of 1 MiB)
// without compressing them all, which takes seconds under the race detector:
// a block flushed on its own references nothing before it, so it can be
// repeated.
func zeros(t *testing.T, n int) []byte {
	t.Helper()
	const chunk = 1 << 20
	var block bytes.Buffer
	fw, err := flate.NewWriter(&block, flate.BestSpeed)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(make([]byte, chunk))
	fw.Flush()
	out := bytes.Repeat(block.Bytes(), n/chunk)
	return append(out, 0x03, 0x00) // an empty final block
}

// bombSize exceeds MaxContentBytes.
const bombSize = MaxContentBytes + 1<<20

// zipBomb is a zip whose entry name inflates to bombSize zero bytes.
func zipBomb(t *testing.T, name string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, UncompressedSize64: bombSize})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(zeros(t, bombSize))
	zw.Close()
	return buf.Bytes()
}

// zipOf builds a zip archive of name/content pairs, in order.
func zipOf(t *testing.T, files ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(files[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
	`xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"`

const docxBody = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document ` + wordNS + `><w:body>
<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>关于印发</w:t></w:r><w:r><w:t xml:space="preserve">工作要点 </w:t></w:r><w:r><w:t>的通知</w:t></w:r></w:p>
<w:p><w:r><w:t>姓名</w:t><w:tab/><w:t>张三</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>
<w:p><w:r><w:instrText> PAGE </w:instrText></w:r><w:del><w:r><w:delText>已删除</w:delText></w:r></w:del></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>乙</w:t></w:r></w:p><w:p><w:r><w:t>丙</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p/></w:tc><w:tc><w:p><w:r><w:t>丁</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>
<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>
<w:p><w:r><w:drawing><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"/></w:drawing><w:t>图后文字</w:t></w:r></w:p>
</w:body></w:document>`

const docxBodyText = "关于印发工作要点 的通知\n姓名\t张三\n第二行\n\n甲\t乙 丙\n\t丁\n文本框\n\n图后文字"

func TestText_DOCX(t *testing.T) {
	hdr := `<w:hdr ` + wordNS + `><w:p><w:r><w:t>县人民政府办公室</w:t></w:r></w:p></w:hdr>`
	ftr := `<w:ftr ` + wordNS + `><w:p><w:r><w:t>第 1 页</w:t></w:r></w:p></w:ftr>`
	rels := `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>`
	var many bytes.Buffer
	zw := zip.NewWriter(&many)
	for i := range MaxZipEntries + 1 {
		zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("f%d", i), Method: zip.Store})
	}
	zw.Close()
	tests := []struct {
		name string
		data []byte
		max  int
		want result
	}{
		{"body", zipOf(t, "word/document.xml", docxBody), 0, result{Text: docxBodyText}},
		{"headers and footers", zipOf(t, "word/footer1.xml", ftr, "word/document.xml", docxBody, "word/header1.xml", hdr), 0,
			result{Text: docxBodyText + "\n\n县人民政府办公室\n\n第 1 页"}},
		{"main part from rels", zipOf(t, "_rels/.rels", rels, "word/document2.xml", docxBody), 0, result{Text: docxBodyText}},
		{"limit", zipOf(t, "word/document.xml", docxBody), 6, result{Text: "关于印发工作"}},
		{"no document", zipOf(t, "word/styles.xml", "<x/>"), 0, result{Err: "msg:" + msgCorrupt}},
		{"malformed xml", zipOf(t, "word/document.xml", `<w:document `+wordNS+`><w:body><w:p><w:t>a</w:p>`), 0, result{Err: "msg:" + msgCorrupt}},
		{"not a zip", []byte("PK\x03\x04 garbage"), 0, result{Err: "msg:" + msgCorrupt}},
		{"encrypted or doc", append(bytes.Clone(oleMagic), make([]byte, 512)...), 0, result{Err: "msg:" + msgOLE}},
		{"zip bomb", zipBomb(t, "word/document.xml"), 0, result{Err: "msg:" + msgTooLarge}},
		{"too many entries", many.Bytes(), 0, result{Err: "msg:" + msgTooLarge}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { check(t, "a.docx", tt.data, tt.max, tt.want) })
	}
}

func TestText_XLSX(t *testing.T) {
	f := excelize.NewFile()
	must(0, f.SetSheetName("Sheet1", "收文登记"))
	for cell, v := range map[string]any{
		"A1": "文号", "B1": "标题", "C1": "份数",
		"A2": "县府办〔2026〕1号", "B2": "关于印发\n工作要点的通知", "C2": 3,
		"B4": "空行之后", "E4": "",
	} {
		must(0, f.SetCellValue("收文登记", cell, v))
	}
	must(f.NewSheet("统计"))
	must(0, f.SetCellValue("统计", "A1", 2.5))
	must(0, f.SetCellValue("统计", "B1", true))
	var buf bytes.Buffer
	must(f.WriteTo(&buf))

	tests := []struct {
		name string
		data []byte
		max  int
		want result
	}{
		{"sheets", buf.Bytes(), 0, result{Text: "收文登记\n文号\t标题\t份数\n县府办〔2026〕1号\t关于印发 工作要点的通知\t3\n\t空行之后\n\n统计\n2.5\tTRUE"}},
		{"limit", buf.Bytes(), 9, result{Text: "收文登记\n文号\t标"}},
		{"corrupt", zipOf(t, "xl/workbook.xml", "<workbook"), 0, result{Err: "msg:" + msgCorrupt}},
		{"encrypted", append(bytes.Clone(oleMagic), make([]byte, 512)...), 0, result{Err: "msg:" + msgOLE}},
		{"zip bomb", zipBomb(t, "xl/worksheets/sheet1.xml"), 0, result{Err: "msg:" + msgTooLarge}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { check(t, "a.xlsx", tt.data, tt.max, tt.want) })
	}
}

const ofdNS = `xmlns:ofd="http://www.ofdspec.org/2016"`

// ofdPackage is a minimal OFD: a background template, two pages, one page
// whose Content.xml is missing.
func ofdPackage(t *testing.T, prefix, pageLoc string) []byte {
	t.Helper()
	p := func(s string) string { return strings.ReplaceAll(s, "ofd:", prefix) }
	ns := ofdNS
	if prefix == "" {
		ns = `xmlns="http://www.ofdspec.org/2016"`
	}
	return zipOf(t,
		"OFD.xml", p(`<?xml version="1.0" encoding="UTF-8"?><ofd:OFD `+ns+` Version="1.0" DocType="OFD"><ofd:DocBody>
<ofd:DocInfo><ofd:DocID>1</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`),
		"Doc_0/Document.xml", p(`<ofd:Document `+ns+`><ofd:CommonData><ofd:MaxUnitID>9</ofd:MaxUnitID>
<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>
<ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData>
<ofd:Pages><ofd:Page ID="1" BaseLoc="`+pageLoc+`"/><ofd:Page ID="3" BaseLoc="Pages/Page_1/Content.xml"/>
<ofd:Page ID="4" BaseLoc="Pages/Page_9/Content.xml"/></ofd:Pages></ofd:Document>`),
		"Doc_0/Tpls/Tpl_0/Content.xml", p(`<ofd:Page `+ns+`><ofd:Content><ofd:Layer ID="5">
<ofd:TextObject ID="6" Boundary="20 20 170 10" Font="7" Size="10"><ofd:TextCode X="0" Y="8">县人民政府文件</ofd:TextCode></ofd:TextObject>
</ofd:Layer></ofd:Content></ofd:Page>`),
		"Doc_0/Pages/Page_0/Content.xml", p(`<ofd:Page `+ns+`><ofd:Template TemplateID="2" ZOrder="Background"/><ofd:Content><ofd:Layer ID="8">
<ofd:TextObject ID="10" Boundary="20 40 40 6" Font="7" Size="5.6"><ofd:TextCode X="0" Y="5" DeltaX="5.6 5.6 5.6">关于印发</ofd:TextCode></ofd:TextObject>
<ofd:TextObject ID="11" Boundary="42 40 80 6" Font="7" Size="5.6"><ofd:TextCode X="0" Y="5">工作要点的通知</ofd:TextCode></ofd:TextObject>
<ofd:PageBlock ID="12"><ofd:TextObject ID="13" Boundary="20 55 80 20" Size="4.2"><ofd:FillColor Value="0 0 0"/><ofd:TextCode X="0" Y="4">各乡镇人民政府：</ofd:TextCode><ofd:TextCode X="8" Y="12">现将有关事项&#x901A;知如下。</ofd:TextCode></ofd:TextObject></ofd:PageBlock>
<ofd:PathObject ID="14" Boundary="0 0 1 1"><ofd:AbbreviatedData>M 0 0 L 1 1</ofd:AbbreviatedData></ofd:PathObject>
</ofd:Layer></ofd:Content></ofd:Page>`),
		"Doc_0/Pages/Page_1/Content.xml", p(`<ofd:Page `+ns+`><ofd:Template TemplateID="2"/><ofd:Content><ofd:Layer ID="15">
<ofd:TextObject ID="16" Boundary="20 20 80 6" Size="5"><ofd:TextCode X="0" Y="5">第二页</ofd:TextCode></ofd:TextObject>
</ofd:Layer></ofd:Content></ofd:Page>`),
	)
}

func TestText_OFD(t *testing.T) {
	const want = "县人民政府文件\n关于印发工作要点的通知\n各乡镇人民政府：\n现将有关事项通知如下。\n第二页"
	tests := []struct {
		name string
		data []byte
		max  int
		want result
	}{
		{"ofd prefix", ofdPackage(t, "ofd:", "Pages/Page_0/Content.xml"), 0, result{Text: want}},
		{"default namespace", ofdPackage(t, "", "Pages/Page_0/Content.xml"), 0, result{Text: want}},
		{"absolute BaseLoc", ofdPackage(t, "ofd:", "/Doc_0/Pages/Page_0/Content.xml"), 0, result{Text: want}},
		{"folder BaseLoc", ofdPackage(t, "ofd:", "Pages/Page_0"), 0, result{Text: want}},
		{"limit", ofdPackage(t, "ofd:", "Pages/Page_0/Content.xml"), 10, result{Text: "县人民政府文件\n关于"}},
		{"no OFD.xml", zipOf(t, "Doc_0/Document.xml", "<Document/>"), 0, result{Err: "msg:" + msgCorrupt}},
		{"no document", zipOf(t, "OFD.xml", `<OFD><DocBody><DocRoot>Doc_0/Document.xml</DocRoot></DocBody></OFD>`), 0, result{Err: "msg:" + msgCorrupt}},
		{"malformed page", zipOf(t,
			"OFD.xml", `<OFD><DocBody><DocRoot>D/Document.xml</DocRoot></DocBody></OFD>`,
			"D/Document.xml", `<Document><Pages><Page BaseLoc="P/Content.xml"/></Pages></Document>`,
			"D/P/Content.xml", `<Page><Content><TextObject><TextCode>x</TextObject>`), 0, result{Err: "msg:" + msgCorrupt}},
		{"gbk declared", zipOf(t,
			"OFD.xml", `<OFD><DocBody><DocRoot>D/Document.xml</DocRoot></DocBody></OFD>`,
			"D/Document.xml", `<Document><Pages><Page BaseLoc="P/Content.xml"/></Pages></Document>`,
			"D/P/Content.xml", `<?xml version="1.0" encoding="GB2312"?><Page><TextObject><TextCode>`+
				string(must(simplifiedchinese.GBK.NewEncoder().Bytes([]byte("国标编码"))))+`</TextCode></TextObject></Page>`),
			0, result{Text: "国标编码"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { check(t, "a.ofd", tt.data, tt.max, tt.want) })
	}
}

// testPDF builds a PDF from object bodies; object 1 must be the catalog.
type testPDF struct {
	objs    []string
	trailer string // extra trailer entries
}

func (p *testPDF) add(body string) int {
	p.objs = append(p.objs, body)
	return len(p.objs)
}

// stream returns the body of a Flate-compressed stream object.
func stream(dict string, data []byte) string {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(data)
	zw.Close()
	return rawStream(dict, z.Bytes())
}

// rawStream returns the body of a stream object of zlib data.
func rawStream(dict string, z []byte) string {
	return fmt.Sprintf("<< %s /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream", dict, len(z), z)
}

// classic writes the file with a cross-reference table.
func (p *testPDF) classic() []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(p.objs))
	for i, body := range p.objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, body)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(p.objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n", len(p.objs)+1, p.trailer, xref)
	return b.Bytes()
}

// compact writes the file as PDF 1.5 writers do: dictionaries packed in an
// object stream, a cross-reference stream with the PNG Up predictor.
func (p *testPDF) compact() []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.5\n")
	n := len(p.objs)
	stm, xrefNum := n+1, n+2
	type entry struct{ typ, f2, f3 int }
	entries := make([]entry, n+3)
	entries[0] = entry{0, 0, 65535}
	var hdr, body strings.Builder
	packed := 0
	for i, obj := range p.objs {
		if strings.Contains(obj, "stream\n") {
			entries[i+1] = entry{1, b.Len(), 0}
			fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, obj)
			continue
		}
		fmt.Fprintf(&hdr, "%d %d ", i+1, body.Len())
		body.WriteString(obj + "\n")
		entries[i+1] = entry{2, stm, packed}
		packed++
	}
	entries[stm] = entry{1, b.Len(), 0}
	fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", stm,
		stream(fmt.Sprintf("/Type /ObjStm /N %d /First %d", packed, hdr.Len()), []byte(hdr.String()+body.String())))
	entries[xrefNum] = entry{1, b.Len(), 0}
	var rows []byte
	prev := make([]byte, 7)
	for _, e := range entries {
		row := []byte{byte(e.typ), byte(e.f2 >> 24), byte(e.f2 >> 16), byte(e.f2 >> 8), byte(e.f2), byte(e.f3 >> 8), byte(e.f3)}
		rows = append(rows, 2) // PNG Up
		for i := range row {
			rows = append(rows, row[i]-prev[i])
		}
		prev = row
	}
	xref := b.Len()
	fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\nstartxref\n%d\n%%%%EOF\n", xrefNum,
		stream(fmt.Sprintf("/Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /DecodeParms << /Predictor 12 /Columns 7 >> %s", n+3, p.trailer), rows), xref)
	return b.Bytes()
}

// latinPDF is a two-page file with simple fonts and no embedded font file,
// exercising the content operators that place text.
func latinPDF() *testPDF {
	p := &testPDF{}
	p.add("<< /Type /Catalog /Pages 2 0 R >>")
	p.add("<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /Resources << /Font << /F1 5 0 R /F2 6 0 R >> /XObject << /X1 8 0 R >> >> >>")
	p.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 7 0 R >>")
	p.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [9 0 R 10 0 R] >>")
	p.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	p.add("<< /Type /Font /Subtype /Type1 /BaseFont /Custom /Encoding << /Type /Encoding /Differences [65 /uni4E2D /g7 /emdash /u00E9] >> >>")
	p.add(stream("", []byte(`BT /F1 12 Tf 72 720 Td (Hello, World!) Tj
0 -14 Td [(Zhong) -20 (shu) -300 (platform)] TJ
14 TL T* (caf\351 \(draft\)) Tj
ET
q 1 0 0 1 0 -100 cm /X1 Do Q
BI /W 4 /H 1 /BPC 8 /CS /G ID `+"\x00EI\xffEIx"+` EI
BT /F2 12 Tf 72 450 Td (ABCD) Tj ET
BT /F1 12 Tf 72 430 Td (Bold) Tj 0.3 0 Td (Bold) Tj ET`)))
	p.add(stream("/Type /XObject /Subtype /Form /BBox [0 0 612 792]", []byte("BT /F1 10 Tf 72 600 Td (Form text) Tj ET")))
	p.add(stream("", []byte("BT /F1 12 Tf 1 0 0 1 72 720 Tm (Page two,) Tj")))
	p.add(stream("", []byte("( second stream) Tj 1 0 0 1 300 720 Tm (far right) Tj ET")))
	return p
}

const latinText = "Hello, World!\nZhongshu platform\ncafé (draft)\nForm text\n中—é\nBold\n\nPage two, second stream far right"

// cjkPDF has a Type0 font with a ToUnicode CMap (as gopdf and Word write)
// and a GBK-EUC-H font without one (as older Chinese writers do).
func cjkPDF() *testPDF {
	p := &testPDF{}
	p.add("<< /Type /Catalog /Pages 2 0 R >>")
	p.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	p.add("<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 4 0 R /F2 7 0 R >> >> /Contents 8 0 R >>")
	p.add("<< /Type /Font /Subtype /Type0 /BaseFont /NotoSansCJK /Encoding /Identity-H /DescendantFonts [5 0 R] /ToUnicode 6 0 R >>")
	p.add("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NotoSansCJK /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 /W [10 [500 500]] >>")
	p.add(stream("", []byte(`/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Adobe-Identity-UCS def /CMapType 2 def
1 begincodespacerange <0003> <0AF7> endcodespacerange
6 beginbfchar <0001> <5173> <0002> <4E8E> <0003> <0020> <0007> <2F2F> <0008> <2EA0> <0009> <FB01> endbfchar
3 beginbfrange <0004> <0005> [<5370> <53D1>] <0010> <0011> [<0032> <D840DC00>] <0020> <0021> <4E00> endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end`)))
	p.add("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /GBK-EUC-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light >>] >>")
	gbk := must(simplifiedchinese.GBK.NewEncoder().Bytes([]byte("各乡镇人民政府")))
	p.add(stream("", []byte(fmt.Sprintf("BT /F1 16 Tf 100 700 Td <0001000200040005> Tj [<0010> -100 <0011>] TJ <00200021> Tj ET\nBT /F2 12 Tf 100 670 Td <%x> Tj ET\nBT /F1 16 Tf 100 640 Td <000700080009> Tj ET", gbk))))
	return p
}

// The last line is mapped to the Kangxi radical ⼯, the radical ⺠ and the
// ligature ﬁ, which must be searchable as 工, 民 and fi.
const cjkText = "关于印发2𠀀一丁\n各乡镇人民政府\n工民fi"

func TestText_PDF(t *testing.T) {
	encrypted := latinPDF()
	encrypted.add("<< /Filter /Standard /V 1 /R 2 /O (x) /U (y) /P -4 >>")
	encrypted.trailer = "/Encrypt 11 0 R /ID [(a) (a)]"
	noStartxref := latinPDF().classic()
	noStartxref = bytes.Replace(noStartxref, []byte("startxref"), []byte("startxreg"), 1)
	shifted := append([]byte("%junk before the header%\n"), latinPDF().classic()...)
	bomb := latinPDF()
	// zlib header, Deflate data, and a checksum never reached.
	bomb.objs[6] = rawStream("", append(append([]byte{0x78, 0x9c}, zeros(t, bombSize)...), 0, 0, 0, 0))
	tests := []struct {
		name string
		data []byte
		max  int
		want result
	}{
		{"latin classic xref", latinPDF().classic(), 0, result{Text: latinText}},
		{"latin xref stream", latinPDF().compact(), 0, result{Text: latinText}},
		{"cjk cmap", cjkPDF().classic(), 0, result{Text: cjkText}},
		{"limit", latinPDF().classic(), 8, result{Text: "Hello, W"}},
		{"repair missing startxref", noStartxref, 0, result{Text: latinText}},
		{"repair shifted offsets", shifted, 0, result{Text: latinText}},
		{"encrypted", encrypted.classic(), 0, result{Err: "msg:" + msgPDFEncrypted}},
		{"encrypted xref stream", encrypted.compact(), 0, result{Err: "msg:" + msgPDFEncrypted}},
		{"flate bomb", bomb.classic(), 0, result{Err: "msg:" + msgTooLarge}},
		{"not a pdf", []byte("hello"), 0, result{Err: "msg:" + msgCorrupt}},
		{"no objects", []byte("%PDF-1.4\n%%EOF"), 0, result{Err: "msg:" + msgCorrupt}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { check(t, "a.pdf", tt.data, tt.max, tt.want) })
	}
}

// TestOpenPDF checks that valid files are read through their cross-reference
// table or stream, not by the repair scan, which would hide a broken parser.
func TestOpenPDF(t *testing.T) {
	tests := []struct {
		name         string
		data         []byte
		wantRepaired bool
	}{
		{"classic", latinPDF().classic(), false},
		{"xref stream", latinPDF().compact(), false},
		{"cjk", cjkPDF().classic(), false},
		{"shifted", append([]byte("%junk%\n"), latinPDF().classic()...), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := openPDF(context.Background(), bytes.NewReader(tt.data), int64(len(tt.data)))
			if err != nil {
				t.Fatal(err)
			}
			if d.repaired != tt.wantRepaired {
				t.Errorf("repaired = %v, want %v", d.repaired, tt.wantRepaired)
			}
		})
	}
}

// findFonts returns the TrueType files under the system font folders whose
// lower-case names contain one of the keys.
func findFonts(keys ...string) []string {
	var found []string
	for _, dir := range []string{"/usr/share/fonts", "/usr/local/share/fonts"} {
		filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			name := strings.ToLower(d.Name())
			if err != nil || d.IsDir() || !strings.HasSuffix(name, ".ttf") {
				return nil
			}
			for _, k := range keys {
				if strings.Contains(name, k) {
					found = append(found, path)
					break
				}
			}
			return nil
		})
	}
	return found
}

// TestText_PDFGopdf reads files written by gopdf with a real CJK TrueType
// font, as Zhongshu will render 公文. It needs such a font (Debian:
// fonts-droid-fallback, fonts-noto-cjk's TTF builds, fonts-wqy-*).
func TestText_PDFGopdf(t *testing.T) {
	var pdf gopdf.GoPdf
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4})
	cjk := false
	for _, path := range findFonts("cjk", "droidsansfallback", "wqy", "notosanssc", "sourcehan", "simsun", "simhei") {
		if pdf.AddTTFFont("cjk", path) == nil {
			cjk = true
			t.Logf("CJK font %s", path)
			break
		}
	}
	if !cjk {
		t.Skip("no CJK TrueType font installed (apt-get install fonts-droid-fallback)")
	}
	latin := false
	for _, path := range findFonts("dejavusans.ttf", "liberationsans-regular") {
		if pdf.AddTTFFont("latin", path) == nil {
			latin = true
			break
		}
	}
	lines := []struct {
		page       int
		font, text string
	}{
		{1, "cjk", "关于印发《工作要点》的通知"},
		{1, "cjk", "各乡镇人民政府，县直各单位："},
		{1, "latin", "Zhongshu 2026 — café"},
		{2, "cjk", "第二页"},
	}
	var want []string
	page := 0
	for i, l := range lines {
		if l.font == "latin" && !latin {
			continue
		}
		if l.page != page {
			pdf.AddPage()
			page = l.page
			if page > 1 {
				want = append(want, "")
			}
		}
		must(0, pdf.SetFont(l.font, "", 16))
		pdf.SetXY(60, float64(60+30*i))
		must(0, pdf.Cell(nil, l.text))
		want = append(want, l.text)
	}
	var buf bytes.Buffer
	must(pdf.WriteTo(&buf))
	check(t, "公文.pdf", buf.Bytes(), 0, result{Text: strings.Join(want, "\n")})
}

// mutations per sample in TestText_Malformed; raise it to hunt for crashes.
const mutations = 300

// TestText_Malformed feeds truncated and corrupted versions of valid files:
// Text must return text or a *Error, never panic or hang.
func TestText_Malformed(t *testing.T) {
	samples := map[string][]byte{
		"a.pdf":  latinPDF().classic(),
		"b.pdf":  latinPDF().compact(),
		"c.pdf":  cjkPDF().classic(),
		"a.docx": zipOf(t, "word/document.xml", docxBody),
		"a.ofd":  ofdPackage(t, "ofd:", "Pages/Page_0/Content.xml"),
		"a.txt":  []byte("关于印发工作要点的通知"),
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for name, data := range samples {
		for i := range mutations {
			b := bytes.Clone(data)
			if i%3 == 0 {
				b = b[:rng.IntN(len(b))]
			}
			for range 1 + rng.IntN(8) {
				if len(b) > 0 {
					b[rng.IntN(len(b))] = byte(rng.IntN(256))
				}
			}
			got := run(t, context.Background(), name, b, 0)
			if got.Err != "" && !strings.HasPrefix(got.Err, "msg:") {
				t.Errorf("%s mutation %d: error %q", name, i, got.Err)
			}
		}
	}
}

// FuzzTextPDF: go test -fuzz FuzzTextPDF ./internal/extract
func FuzzTextPDF(f *testing.F) {
	f.Add(latinPDF().classic())
	f.Add(latinPDF().compact())
	f.Add(cjkPDF().classic())
	f.Fuzz(func(t *testing.T, data []byte) {
		got := run(t, context.Background(), "a.pdf", data, 0)
		if got.Err != "" && !strings.HasPrefix(got.Err, "msg:") {
			t.Errorf("error %q", got.Err)
		}
	})
}
