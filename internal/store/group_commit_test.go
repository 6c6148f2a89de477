package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// openGroupTest opens a fresh migrated SQLite database.
func openGroupTest(t *testing.T) *DB {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "group.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

// holdWriter starts a write transaction that holds the writer until the
// returned function is called, and waits until it runs.
func holdWriter(t *testing.T, db *DB) (release func()) {
	t.Helper()
	running, gate, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- db.Transact(context.Background(), func(tx *Tx) error {
			close(running)
			<-gate
			return nil
		})
	}()
	<-running
	return func() {
		close(gate)
		if err := <-done; err != nil {
			t.Errorf("holding transaction: %v", err)
		}
	}
}

// waitQueued waits until n requests wait in the queue.
func waitQueued(t *testing.T, db *DB, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		db.group.mu.Lock()
		q := len(db.group.queue)
		db.group.mu.Unlock()
		if q >= n {
			return
		}
	}
	t.Fatalf("fewer than %d requests queued", n)
}

func createUser(ctx context.Context, tx *Tx, name string) error {
	return tx.CreateUser(ctx, &zhongshu.User{Username: name, Name: name, Status: zhongshu.UserActive}, "", false)
}

// userNames lists the usernames stored, from the read pool.
func userNames(t *testing.T, db *DB, names ...string) []string {
	t.Helper()
	var found []string
	err := db.View(context.Background(), func(tx *Tx) error {
		for _, n := range names {
			if _, err := tx.FindUserByUsername(context.Background(), n); err == nil {
				found = append(found, n)
			} else if zhongshu.ErrorCode(err) != zhongshu.CodeNotFound {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// TestGroupCommit_EachSucceedsOrFailsAlone queues transactions behind a
// running one so that they commit as one group, and checks that each
// still succeeds or fails on its own: an error, a panic, a constraint
// violation and a context cancelled while queued undo only their own
// request; after-commit hooks run once the group is committed.
func TestGroupCommit_EachSucceedsOrFailsAlone(t *testing.T) {
	db := openGroupTest(t)
	ctx := context.Background()
	release := holdWriter(t, db)

	cancelled, cancel := context.WithCancel(ctx)
	type outcome struct {
		err      error
		panicked any
		hookSaw  []string // users visible from the read pool when the hook ran
	}
	const n = 10
	outcomes := make([]outcome, n)
	ran := make([]bool, n)
	var wg sync.WaitGroup
	for i := range n {
		name := fmt.Sprintf("u%d", i)
		c := ctx
		if i == 7 {
			c = cancelled
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { outcomes[i].panicked = recover() }()
			outcomes[i].err = db.Transact(c, func(tx *Tx) error {
				ran[i] = true
				if i == 8 {
					name = "u0" // taken by request 0 earlier in the group
				}
				if err := createUser(c, tx, name); err != nil {
					return err
				}
				tx.AfterCommit(func() { outcomes[i].hookSaw = userNames(t, db, name) })
				switch i {
				case 3:
					return errors.New("request 3 fails")
				case 5:
					panic("request 5 panics")
				}
				return nil
			})
		}()
		waitQueued(t, db, i+1) // queue them in order
	}
	cancel()
	groupsBefore := db.group.groups
	release()
	wg.Wait()

	for i, o := range outcomes {
		name := fmt.Sprintf("u%d", i)
		switch i {
		case 3:
			if o.err == nil || o.err.Error() != "request 3 fails" {
				t.Errorf("request 3: err %v, want its own error", o.err)
			}
		case 5:
			if o.panicked != "request 5 panics" {
				t.Errorf("request 5: panicked %v, want its panic re-raised in its caller", o.panicked)
			}
		case 7:
			if !errors.Is(o.err, context.Canceled) || ran[7] {
				t.Errorf("request 7: err %v, ran %v; want context.Canceled without running", o.err, ran[7])
			}
		case 8:
			if zhongshu.ErrorCode(o.err) != zhongshu.CodeConflict {
				t.Errorf("request 8: err %v, want a conflict", o.err)
			}
		default:
			if o.err != nil || o.panicked != nil {
				t.Errorf("request %d: err %v, panic %v", i, o.err, o.panicked)
			}
			if diff := cmp.Diff([]string{name}, o.hookSaw); diff != "" {
				t.Errorf("request %d: after-commit hook did not see the commit (-want +got):\n%s", i, diff)
			}
		}
	}
	var all []string
	for i := range n {
		all = append(all, fmt.Sprintf("u%d", i))
	}
	want := []string{"u0", "u1", "u2", "u4", "u6", "u9"}
	if diff := cmp.Diff(want, userNames(t, db, all...)); diff != "" {
		t.Errorf("stored users (-want +got):\n%s", diff)
	}
	if got := db.group.groups - groupsBefore; got != 1 {
		t.Errorf("the %d queued requests ran in %d groups, want 1", n, got)
	}
}

// TestGroupCommit_BrokenGroupRunsAgainAlone breaks the group's transaction
// from inside one request (as an interrupted statement can) and checks that
// the requests that had succeeded run again alone and commit.
func TestGroupCommit_BrokenGroupRunsAgainAlone(t *testing.T) {
	db := openGroupTest(t)
	ctx := context.Background()
	release := holdWriter(t, db)
	const n = 5
	errs := make([]error, n)
	var mu sync.Mutex
	runs := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = db.Transact(ctx, func(tx *Tx) error {
				mu.Lock()
				runs[i]++
				mu.Unlock()
				if err := createUser(ctx, tx, fmt.Sprintf("b%d", i)); err != nil {
					return err
				}
				if i == 2 {
					_, err := tx.exec(ctx, "ROLLBACK") // ends the whole transaction under the group's feet
					return err
				}
				return nil
			})
		}()
		waitQueued(t, db, i+1)
	}
	release()
	wg.Wait()
	for i, err := range errs {
		if i == 2 {
			if err == nil {
				t.Errorf("request 2, which ends every transaction it runs in, succeeded")
			}
			continue
		}
		if err != nil {
			t.Errorf("request %d: %v", i, err)
		}
	}
	// 0 and 1 ran in the group, then again alone; 2 in the group and
	// alone; 3 and 4 only alone.
	if diff := cmp.Diff([]int{2, 2, 2, 1, 1}, runs); diff != "" {
		t.Errorf("runs per request (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"b0", "b1", "b3", "b4"}, userNames(t, db, "b0", "b1", "b2", "b3", "b4")); diff != "" {
		t.Errorf("stored users (-want +got):\n%s", diff)
	}
}

// TestGroupCommit_ManyWriters runs many concurrent writers and checks that
// every acknowledged change is there and that they shared commits.
func TestGroupCommit_ManyWriters(t *testing.T) {
	db := openGroupTest(t)
	ctx := context.Background()
	const writers, each = 16, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	groupsBefore := db.group.groups
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range each {
				errs <- db.Transact(ctx, func(tx *Tx) error { return createUser(ctx, tx, fmt.Sprintf("w%d-%d", w, k)) })
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var names []string
	for w := range writers {
		for k := range each {
			names = append(names, fmt.Sprintf("w%d-%d", w, k))
		}
	}
	if got := len(userNames(t, db, names...)); got != writers*each {
		t.Errorf("%d users stored, want %d", got, writers*each)
	}
	if groups := db.group.groups - groupsBefore; groups >= writers*each {
		t.Logf("%d transactions in %d groups: none shared a commit on this run", writers*each, groups)
	}
}

// TestGroupCommit_SubJournalInMemory checks that the writer keeps its
// temporary files, the savepoints' sub-journal among them, in memory
// (db.go says why), and that the read pool keeps SQLite's default.
func TestGroupCommit_SubJournalInMemory(t *testing.T) {
	db := openGroupTest(t)
	ctx := context.Background()
	var write, read int
	if err := db.write.QueryRowContext(ctx, `PRAGMA temp_store`).Scan(&write); err != nil {
		t.Fatal(err)
	}
	if err := db.read.QueryRowContext(ctx, `PRAGMA temp_store`).Scan(&read); err != nil {
		t.Fatal(err)
	}
	if write != 2 || read != 0 { // 2 is MEMORY, 0 DEFAULT
		t.Errorf("temp_store: writer %d, readers %d; want 2 and 0", write, read)
	}
}
