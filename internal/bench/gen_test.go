package bench_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/audit"
	"github.com/zhongshu-oa/zhongshu/internal/bench"
	"github.com/zhongshu-oa/zhongshu/internal/config"
	"github.com/zhongshu-oa/zhongshu/internal/search"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/store/storetest"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// tinyCounty generates a county of 1,000 documents and items into a fresh
// SQLite database and returns it with its app and token file.
func tinyCounty(t testing.TB, engine string, out io.Writer) (*store.DB, *app.App, *bench.GenResult, config.Config) {
	t.Helper()
	clock := &bench.Clock{}
	db := storetest.Open(t, engine, clock)
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	a := app.New(db, cfg, nil, slog.New(slog.DiscardHandler))
	res, err := bench.Generate(context.Background(), db, a, clock,
		bench.GenOptions{Users: 120, Units: 40, Docs: 500, Items: 200, Years: 1, Seed: 7, AuditEvery: 5, Batch: 200}, out)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return db, a, res, cfg
}

func TestGenerate(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) { testGenerate(t, engine) })
	}
}

func testGenerate(t *testing.T, engine string) {
	var out strings.Builder
	db, a, res, _ := tinyCounty(t, engine, &out)
	ctx := context.Background()
	if res.Docs != 500 || res.Items != 200 || res.Users != 120 || res.SearchDocs != 700 {
		t.Errorf("generated %+v", res)
	}
	if res.Events < 1500 || res.WorkItems == 0 || res.AuditEntries == 0 {
		t.Errorf("events %d, work items %d, audit entries %d", res.Events, res.WorkItems, res.AuditEntries)
	}
	if !strings.Contains(out.String(), "收文和督办事项 700/700") {
		t.Errorf("no progress printed:\n%s", out.String())
	}
	// The two modules were written in step through the years: the newest
	// hits of a term common to both (the search ranks newest first) hold
	// both, as they would in a county that has used Zhongshu for years.
	err := db.View(context.Background(), func(tx *store.Tx) error {
		hits, err := tx.Search(context.Background(), store.SearchRequest{Query: search.Parse("督办"),
			Keys: []string{"r:" + string(zhongshu.RoleOfficeDirector)}, Max: 100})
		modules := map[string]int{}
		for _, h := range hits {
			modules[h.Module]++
		}
		if len(hits) != 100 || modules["incoming"] == 0 || modules["supervision"] == 0 {
			t.Errorf("the newest 100 hits of 督办: %v", modules)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// The audit chain holds the sampled history and the tokens' creation.
	v, err := audit.Verify(ctx, db)
	if err != nil || v.Problem != nil {
		t.Fatalf("audit chain: %v %v", err, v.Problem)
	}
	if v.Entries < int64(res.AuditEntries) {
		t.Errorf("audit entries %d, want at least %d", v.Entries, res.AuditEntries)
	}
	// Every status of both modules occurs.
	docStatuses, itemStatuses := map[zhongshu.IncomingStatus]int{}, map[zhongshu.SupervisionStatus]int{}
	err = db.View(ctx, func(tx *store.Tx) error {
		docs, _, err := tx.FindIncoming(ctx, store.IncomingFilter{Limit: 1000})
		if err != nil {
			return err
		}
		for _, d := range docs {
			docStatuses[d.Status]++
		}
		items, _, err := tx.FindSupervisionItems(ctx, store.SupervisionFilter{Limit: 1000})
		for _, it := range items {
			itemStatuses[it.Status]++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []zhongshu.IncomingStatus{zhongshu.IncomingCirculating,
		zhongshu.IncomingInProgress, zhongshu.IncomingCompleted, zhongshu.IncomingArchived} {
		if docStatuses[s] == 0 {
			t.Errorf("no 收文 %s among %v", s, docStatuses)
		}
	}
	for _, s := range []zhongshu.SupervisionStatus{zhongshu.SupervisionInProgress, zhongshu.SupervisionClosed,
		zhongshu.SupervisionArchived} {
		if itemStatuses[s] == 0 {
			t.Errorf("no 督办 %s among %v", s, itemStatuses)
		}
	}
	// Tokens sign in, and the password too.
	tf := res.Tokens
	if len(tf.Users) < 40 || tf.Password == "" {
		t.Fatalf("token file: %d users, password %q", len(tf.Users), tf.Password)
	}
	if _, err := a.AuthenticateToken(ctx, tf.Users[0].Token, app.Client{IP: "127.0.0.1"}); err != nil {
		t.Errorf("token of %s: %v", tf.Users[0].Username, err)
	}
	lr, err := a.Login(ctx, tf.Users[len(tf.Users)-1].Username, tf.Password, app.Client{IP: "127.0.0.1"})
	if err != nil || lr.Stage != zhongshu.StageFull {
		t.Errorf("login: %v %+v", err, lr)
	}
	path := filepath.Join(t.TempDir(), "tokens.json")
	if err := bench.WriteTokenFile(path, tf); err != nil {
		t.Fatal(err)
	}
	if back, err := bench.ReadTokenFile(path); err != nil || len(back.Users) != len(tf.Users) {
		t.Errorf("read back: %v", err)
	}
}

// TestGenerate_SearchIndexAsTheAppBuildsIt checks that the generator's
// bulk index entries are those the app writes: every user's search finds
// the same documents, with the same texts, before and after the app
// rebuilds the index. (An entry whose text differed from the app's was
// rewritten, full-text index and all, by the first action on it, which
// made the benchmark's actions dearer than the app's.)
func TestGenerate_SearchIndexAsTheAppBuildsIt(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) { testSearchIndex(t, engine) })
	}
}

func testSearchIndex(t *testing.T, engine string) {
	db, a, res, _ := tinyCounty(t, engine, io.Discard)
	ctx := context.Background()
	hits := func() map[string][]string {
		out := map[string][]string{}
		for i, u := range res.Tokens.Users {
			if strings.HasPrefix(u.Username, "lly") && i%5 != 0 {
				continue
			}
			actor, err := a.AuthenticateToken(ctx, u.Token, app.Client{IP: "127.0.0.1"})
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{"督办", "安全", "收〔", "财政局"} {
				r, err := a.Search(ctx, actor, app.SearchQuery{Text: q})
				if err != nil {
					t.Fatalf("search %s as %s: %v", q, u.Username, err)
				}
				var ids []int64
				for _, h := range r.Hits {
					ids = append(ids, h.ID)
				}
				var bodies map[int64]string
				if err := db.View(ctx, func(tx *store.Tx) (err error) {
					bodies, err = tx.SearchBodies(ctx, ids)
					return err
				}); err != nil {
					t.Fatal(err)
				}
				key := u.Username + " " + q
				out[key] = append(out[key], fmt.Sprint(r.Total))
				for _, h := range r.Hits {
					out[key] = append(out[key], fmt.Sprintf("%s %d %s|%s|%s|%s|%s", h.Module, h.RefID, h.Numbers, h.Title,
						h.Status, h.Party, bodies[h.ID]))
				}
			}
		}
		return out
	}
	before := hits()
	if len(before) == 0 {
		t.Fatal("no hits at all")
	}
	if _, err := a.ReindexAll(ctx); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, hits()); diff != "" {
		t.Errorf("search results differ after the app rebuilt the index (-generated +app):\n%s", diff)
	}
}
