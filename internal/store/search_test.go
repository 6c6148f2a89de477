package store_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/search"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/store/storetest"
)

// searchCorpus is a few documents, each visible to some keys.
var searchCorpus = []store.SearchDoc{
	{Module: "incoming", RefID: 1, Title: "关于做好防汛工作的通知", Numbers: []string{"收〔2026〕0001", "市政办发〔2026〕12号"},
		Body: "各县区：入汛以来……请财政局保障资金。", Kind: "notice", Party: "市人民政府办公室", Access: []string{"r:registrar", "u:7"}},
	{Module: "incoming", RefID: 2, Title: "关于报送督办事项进展的函", Numbers: []string{"收〔2026〕0002", "市督函〔2026〕3号"},
		Body: "请于3月10日前报送。防汛物资另行通知。", Kind: "letter", Party: "市政府督查室", Access: []string{"r:registrar"}},
	{Module: "supervision", RefID: 1, Title: "加快12345热线工单办理", Numbers: []string{"督〔2026〕1号"},
		Body: "县长批示：督办到位。", Kind: "hotline", Party: "县发改局", Access: []string{"r:supervisor", "u:7"}},
	{Module: "incoming", RefID: 3, Title: "秘密会议纪要（不应被别人看到）", Numbers: []string{"收〔2026〕0003"},
		Body: "防汛 督办 专项", Kind: "minutes", Party: "县委办", Access: []string{"p:99"}},
}

func TestSearch(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.Transact(ctx, func(tx *store.Tx) error {
			for i := range searchCorpus {
				d := searchCorpus[i]
				d.At = time.Date(2026, 3, i+1, 0, 0, 0, 0, time.UTC)
				if err := tx.IndexSearchDoc(ctx, &d); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// Every plan — reading the index's matches (on PostgreSQL after a
		// window of the newest documents of any size, or none), and reading
		// the few documents a viewer sees — must give the same answers.
		plans := []struct{ scan, window int }{{-1, 0}, {0, 0}, {-1, -1}, {-1, 1}, {-1, 2}, {-1, 3}}
		find := func(q string, keys ...string) []string {
			t.Helper()
			var out []string
			for i, plan := range plans {
				var hits []store.SearchHit
				err := db.View(ctx, func(tx *store.Tx) (err error) {
					hits, err = tx.Search(ctx, store.SearchRequest{Query: search.Parse(q), Keys: keys, ScanUpTo: plan.scan,
						Window: plan.window})
					return err
				})
				if err != nil {
					t.Fatalf("search %q: %v", q, err)
				}
				var got []string
				for _, h := range hits {
					got = append(got, fmt.Sprintf("%s%d/%s", h.Module[:1], h.RefID, h.Where))
				}
				if i == 0 {
					out = got
				} else if diff := cmp.Diff(out, got); diff != "" {
					t.Errorf("search %q as %v: plan %+v differs from the first (-first +plan):\n%s", q, keys, plan, diff)
				}
			}
			return out
		}
		all := []string{"r:registrar", "r:supervisor", "p:99"}
		tests := []struct {
			q    string
			keys []string
			want []string
		}{
			{"督", all, []string{"s1/title", "i2/title", "i3/body"}},
			{"防汛", all, []string{"i1/title", "i3/body", "i2/body"}},
			{"督办事项", all, []string{"i2/title"}},
			{"防汛 财政局", all, []string{"i1/body"}}, // 财政局 is only in the body
			{`"防汛物资"`, all, []string{"i2/body"}},
			{`"防汛 物资"`, all, nil}, // the phrase with its space does not occur
			{"12345", all, []string{"s1/title"}},
			{"〔2026〕", all, []string{"i3/title", "s1/title", "i2/title", "i1/title"}},
			{"市政办发[2026]12号", all, []string{"i1/number"}},
			{"收〔2026〕0002", all, []string{"i2/number"}},
			{"收[2026]2", all, []string{"i2/number"}}, // the number, written without its zeros
			{"县政办发", all, nil},
			// Permission: a unit's key sees only its own documents, and the
			// hidden minutes never come back, whatever the query.
			{"防汛", []string{"u:7"}, []string{"i1/title"}},
			{"督办", []string{"u:7"}, []string{"s1/body"}},
			{"纪要", []string{"u:7", "r:registrar"}, nil},
			{"收〔2026〕0003", []string{"r:registrar"}, nil},
		}
		for _, tt := range tests {
			if diff := cmp.Diff(tt.want, find(tt.q, tt.keys...)); diff != "" {
				t.Errorf("search %q as %v (-want +got):\n%s", tt.q, tt.keys, diff)
			}
		}
		// Reindexing replaces; deleting removes.
		err = db.Transact(ctx, func(tx *store.Tx) error {
			d := searchCorpus[1]
			d.Title, d.At = "关于报送防汛物资清单的函", time.Now()
			if err := tx.IndexSearchDoc(ctx, &d); err != nil {
				return err
			}
			return tx.DeleteSearchDoc(ctx, "incoming", 1)
		})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"i2/title", "i3/body"}, find("防汛", all...)); diff != "" {
			t.Errorf("after reindex (-want +got):\n%s", diff)
		}
		// Reindexing with the same text but new access keys and status (a
		// workflow action) changes who finds it, and the status shown,
		// without rewriting the full-text entries.
		err = db.Transact(ctx, func(tx *store.Tx) error {
			d := searchCorpus[2] // s1, seen by r:supervisor and u:7
			d.At, d.Status, d.Access = time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC), "已办结", []string{"r:supervisor", "u:8", "u:8"}
			return tx.IndexSearchDoc(ctx, &d)
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			keys []string
			want []string
		}{
			{[]string{"u:7"}, nil},
			{[]string{"u:8"}, []string{"s1/body"}},
			{[]string{"r:supervisor"}, []string{"s1/body"}},
		} {
			if diff := cmp.Diff(tt.want, find("督办", tt.keys...)); diff != "" {
				t.Errorf("after the access changed, as %v (-want +got):\n%s", tt.keys, diff)
			}
		}
		err = db.View(ctx, func(tx *store.Tx) error {
			hits, err := tx.Search(ctx, store.SearchRequest{Query: search.Parse("12345热线"), Keys: []string{"u:8"},
				Filter: store.SearchFilter{Status: "已办结"}})
			if err == nil && (len(hits) != 1 || hits[0].Status != "已办结") {
				t.Errorf("status after the update: %+v", hits)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// TestSearchWindows checks the PostgreSQL search's stages — the window of
// the newest documents, the wider window for common terms, the GIN
// indexes — against the answer worked out here, for every window size and
// number of hits asked for, on a corpus where the terms are common, rare
// and absent in turn.
func TestSearchWindows(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		type doc struct {
			title, body string
			unit        bool // seen by u:1 only
		}
		var docs []doc
		for i := range 240 {
			d := doc{title: fmt.Sprintf("关于第%d批物资的通知", i), body: "请按时报送。"}
			if i%3 == 0 {
				d.title = fmt.Sprintf("关于第%d批防汛物资的通知", i)
			}
			if i%2 == 0 {
				d.body = "做好防汛准备。"
			}
			if i < 40 && i%7 == 0 { // a rare term, old documents only
				d.body += "森林防火"
			}
			d.unit = i%5 == 0
			docs = append(docs, d)
		}
		err := db.Transact(ctx, func(tx *store.Tx) error {
			for i, d := range docs {
				access := []string{"r:registrar"}
				if d.unit {
					access = []string{"u:1"}
				}
				if err := tx.IndexSearchDoc(ctx, &store.SearchDoc{Module: "incoming", RefID: int64(i + 1), Title: d.title,
					Body: d.body, At: time.Date(2026, 1, 1, 0, i, 0, 0, time.UTC), Access: access}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// want: title hits newest first, then body hits newest first.
		want := func(term string, keys map[string]bool) []string {
			var title, body []string
			for i := len(docs) - 1; i >= 0; i-- {
				d := docs[i]
				if keys["u:1"] != d.unit && !(keys["u:1"] && keys["r:registrar"]) {
					continue
				}
				switch {
				case strings.Contains(d.title, term):
					title = append(title, fmt.Sprintf("%d/title", i+1))
				case strings.Contains(d.body, term):
					body = append(body, fmt.Sprintf("%d/body", i+1))
				}
			}
			return append(title, body...)
		}
		for _, term := range []string{"防汛", "森林防火", "防汛物资", "没有的词"} {
			for _, keys := range [][]string{{"r:registrar"}, {"u:1"}, {"r:registrar", "u:1"}} {
				set := map[string]bool{}
				for _, k := range keys {
					set[k] = true
				}
				all := want(term, set)
				for _, window := range []int{-1, 1, 5, 16, 50, 1000} {
					for _, max := range []int{1, 3, 10, 30, 100, 1000} {
						var hits []store.SearchHit
						err := db.View(ctx, func(tx *store.Tx) (err error) {
							hits, err = tx.Search(ctx, store.SearchRequest{Query: search.Parse(term), Keys: keys, Max: max,
								ScanUpTo: -1, Window: window})
							return err
						})
						if err != nil {
							t.Fatal(err)
						}
						var got []string
						for _, h := range hits {
							got = append(got, fmt.Sprintf("%d/%s", h.RefID, h.Where))
						}
						if diff := cmp.Diff(all[:min(max, len(all))], got); diff != "" {
							t.Errorf("%s as %v, window %d, max %d (-want +got):\n%s", term, keys, window, max, diff)
						}
					}
				}
			}
		}
	})
}

// TestSearchTitleTableFilledOnUpgrade: a SQLite database indexed before
// migration 00014 gets its title-only entries when the migration runs.
func TestSearchTitleTableFilledOnUpgrade(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, "sqlite", nil)
	err := db.Transact(ctx, func(tx *store.Tx) error {
		for i := range 2500 { // more than one batch
			if err := tx.IndexSearchDoc(ctx, &store.SearchDoc{Module: "incoming", RefID: int64(i + 1),
				Title: fmt.Sprintf("关于第%d批物资的通知", i), Numbers: []string{fmt.Sprintf("收〔2026〕%d", i+1)},
				Body: "防汛", At: time.Now(), Access: []string{"r:registrar"}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Back to the schema before 00014, entries and all. The later
	// migrations are marked pending too (goose refuses to apply 00014 below
	// them) and run again, which leaves their schema as it was.
	for _, q := range []string{`DROP TABLE search_title_fts`, `DELETE FROM goose_db_version WHERE version_id >= 14`} {
		if err := db.ExecForTest(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	names, err := store.MigrationNames("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	pending := len(names) - slices.Index(names, "00014_search_title_fts.sql")
	if n, err := db.Migrate(ctx); err != nil || n != pending {
		t.Fatalf("migrate: %d, %v; want %d", n, err, pending)
	}
	for q, want := range map[string]int{"第2499批": 1, "第7批物资": 1, "1200": 2} { // 收〔2026〕1200 and 第1200批
		var hits []store.SearchHit
		err := db.View(ctx, func(tx *store.Tx) (err error) {
			hits, err = tx.Search(ctx, store.SearchRequest{Query: search.Parse(q), Keys: []string{"r:registrar"}, ScanUpTo: -1})
			return err
		})
		if err != nil || len(hits) != want || hits[0].Where != "title" || hits[len(hits)-1].Where != "title" {
			t.Errorf("%s after the upgrade: %+v, %v", q, hits, err)
		}
	}
}

// TestSearchFewVisiblePages: a viewer's documents are read key by key in
// pages and merged; past a page boundary, with documents seen through two
// keys at once, the few-visible plan finds what the index plan finds.
func TestSearchFewVisiblePages(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const n = 1300
		err := db.Transact(ctx, func(tx *store.Tx) error {
			for i := range n {
				body := "请按时报送。"
				if i%3 == 0 {
					body = "做好防汛准备。"
				}
				access := []string{"u:" + strconv.Itoa(1+i%2)}
				if i%10 == 0 {
					access = append(access, "u:1", "u:2") // seen through both keys
				}
				if err := tx.IndexSearchDoc(ctx, &store.SearchDoc{Module: "incoming", RefID: int64(i + 1),
					Title: fmt.Sprintf("第%d号", i), Body: body, At: time.Now(), Access: access}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, max := range []int{1, 50, 201, 1000} {
			var got [2][]int64
			for p, scan := range []int{0, -1} {
				err := db.View(ctx, func(tx *store.Tx) error {
					hits, err := tx.Search(ctx, store.SearchRequest{Query: search.Parse("防汛"), Keys: []string{"u:1", "u:2"},
						Max: max, ScanUpTo: scan})
					for _, h := range hits {
						got[p] = append(got[p], h.RefID)
					}
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			want := min(max, (n+2)/3)
			if len(got[0]) != want || !slices.Equal(got[0], got[1]) || got[0][0] != int64((n-1)/3*3+1) {
				t.Errorf("max %d: few-visible %d hits, index %d hits (want %d), first %v / %v", max, len(got[0]), len(got[1]),
					want, got[0][:min(3, len(got[0]))], got[1][:min(3, len(got[1]))])
			}
		}
	})
}
