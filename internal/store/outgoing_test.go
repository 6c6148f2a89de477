package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/store/storetest"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// TestStore_OutgoingRoundTrip saves a 发文 with every part and reads the
// same record back, on both engines.
func TestStore_OutgoingRoundTrip(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newSupervisionWorld(t, ctx, db)
		at := time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)
		d := &zhongshu.OutgoingDoc{Kind: zhongshu.KindNotice, Format: zhongshu.FormatGeneral,
			Direction: zhongshu.DirectionDown, Issuers: []zhongshu.Issuer{{UnitID: w.lead, Name: "青川县发展和改革局"}},
			Series: "青发改发", Title: "关于做好项目储备工作的通知",
			MainTo: []zhongshu.Recipient{{UnitID: w.co, Name: "城关镇"}, {Name: "各乡镇人民政府"}},
			CC:     []zhongshu.Recipient{{UnitID: w.other, Name: "其他"}},
			Body:   "一、总体要求\n请抓紧办理。", AttachmentNames: []string{"项目清单"}, Secrecy: zhongshu.SecrecyNone,
			Urgency: zhongshu.UrgencyUrgent, Disclosure: zhongshu.DisclosureOnRequest, DisclosureReason: "内部工作",
			Note: "联系人：张伟", Copies: 20, Status: zhongshu.OutgoingSigning, Version: 3, DrafterID: w.liaison,
			DraftUnit: w.lead, CheckerID: w.supervisor, CheckedAt: at, ReviewerID: w.supervisor, ReviewedAt: at,
			Countersigns: []zhongshu.Countersign{{UnitID: w.co, SentAt: at, ByID: w.liaison, At: at, Agreed: true, Text: "同意"}},
			Review:       []zhongshu.ReviewCheck{{OK: true}, {OK: true, Comment: "已核"}},
			Signatures:   []zhongshu.Signature{{LeaderID: w.leader, UnitID: w.lead, SentAt: at}},
			ReturnedFrom: zhongshu.OutgoingOfficeReview, ReturnText: "请补充。", Sealed: true}
		err := db.Transact(ctx, func(tx *store.Tx) error {
			if err := tx.CreateOutgoing(ctx, d); err != nil {
				return err
			}
			return tx.AddOutgoingVersion(ctx, d.ID, &zhongshu.OutgoingVersion{No: 1, ByID: w.liaison,
				Status: zhongshu.OutgoingDrafting, Title: d.Title, Body: d.Body})
		})
		if err != nil {
			t.Fatal(err)
		}
		var got *zhongshu.OutgoingDoc
		var versions []zhongshu.OutgoingVersion
		var seesUnit, seesStranger bool
		err = db.View(ctx, func(tx *store.Tx) (err error) {
			if got, err = tx.FindOutgoingByID(ctx, d.ID); err != nil {
				return err
			}
			if versions, err = tx.FindOutgoingVersions(ctx, d.ID); err != nil {
				return err
			}
			if seesUnit, err = tx.IsOutgoingParty(ctx, d.ID, nil, []int64{w.lead}); err != nil {
				return err
			}
			seesStranger, err = tx.IsOutgoingParty(ctx, d.ID, []int64{w.leader}, []int64{w.other})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(d, got); diff != "" {
			t.Errorf("round trip (-saved +read):\n%s", diff)
		}
		if len(versions) != 1 || versions[0].Title != d.Title {
			t.Errorf("versions = %+v", versions)
		}
		if !seesUnit || seesStranger {
			t.Errorf("parties: drafting unit %v, stranger %v", seesUnit, seesStranger)
		}
	})
}

// TestStore_OutgoingNumbers takes numbers of two series concurrently, with
// failed transactions mixed in: each series counts 1, 2, 3 … without gaps.
func TestStore_OutgoingNumbers(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		errRollback := errors.New("rolled back")
		var mu sync.Mutex
		got := map[string][]int{}
		var wg sync.WaitGroup
		for i := range 24 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				series := []string{"青政办发", "青政办函"}[i%2]
				var n int
				err := db.Transact(ctx, func(tx *store.Tx) (err error) {
					if n, err = tx.NextOutgoingNumber(ctx, series, 2026); err != nil {
						return err
					}
					if i%3 == 0 {
						return errRollback
					}
					return nil
				})
				if errors.Is(err, errRollback) {
					return
				}
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				got[series] = append(got[series], n)
				mu.Unlock()
			}()
		}
		wg.Wait()
		for series, ns := range got {
			seen := map[int]bool{}
			for _, n := range ns {
				if seen[n] || n < 1 || n > len(ns) {
					t.Errorf("%s: numbers %v are not 1..%d", series, ns, len(ns))
					break
				}
				seen[n] = true
			}
		}
	})
}
