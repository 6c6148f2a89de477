package store_test

import (
	"context"
	"fmt"
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
		// Both plans — reading the index's matches, and reading the few
		// documents a viewer sees — must give the same answers.
		find := func(q string, keys ...string) []string {
			t.Helper()
			var out []string
			for i, scan := range []int{-1, 0} {
				var hits []store.SearchHit
				err := db.View(ctx, func(tx *store.Tx) (err error) {
					hits, err = tx.Search(ctx, store.SearchRequest{Query: search.Parse(q), Keys: keys, ScanUpTo: scan})
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
					t.Errorf("search %q as %v: the two plans differ (-index +scan):\n%s", q, keys, diff)
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
	})
}
