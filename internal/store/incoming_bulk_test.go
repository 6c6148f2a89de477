package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/store/storetest"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// bulkDoc is generated document i of the bulk test: one of five shapes by
// i % 5, received at base plus i minutes. Registered ones are numbered in
// 2025 (even i) or 2026 (odd i) with seq i + 1.
//
//	0: received, not yet registered (no number)
//	1: registered 阅件
//	2: proposed to lead (not assigned: the unit does not see it yet)
//	3: in progress, lead 主办 with its liaison named, co 协办, after the leader's 批示
//	4: completed, co as 主办
func bulkDoc(w supervisionWorld, i int, base time.Time) *zhongshu.IncomingDoc {
	at := base.Add(time.Duration(i) * time.Minute)
	d := &zhongshu.IncomingDoc{ReceivedAt: at, SenderName: "市人民政府办公室", SenderNumber: fmt.Sprintf("市政办发〔2026〕%d号", i),
		Kind: zhongshu.KindNotice, Title: fmt.Sprintf("关于第%d项工作的通知", i), Secrecy: zhongshu.SecrecyNone,
		Urgency: zhongshu.Urgency(i % 3), Copies: 1, Channel: zhongshu.ChannelExchange, Handling: zhongshu.HandlingAction,
		Status: zhongshu.IncomingReceived, CreatedByID: w.supervisor, CreatedAt: at, UpdatedAt: at}
	if i%5 == 0 {
		return d
	}
	d.Year, d.Seq = 2025+i%2, i+1
	d.Number = store.IncomingNumber(d.Year, d.Seq)
	d.SignedByID, d.SignedAt, d.RegisteredByID, d.RegisteredAt = w.supervisor, at, w.supervisor, at
	due := at.AddDate(0, 0, 10)
	switch i % 5 {
	case 1:
		d.Handling, d.Status = zhongshu.HandlingRead, zhongshu.IncomingRegistered
	case 2:
		d.Status, d.ProposerID, d.Proposal, d.ProposedAt = zhongshu.IncomingProposed, w.supervisor, "拟请发改局办理。", at
		d.Assignments = []zhongshu.IncomingAssignment{{UnitID: w.lead, Role: zhongshu.AssignmentLead, DueAt: due}}
	case 3:
		d.Status, d.ProposerID, d.ProposedAt, d.DueAt = zhongshu.IncomingInProgress, w.supervisor, at, due
		d.Instructions = []zhongshu.Instruction{{LeaderID: w.leader, SentAt: at, Text: "同意。", ByID: w.leader, At: at}}
		d.AssignedByID, d.AssignedAt = w.supervisor, at
		d.Assignments = []zhongshu.IncomingAssignment{
			{UnitID: w.lead, Role: zhongshu.AssignmentLead, PersonID: w.liaison, DueAt: due, SignedAt: at},
			{UnitID: w.co, Role: zhongshu.AssignmentCo, DueAt: due}}
	case 4:
		d.Status, d.ProposerID, d.ProposedAt, d.DueAt = zhongshu.IncomingCompleted, w.supervisor, at, due
		d.AssignedByID, d.AssignedAt, d.Result, d.ResultAt, d.CompletedAt = w.supervisor, at, "已办理。", at, at
		d.Assignments = []zhongshu.IncomingAssignment{{UnitID: w.co, Role: zhongshu.AssignmentLead, DueAt: due, SignedAt: at}}
	}
	return d
}

func TestStore_BulkInsertIncoming(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newSupervisionWorld(t, ctx, db)
		base := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
		// 2024's sequence is ahead of the generated numbers: it must stay.
		err := db.Transact(ctx, func(tx *store.Tx) error {
			for range 5 {
				if _, err := tx.NextIncomingNumber(ctx, 2024); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		const n = 300 // two multi-row statements of documents
		docs := make([]*zhongshu.IncomingDoc, n)
		for i := range docs {
			docs[i] = bulkDoc(w, i, base)
		}
		docs = append(docs, &zhongshu.IncomingDoc{ReceivedAt: base, SenderName: "市档案馆", Kind: zhongshu.KindLetter,
			Title: "旧档", Secrecy: zhongshu.SecrecyNone, Copies: 1, Channel: zhongshu.ChannelPaper,
			Handling: zhongshu.HandlingRead, Status: zhongshu.IncomingArchived, Year: 2024, Seq: 3,
			Number: store.IncomingNumber(2024, 3), CreatedByID: w.supervisor})
		notYetDue := bulkDoc(w, 3, base) // in progress, due in 2099: open but not 超期
		notYetDue.Year, notYetDue.Seq, notYetDue.Number = 2024, 4, store.IncomingNumber(2024, 4)
		notYetDue.DueAt = time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)
		docs = append(docs, notYetDue)
		if err := db.Transact(ctx, func(tx *store.Tx) error { return tx.BulkInsertIncoming(ctx, docs) }); err != nil {
			t.Fatal(err)
		}
		seen := map[int64]bool{}
		for _, d := range docs {
			if d.ID == 0 || seen[d.ID] {
				t.Fatalf("%s: id %d (zero or given twice)", d.Title, d.ID)
			}
			seen[d.ID] = true
		}

		// Each document reads back as it was written, parts included.
		for _, i := range []int{0, 1, 2, 3, 4, n - 3, n - 2, n - 1, n, n + 1} {
			var got *zhongshu.IncomingDoc
			if err := db.View(ctx, func(tx *store.Tx) (err error) { got, err = tx.FindIncomingByID(ctx, docs[i].ID); return err }); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(docs[i], got); diff != "" {
				t.Errorf("document %d (-written +read):\n%s", i, diff)
			}
		}

		count := func(f store.IncomingFilter) int {
			t.Helper()
			var total int
			if err := db.View(ctx, func(tx *store.Tx) (err error) { _, total, err = tx.FindIncoming(ctx, f); return err }); err != nil {
				t.Fatal(err)
			}
			return total
		}
		for _, c := range []struct {
			name string
			f    store.IncomingFilter
			want int
		}{
			{"all", store.IncomingFilter{}, n + 2},
			{"承办 lead, proposed or assigned", store.IncomingFilter{UnitID: w.lead}, 2*n/5 + 1},
			{"承办 co", store.IncomingFilter{UnitID: w.co}, 2*n/5 + 1},
			{"lead's scope: assigned only", store.IncomingFilter{Scope: &store.IncomingScope{Units: []int64{w.lead}}}, n/5 + 1},
			{"co's scope", store.IncomingFilter{Scope: &store.IncomingScope{Units: []int64{w.co}}}, 2*n/5 + 1},
			{"leader's scope", store.IncomingFilter{Scope: &store.IncomingScope{People: []int64{w.leader}}}, n/5 + 1},
			{"liaison's scope, as a person and by unit", store.IncomingFilter{
				Scope: &store.IncomingScope{People: []int64{w.liaison}, Units: []int64{w.lead}}}, n/5 + 1},
			{"other unit", store.IncomingFilter{Scope: &store.IncomingScope{Units: []int64{w.other}}}, 0},
			{"in progress", store.IncomingFilter{Statuses: []zhongshu.IncomingStatus{zhongshu.IncomingInProgress}}, n/5 + 1},
			{"超期: open and past due, not the completed ones", store.IncomingFilter{Overdue: true}, n / 5},
		} {
			if got := count(c.f); got != c.want {
				t.Errorf("%s: %d documents, want %d", c.name, got, c.want)
			}
		}

		// Registrations continue each year's sequence after the largest
		// number generated, and never go back.
		err = db.Transact(ctx, func(tx *store.Tx) error {
			for _, c := range []struct{ year, want int }{{2025, n}, {2026, n + 1}, {2024, 6}, {2027, 1}} {
				got, err := tx.NextIncomingNumber(ctx, c.year)
				if err != nil {
					return err
				}
				if got != c.want {
					t.Errorf("next number of %d: %d, want %d", c.year, got, c.want)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// A document inserted in bulk is visible to exactly the people and units
// that see it when CreateIncoming saves it (DOMAIN.md §2.8).
func TestStore_BulkInsertIncomingPartiesAsCreate(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newSupervisionWorld(t, ctx, db)
		base := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
		for i := range 5 {
			made, bulk := bulkDoc(w, i, base), bulkDoc(w, i+5, base)
			bulk.Instructions, bulk.Assignments = made.Instructions, made.Assignments
			bulk.ProposerID, bulk.AssignedByID, bulk.AssignedAt = made.ProposerID, made.AssignedByID, made.AssignedAt
			bulk.Readers = []zhongshu.Reader{{PersonID: w.leader, SentAt: base}}
			made.Readers = bulk.Readers
			err := db.Transact(ctx, func(tx *store.Tx) error {
				if err := tx.CreateIncoming(ctx, made); err != nil {
					return err
				}
				return tx.BulkInsertIncoming(ctx, []*zhongshu.IncomingDoc{bulk})
			})
			if err != nil {
				t.Fatal(err)
			}
			err = db.View(ctx, func(tx *store.Tx) error {
				for _, p := range []struct {
					people, units []int64
				}{
					{people: []int64{w.supervisor}}, {people: []int64{w.leader}}, {people: []int64{w.liaison}},
					{units: []int64{w.lead}}, {units: []int64{w.co}}, {units: []int64{w.other}},
				} {
					a, err := tx.IsIncomingParty(ctx, made.ID, p.people, p.units)
					if err != nil {
						return err
					}
					b, err := tx.IsIncomingParty(ctx, bulk.ID, p.people, p.units)
					if err != nil {
						return err
					}
					if a != b {
						t.Errorf("shape %d, people %v units %v: created %v, bulk %v", i, p.people, p.units, a, b)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestStore_BulkInsertIncomingNeedsNumbers(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newSupervisionWorld(t, ctx, db)
		d := bulkDoc(w, 1, time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC))
		d.Seq, d.Number = 0, ""
		if err := db.Transact(ctx, func(tx *store.Tx) error { return tx.BulkInsertIncoming(ctx, []*zhongshu.IncomingDoc{d}) }); err == nil {
			t.Error("a registered document without its number was inserted")
		}
		// A number given twice is refused like any duplicate 收文号.
		a, b := bulkDoc(w, 1, time.Now()), bulkDoc(w, 1, time.Now())
		err := db.Transact(ctx, func(tx *store.Tx) error { return tx.BulkInsertIncoming(ctx, []*zhongshu.IncomingDoc{a, b}) })
		if zhongshu.ErrorCode(err) != zhongshu.CodeConflict {
			t.Errorf("duplicate number: %v, want conflict", err)
		}
	})
}
