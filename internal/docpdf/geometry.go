package docpdf

// Page geometry of GB/T 9704-2012 (5.1, 5.2, 7.2, 7.4, 7.5), in millimetres
// unless the name says otherwise. Vertical positions are measured from the
// top edge of the page.
const (
	PageWidthMM  = 210.0 // A4
	PageHeightMM = 297.0
	TopMM        = 37.0  // 天头: page top to 版心 top
	LeftMM       = 28.0  // 订口: page left to 版心 left
	TypeWidthMM  = 156.0 // 版心 width
	TypeHeightMM = 225.0 // 版心 height
	LinesPerPage = 22    // lines of 3号 text filling the 版心 height
	CharsPerLine = 28    // characters of 3号 text filling the 版心 width

	TypeRightMM  = LeftMM + TypeWidthMM                 // right edge of the 版心
	TypeBottomMM = TopMM + TypeHeightMM                 // bottom edge of the 版心 (262 mm)
	CharPitchMM  = TypeWidthMM / CharsPerLine           // one 字 of body text (≈ 5.571 mm)
	LinePitchMM  = TypeHeightMM / float64(LinesPerPage) // one 行 (≈ 10.227 mm)

	// MarkTopBelowTypeTopMM is the distance from the 版心 top to the top
	// edge of the 发文机关标志 (7.2.4; also the 纪要 标志, 10.3).
	MarkTopBelowTypeTopMM = 35.0
	// OrderMarkTopBelowTypeTopMM is the same distance in the order format (10.2).
	OrderMarkTopBelowTypeTopMM = 20.0
	// LetterMarkTopMM is the distance from the page top to the 标志 in the
	// letter format (10.1).
	LetterMarkTopMM = 30.0
	// LetterRuleLengthMM is the length of the letter format's red double lines.
	LetterRuleLengthMM = 170.0
	// LetterBottomRuleAboveMM is the distance from the page bottom to the
	// letter format's lower double line.
	LetterBottomRuleAboveMM = 20.0
	// RuleBelowNumberMM is the gap between the 发文字号 and the red
	// separator below it (7.2.7).
	RuleBelowNumberMM = 4.0
	// PageNumberBelowTypeMM is the distance from the 版心 bottom to the
	// 一字线 of the page number (7.5).
	PageNumberBelowTypeMM = 7.0
	// SealDiameterMM is the diameter of the drawn seal (4.2 cm, the size of
	// a county-level organ's seal).
	SealDiameterMM = 42.0

	BodySizePt    = 16.0 // 3号: body and most elements
	TitleSizePt   = 22.0 // 2号: 标题
	FooterSizePt  = 14.0 // 4号: 版记 and page numbers
	MarkMaxSizePt = 42.0 // 初号: the largest 发文机关标志

	RedRuleWidthPt = 1.0  // 版头 separator thickness
	ThickRuleMM    = 0.35 // first and last 版记 separators (7.4.1)
	ThinRuleMM     = 0.25 // middle 版记 separators
)

// ptPerMM converts millimetres to PDF points.
const ptPerMM = 72 / 25.4

// mm converts points to millimetres.
func mm(pt float64) float64 { return pt / ptPerMM }

// footerChar is one 字 of 4号 text in millimetres.
const footerChar = FooterSizePt / ptPerMM

// rgb is a colour as 0xRRGGBB.
type rgb uint32

// Colours. Red is the 版头 red (GB/T 9704 asks for red; Y80% M80% in print).
const (
	black rgb = 0x000000
	red   rgb = 0xE60012
)

func (c rgb) parts() (r, g, b uint8) { return uint8(c >> 16), uint8(c >> 8), uint8(c) }
