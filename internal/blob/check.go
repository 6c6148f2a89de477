package blob

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Rules are the limits on uploaded attachments; the config supplies them.
type Rules struct {
	MaxBytes   int64    // largest accepted size; zero or less means no limit
	Extensions []string // accepted extensions, lowercase without dot
}

// DefaultRules returns the limits of DOMAIN.md §2.4: 50 MiB, and the fixed
// layout (pdf, ofd), office (doc…et), text, image and zip formats a county
// office exchanges.
func DefaultRules() Rules {
	return Rules{
		MaxBytes: 50 << 20,
		Extensions: []string{"pdf", "ofd", "doc", "docx", "wps", "xls", "xlsx", "et",
			"txt", "jpg", "jpeg", "png", "zip"},
	}
}

// maxNameRunes bounds an attachment name; 255 bytes is the usual filesystem
// limit and a Chinese character takes 3 bytes in UTF-8.
const maxNameRunes = 80

// Magic numbers of the formats that Check sniffs.
var (
	magicPDF  = []byte("%PDF-")
	magicZIP  = []byte("PK\x03\x04")
	magicJPEG = []byte{0xFF, 0xD8, 0xFF}
	magicPNG  = []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}
	magicOLE2 = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// sniffers maps an extension to a test of the content's first bytes and the
// name of the format it expects. OFD, docx and xlsx are zip packages; doc,
// xls and the WPS formats wps and et are OLE2 compound files. Extensions
// without an entry are not sniffed.
var sniffers = map[string]struct {
	format string
	ok     func(head []byte) bool
}{
	"pdf":  {"PDF", hasPrefix(magicPDF)},
	"ofd":  {"OFD", hasPrefix(magicZIP)},
	"docx": {"Word", hasPrefix(magicZIP)},
	"xlsx": {"Excel", hasPrefix(magicZIP)},
	"zip":  {"ZIP压缩包", hasPrefix(magicZIP)},
	"doc":  {"Word", hasPrefix(magicOLE2)},
	"xls":  {"Excel", hasPrefix(magicOLE2)},
	"wps":  {"WPS文字", hasPrefix(magicOLE2)},
	"et":   {"WPS表格", hasPrefix(magicOLE2)},
	"jpg":  {"JPEG图片", hasPrefix(magicJPEG)},
	"jpeg": {"JPEG图片", hasPrefix(magicJPEG)},
	"png":  {"PNG图片", hasPrefix(magicPNG)},
	"txt":  {"纯文本", func(head []byte) bool { return bytes.IndexByte(head, 0) < 0 }},
}

func hasPrefix(magic []byte) func([]byte) bool {
	return func(head []byte) bool { return bytes.HasPrefix(head, magic) }
}

// Check validates a file's name and first bytes (at least 512 if available)
// against the rules and returns a Chinese error message suitable to show to
// a clerk, or "" if acceptable. It checks, in order, the name, the
// extension, the size and whether the content matches the extension.
func (r Rules) Check(name string, size int64, head []byte) string {
	if msg := checkName(name); msg != "" {
		return msg
	}
	exts := r.extensions()
	dot := strings.LastIndexByte(name, '.')
	if dot < 0 || dot == len(name)-1 {
		return fmt.Sprintf("附件缺少扩展名，允许：%s", strings.Join(exts, "、"))
	}
	ext := strings.ToLower(name[dot+1:])
	if !slices.Contains(exts, ext) {
		return fmt.Sprintf("不支持的附件类型 .%s，允许：%s", ext, strings.Join(exts, "、"))
	}
	if size <= 0 {
		return "附件为空"
	}
	if r.MaxBytes > 0 && size > r.MaxBytes {
		return fmt.Sprintf("附件超过%s", formatSize(r.MaxBytes))
	}
	if s, ok := sniffers[ext]; ok && !s.ok(head) {
		return fmt.Sprintf("附件内容与扩展名不符（扩展名为 .%s，内容却不是%s文件），请确认文件未损坏、未被改名", ext, s.format)
	}
	return ""
}

// extensions returns the rules' extensions lowercase and without a dot, so
// that a config written as ".PDF" still works.
func (r Rules) extensions() []string {
	exts := make([]string, 0, len(r.Extensions))
	for _, e := range r.Extensions {
		exts = append(exts, strings.ToLower(strings.TrimPrefix(strings.TrimSpace(e), ".")))
	}
	return exts
}

func checkName(name string) string {
	switch {
	case strings.TrimSpace(name) == "":
		return "附件名称不能为空"
	case !utf8.ValidString(name):
		return "附件名称含有无法识别的字符"
	case strings.ContainsAny(name, `/\`):
		return "附件名称不能包含路径分隔符“/”或“\\”"
	case strings.ContainsFunc(name, unsafeRune):
		return "附件名称不能包含控制字符"
	case utf8.RuneCountInString(name) > maxNameRunes:
		return fmt.Sprintf("附件名称不能超过%d个字", maxNameRunes)
	}
	return ""
}

// unsafeRune reports control characters and invisible format characters;
// the latter include the bidi overrides that make 文件exe.pdf of
// 文件\u202Efdp.exe.
func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}

// formatSize writes n bytes as clerks read it: 50MB, 512KB or 100字节.
func formatSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%dMB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1fMB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%dKB", n>>10)
	case n >= 1<<10:
		return fmt.Sprintf("%.1fKB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d字节", n)
}

// SecrecyMarker returns the first 密级 marker found in text, as written
// there, or "" if none. This system must not hold 涉密 content (DOMAIN.md
// §10.4), so text carrying a marker is held back for human review.
//
// The words alone are too common in ordinary prose (商业秘密, 机密文件管理),
// so a marker is only:
//   - 绝密, 机密 or 秘密 followed by ★ (or ☆), with optional spaces
//     between, as GB/T 9704 prints 密级 and 保密期限 (“机密★1年”);
//   - 绝密 or 机密 at the start of a line (after spaces) and followed by the
//     end of the line or a space, as a 密级 printed on its own.
//
// 秘密 at the start of a line is not enough: it begins ordinary sentences.
func SecrecyMarker(text string) string {
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\r\n")
		for i := 0; i < len(line); {
			if m := markerAt(line, i); m != "" {
				return m
			}
			_, size := utf8.DecodeRuneInString(line[i:])
			i += size
		}
	}
	return ""
}

// markerAt returns the 密级 marker starting at line[i:], or "".
func markerAt(line string, i int) string {
	for _, word := range [...]string{"绝密", "机密", "秘密"} {
		if !strings.HasPrefix(line[i:], word) {
			continue
		}
		after := line[i+len(word):]
		rest := strings.TrimLeftFunc(after, isBlank)
		for _, star := range [...]string{"★", "☆"} {
			if strings.HasPrefix(rest, star) {
				end := len(line) - len(rest) + len(star)
				return line[i:end]
			}
		}
		if word == "秘密" || strings.TrimLeftFunc(line[:i], isBlank) != "" {
			return ""
		}
		if r, _ := utf8.DecodeRuneInString(after); after == "" || isBlank(r) {
			return word
		}
		return ""
	}
	return ""
}

// isBlank reports a space within a line: ASCII, tab, no-break and the
// full-width U+3000.
func isBlank(r rune) bool {
	return r == ' ' || r == '\t' || r == '\u00a0' || r == '\u3000'
}

// SafeFilename returns name fit for a Content-Disposition header: without
// its directory part (either separator), control and invisible format
// characters, quotes and backslashes, and with invalid UTF-8 dropped. An
// empty result becomes “附件”. Non-ASCII names still need the RFC 5987
// encoding that mime.FormatMediaType applies.
func SafeFilename(name string) string {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unsafeRune(r) || r == '"' || r == '\'' {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == ".." {
		return "附件"
	}
	return name
}
