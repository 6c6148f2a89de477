package blob_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/blob"
)

func TestDefaultRules(t *testing.T) {
	want := blob.Rules{
		MaxBytes:   50 * 1024 * 1024,
		Extensions: []string{"pdf", "ofd", "doc", "docx", "wps", "xls", "xlsx", "et", "txt", "jpg", "jpeg", "png", "zip"},
	}
	if diff := cmp.Diff(want, blob.DefaultRules()); diff != "" {
		t.Errorf("DefaultRules mismatch (-want +got):\n%s", diff)
	}
}

func TestRulesCheck(t *testing.T) {
	// Heads of real files, padded to 512 bytes as a sniffing caller reads them.
	pad := func(b ...[]byte) []byte {
		head := bytes.Join(b, nil)
		return append(head, bytes.Repeat([]byte{0}, 512-len(head))...)
	}
	var (
		pdf  = pad([]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"))
		zip  = pad([]byte("PK\x03\x04\x14\x00\x06\x00"))
		ole2 = pad([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
		jpeg = pad([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F'})
		png  = pad([]byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R'})
		txt  = []byte("关于做好防汛工作的通知\r\n各乡镇人民政府：\r\n")
		exe  = pad([]byte("MZ\x90\x00"))
	)
	const allowed = "pdf、ofd、doc、docx、wps、xls、xlsx、et、txt、jpg、jpeg、png、zip"
	wantMismatch := func(ext, format string) string {
		return "附件内容与扩展名不符（扩展名为 ." + ext + "，内容却不是" + format + "文件），请确认文件未损坏、未被改名"
	}
	def := blob.DefaultRules()
	tests := []struct {
		name  string
		rules blob.Rules
		file  string
		size  int64
		head  []byte
		want  string
	}{
		// Accepted.
		{name: "pdf", file: "县政办发〔2026〕12号.pdf", size: 1000, head: pdf},
		{name: "uppercase extension", file: "正文.PDF", size: 1000, head: pdf},
		{name: "ofd", file: "正文.ofd", size: 1000, head: zip},
		{name: "docx", file: "草稿.docx", size: 1000, head: zip},
		{name: "xlsx", file: "统计表.xlsx", size: 1000, head: zip},
		{name: "zip", file: "附件.zip", size: 1000, head: zip},
		{name: "doc", file: "草稿.doc", size: 1000, head: ole2},
		{name: "xls", file: "统计表.xls", size: 1000, head: ole2},
		{name: "wps", file: "草稿.wps", size: 1000, head: ole2},
		{name: "et", file: "统计表.et", size: 1000, head: ole2},
		{name: "jpg", file: "现场照片.jpg", size: 1000, head: jpeg},
		{name: "jpeg", file: "现场照片.JPEG", size: 1000, head: jpeg},
		{name: "png", file: "截图.png", size: 1000, head: png},
		{name: "txt", file: "说明.txt", size: int64(len(txt)), head: txt},
		{name: "short txt head", file: "说明.txt", size: 3, head: []byte("abc")},
		{name: "exactly 50 MiB", file: "扫描件.pdf", size: 50 << 20, head: pdf},
		{name: "dots in name", file: "2026.3.6 会议纪要.v2.pdf", size: 1000, head: pdf},
		{name: "custom rules without sniffer", rules: blob.Rules{MaxBytes: 100, Extensions: []string{".CSV"}},
			file: "名单.csv", size: 100, head: []byte("a,b\n")},
		{name: "no size limit", rules: blob.Rules{Extensions: []string{"pdf"}}, file: "大.pdf", size: 1 << 40, head: pdf},

		// Names.
		{name: "empty name", file: "", size: 1000, head: pdf, want: "附件名称不能为空"},
		{name: "blank name", file: " 　", size: 1000, head: pdf, want: "附件名称不能为空"},
		{name: "slash", file: "../../etc/passwd.pdf", size: 1000, head: pdf, want: "附件名称不能包含路径分隔符“/”或“\\”"},
		{name: "backslash", file: `C:\Users\clerk\正文.pdf`, size: 1000, head: pdf, want: "附件名称不能包含路径分隔符“/”或“\\”"},
		{name: "newline", file: "正文\n.pdf", size: 1000, head: pdf, want: "附件名称不能包含控制字符"},
		{name: "NUL", file: "正文.pdf\x00.exe", size: 1000, head: pdf, want: "附件名称不能包含控制字符"},
		{name: "bidi override", file: "正文\u202Efdp.exe", size: 1000, head: exe, want: "附件名称不能包含控制字符"},
		{name: "invalid UTF-8", file: "\xff\xfe.pdf", size: 1000, head: pdf, want: "附件名称含有无法识别的字符"},
		{name: "too long", file: strings.Repeat("长", 77) + ".pdf", size: 1000, head: pdf, want: "附件名称不能超过80个字"},
		{name: "80 characters", file: strings.Repeat("长", 76) + ".pdf", size: 1000, head: pdf},

		// Extensions.
		{name: "exe", file: "setup.exe", size: 1000, head: exe, want: "不支持的附件类型 .exe，允许：" + allowed},
		{name: "uppercase exe", file: "SETUP.EXE", size: 1000, head: exe, want: "不支持的附件类型 .exe，允许：" + allowed},
		{name: "double extension", file: "正文.pdf.exe", size: 1000, head: exe, want: "不支持的附件类型 .exe，允许：" + allowed},
		{name: "no extension", file: "正文", size: 1000, head: pdf, want: "附件缺少扩展名，允许：" + allowed},
		{name: "trailing dot", file: "正文.", size: 1000, head: pdf, want: "附件缺少扩展名，允许：" + allowed},

		// Sizes.
		{name: "empty file", file: "正文.pdf", size: 0, head: nil, want: "附件为空"},
		{name: "over 50 MiB", file: "扫描件.pdf", size: 50<<20 + 1, head: pdf, want: "附件超过50MB"},
		{name: "over 512 KiB", rules: blob.Rules{MaxBytes: 512 << 10, Extensions: []string{"pdf"}},
			file: "正文.pdf", size: 1 << 20, head: pdf, want: "附件超过512KB"},
		{name: "over 2.5 MiB", rules: blob.Rules{MaxBytes: 5 << 19, Extensions: []string{"pdf"}},
			file: "正文.pdf", size: 3 << 20, head: pdf, want: "附件超过2.5MB"},
		{name: "over 100 bytes", rules: blob.Rules{MaxBytes: 100, Extensions: []string{"pdf"}},
			file: "正文.pdf", size: 101, head: pdf, want: "附件超过100字节"},

		// Contents.
		{name: "pdf that is a docx", file: "正文.pdf", size: 1000, head: zip, want: wantMismatch("pdf", "PDF")},
		{name: "pdf that is an exe", file: "正文.pdf", size: 1000, head: exe, want: wantMismatch("pdf", "PDF")},
		{name: "pdf with empty head", file: "正文.pdf", size: 1000, head: nil, want: wantMismatch("pdf", "PDF")},
		{name: "docx that is a doc", file: "草稿.docx", size: 1000, head: ole2, want: wantMismatch("docx", "Word")},
		{name: "xlsx that is a pdf", file: "表.xlsx", size: 1000, head: pdf, want: wantMismatch("xlsx", "Excel")},
		{name: "ofd that is a pdf", file: "正文.ofd", size: 1000, head: pdf, want: wantMismatch("ofd", "OFD")},
		{name: "zip that is an exe", file: "附件.zip", size: 1000, head: exe, want: wantMismatch("zip", "ZIP压缩包")},
		{name: "doc that is a docx", file: "草稿.doc", size: 1000, head: zip, want: wantMismatch("doc", "Word")},
		{name: "xls that is text", file: "表.xls", size: 1000, head: txt, want: wantMismatch("xls", "Excel")},
		{name: "wps that is a zip", file: "草稿.wps", size: 1000, head: zip, want: wantMismatch("wps", "WPS文字")},
		{name: "et that is a pdf", file: "表.et", size: 1000, head: pdf, want: wantMismatch("et", "WPS表格")},
		{name: "jpg that is a png", file: "照片.jpg", size: 1000, head: png, want: wantMismatch("jpg", "JPEG图片")},
		{name: "png that is a jpeg", file: "截图.png", size: 1000, head: jpeg, want: wantMismatch("png", "PNG图片")},
		{name: "txt with NUL", file: "说明.txt", size: 1000, head: exe, want: wantMismatch("txt", "纯文本")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := tt.rules
			if rules.Extensions == nil {
				rules = def
			}
			if got := rules.Check(tt.file, tt.size, tt.head); got != tt.want {
				t.Errorf("Check(%q, %d) = %q, want %q", tt.file, tt.size, got, tt.want)
			}
		})
	}
}

func TestSecrecyMarker(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{name: "secret with star", text: "秘密★1年\n关于……的通知", want: "秘密★"},
		{name: "secret space star", text: "秘密 ★6个月", want: "秘密 ★"},
		{name: "secret full-width space star", text: "秘密　★", want: "秘密　★"},
		{name: "confidential with star", text: "机密★10年", want: "机密★"},
		{name: "top secret with star", text: "绝密★长期", want: "绝密★"},
		{name: "white star", text: "机密☆5年", want: "机密☆"},
		{name: "star mid-line", text: "本件标注为机密★，请勿外传", want: "机密★"},
		{name: "top secret alone on a line", text: "县政办发〔2026〕12号\n绝密\n关于……", want: "绝密"},
		{name: "confidential at line start then space", text: "  机密  特急\r\n正文", want: "机密"},
		{name: "confidential at line start full-width space", text: "　机密　一年", want: "机密"},
		{name: "confidential at end of text", text: "正文\n机密", want: "机密"},
		{name: "first of several", text: "正文\n绝密\n机密★1年", want: "绝密"},
		{name: "first on one line", text: "机密★ 与 秘密★", want: "机密★"},
		{name: "later line", text: "第一行\n第二行 秘密★3年", want: "秘密★"},

		{name: "empty", text: "", want: ""},
		{name: "business secret", text: "涉及商业秘密的内容不予公开。", want: ""},
		{name: "secret at line start", text: "秘密事项不得在本系统处理", want: ""},
		{name: "secret alone on a line", text: "秘密\n", want: ""},
		{name: "confidential word mid-line", text: "请妥善保管机密文件", want: ""},
		{name: "confidential at line start in a word", text: "机密文件管理规定", want: ""},
		{name: "top secret in a word", text: "绝密级档案", want: ""},
		{name: "star elsewhere", text: "★ 重点任务\n机密性要求", want: ""},
		{name: "star on the next line", text: "这是机密\n★", want: ""},
		{name: "work secret", text: "工作秘密", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := blob.SecrecyMarker(tt.text); got != tt.want {
				t.Errorf("SecrecyMarker(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestSafeFilename(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"县政办发〔2026〕12号.pdf", "县政办发〔2026〕12号.pdf"},
		{"../../etc/passwd", "passwd"},
		{`C:\Users\clerk\正文.docx`, "正文.docx"},
		{`a"b'c.pdf`, "abc.pdf"},
		{"正文\r\nSet-Cookie: x.pdf", "正文Set-Cookie: x.pdf"},
		{"正文\u202Efdp.exe", "正文fdp.exe"},
		{"bad\xffname.pdf", "badname.pdf"},
		{"  会议纪要.pdf  ", "会议纪要.pdf"},
		{"", "附件"},
		{"/", "附件"},
		{"..", "附件"},
		{"dir/..", "附件"},
		{"\"\"", "附件"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := blob.SafeFilename(tt.in); got != tt.want {
				t.Errorf("SafeFilename(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
