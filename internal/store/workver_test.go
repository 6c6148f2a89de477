package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/store/storetest"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// TestStore_WorkVersion checks that every write to work items moves the
// version of exactly the owners whose rows changed, once committed.
func TestStore_WorkVersion(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		names := []string{"alice", "bob", "carol"}
		ids := map[string]int64{}
		err := db.Transact(ctx, func(tx *store.Tx) error {
			for _, name := range names {
				u := &zhongshu.User{Username: name, Name: name, Status: zhongshu.UserActive}
				if err := tx.CreateUser(ctx, u, "", false); err != nil {
					return err
				}
				ids[name] = u.ID
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		item := func(owner string) *zhongshu.WorkItem {
			return &zhongshu.WorkItem{OwnerID: ids[owner], Kind: zhongshu.WorkTodo, Module: "m", RefType: "doc", RefID: 1, Title: "t"}
		}
		var aliceItem, bobItem int64
		failed := errors.New("rolled back")
		steps := []struct {
			name    string
			write   func(tx *store.Tx) error
			err     error    // what the write returns
			changed []string // whose versions move
		}{
			{"add", func(tx *store.Tx) error {
				w := item("alice")
				err := tx.AddWorkItem(ctx, w)
				aliceItem = w.ID
				return err
			}, nil, []string{"alice"}},
			{"add the same open item again", func(tx *store.Tx) error { return tx.AddWorkItem(ctx, item("alice")) }, nil, nil},
			{"add for another owner", func(tx *store.Tx) error {
				w := item("bob")
				err := tx.AddWorkItem(ctx, w)
				bobItem = w.ID
				return err
			}, nil, []string{"bob"}},
			{"set the deadline check", func(tx *store.Tx) error {
				return tx.SetWorkCheck(ctx, aliceItem, 2, true, tx.Now())
			}, nil, []string{"alice"}},
			{"mark acted", func(tx *store.Tx) error { return tx.MarkWorkActed(ctx, bobItem) }, nil, []string{"bob"}},
			{"a rolled-back add", func(tx *store.Tx) error {
				if err := tx.AddWorkItem(ctx, item("carol")); err != nil {
					return err
				}
				return failed
			}, failed, nil},
			{"close for everyone", func(tx *store.Tx) error {
				n, err := tx.CloseWorkItems(ctx, "m", "doc", 1, 0)
				if err == nil && n != 2 {
					t.Errorf("closed %d items, want 2", n)
				}
				return err
			}, nil, []string{"alice", "bob"}},
			{"close nothing", func(tx *store.Tx) error {
				_, err := tx.CloseWorkItems(ctx, "m", "doc", 1, ids["carol"])
				return err
			}, nil, nil},
			{"mark a closed item acted", func(tx *store.Tx) error { return tx.MarkWorkActed(ctx, aliceItem) }, nil, nil},
			{"add and close for one owner", func(tx *store.Tx) error {
				if err := tx.AddWorkItem(ctx, item("carol")); err != nil {
					return err
				}
				_, err := tx.CloseWorkItems(ctx, "m", "doc", 1, ids["carol"])
				return err
			}, nil, []string{"carol"}},
		}
		versions := func() map[string]uint64 {
			v := map[string]uint64{}
			for _, name := range names {
				v[name] = db.WorkVersion([]int64{ids[name]})
			}
			return v
		}
		for _, s := range steps {
			before := versions()
			var inCommit map[string]uint64
			err := db.Transact(ctx, func(tx *store.Tx) error {
				tx.AfterCommit(func() { inCommit = versions() })
				return s.write(tx)
			})
			if !errors.Is(err, s.err) {
				t.Fatalf("%s: %v, want %v", s.name, err, s.err)
			}
			after := versions()
			var changed []string
			for _, name := range names {
				if after[name] != before[name] {
					changed = append(changed, name)
				}
			}
			if diff := cmp.Diff(s.changed, changed); diff != "" {
				t.Errorf("%s: changed versions (-want +got):\n%s", s.name, diff)
			}
			// The versions have moved when the after-commit hooks run
			// (which they do only for a commit).
			if s.err == nil && !cmp.Equal(inCommit, after) {
				t.Errorf("%s: versions after commit %v, when Transact returned %v", s.name, inCommit, after)
			}
			if s.err != nil && inCommit != nil {
				t.Errorf("%s: after-commit hook ran for a rolled-back transaction", s.name)
			}
		}
		// A set's version moves with any member's.
		all := []int64{ids["alice"], ids["bob"], ids["carol"]}
		v := db.WorkVersion(all)
		if err := db.Transact(ctx, func(tx *store.Tx) error { return tx.AddWorkItem(ctx, item("bob")) }); err != nil {
			t.Fatal(err)
		}
		if db.WorkVersion(all) == v {
			t.Error("the set's version did not move with bob's")
		}
		// A raw statement may have touched anyone's work.
		v = db.WorkVersion([]int64{ids["carol"]})
		if err := db.ExecForTest(ctx, `UPDATE work_items SET title = 'x'`); err != nil {
			t.Fatal(err)
		}
		if db.WorkVersion([]int64{ids["carol"]}) == v {
			t.Error("a raw statement did not move the versions")
		}
	})
}
