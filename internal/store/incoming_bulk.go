package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// bulkRows bounds the rows of one multi-row INSERT; bulkParams keeps a
// statement under SQLite's limit of 32,766 bound variables (PostgreSQL
// allows 65,535).
const (
	bulkRows   = 200
	bulkParams = 32766
)

// BulkInsertIncoming inserts generated documents with their 呈批 chain,
// 传阅 list, units and parties (who may see each, as CreateIncoming
// records them), many rows per statement. It is the fast path for
// generated data — the benchmarks and the county generator (`zhongshu
// bench gen`) — and not for documents that arrive: it writes no timeline
// events, audit entries, 待办 or notices, and checks nothing the app
// would; the generator adds what it needs.
//
// Each document carries its status and route fields as they should be
// stored. A registered one must carry its 收文号 (Year, Seq, Number),
// unique, chosen by the caller; incoming_numbers is raised to the largest
// Seq of each year, so registrations made afterwards continue the sequence.
// The database assigns the ids; they are set on docs, with CreatedAt and
// UpdatedAt (the transaction's time when zero).
func (tx *Tx) BulkInsertIncoming(ctx context.Context, docs []*zhongshu.IncomingDoc) error {
	maxSeq := map[int]int{}
	for _, d := range docs {
		if d.Seq != 0 || d.Status.Registered() {
			if d.Year == 0 || d.Seq <= 0 || d.Number == "" {
				return fmt.Errorf("store.BulkInsertIncoming(%q): a registered document needs its year, seq and number", d.Title)
			}
			maxSeq[d.Year] = max(maxSeq[d.Year], d.Seq)
		}
		if d.CreatedAt.IsZero() {
			d.CreatedAt = tx.now
		}
		if d.UpdatedAt.IsZero() {
			d.UpdatedAt = d.CreatedAt
		}
	}
	for start := 0; start < len(docs); start += bulkRows {
		if err := tx.bulkInsertDocs(ctx, docs[start:min(start+bulkRows, len(docs))]); err != nil {
			return fmt.Errorf("store.BulkInsertIncoming: %w", err)
		}
	}
	var instructions, readers, assignments, parties []any
	for _, d := range docs {
		for i, in := range d.Instructions {
			instructions = append(instructions, d.ID, i, in.LeaderID, nullTime(in.SentAt), in.Text, nullID(in.ByID), nullTime(in.At))
		}
		for i, r := range d.Readers {
			readers = append(readers, d.ID, i, r.PersonID, nullTime(r.SentAt), nullTime(r.OpenedAt), nullTime(r.FinishedAt), r.Text)
		}
		for i, a := range d.Assignments {
			assignments = append(assignments, d.ID, i, a.UnitID, a.Role, nullID(a.PersonID), nullTime(a.DueAt),
				nullTime(a.SignedAt), nullTime(a.InputAt))
		}
		people, units := incomingPartyIDs(d)
		for _, id := range people {
			parties = append(parties, "p", id, d.ID)
		}
		for _, id := range units {
			parties = append(parties, "u", id, d.ID)
		}
	}
	for _, t := range []struct {
		head string
		cols int
		args []any
	}{
		{`INSERT INTO incoming_instructions (doc_id, position, leader_id, sent_at, text, by_id, at)`, 7, instructions},
		{`INSERT INTO incoming_readers (doc_id, position, person_id, sent_at, opened_at, finished_at, text)`, 7, readers},
		{`INSERT INTO incoming_assignments (doc_id, position, unit_id, role, person_id, due_at, signed_at, input_at)`, 8, assignments},
		{`INSERT INTO incoming_parties (kind, party_id, doc_id)`, 3, parties},
	} {
		if err := tx.bulkExec(ctx, t.head, t.cols, t.args); err != nil {
			return fmt.Errorf("store.BulkInsertIncoming: %w", err)
		}
	}
	years := make([]int, 0, len(maxSeq))
	for y := range maxSeq {
		years = append(years, y)
	}
	slices.Sort(years)
	for _, y := range years {
		if _, err := tx.exec(ctx, `INSERT INTO incoming_numbers (year, last) VALUES (?, ?) ON CONFLICT (year)
			DO UPDATE SET last = CASE WHEN excluded.last > incoming_numbers.last THEN excluded.last ELSE incoming_numbers.last END`,
			y, maxSeq[y]); err != nil {
			return fmt.Errorf("store.BulkInsertIncoming: numbers of %d: %w", y, err)
		}
	}
	return nil
}

// incomingBulkColumns are the columns BulkInsertIncoming writes: every
// stored field but the id and the attachment count.
const incomingBulkColumns = `year, seq, number, received_at, sender_unit_id, sender_name, sender_number, kind, title,
	secrecy, urgency, copies, channel, handling, disclosure, internal_mark, summary, due_at, status, signed_by, signed_at,
	registered_by, registered_at, proposer_id, proposal, proposed_at, instruct_in_order, read_in_order, assigned_by,
	assigned_at, declines, result, result_at, reply_number, completed_at, archive_number, archived_at, end_reason,
	supervision_item_id, created_by, created_at, updated_at`

const incomingBulkColumnCount = 42

// bulkInsertDocs inserts docs in one statement and sets their ids. The
// rows of a multi-row VALUES are inserted in order, so their ids ascend in
// that order (SQLite's rowid and PostgreSQL's identity alike); RETURNING
// may list them in any order, so they are sorted, and the 收文号 returned
// with each id is checked against the document it is given to.
func (tx *Tx) bulkInsertDocs(ctx context.Context, docs []*zhongshu.IncomingDoc) error {
	args := make([]any, 0, len(docs)*incomingBulkColumnCount)
	for _, d := range docs {
		args = append(args, nullSeq(d.Year), nullSeq(d.Seq), nullString(d.Number), dbTime(d.ReceivedAt),
			nullID(d.SenderUnitID), d.SenderName, d.SenderNumber, d.Kind, d.Title, d.Secrecy, d.Urgency, d.Copies,
			d.Channel, d.Handling, d.Disclosure, d.InternalMark, d.Summary, nullTime(d.DueAt), d.Status,
			nullID(d.SignedByID), nullTime(d.SignedAt), nullID(d.RegisteredByID), nullTime(d.RegisteredAt),
			nullID(d.ProposerID), d.Proposal, nullTime(d.ProposedAt), d.InstructInOrder, d.ReadInOrder,
			nullID(d.AssignedByID), nullTime(d.AssignedAt), d.Declines, d.Result, nullTime(d.ResultAt), d.ReplyNumber,
			nullTime(d.CompletedAt), d.ArchiveNumber, nullTime(d.ArchivedAt), d.EndReason, nullID(d.SupervisionItemID),
			d.CreatedByID, dbTime(d.CreatedAt), dbTime(d.UpdatedAt))
	}
	q := `INSERT INTO incoming_docs (` + incomingBulkColumns + `) VALUES ` +
		valuesList(len(docs), incomingBulkColumnCount) + ` RETURNING id, seq`
	type row struct{ id, seq int64 }
	var got []row
	if err := tx.each(ctx, q, args, func(rows *sql.Rows) error {
		var r row
		var seq sql.NullInt64
		if err := rows.Scan(&r.id, &seq); err != nil {
			return err
		}
		r.seq = seq.Int64
		got = append(got, r)
		return nil
	}); err != nil {
		return tx.dialect.mapError(err)
	}
	if len(got) != len(docs) {
		return fmt.Errorf("%d ids returned for %d documents", len(got), len(docs))
	}
	slices.SortFunc(got, func(a, b row) int { return cmp.Compare(a.id, b.id) })
	for i, d := range docs {
		if got[i].seq != int64(d.Seq) {
			return fmt.Errorf("id %d came back with seq %d, not %d of %q", got[i].id, got[i].seq, d.Seq, d.Title)
		}
		d.ID = got[i].id
	}
	return nil
}

// bulkExec inserts rows of cols values each (args holds them one row after
// another) with multi-row INSERTs: head is the statement up to VALUES.
// Duplicate rows are skipped.
func (tx *Tx) bulkExec(ctx context.Context, head string, cols int, args []any) error {
	per := min(bulkParams/cols, 5*bulkRows)
	for start := 0; start < len(args); start += per * cols {
		chunk := args[start:min(start+per*cols, len(args))]
		q := head + ` VALUES ` + valuesList(len(chunk)/cols, cols) + ` ON CONFLICT DO NOTHING`
		if _, err := tx.exec(ctx, q, chunk...); err != nil {
			return fmt.Errorf("%s: %w", strings.Fields(head)[2], err)
		}
	}
	return nil
}

// valuesList is "(?, ?), (?, ?)" for rows rows of cols values.
func valuesList(rows, cols int) string {
	one := "(" + placeholders(cols) + ")"
	var b strings.Builder
	b.Grow(rows * (len(one) + 2))
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(one)
	}
	return b.String()
}

// incomingPartyIDs is who a document reaches as writeIncomingParts records
// it (DOMAIN.md §2.8): the 拟办人, who assigned it, the leaders of its
// chain and who wrote for them, its readers and — once assigned — its
// units and their named people. Each id appears once; 0 is left out.
func incomingPartyIDs(d *zhongshu.IncomingDoc) (people, units []int64) {
	people = append(people, d.ProposerID, d.AssignedByID)
	for _, in := range d.Instructions {
		people = append(people, in.LeaderID, in.ByID)
	}
	for _, r := range d.Readers {
		people = append(people, r.PersonID)
	}
	if !d.AssignedAt.IsZero() { // proposed units do not see it until 交办
		for _, a := range d.Assignments {
			units = append(units, a.UnitID)
			people = append(people, a.PersonID)
		}
	}
	return distinctIDs(people), distinctIDs(units)
}

func distinctIDs(ids []int64) []int64 {
	out := ids[:0]
	for _, id := range ids {
		if id != 0 && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
