package app_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/incoming"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// workPage is what a test sees of someone's first page of 待办: the items
// of one document (step/level), the open count, and whether the page came
// from the cache.
type workPage struct {
	Items []string
	Hit   bool
}

// TestWork_FirstPageCacheFollowsChanges walks a 收文 through the people's
// 待办 and checks after every action that whoever's work changed sees it on
// their very next read, while everyone else's page is served from the
// cache.
func TestWork_FirstPageCacheFollowsChanges(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		people := []string{"zhuren", "xianzhang", "fgj.lly"}
		var docID int64
		read := func(username string) workPage {
			t.Helper()
			hits, _ := app.WorkCacheStats(f.app)
			wl, err := f.app.Work(f.ctx, f.actor(username), zhongshu.WorkTodo, false, app.Page{Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			after, _ := app.WorkCacheStats(f.app)
			p := workPage{Hit: after > hits}
			for _, w := range wl.Items {
				if w.Module == app.IncomingModule && w.RefID == docID {
					p.Items = append(p.Items, fmt.Sprintf("%s/%d", w.Step, w.Level))
				}
			}
			return p
		}
		act := func(who string, req app.IncomingRequest) func() error {
			return func() error {
				_, err := f.app.ActOnIncoming(f.ctx, f.actor(who), docID, req)
				return err
			}
		}
		fgj := f.unitID("青川县发展和改革局")
		steps := []struct {
			name string
			do   func() error
			want map[string]workPage
		}{
			{"first reads", nil, map[string]workPage{"zhuren": {}, "xianzhang": {}, "fgj.lly": {}}},
			{"read again", nil, map[string]workPage{"zhuren": {Hit: true}, "xianzhang": {Hit: true}, "fgj.lly": {Hit: true}}},
			{"register: 拟办 for the director", func() error {
				d := newIncoming()
				_, err := f.app.RegisterIncoming(f.ctx, f.actor("wenshu"), d, app.ModeRegister)
				docID = d.ID
				return err
			}, map[string]workPage{"zhuren": {Items: []string{"拟办/0"}}, "xianzhang": {Hit: true}, "fgj.lly": {Hit: true}}},
			{"propose: the director's 待办 closes, the county head's opens", act("zhuren", app.IncomingRequest{
				Action: incoming.Propose, Text: "拟请发改局办理。呈何县长阅示。", Leaders: []int64{f.actor("xianzhang").ID()},
				Assignments: []zhongshu.IncomingAssignment{{UnitID: fgj, Role: zhongshu.AssignmentLead,
					DueAt: time.Date(2026, 12, 10, 16, 0, 0, 0, time.UTC)}}}),
				map[string]workPage{"zhuren": {}, "xianzhang": {Items: []string{"批示/0"}}, "fgj.lly": {Hit: true}}},
			{"the deadline sweep raises a level", func() error {
				return f.db.Transact(f.ctx, func(tx *store.Tx) error {
					items, err := tx.FindOpenWorkItems(f.ctx, app.IncomingModule, app.IncomingRefType, docID)
					if err != nil || len(items) != 1 {
						return fmt.Errorf("open items %d, %v", len(items), err)
					}
					return tx.SetWorkCheck(f.ctx, items[0].ID, 2, false, time.Time{})
				})
			}, map[string]workPage{"zhuren": {Hit: true}, "xianzhang": {Items: []string{"批示/2"}}, "fgj.lly": {Hit: true}}},
			{"instruct: the unit's 待办 opens", act("xianzhang", app.IncomingRequest{Action: incoming.Instruct, Text: "同意。"}),
				map[string]workPage{"zhuren": {Hit: true}, "xianzhang": {}, "fgj.lly": {Items: []string{"承办签收/0"}}}},
		}
		for _, s := range steps {
			if s.do != nil {
				if err := s.do(); err != nil {
					t.Fatalf("%s: %v", s.name, err)
				}
			}
			got := map[string]workPage{}
			for _, u := range people {
				got[u] = read(u)
			}
			if diff := cmp.Diff(s.want, got); diff != "" {
				t.Errorf("%s: first pages (-want +got):\n%s", s.name, diff)
			}
		}

		// The list returned is the caller's own: changing it changes
		// nothing cached.
		wl, err := f.app.Work(f.ctx, f.actor("fgj.lly"), zhongshu.WorkTodo, false, app.Page{Limit: 50})
		if err != nil || len(wl.Items) == 0 {
			t.Fatalf("fgj.lly's 待办: %+v, %v", wl, err)
		}
		wl.Items[0].Step, wl.Total = "改过", -1
		if got := read("fgj.lly"); !cmp.Equal(got, workPage{Items: []string{"承办签收/0"}, Hit: true}) {
			t.Errorf("after the caller changed its copy: %+v", got)
		}
		// Only the first page of open work is cached.
		hits, misses := app.WorkCacheStats(f.app)
		for _, c := range []struct {
			done   bool
			offset int
		}{{true, 0}, {false, 50}} {
			if _, err := f.app.Work(f.ctx, f.actor("fgj.lly"), zhongshu.WorkTodo, c.done, app.Page{Offset: c.offset, Limit: 50}); err != nil {
				t.Fatal(err)
			}
		}
		if h, m := app.WorkCacheStats(f.app); h != hits || m != misses {
			t.Errorf("done list and second page went through the cache: hits %d→%d, misses %d→%d", hits, h, misses, m)
		}
		// Pages expire after 30 s even when nothing changed: deadline
		// lights follow the clock.
		f.clock.Advance(29 * time.Second)
		if got := read("zhuren"); !got.Hit {
			t.Error("zhuren's page not cached 29 s on")
		}
		f.clock.Advance(time.Second)
		if got := read("zhuren"); got.Hit {
			t.Error("zhuren's page still cached 30 s on")
		}
	})
}
