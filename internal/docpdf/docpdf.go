// Package docpdf renders an issued 公文 as a PDF laid out per GB/T 9704-2012
// 《党政机关公文格式》: A4, a 156 × 225 mm 版心 with 22 lines of 28 characters of
// 3号仿宋, the red 版头 (发文机关标志, 发文字号, 签发人, red separator), the
// 主体 (标题, 主送, 正文, 附件说明, 署名, 成文日期, seal, 附注), page numbers and
// the 版记 at the bottom of the last page.
//
// The package is pure: it reads only the font files it is given and returns
// the PDF bytes. Text is embedded as TrueType subsets, so the PDF is
// searchable and pdftotext extracts it. Every position is computed in
// millimetres from the constants below; the tests measure the resulting PDF
// with poppler to check them.
package docpdf

// Format is the layout family of a 公文 (GB/T 9704-2012 section 10).
type Format string

// Formats. The zero value renders as FormatGeneral.
const (
	FormatGeneral Format = "general" // 通用格式 (文件格式)
	FormatLetter  Format = "letter"  // 信函格式
	FormatOrder   Format = "order"   // 命令（令）格式
	FormatMinutes Format = "minutes" // 纪要格式
)

// Fonts names the TrueType (.ttf, glyf outlines) files used for each role.
// Only FangSong is required; the others fall back to it. TrueType
// collections (.ttc) and CFF-based .otf files are not supported.
type Fonts struct {
	FangSong     string // 仿宋: body text, 发文字号, 署名, 版记 (required)
	Hei          string // 黑体: 紧急程度, level-1 headings "一、", "出席："
	Kai          string // 楷体: level-2 headings "（一）", 签发人 names
	XiaoBiaoSong string // 小标宋: 发文机关标志, 标题
	Song         string // 宋体: page numbers
	// Latin is used for ASCII characters (digits of dates and numbers) and
	// for any character the role's font lacks, as Word uses a separate
	// 西文字体 (in practice Times New Roman). Optional.
	Latin string
}

// Document is an issued 公文, element by element (GB/T 9704-2012 section 7).
// Empty elements are omitted.
type Document struct {
	Format  Format
	Urgency string // 紧急程度: "特急" / "加急" / ""; 3号黑体 flush left on line 1
	// IssuerMark is the 发文机关标志, e.g. "某县人民政府办公室文件". For joint
	// documents leave it empty and set IssuerNames and MarkSuffix instead.
	IssuerMark string
	// IssuerNames are the names of the joint issuers, 主办机关 first, stacked;
	// MarkSuffix ("文件") stands to their right, vertically centred.
	IssuerNames []string
	MarkSuffix  string
	Number      string // 发文字号, e.g. "某政办发〔2026〕12号"; 令号 in the order format
	// Signers are the 签发人. Non-empty means a 上行文: the number moves flush
	// left (indented 1 字) onto the line of the last 签发人, names 2 per line.
	Signers []string
	Title   string // 标题; "\n" forces a line break
	MainTo  string // 主送机关, ending with "："
	// Body is the 正文: paragraphs separated by "\n". A paragraph starting
	// with "一、" is a level-1 heading (黑体), "（一）" level 2 (楷体); the
	// heading font covers the paragraph up to its first "。".
	Body        string
	Attachments []string // 附件说明 names, without numbers or trailing punctuation
	Signature   []string // 发文机关署名(s), 主办机关 first
	WrittenDate string   // 成文日期, e.g. "2026年3月5日"
	// Sealed draws a red seal stand-in (ring, five-point star and the 署名)
	// over each 署名 and the date, laid out per 7.3.5.1. Ignored for minutes.
	Sealed       bool
	Note         string // 附注, printed "（…）" on the line below the date
	CC           string // 抄送机关, ending with "。"
	PrintingUnit string // 印发机关
	PrintingDate string // 印发日期, e.g. "2026年3月6日"; "印发" is appended

	// SignatoryTitle is the 签发人职务 printed left of the 签名章 in the order
	// format (7.3.5.3); Signature[0] is then the signer's name.
	SignatoryTitle string
	// Present, Absent and Attending are the 纪要 attendance lists ("出席：",
	// "请假：", "列席：") printed after the body in the minutes format.
	Present, Absent, Attending string
}
