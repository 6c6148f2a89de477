package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/config"
	"github.com/zhongshu-oa/zhongshu/internal/demo"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/store/storetest"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

var cst = time.FixedZone("CST", 8*3600)

// reminder is what the walk observes: who was told what, at which step.
type reminder struct {
	At   string // the sweep time that sent it
	Kind string
	To   string // username
}

// TestDeadlines_WalkAcrossHolidayAndRestart walks one item, given on Tuesday
// 2026-09-22 with 3 working days, across 中秋 (9/25–27) hour by hour. The
// deadline is Monday 9/28 24:00; the ladder must climb 蓝 (9/23) → 压 (9/24)
// → 黄 (9/28) → 红 (9/29), each reminder once, to the right people, with a
// restart of the whole app in the middle of the holiday.
func TestDeadlines_WalkAcrossHolidayAndRestart(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			clock := &zhongshu.FixedClock{T: time.Date(2026, 9, 22, 10, 0, 0, 0, cst)}
			dsn := storetest.DSN(t, engine)
			cfg := config.Default()
			open := func() (*store.DB, *app.App) {
				db, err := store.Open(ctx, dsn, store.Options{Clock: clock, Synchronous: "NORMAL"})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := db.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				return db, app.New(db, cfg, clock, nil)
			}
			db, a := open()
			if err := a.LoadDemo(ctx, demo.County()); err != nil {
				t.Fatal(err)
			}
			names := map[int64]string{}
			users, _, _ := a.FindUsers(ctx, zhongshu.SystemActor(), zhongshu.UserFilter{})
			for _, u := range users {
				names[u.ID] = u.Username
			}
			owner, _ := a.ActorFor(ctx, "wenshu")
			due, provisional := a.DueIn(clock.Now(), 3)
			if want := time.Date(2026, 9, 29, 0, 0, 0, 0, cst); !due.Equal(want) || provisional {
				t.Fatalf("due = %v (provisional %v), want %v", due, provisional, want)
			}
			var itemID int64
			err := db.Transact(ctx, func(tx *store.Tx) error {
				w := &zhongshu.WorkItem{OwnerID: owner.ID(), Kind: zhongshu.WorkTodo, Module: "receipt", RefType: "doc", RefID: 42,
					Title: "关于做好中秋国庆期间安全生产工作的通知", Step: "签收", DueAt: due, URL: "/receipts/42"}
				if err := a.AddWork(ctx, tx, w); err != nil {
					return err
				}
				itemID = w.ID
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			var got []reminder
			seen := 0
			visits := 0
			step := func() {
				n, err := a.SweepDeadlines(ctx)
				if err != nil {
					t.Fatalf("sweep at %v: %v", clock.Now(), err)
				}
				visits += n
				var rs []store.Reminder
				_ = db.View(ctx, func(tx *store.Tx) (err error) { rs, err = tx.FindReminders(ctx, itemID); return err })
				for _, r := range rs[seen:] {
					got = append(got, reminder{At: clock.Now().In(cst).Format("01-02 15:04"), Kind: r.Kind, To: names[r.RecipientID]})
				}
				seen = len(rs)
			}
			for clock.Now().Before(time.Date(2026, 9, 26, 12, 0, 0, 0, cst)) {
				step()
				clock.Advance(time.Hour)
			}
			// Restart: a new process on the same database, mid-holiday.
			db.Close()
			db, a = open()
			defer db.Close()
			for clock.Now().Before(time.Date(2026, 10, 1, 0, 0, 0, 0, cst)) {
				step()
				clock.Advance(time.Hour)
			}
			chief := sectionChief(t, a, owner)
			want := []reminder{
				{"09-23 00:00", "due_soon", "wenshu"},
				{"09-24 00:00", "held", "wenshu"},
				{"09-24 00:00", "held", chief},
				{"09-28 00:00", "due", "wenshu"},
				{"09-28 00:00", "due", chief},
				{"09-29 00:00", "overdue", "wenshu"},
				{"09-29 00:00", "overdue", chief},
				{"09-29 00:00", "overdue", "zhuren"},
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("reminders (-want +got):\n%s", diff)
			}
			// The sweep looked at the item only when something was due: the
			// cost follows thresholds, not hours or items stored.
			if visits != 4 {
				t.Errorf("sweep visited the item %d times, want 4", visits)
			}
			// The ledger holds 压 and 误 until the work is done.
			director, _ := a.ActorFor(ctx, "zhuren")
			l, err := a.FindLedger(ctx, director, zhongshu.FlagFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var kinds []string
			for _, f := range l.Flags {
				kinds = append(kinds, string(f.Kind)+"/"+f.OwnerName)
			}
			if diff := cmp.Diff([]string{"held/" + owner.User.Name, "late/" + owner.User.Name}, kinds); diff != "" {
				t.Errorf("ledger (-want +got):\n%s", diff)
			}
			// Each reminder is one in-app notice; red ones are urgent.
			msgs, _ := a.Notifications(ctx, owner, 50)
			var subjects []string
			for _, m := range msgs {
				subjects = append(subjects, fmt.Sprintf("%v %s", m.Urgent, m.Subject[:9]))
			}
			if len(msgs) != 4 || !msgs[0].Urgent || msgs[3].Urgent {
				t.Errorf("owner's notices: %q", subjects)
			}
			err = db.Transact(ctx, func(tx *store.Tx) error {
				_, err := tx.CloseWorkItems(ctx, "receipt", "doc", 42, 0)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			l, _ = a.FindLedger(ctx, director, zhongshu.FlagFilter{})
			if l.Total != 0 {
				t.Errorf("flags stay after the work is done: %d", l.Total)
			}
			l, _ = a.FindLedger(ctx, director, zhongshu.FlagFilter{Cleared: true})
			if l.Total != 2 || l.Flags[0].ClearedWhy != "已办结" {
				t.Errorf("cleared flags: %+v", l)
			}
		})
	}
}

// sectionChief returns the username of the section chief of the owner's unit.
func sectionChief(t *testing.T, a *app.App, owner *zhongshu.Actor) string {
	t.Helper()
	role := zhongshu.RoleSectionChief
	unit := owner.User.PrimaryUnitID()
	users, _, err := a.FindUsers(context.Background(), zhongshu.SystemActor(), zhongshu.UserFilter{Role: &role, UnitID: &unit})
	if err != nil || len(users) != 1 {
		t.Fatalf("section chief of unit %d: %v %v", unit, users, err)
	}
	return users[0].Username
}

// TestDeadlines_ActingClearsHeld checks that an owner who acts is no longer
// 压, and that an item given with a deadline already past goes red at once.
func TestDeadlines_ActingClearsHeld(t *testing.T) {
	f := newFixture(t, "sqlite", true)
	f.clock.T = time.Date(2026, 11, 23, 9, 0, 0, 0, cst) // Monday
	owner := f.actor("duchayuan")
	err := f.db.Transact(f.ctx, func(tx *store.Tx) error {
		if err := f.app.AddWork(f.ctx, tx, &zhongshu.WorkItem{OwnerID: owner.ID(), Kind: zhongshu.WorkTodo, Module: "supervision",
			RefType: "item", RefID: 1, Title: "县长交办：城区积水点整治"}); err != nil {
			return err
		}
		return f.app.AddWork(f.ctx, tx, &zhongshu.WorkItem{OwnerID: owner.ID(), Kind: zhongshu.WorkTodo, Module: "supervision",
			RefType: "item", RefID: 2, Title: "补录：上周应办结事项", DueAt: f.clock.Now().Add(-time.Hour)})
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.app.SweepDeadlines(f.ctx); err != nil {
		t.Fatal(err)
	}
	director := f.actor("zhuren")
	l, _ := f.app.FindLedger(f.ctx, director, zhongshu.FlagFilter{})
	if l.Total != 1 || l.Flags[0].Kind != zhongshu.FlagLate {
		t.Fatalf("item given overdue: ledger %+v", l.Flags)
	}
	// Item 1: acted on Monday, so Wednesday brings no 压.
	err = f.db.Transact(f.ctx, func(tx *store.Tx) error { return f.app.ActOnWork(f.ctx, tx, "supervision", "item", 1, owner.ID()) })
	if err != nil {
		t.Fatal(err)
	}
	f.clock.T = time.Date(2026, 11, 25, 9, 0, 0, 0, cst)
	if _, err := f.app.SweepDeadlines(f.ctx); err != nil {
		t.Fatal(err)
	}
	l, _ = f.app.FindLedger(f.ctx, director, zhongshu.FlagFilter{})
	for _, fl := range l.Flags {
		if fl.Kind == zhongshu.FlagHeld && fl.RefID == 1 {
			t.Errorf("acted item flagged 压: %+v", fl)
		}
	}
	// A section chief sees their own unit; a clerk only their own items.
	clerk := f.actor("wenshu")
	l, err = f.app.FindLedger(f.ctx, clerk, zhongshu.FlagFilter{})
	if err != nil || l.Scope != "本人" || l.Total != 0 {
		t.Errorf("clerk's ledger: %+v %v", l, err)
	}
}

// TestDigest_OncePerWorkingDay sends the daily digest at 17:30 on working
// days only, once, to people with something to report.
func TestDigest_OncePerWorkingDay(t *testing.T) {
	f := newFixture(t, "sqlite", true)
	f.clock.T = time.Date(2026, 11, 26, 9, 0, 0, 0, cst) // Thursday
	owner := f.actor("fgj.lly")
	err := f.db.Transact(f.ctx, func(tx *store.Tx) error {
		return f.app.AddWork(f.ctx, tx, &zhongshu.WorkItem{OwnerID: owner.ID(), Kind: zhongshu.WorkTodo, Module: "supervision",
			RefType: "item", RefID: 9, Title: "重点项目投资进度报送", DueAt: time.Date(2026, 11, 26, 12, 0, 0, 0, cst)})
	})
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		at   time.Time
		want int
	}{
		{time.Date(2026, 11, 26, 17, 0, 0, 0, cst), 0},  // before 17:30
		{time.Date(2026, 11, 26, 17, 31, 0, 0, cst), 1}, // sent
		{time.Date(2026, 11, 26, 18, 0, 0, 0, cst), 0},  // once a day
		{time.Date(2026, 11, 28, 17, 31, 0, 0, cst), 0}, // Saturday
		{time.Date(2026, 11, 30, 17, 31, 0, 0, cst), 1}, // Monday again
	}
	for _, s := range steps {
		f.clock.T = s.at
		n, err := f.app.SendDigests(f.ctx)
		if err != nil || n != s.want {
			t.Errorf("digest at %s: %d, %v; want %d", s.at.Format("01-02 15:04"), n, err, s.want)
		}
	}
	msgs, _ := f.app.Notifications(f.ctx, owner, 10)
	if len(msgs) != 2 || !strings.Contains(msgs[0].Subject, "超期 1") || !strings.Contains(msgs[0].Body, "重点项目投资进度报送") {
		t.Errorf("digest notices: %+v", msgs)
	}
}

// TestSweep_TwoInstances runs the sweep from two app instances sharing one
// database at the same moment: every reminder goes out exactly once.
func TestSweep_TwoInstances(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			clock := &zhongshu.FixedClock{T: time.Date(2026, 11, 23, 9, 0, 0, 0, cst)}
			dsn := storetest.DSN(t, engine)
			var apps []*app.App
			var dbs []*store.DB
			for i := 0; i < 2; i++ {
				db, err := store.Open(ctx, dsn, store.Options{Clock: clock, Synchronous: "NORMAL"})
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				if _, err := db.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				dbs, apps = append(dbs, db), append(apps, app.New(db, config.Default(), clock, nil))
			}
			if err := apps[0].LoadDemo(ctx, demo.County()); err != nil {
				t.Fatal(err)
			}
			owner, _ := apps[0].ActorFor(ctx, "wenshu")
			const items = 300
			err := dbs[0].Transact(ctx, func(tx *store.Tx) error {
				for i := 0; i < items; i++ {
					if err := apps[0].AddWork(ctx, tx, &zhongshu.WorkItem{OwnerID: owner.ID(), Kind: zhongshu.WorkTodo, Module: "bench",
						RefType: "doc", RefID: int64(i), Title: fmt.Sprintf("事项%d", i), DueAt: clock.Now().Add(time.Hour)}); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			clock.Advance(2 * time.Hour) // all overdue now
			errs := make(chan error, 2)
			visited := make(chan int, 2)
			for _, a := range apps {
				go func() {
					n, err := a.SweepDeadlines(ctx)
					visited <- n
					errs <- err
				}()
			}
			total := 0
			for i := 0; i < 2; i++ {
				if err := <-errs; err != nil {
					t.Fatal(err)
				}
				total += <-visited
			}
			var notices int
			_ = dbs[0].View(ctx, func(tx *store.Tx) (err error) {
				ms, err := tx.FindOutbox(ctx, owner.ID(), 1000)
				notices = len(ms)
				return err
			})
			if notices != items {
				t.Errorf("owner got %d overdue notices, want %d (items visited %d)", notices, items, total)
			}
		})
	}
}
