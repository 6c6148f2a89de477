package textdiff_test

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/textdiff"
)

func eq(s string) textdiff.Op  { return textdiff.Op{Kind: textdiff.KindEqual, Text: s} }
func ins(s string) textdiff.Op { return textdiff.Op{Kind: textdiff.KindInsert, Text: s} }
func del(s string) textdiff.Op { return textdiff.Op{Kind: textdiff.KindDelete, Text: s} }

// apply spells the old text (equal + delete) and the new (equal + insert).
func apply(ops []textdiff.Op) (old, new string) {
	var o, n strings.Builder
	for _, op := range ops {
		switch op.Kind {
		case textdiff.KindEqual:
			o.WriteString(op.Text)
			n.WriteString(op.Text)
		case textdiff.KindDelete:
			o.WriteString(op.Text)
		case textdiff.KindInsert:
			n.WriteString(op.Text)
		}
	}
	return o.String(), n.String()
}

// checkOps checks that ops spell old and new and are normalized.
func checkOps(t *testing.T, old, new string, ops []textdiff.Op) {
	t.Helper()
	gotOld, gotNew := apply(ops)
	if gotOld != old {
		t.Fatalf("equal+delete spell\n%q\nwant\n%q", gotOld, old)
	}
	if gotNew != new {
		t.Fatalf("equal+insert spell\n%q\nwant\n%q", gotNew, new)
	}
	for i, op := range ops {
		switch op.Kind {
		case textdiff.KindEqual, textdiff.KindInsert, textdiff.KindDelete:
		default:
			t.Fatalf("op %d has kind %q", i, op.Kind)
		}
		if op.Text == "" {
			t.Fatalf("op %d is empty: %v", i, ops)
		}
		if i == 0 {
			continue
		}
		if prev := ops[i-1]; prev.Kind == op.Kind {
			t.Fatalf("ops %d and %d are both %s: %q, %q", i-1, i, op.Kind, prev.Text, op.Text)
		} else if prev.Kind == textdiff.KindInsert && op.Kind == textdiff.KindDelete {
			t.Fatalf("op %d: a deletion after an insertion: %q, %q", i, prev.Text, op.Text)
		}
	}
}

func TestDiff(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     []textdiff.Op
	}{
		{"both empty", "", "", nil},
		{"identical", "特此通知。\n", "特此通知。\n", []textdiff.Op{eq("特此通知。\n")}},
		{"all new", "", "特此通知。", []textdiff.Op{ins("特此通知。")}},
		{"all deleted", "特此通知。", "", []textdiff.Op{del("特此通知。")}},

		{"insert at start", "关于做好森林防火工作的通知", "城关县关于做好森林防火工作的通知",
			[]textdiff.Op{ins("城关县"), eq("关于做好森林防火工作的通知")}},
		{"insert in the middle", "请各乡镇于3月10日前报送。", "请各乡镇人民政府于3月10日前报送。",
			[]textdiff.Op{eq("请各乡镇"), ins("人民政府"), eq("于3月10日前报送。")}},
		{"insert at end", "同意", "同意。", []textdiff.Op{eq("同意"), ins("。")}},

		{"delete at start", "城关县关于做好森林防火工作的通知", "关于做好森林防火工作的通知",
			[]textdiff.Op{del("城关县"), eq("关于做好森林防火工作的通知")}},
		{"delete in the middle", "请各乡镇人民政府于3月10日前报送。", "请各乡镇于3月10日前报送。",
			[]textdiff.Op{eq("请各乡镇"), del("人民政府"), eq("于3月10日前报送。")}},
		{"delete at end", "同意。", "同意", []textdiff.Op{eq("同意"), del("。")}},

		{"replace at start", "市政府办公室", "县政府办公室", []textdiff.Op{del("市"), ins("县"), eq("政府办公室")}},
		{"replace in the middle", "请于3月10日前报送", "请于3月20日前报送",
			[]textdiff.Op{eq("请于3月"), del("1"), ins("2"), eq("0日前报送")}},
		{"replace at end", "特此通知", "特此通告", []textdiff.Op{eq("特此通"), del("知"), ins("告")}},
		{"date", "2026年3月5日", "2026年3月15日", []textdiff.Op{eq("2026年3月"), ins("1"), eq("5日")}},
		{"phrase rewritten reads as one change", "原则同意", "完全赞同",
			[]textdiff.Op{del("原则同意"), ins("完全赞同")}},

		{"Chinese punctuation", "经研究，同意你单位的请示。", "经研究，原则同意你单位的请示；",
			[]textdiff.Op{eq("经研究，"), ins("原则"), eq("同意你单位的请示"), del("。"), ins("；")}},
		{"full-width quotes to ASCII", "推进“放管服”改革", `推进"放管服"改革`,
			[]textdiff.Op{eq("推进"), del("“"), ins(`"`), eq("放管服"), del("”"), ins(`"`), eq("改革")}},
		{"enumeration comma", "各乡镇各部门", "各乡镇、各部门", []textdiff.Op{eq("各乡镇"), ins("、"), eq("各部门")}},

		{"two paragraphs edited",
			"一、总体要求\n各乡镇要高度重视。\n二、工作措施\n加强巡查。\n",
			"一、总体要求\n各乡镇、各部门要高度重视。\n二、工作措施\n加强巡查，严防火灾。\n",
			[]textdiff.Op{eq("一、总体要求\n各乡镇"), ins("、各部门"), eq("要高度重视。\n二、工作措施\n加强巡查"),
				ins("，严防火灾"), eq("。\n")}},
		{"paragraph inserted", "一、总体要求\n二、工作措施\n", "一、总体要求\n各乡镇要高度重视。\n二、工作措施\n",
			[]textdiff.Op{eq("一、总体要求\n"), ins("各乡镇要高度重视。\n"), eq("二、工作措施\n")}},
		{"paragraph deleted", "一、总体要求\n各乡镇要高度重视。\n二、工作措施\n", "一、总体要求\n二、工作措施\n",
			[]textdiff.Op{eq("一、总体要求\n"), del("各乡镇要高度重视。\n"), eq("二、工作措施\n")}},
		{"paragraph split", "加强巡查。严防火灾。\n", "加强巡查。\n严防火灾。\n",
			[]textdiff.Op{eq("加强巡查。"), ins("\n"), eq("严防火灾。\n")}},
		{"paragraphs joined", "加强巡查。\n严防火灾。\n", "加强巡查。严防火灾。\n",
			[]textdiff.Op{eq("加强巡查。"), del("\n"), eq("严防火灾。\n")}},
		{"blank lines kept", "甲。\n\n乙。\n\n丙。\n", "甲。\n\n乙乙。\n\n丙。\n",
			[]textdiff.Op{eq("甲。\n\n乙"), ins("乙"), eq("。\n\n丙。\n")}},
		{"final newline added", "甲\n乙", "甲\n乙\n", []textdiff.Op{eq("甲\n乙"), ins("\n")}},
		{"CRLF", "甲\r\n乙\r\n", "甲\r\n丙\r\n", []textdiff.Op{eq("甲\r\n"), del("乙"), ins("丙"), eq("\r\n")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := textdiff.Diff(tt.old, tt.new)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Diff(%q, %q) (-want +got):\n%s", tt.old, tt.new, diff)
			}
			checkOps(t, tt.old, tt.new, got)
			if e := textdiff.Equal(got); e != (tt.old == tt.new) {
				t.Errorf("Equal = %v, want %v", e, tt.old == tt.new)
			}
		})
	}
}

func TestStats(t *testing.T) {
	tests := []struct {
		name          string
		ops           []textdiff.Op
		inserted, del int
		equal         bool
	}{
		{"none", nil, 0, 0, true},
		{"equal only", []textdiff.Op{eq("特此通知。")}, 0, 0, true},
		{"runes not bytes", []textdiff.Op{eq("请于"), del("三月"), ins("3月"), eq("前")}, 2, 2, false},
		{"insert only", []textdiff.Op{ins("城关县"), eq("人民政府")}, 3, 0, false},
		{"delete only", []textdiff.Op{del("。\n")}, 0, 2, false},
		{"empty change", []textdiff.Op{eq("甲"), ins("")}, 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i, d := textdiff.Stats(tt.ops)
			if i != tt.inserted || d != tt.del {
				t.Errorf("Stats = %d, %d; want %d, %d", i, d, tt.inserted, tt.del)
			}
			if got := textdiff.Equal(tt.ops); got != tt.equal {
				t.Errorf("Equal = %v, want %v", got, tt.equal)
			}
		})
	}
}

// alphabet is what random drafts are made of: common characters, Chinese
// punctuation, a few ASCII characters and line breaks.
var alphabet = []rune("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子" +
	"说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当" +
	"，。、；：“”！？（）《》〔〕0123456789abc \n\n\n")

func randomText(r *rand.Rand, n int, alpha []rune) []rune {
	t := make([]rune, n)
	for i := range t {
		t[i] = alpha[r.IntN(len(alpha))]
	}
	return t
}

// randomEdits applies up to k random insertions, deletions and
// replacements to text.
func randomEdits(r *rand.Rand, text []rune, k int, alpha []rune) []rune {
	out := append([]rune(nil), text...)
	for range r.IntN(k + 1) {
		at := r.IntN(len(out) + 1)
		end := min(len(out), at+r.IntN(12))
		repl := randomText(r, r.IntN(12), alpha)
		switch r.IntN(3) {
		case 0: // insert
			end = at
		case 1: // delete
			repl = nil
		}
		out = append(out[:at], append(repl, out[end:]...)...)
	}
	return out
}

// TestDiff_RandomEdits checks on random drafts and random edits that the
// ops spell both texts and are normalized.
func TestDiff_RandomEdits(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 3))
	small := []rune("甲乙丙，。\n")
	for i := range 2000 {
		alpha := alphabet
		if i%4 == 0 {
			alpha = small // many repeated lines and chance matches
		}
		old := randomText(r, r.IntN(400), alpha)
		new := randomEdits(r, old, 10, alpha)
		ops := textdiff.Diff(string(old), string(new))
		checkOps(t, string(old), string(new), ops)
		if textdiff.Equal(ops) != (string(old) == string(new)) {
			t.Fatalf("Equal(Diff(%q, %q)) = %v", string(old), string(new), textdiff.Equal(ops))
		}
	}
}

// TestDiff_SingleEdit checks that one insertion or deletion anywhere is
// reported as exactly that many runes.
func TestDiff_SingleEdit(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for range 500 {
		old := randomText(r, 1+r.IntN(2000), alphabet)
		at := r.IntN(len(old) + 1)
		add := randomText(r, 1+r.IntN(50), alphabet)
		new := append(append(append([]rune(nil), old[:at]...), add...), old[at:]...)

		ops := textdiff.Diff(string(old), string(new))
		checkOps(t, string(old), string(new), ops)
		if i, d := textdiff.Stats(ops); i != len(add) || d != 0 {
			t.Fatalf("inserting %d runes: Stats = %d, %d", len(add), i, d)
		}
		ops = textdiff.Diff(string(new), string(old))
		checkOps(t, string(new), string(old), ops)
		if i, d := textdiff.Stats(ops); i != 0 || d != len(add) {
			t.Fatalf("deleting %d runes: Stats = %d, %d", len(add), i, d)
		}
	}
}

// TestDiff_Bounds checks the fallbacks for blocks too large to compare by
// runes: still correct, and a huge unrelated block is replaced whole.
func TestDiff_Bounds(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	t.Run("one huge paragraph replaced", func(t *testing.T) {
		old := string(randomText(r, 8000, alphabet[:100]))
		new := string(randomText(r, 8000, alphabet[:100]))
		ops := textdiff.Diff(old, new)
		checkOps(t, old, new, ops)
		if len(ops) > 4 { // the common prefix and suffix may survive
			t.Errorf("%d ops for an unrelated 8,000-rune paragraph, want a whole replacement", len(ops))
		}
	})
	t.Run("huge block of repeated lines", func(t *testing.T) {
		// No line is unique, and the block is far beyond maxBlockRunes:
		// compared by lines, then by runes within each changed run.
		lines := []rune("甲乙丙丁")
		var ob, nb strings.Builder
		for range 3000 {
			l := string(lines[r.IntN(len(lines))]) + "。\n"
			ob.WriteString(l)
			if r.IntN(10) > 0 {
				nb.WriteString(l)
			} else {
				nb.WriteString("新" + l)
			}
		}
		old, new := ob.String(), nb.String()
		ops := textdiff.Diff(old, new)
		checkOps(t, old, new, ops)
		if i, d := textdiff.Stats(ops); i+d > 2*utf8.RuneCountInString(new)/3 {
			t.Errorf("Stats = %d, %d: the block was not compared line by line", i, d)
		}
	})
	t.Run("invalid UTF-8", func(t *testing.T) {
		old, new := "甲\xff乙\n丙\n", "甲\xfe乙\n丙\n"
		checkOps(t, old, new, textdiff.Diff(old, new))
	})
}

// document returns a draft of about 20,000 runes in 100 paragraphs and a
// copy with scattered edits: 20 small changes, a paragraph inserted and
// one deleted.
func document(r *rand.Rand) (old, new string) {
	var paras [][]rune
	for range 100 {
		paras = append(paras, append(randomText(r, 150+r.IntN(100), alphabet[:120]), '\n'))
	}
	edited := make([][]rune, len(paras))
	for i, p := range paras {
		edited[i] = append([]rune(nil), p...)
	}
	for range 20 {
		i := r.IntN(len(edited))
		p := edited[i]
		at := r.IntN(len(p) - 1)
		end := min(len(p)-1, at+r.IntN(10))
		edited[i] = append(p[:at:at], append(randomText(r, r.IntN(10), alphabet[:120]), p[end:]...)...)
	}
	edited = append(edited[:40], append([][]rune{append(randomText(r, 200, alphabet[:120]), '\n')}, edited[40:]...)...)
	edited = append(edited[:70], edited[71:]...)
	join := func(ps [][]rune) string {
		var b strings.Builder
		for _, p := range ps {
			b.WriteString(string(p))
		}
		return b.String()
	}
	return join(paras), join(edited)
}

func TestDiff_Document(t *testing.T) {
	old, new := document(rand.New(rand.NewPCG(20, 26)))
	if n := utf8.RuneCountInString(old); n < 19000 || n > 21000 {
		t.Fatalf("document of %d runes", n)
	}
	ops := textdiff.Diff(old, new)
	checkOps(t, old, new, ops)
	if i, d := textdiff.Stats(ops); i > 600 || d > 600 {
		t.Errorf("Stats = %d, %d for scattered edits", i, d)
	}
}

func BenchmarkDiff(b *testing.B) {
	old, new := document(rand.New(rand.NewPCG(20, 26)))
	b.SetBytes(int64(len(old) + len(new)))
	for b.Loop() {
		textdiff.Diff(old, new)
	}
}

// BenchmarkDiff_Unrelated is the bounded worst case: two unrelated
// paragraphs of 5,000 runes each, the most compared rune by rune.
func BenchmarkDiff_Unrelated(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 5))
	old, new := string(randomText(r, 5000, alphabet[:120])), string(randomText(r, 5000, alphabet[:120]))
	for b.Loop() {
		textdiff.Diff(old, new)
	}
}
