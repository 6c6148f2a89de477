package store

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/search"
)

// TestSearchQueue_WrittenAtTheGroupsCommit queues index entries in a group
// of transactions and checks that those of the requests that committed are
// in the index — the last one queued per object — and those of the one that
// failed are not; then the same for a transaction run alone.
func TestSearchQueue_WrittenAtTheGroupsCommit(t *testing.T) {
	db := openGroupTest(t)
	ctx := context.Background()
	doc := func(ref int64, title string) *SearchDoc {
		return &SearchDoc{Module: "test", RefID: ref, Title: title, Body: title + "的正文", Status: "办理中",
			At: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC), URL: "/", Access: []string{"r:reader"}}
	}
	requests := []struct {
		doc  *SearchDoc
		fail bool
	}{
		{doc(1, "关于防汛物资储备的通知"), false},
		{doc(2, "关于秋季森林防火的通知"), true},  // rolled back: never indexed
		{doc(1, "关于防汛物资调配的通知"), false}, // the same object again: this one stays
		{doc(3, "关于冬季供暖保障的通知"), false},
	}
	release := holdWriter(t, db)
	groupsBefore := db.group.groups
	errs := make([]error, len(requests))
	var wg sync.WaitGroup
	for i, r := range requests {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = db.Transact(ctx, func(tx *Tx) error {
				tx.QueueSearchDoc(r.doc)
				if r.fail {
					return errors.New("fails")
				}
				return nil
			})
		}()
		waitQueued(t, db, i+1)
	}
	release()
	wg.Wait()
	for i, r := range requests {
		if (errs[i] != nil) != r.fail {
			t.Errorf("request %d: err %v", i, errs[i])
		}
	}
	if got := db.group.groups - groupsBefore; got != 1 {
		t.Errorf("the queued requests ran in %d groups, want 1", got)
	}
	find := func(q string) []string {
		t.Helper()
		var titles []string
		err := db.View(ctx, func(tx *Tx) error {
			for _, scan := range []int{-1, 0} { // through the full-text index, and by reading the visible
				hits, err := tx.Search(ctx, SearchRequest{Query: search.Parse(q), Keys: []string{"r:reader"}, ScanUpTo: scan})
				if err != nil {
					return err
				}
				var got []string
				for _, h := range hits {
					got = append(got, h.Title)
				}
				if scan == -1 {
					titles = got
				} else if diff := cmp.Diff(titles, got); diff != "" {
					t.Errorf("%q: the two plans differ (-index +scan):\n%s", q, diff)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return titles
	}
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{"通知", []string{"关于冬季供暖保障的通知", "关于防汛物资调配的通知"}},
		{"储备", nil},
		{"防火", nil},
		{"调配", []string{"关于防汛物资调配的通知"}},
	} {
		if diff := cmp.Diff(tt.want, find(tt.q)); diff != "" {
			t.Errorf("search %q after the group (-want +got):\n%s", tt.q, diff)
		}
	}

	// Alone: a failed transaction indexes nothing, a committed one its entry.
	failed := db.Transact(ctx, func(tx *Tx) error {
		tx.QueueSearchDoc(doc(4, "关于春季植树造林的通知"))
		return errors.New("fails")
	})
	if failed == nil {
		t.Fatal("the failing transaction succeeded")
	}
	if got := find("植树"); got != nil {
		t.Errorf("a failed transaction's entry is in the index: %v", got)
	}
	if err := db.Transact(ctx, func(tx *Tx) error {
		tx.QueueSearchDoc(doc(4, "关于春季植树造林的通知"))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"关于春季植树造林的通知"}, find("植树")); diff != "" {
		t.Errorf("after a transaction alone (-want +got):\n%s", diff)
	}

	// New text replaces the old in the full-text tables, for two objects
	// in one transaction (both rows are written before either's full-text
	// change).
	if err := db.Transact(ctx, func(tx *Tx) error {
		tx.QueueSearchDoc(doc(1, "关于防汛物资验收的通知"))
		tx.QueueSearchDoc(doc(4, "关于春季防火检查的通知"))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{"调配", nil},
		{"植树", nil},
		{"验收", []string{"关于防汛物资验收的通知"}},
		{"防火", []string{"关于春季防火检查的通知"}},
		// Same dates: the entries written last come first.
		{"通知", []string{"关于春季防火检查的通知", "关于防汛物资验收的通知", "关于冬季供暖保障的通知"}},
	} {
		if diff := cmp.Diff(tt.want, find(tt.q)); diff != "" {
			t.Errorf("search %q after new text (-want +got):\n%s", tt.q, diff)
		}
	}
}
