package zhongshu_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

func TestParseDocNumber(t *testing.T) {
	const (
		wSpace    = "发文字号中不应有空格，已自动删除"
		wDigits   = "发文字号应使用半角阿拉伯数字，已自动更正"
		wBrackets = "发文字号的年份应使用六角括号〔〕，已自动更正"
		wZiDi     = "发文字号中不应有“字第”，已自动删除"
		wZi       = "发文字号中不应有“字”，已自动删除"
		wDi       = "发文字号的序号前不加“第”，已自动删除"
		wHao      = "发文字号应以“号”结尾，已自动补上"

		eEmpty     = "请填写发文字号"
		eNoCode    = "发文字号缺少机关代字，如 县政办发〔2026〕12号"
		eCodeHan   = "机关代字应由汉字组成，如“县政办发”"
		eShortYear = "年份应写全4位，如2026"
		eYear      = "年份应在1949至2100之间"
		eZero      = "发文字号的序号应从1开始"
		eFormat    = "发文字号格式不正确，应为“机关代字〔年份〕序号号”，如 县政办发〔2026〕12号"
	)
	xzb := zhongshu.DocNumber{Code: "县政办发", Year: 2026, Seq: 12}
	tests := []struct {
		name     string
		in       string
		want     zhongshu.DocNumber
		warnings []string
		err      string
	}{
		// Canonical numbers.
		{name: "county office", in: "县政办发〔2026〕12号", want: xzb},
		{name: "short code", in: "青政办发〔2026〕3号", want: zhongshu.DocNumber{Code: "青政办发", Year: 2026, Seq: 3}},
		{name: "government", in: "平政发〔2022〕1号", want: zhongshu.DocNumber{Code: "平政发", Year: 2022, Seq: 1}},
		{name: "letter", in: "阳政办函〔2023〕19号", want: zhongshu.DocNumber{Code: "阳政办函", Year: 2023, Seq: 19}},
		{name: "first year", in: "中发〔1949〕1号", want: zhongshu.DocNumber{Code: "中发", Year: 1949, Seq: 1}},
		{name: "last year", in: "县政发〔2100〕1号", want: zhongshu.DocNumber{Code: "县政发", Year: 2100, Seq: 1}},
		{name: "large sequence", in: "县政办发〔2026〕1024号", want: zhongshu.DocNumber{Code: "县政办发", Year: 2026, Seq: 1024}},
		{name: "sequence with inner zero", in: "县政办发〔2026〕10号", want: zhongshu.DocNumber{Code: "县政办发", Year: 2026, Seq: 10}},
		{name: "surrounding ASCII spaces", in: "  县政办发〔2026〕12号\t", want: xzb},
		{name: "surrounding full-width spaces", in: "　县政办发〔2026〕12号　", want: xzb},

		// Bracket variants.
		{name: "ASCII square", in: "县政办发[2026]12号", want: xzb, warnings: []string{wBrackets}},
		{name: "full-width square", in: "县政办发［2026］12号", want: xzb, warnings: []string{wBrackets}},
		{name: "lenticular", in: "县政办发【2026】12号", want: xzb, warnings: []string{wBrackets}},
		{name: "small tortoise shell", in: "县政办发﹝2026﹞12号", want: xzb, warnings: []string{wBrackets}},
		{name: "ASCII round", in: "县政办发(2026)12号", want: xzb, warnings: []string{wBrackets}},
		{name: "full-width round", in: "县政办发（2026）12号", want: xzb, warnings: []string{wBrackets}},
		{name: "angle", in: "县政办发〈2026〉12号", want: xzb, warnings: []string{wBrackets}},
		{name: "corner", in: "县政办发「2026」12号", want: xzb, warnings: []string{wBrackets}},
		{name: "white lenticular", in: "县政办发〖2026〗12号", want: xzb, warnings: []string{wBrackets}},
		{name: "white tortoise shell", in: "县政办发〘2026〙12号", want: xzb, warnings: []string{wBrackets}},
		{name: "mixed pair", in: "县政办发〔2026]12号", want: xzb, warnings: []string{wBrackets}},

		// Other repairs.
		{name: "full-width digits", in: "县政办发〔２０２６〕１２号", want: xzb, warnings: []string{wDigits}},
		{name: "leading zero", in: "县政办发〔2026〕012号", want: xzb,
			warnings: []string{"发文字号的序号不编虚位，已将“012”更正为“12”"}},
		{name: "several leading zeros", in: "县政办发〔2026〕0003号", want: zhongshu.DocNumber{Code: "县政办发", Year: 2026, Seq: 3},
			warnings: []string{"发文字号的序号不编虚位，已将“0003”更正为“3”"}},
		{name: "missing hao", in: "县政办发〔2026〕12", want: xzb, warnings: []string{wHao}},
		{name: "di", in: "县政办发〔2026〕第12号", want: xzb, warnings: []string{wDi}},
		{name: "zi di", in: "市财发〔1992〕字第36号", want: zhongshu.DocNumber{Code: "市财发", Year: 1992, Seq: 36}, warnings: []string{wZiDi}},
		{name: "zi", in: "市财发〔1992〕字36号", want: zhongshu.DocNumber{Code: "市财发", Year: 1992, Seq: 36}, warnings: []string{wZi}},
		{name: "space inside", in: "县政办发 〔2026〕 12 号", want: xzb, warnings: []string{wSpace}},
		{name: "full-width space inside", in: "县政办发〔2026〕　12号", want: xzb, warnings: []string{wSpace}},
		{name: "everything at once", in: " 县政办发 【２０２６】第０１２ ", want: xzb,
			warnings: []string{wSpace, wDigits, wBrackets, wDi, "发文字号的序号不编虚位，已将“012”更正为“12”", wHao}},

		// Errors.
		{name: "empty", in: "", err: eEmpty},
		{name: "blank", in: " 　\t", err: eEmpty},
		{name: "no code", in: "〔2026〕12号", err: eNoCode},
		{name: "Latin code", in: "XZB〔2026〕12号", err: eCodeHan},
		{name: "code with digit", in: "县2政发〔2026〕12号", err: eCodeHan},
		{name: "code with full-width digit", in: "县２政发〔2026〕12号", err: eCodeHan},
		{name: "two-digit year", in: "县政办发〔26〕12号", err: eShortYear},
		{name: "two-digit year in round brackets", in: "县政办发（26）12号", err: eShortYear},
		{name: "year before 1949", in: "县政办发〔1948〕12号", err: eYear},
		{name: "year after 2100", in: "县政办发〔2101〕12号", err: eYear},
		{name: "year 0000", in: "县政办发〔0000〕12号", err: eYear},
		{name: "sequence zero", in: "县政办发〔2026〕0号", err: eZero},
		{name: "sequence zeros", in: "县政办发〔2026〕000号", err: eZero},
		{name: "three-digit year", in: "县政办发〔202〕12号", err: eFormat},
		{name: "five-digit year", in: "县政办发〔20266〕12号", err: eFormat},
		{name: "Chinese year", in: "县政办发〔二〇二六〕12号", err: eFormat},
		{name: "empty year", in: "县政办发〔〕12号", err: eFormat},
		{name: "no brackets", in: "县政办发2026年12号", err: eFormat},
		{name: "no closing bracket", in: "县政办发〔2026 12号", err: eFormat},
		{name: "no sequence", in: "县政办发〔2026〕号", err: eFormat},
		{name: "nothing after year", in: "县政办发〔2026〕", err: eFormat},
		{name: "Chinese sequence", in: "县政办发〔2026〕十二号", err: eFormat},
		{name: "text after hao", in: "县政办发〔2026〕12号文", err: eFormat},
		{name: "hao twice", in: "县政办发〔2026〕12号号", err: eFormat},
		{name: "negative sequence", in: "县政办发〔2026〕-12号", err: eFormat},
		{name: "huge sequence", in: "县政办发〔2026〕12345678901号", err: eFormat},
		{name: "Latin text", in: "hello", err: eFormat},
		{name: "receipt number", in: "收文2026-0012", err: eFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, warnings, err := zhongshu.ParseDocNumber(tt.in)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("number mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.warnings, warnings); diff != "" {
				t.Errorf("warnings mismatch (-want +got):\n%s", diff)
			}
			if tt.err == "" {
				if err != nil {
					t.Fatalf("err = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("err = nil, want %q", tt.err)
			}
			if code := zhongshu.ErrorCode(err); code != zhongshu.CodeInvalid {
				t.Errorf("code = %q, want %q", code, zhongshu.CodeInvalid)
			}
			if msg := zhongshu.ErrorMessage(err); msg != tt.err {
				t.Errorf("message = %q, want %q", msg, tt.err)
			}
			if diff := cmp.Diff(map[string]string{"number": tt.err}, zhongshu.ErrorFields(err)); diff != "" {
				t.Errorf("fields mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDocNumberString(t *testing.T) {
	tests := []struct {
		n    zhongshu.DocNumber
		want string
	}{
		{zhongshu.DocNumber{Code: "县政办发", Year: 2026, Seq: 12}, "县政办发〔2026〕12号"},
		{zhongshu.DocNumber{Code: "平政发", Year: 2022, Seq: 1}, "平政发〔2022〕1号"},
		{zhongshu.DocNumber{Code: "阳政办函", Year: 2023, Seq: 19}, "阳政办函〔2023〕19号"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.n.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			// The canonical form parses back to itself without warnings.
			back, warnings, err := zhongshu.ParseDocNumber(tt.want)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.n, back); diff != "" {
				t.Errorf("round trip mismatch (-want +got):\n%s", diff)
			}
			if len(warnings) != 0 {
				t.Errorf("warnings = %q, want none", warnings)
			}
		})
	}
}

func TestNormalizeDocNumber(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"县政办发〔2026〕12号", "县政办发〔2026〕12号"},
		{" 县政办发[2026]012 ", "县政办发〔2026〕12号"},
		{"市财发〔1992〕字第36号", "市财发〔1992〕36号"},
		{"县政办发（２０２６）第3号", "县政办发〔2026〕3号"},
		{"  县政办发〔26〕12号  ", "县政办发〔26〕12号"},
		{"　关于做好防汛工作的通知　", "关于做好防汛工作的通知"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := zhongshu.NormalizeDocNumber(tt.in); got != tt.want {
				t.Errorf("NormalizeDocNumber(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLooksLikeDocNumber(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"县政办发〔2026〕12号", true},
		{"县政办发〔2026〕", true},
		{"县政办发[2026]12号", true},
		{"县政办发［2026］12号", true},
		{"县政办发【2026】12号", true},
		{"县政办发﹝2026﹞12号", true},
		{"县政办发(2026)12号", true},
		{"县政办发（２０２６）12号", true},
		{"县政办发〈2026〉12号", true},
		{"县政办发「2026」12号", true},
		{"县政办发 〔 2026 〕 12号", true},
		{"关于印发《方案》的通知（县政办发〔2026〕12号）", true},
		{"县政办发〔26〕12号", false},
		{"〔2026〕12号", false},
		{"防汛 2026", false},
		{"县政办发2026年12号", false},
		{"report (2026)", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := zhongshu.LooksLikeDocNumber(tt.in); got != tt.want {
				t.Errorf("LooksLikeDocNumber(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
