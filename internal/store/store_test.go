package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/store/storetest"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

func TestMigrations_SameNamesOnBothEngines(t *testing.T) {
	lite, err := store.MigrationNames("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	pg, err := store.MigrationNames("postgres")
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) == 0 {
		t.Fatal("no migrations found")
	}
	if diff := cmp.Diff(lite, pg); diff != "" {
		t.Errorf("migration files differ between engines (-sqlite +postgres):\n%s", diff)
	}
}

func TestMigrate_IdempotentAndChecked(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.CheckSchema(ctx); err != nil {
			t.Fatalf("CheckSchema after migrate: %v", err)
		}
		n, err := db.Migrate(ctx)
		if err != nil || n != 0 {
			t.Fatalf("second Migrate = %d, %v; want 0, nil", n, err)
		}
	})
}

func TestStore_Units(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		root := &zhongshu.Unit{Type: zhongshu.UnitCountyGov, FullName: "青川县人民政府", ShortName: "县政府", Active: true}
		office := &zhongshu.Unit{Type: zhongshu.UnitGovOffice, FullName: "青川县人民政府办公室", DocCode: "青政办", Active: true}
		err := db.Transact(ctx, func(tx *store.Tx) error {
			if err := tx.CreateUnit(ctx, root); err != nil {
				return err
			}
			office.ParentID = root.ID
			return tx.CreateUnit(ctx, office)
		})
		if err != nil {
			t.Fatal(err)
		}
		var got *zhongshu.Unit
		err = db.View(ctx, func(tx *store.Tx) (err error) {
			got, err = tx.FindUnitByID(ctx, office.ID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(office, got); diff != "" {
			t.Errorf("FindUnitByID (-want +got):\n%s", diff)
		}

		t.Run("DuplicateNameIsConflict", func(t *testing.T) {
			err := db.Transact(ctx, func(tx *store.Tx) error {
				return tx.CreateUnit(ctx, &zhongshu.Unit{Type: zhongshu.UnitDepartment, FullName: "青川县人民政府", Active: true})
			})
			if code := zhongshu.ErrorCode(err); code != zhongshu.CodeConflict {
				t.Errorf("code = %q (%v), want conflict", code, err)
			}
		})
		t.Run("NotFound", func(t *testing.T) {
			err := db.View(ctx, func(tx *store.Tx) error { _, err := tx.FindUnitByID(ctx, 9999); return err })
			if code := zhongshu.ErrorCode(err); code != zhongshu.CodeNotFound {
				t.Errorf("code = %q, want not_found", code)
			}
		})
		t.Run("Filter", func(t *testing.T) {
			var units []*zhongshu.Unit
			var total int
			err := db.View(ctx, func(tx *store.Tx) (err error) {
				units, total, err = tx.FindUnits(ctx, zhongshu.UnitFilter{Query: "办公室"})
				return err
			})
			if err != nil || total != 1 || len(units) != 1 || units[0].ID != office.ID {
				t.Errorf("FindUnits(办公室) = %d units, total %d, %v", len(units), total, err)
			}
		})
		t.Run("RollbackOnError", func(t *testing.T) {
			boom := errors.New("boom")
			err := db.Transact(ctx, func(tx *store.Tx) error {
				if err := tx.CreateUnit(ctx, &zhongshu.Unit{Type: zhongshu.UnitTown, FullName: "青溪镇", Active: true}); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatalf("err = %v", err)
			}
			var total int
			_ = db.View(ctx, func(tx *store.Tx) (err error) {
				_, total, err = tx.FindUnits(ctx, zhongshu.UnitFilter{Query: "青溪镇"})
				return err
			})
			if total != 0 {
				t.Errorf("rolled-back unit is visible")
			}
		})
	})
}

func TestStore_WorkItems(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var uid int64
		now := time.Now().UTC()
		err := db.Transact(ctx, func(tx *store.Tx) error {
			u := &zhongshu.User{Username: "wenshu", Name: "王文书", Status: zhongshu.UserActive}
			if err := tx.CreateUser(ctx, u, "", false); err != nil {
				return err
			}
			uid = u.ID
			items := []*zhongshu.WorkItem{
				{OwnerID: uid, Kind: zhongshu.WorkTodo, Module: "receipt", RefType: "doc", RefID: 1, Title: "平件无期限"},
				{OwnerID: uid, Kind: zhongshu.WorkTodo, Module: "receipt", RefType: "doc", RefID: 2, Title: "平件明天", DueAt: now.Add(24 * time.Hour)},
				{OwnerID: uid, Kind: zhongshu.WorkTodo, Module: "receipt", RefType: "doc", RefID: 3, Title: "特急", Urgency: zhongshu.UrgencyExtra, DueAt: now.Add(48 * time.Hour)},
				{OwnerID: uid, Kind: zhongshu.WorkToRead, Module: "receipt", RefType: "doc", RefID: 4, Title: "传阅"},
				// The same open item again is ignored.
				{OwnerID: uid, Kind: zhongshu.WorkTodo, Module: "receipt", RefType: "doc", RefID: 1, Title: "平件无期限"},
			}
			for _, w := range items {
				if err := tx.AddWorkItem(ctx, w); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		todo := zhongshu.WorkTodo
		var titles []string
		var todoN, readN int
		err = db.View(ctx, func(tx *store.Tx) error {
			items, err := tx.FindWorkItems(ctx, zhongshu.WorkFilter{OwnerIDs: []int64{uid}, Kind: &todo})
			if err != nil {
				return err
			}
			for _, w := range items {
				titles = append(titles, w.Title)
			}
			todoN, readN, err = tx.CountOpenWork(ctx, []int64{uid})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"特急", "平件明天", "平件无期限"}, titles); diff != "" {
			t.Errorf("order (-want +got):\n%s", diff)
		}
		if todoN != 3 || readN != 1 {
			t.Errorf("counts = %d, %d; want 3, 1", todoN, readN)
		}
		err = db.Transact(ctx, func(tx *store.Tx) error {
			n, err := tx.CloseWorkItems(ctx, "receipt", "doc", 3, 0)
			if n != 1 {
				t.Errorf("closed %d, want 1", n)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// TestStore_WorkCountsStayTrue registers and closes items in a pseudo-random
// order and checks the kept counts against a real count after every step.
func TestStore_WorkCountsStayTrue(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var owners []int64
		err := db.Transact(ctx, func(tx *store.Tx) error {
			for _, name := range []string{"alice", "bob", "carol"} {
				u := &zhongshu.User{Username: name, Name: name, Status: zhongshu.UserActive}
				if err := tx.CreateUser(ctx, u, "", false); err != nil {
					return err
				}
				owners = append(owners, u.ID)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		seed := uint32(7)
		rnd := func(n int) int { seed = seed*1664525 + 1013904223; return int(seed>>8) % n }
		for step := 0; step < 200; step++ {
			err := db.Transact(ctx, func(tx *store.Tx) error {
				ref := int64(rnd(15))
				if rnd(3) == 0 {
					owner := int64(0)
					if rnd(2) == 0 {
						owner = owners[rnd(3)]
					}
					_, err := tx.CloseWorkItems(ctx, "m", "doc", ref, owner)
					return err
				}
				kind := zhongshu.WorkTodo
				if rnd(2) == 0 {
					kind = zhongshu.WorkToRead
				}
				return tx.AddWorkItem(ctx, &zhongshu.WorkItem{OwnerID: owners[rnd(3)], Kind: kind, Module: "m", RefType: "doc", RefID: ref, Title: "t"})
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range owners {
				var todo, toread, realTodo, realToread int
				err := db.View(ctx, func(tx *store.Tx) (err error) {
					if todo, toread, err = tx.CountOpenWork(ctx, []int64{o}); err != nil {
						return err
					}
					k := zhongshu.WorkTodo
					items, err := tx.FindWorkItems(ctx, zhongshu.WorkFilter{OwnerIDs: []int64{o}, Kind: &k, Limit: 500})
					realTodo = len(items)
					k = zhongshu.WorkToRead
					items2, err2 := tx.FindWorkItems(ctx, zhongshu.WorkFilter{OwnerIDs: []int64{o}, Kind: &k, Limit: 500})
					realToread = len(items2)
					return errors.Join(err, err2)
				})
				if err != nil {
					t.Fatal(err)
				}
				if todo != realTodo || toread != realToread {
					t.Fatalf("step %d owner %d: counts %d/%d, real %d/%d", step, o, todo, toread, realTodo, realToread)
				}
			}
		}
	})
}

// TestStore_UnitsReadTwiceInAWrite checks the units a write transaction
// remembers: a change the transaction makes is seen by its next read, and
// what a caller does to a unit it was given changes nothing for the next.
func TestStore_UnitsReadTwiceInAWrite(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := &zhongshu.Unit{Type: zhongshu.UnitDepartment, FullName: "青川县审计局", ShortName: "县审计局", Active: true}
		err := db.Transact(ctx, func(tx *store.Tx) error {
			if err := tx.CreateUnit(ctx, u); err != nil {
				return err
			}
			first, err := tx.FindUnitByID(ctx, u.ID)
			if err != nil {
				return err
			}
			first.ShortName = "被调用方改了" // the caller's copy only
			again, err := tx.FindUnitByID(ctx, u.ID)
			if err != nil {
				return err
			}
			if again.ShortName != "县审计局" {
				t.Errorf("second read: %q, want 县审计局", again.ShortName)
			}
			again.ShortName = "审计局"
			if err := tx.UpdateUnit(ctx, again); err != nil {
				return err
			}
			after, err := tx.FindUnitByID(ctx, u.ID)
			if err != nil {
				return err
			}
			if after.ShortName != "审计局" {
				t.Errorf("read after the change: %q, want 审计局", after.ShortName)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
