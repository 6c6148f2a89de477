package search_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/search"
)

func TestAnalyze(t *testing.T) {
	tests := []struct {
		text string
		want search.Fields
	}{
		{"督查督办", search.Fields{Bigrams: "督查 查督 督办", Unigrams: "督 查 督 办"}},
		{"县政办发〔2026〕12号", search.Fields{Bigrams: "县政 政办 办发 2026 12 号", Unigrams: "县 政 办 发 号"}},
		{"关于ＡＢＣ防汛的通知", search.Fields{Bigrams: "关于 abc 防汛 汛的 的通 通知", Unigrams: "关 于 防 汛 的 通 知"}},
		{"12345热线", search.Fields{Bigrams: "12345 热线", Unigrams: "热 线"}},
		{"", search.Fields{}},
		{"——，。", search.Fields{}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, search.Analyze(tt.text)); diff != "" {
			t.Errorf("Analyze(%q) (-want +got):\n%s", tt.text, diff)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		q    string
		want search.Query
	}{
		{"督", search.Query{Terms: []search.Term{{Text: "督", Parts: []search.Part{{Field: "uni", Tokens: []string{"督"}}}}}}},
		{"防汛", search.Query{Terms: []search.Term{{Text: "防汛", Parts: []search.Part{{Field: "bi", Tokens: []string{"防汛"}}}}}}},
		{"县政办发", search.Query{Terms: []search.Term{{Text: "县政办发",
			Parts: []search.Part{{Field: "bi", Tokens: []string{"县政", "政办", "办发"}}}}}}},
		{"财政局 防汛", search.Query{Terms: []search.Term{
			{Text: "财政局", Parts: []search.Part{{Field: "bi", Tokens: []string{"财政", "政局"}}}},
			{Text: "防汛", Parts: []search.Part{{Field: "bi", Tokens: []string{"防汛"}}}}}}},
		{`“森林 防火”`, search.Query{Terms: []search.Term{{Text: "森林 防火", Phrase: true,
			Parts: []search.Part{{Field: "bi", Tokens: []string{"森林"}}, {Field: "bi", Tokens: []string{"防火"}}}}}}},
		{"[2026]", search.Query{Terms: []search.Term{{Text: "〔2026〕", Parts: []search.Part{{Field: "bi", Tokens: []string{"2026"}}}}}}},
		{"县政办发[2026]3号", search.Query{NumberKey: "县政办发〔2026〕3", Terms: []search.Term{{Text: "县政办发〔2026〕3号",
			Parts: []search.Part{{Field: "bi", Tokens: []string{"县政", "政办", "办发"}}, {Field: "bi", Tokens: []string{"2026"}},
				{Field: "bi", Tokens: []string{"3"}}, {Field: "uni", Tokens: []string{"号"}}}}}}},
		{"——", search.Query{}},
		{"", search.Query{}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, search.Parse(tt.q)); diff != "" {
			t.Errorf("Parse(%q) (-want +got):\n%s", tt.q, diff)
		}
	}
	if got := search.Parse(strings.Repeat("督办 ", 20)); len(got.Terms) != search.MaxTerms {
		t.Errorf("terms = %d, want at most %d", len(got.Terms), search.MaxTerms)
	}
}

func TestNumberKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"县政办发〔2026〕12号", "县政办发〔2026〕12"},
		{"县政办发[2026]12号", "县政办发〔2026〕12"},
		{"县政办发（2026）012号", "县政办发〔2026〕12"},
		{"县政办发﹝２０２６﹞１２号", "县政办发〔2026〕12"},
		{"县政办发【2026】第12号", "县政办发〔2026〕12"},
		{"收〔2026〕0123", "收〔2026〕123"},
		{"督〔2026〕7号", "督〔2026〕7"},
		{"县政办发〔2026〕0号", ""},
		{"防汛", ""},
		{"2026", ""},
	}
	for _, tt := range tests {
		if got := search.NumberKey(tt.in); got != tt.want {
			t.Errorf("NumberKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
