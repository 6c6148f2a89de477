package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// IncomingNumber formats the 收文号 n of year: 收〔2026〕0123 (DOMAIN.md
// §2.2; four digits so that the register sorts as it reads).
func IncomingNumber(year, n int) string { return fmt.Sprintf("收〔%d〕%04d", year, n) }

// NextIncomingNumber takes the next n of year's 收文号 sequence. It must run
// in the registering transaction: the row stays locked until commit, so
// concurrent registrations queue and a rolled-back one gives its number
// back — no gaps, no duplicates. Voided numbers stay used.
func (tx *Tx) NextIncomingNumber(ctx context.Context, year int) (int, error) {
	var n int
	err := tx.queryRow(ctx, `INSERT INTO incoming_numbers (year, last) VALUES (?, 1)
		ON CONFLICT (year) DO UPDATE SET last = incoming_numbers.last + 1 RETURNING last`, year).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store.NextIncomingNumber(%d): %w", year, tx.dialect.mapError(err))
	}
	return n, nil
}

const incomingColumns = `id, year, seq, number, received_at, sender_unit_id, sender_name, sender_number, kind, title,
	secrecy, urgency, copies, channel, handling, disclosure, internal_mark, summary, due_at, status, signed_by,
	signed_at, registered_by, registered_at, proposer_id, proposal, proposed_at, instruct_in_order, read_in_order,
	assigned_by, assigned_at, declines, result, result_at, reply_number, completed_at, archive_number, archived_at,
	end_reason, supervision_item_id, attachments, created_by, created_at, updated_at, recipient_unit_id`

func scanIncoming(s interface{ Scan(...any) error }) (*zhongshu.IncomingDoc, error) {
	var d zhongshu.IncomingDoc
	var year, seq sql.NullInt64
	var number sql.NullString
	var senderUnit, signedBy, registeredBy, proposer, assignedBy, item, recipient sql.NullInt64
	var due, signed, registered, proposed, assigned, result, completed, archived sql.NullTime
	err := s.Scan(&d.ID, &year, &seq, &number, &d.ReceivedAt, &senderUnit, &d.SenderName, &d.SenderNumber, &d.Kind,
		&d.Title, &d.Secrecy, &d.Urgency, &d.Copies, &d.Channel, &d.Handling, &d.Disclosure, &d.InternalMark,
		&d.Summary, &due, &d.Status, &signedBy, &signed, &registeredBy, &registered, &proposer, &d.Proposal, &proposed,
		&d.InstructInOrder, &d.ReadInOrder, &assignedBy, &assigned, &d.Declines, &d.Result, &result, &d.ReplyNumber,
		&completed, &d.ArchiveNumber, &archived, &d.EndReason, &item, &d.Attachments, &d.CreatedByID, &d.CreatedAt,
		&d.UpdatedAt, &recipient)
	if err != nil {
		return nil, err
	}
	d.Year, d.Seq, d.Number = int(year.Int64), int(seq.Int64), number.String
	d.SenderUnitID, d.SignedByID, d.RegisteredByID = idOf(senderUnit), idOf(signedBy), idOf(registeredBy)
	d.ProposerID, d.AssignedByID, d.SupervisionItemID = idOf(proposer), idOf(assignedBy), idOf(item)
	d.RecipientUnitID = idOf(recipient)
	d.ReceivedAt, d.CreatedAt, d.UpdatedAt = d.ReceivedAt.UTC(), d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	d.DueAt, d.SignedAt, d.RegisteredAt, d.ProposedAt = timeOf(due), timeOf(signed), timeOf(registered), timeOf(proposed)
	d.AssignedAt, d.ResultAt, d.CompletedAt, d.ArchivedAt = timeOf(assigned), timeOf(result), timeOf(completed), timeOf(archived)
	return &d, nil
}

// nullSeq stores a number not yet given as NULL.
func nullSeq(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// CreateIncoming inserts d with its route parts and sets its ID and
// timestamps. A registered document carries the number the caller took
// with NextIncomingNumber.
func (tx *Tx) CreateIncoming(ctx context.Context, d *zhongshu.IncomingDoc) error {
	d.CreatedAt, d.UpdatedAt = tx.now, tx.now
	id, err := tx.insert(ctx, `INSERT INTO incoming_docs (year, seq, number, received_at, sender_unit_id, sender_name,
		sender_number, kind, title, secrecy, urgency, copies, channel, handling, disclosure, internal_mark, summary,
		due_at, status, signed_by, signed_at, registered_by, registered_at, proposer_id, created_by, created_at,
		updated_at, recipient_unit_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		nullSeq(d.Year), nullSeq(d.Seq), nullString(d.Number), dbTime(d.ReceivedAt), nullID(d.SenderUnitID),
		d.SenderName, d.SenderNumber, d.Kind, d.Title, d.Secrecy, d.Urgency, d.Copies, d.Channel, d.Handling,
		d.Disclosure, d.InternalMark, d.Summary, nullTime(d.DueAt), d.Status, nullID(d.SignedByID), nullTime(d.SignedAt),
		nullID(d.RegisteredByID), nullTime(d.RegisteredAt), nullID(d.ProposerID), d.CreatedByID, tx.now, tx.now,
		nullID(d.RecipientUnitID))
	if err != nil {
		return fmt.Errorf("store.CreateIncoming(%q): %w", d.Title, tx.dialect.mapError(err))
	}
	d.ID = id
	if err := tx.writeIncomingParts(ctx, d); err != nil {
		return fmt.Errorf("store.CreateIncoming(%q): %w", d.Title, err)
	}
	return nil
}

// UpdateIncoming writes every field the route changes, the 登记 fields
// (corrections before routing) and the parts, which are replaced.
func (tx *Tx) UpdateIncoming(ctx context.Context, d *zhongshu.IncomingDoc) error {
	d.UpdatedAt = tx.now
	res, err := tx.exec(ctx, `UPDATE incoming_docs SET year = ?, seq = ?, number = ?, received_at = ?,
		sender_unit_id = ?, sender_name = ?, sender_number = ?, kind = ?, title = ?, urgency = ?, copies = ?,
		channel = ?, handling = ?, disclosure = ?, internal_mark = ?, summary = ?, due_at = ?, status = ?,
		signed_by = ?, signed_at = ?, registered_by = ?, registered_at = ?, proposer_id = ?, proposal = ?,
		proposed_at = ?, instruct_in_order = ?, read_in_order = ?, assigned_by = ?, assigned_at = ?, declines = ?,
		result = ?, result_at = ?, reply_number = ?, completed_at = ?, archive_number = ?, archived_at = ?,
		end_reason = ?, supervision_item_id = ?, updated_at = ? WHERE id = ?`,
		nullSeq(d.Year), nullSeq(d.Seq), nullString(d.Number), dbTime(d.ReceivedAt), nullID(d.SenderUnitID),
		d.SenderName, d.SenderNumber, d.Kind, d.Title, d.Urgency, d.Copies, d.Channel, d.Handling, d.Disclosure,
		d.InternalMark, d.Summary, nullTime(d.DueAt), d.Status, nullID(d.SignedByID), nullTime(d.SignedAt),
		nullID(d.RegisteredByID), nullTime(d.RegisteredAt), nullID(d.ProposerID), d.Proposal, nullTime(d.ProposedAt),
		d.InstructInOrder, d.ReadInOrder, nullID(d.AssignedByID), nullTime(d.AssignedAt), d.Declines, d.Result,
		nullTime(d.ResultAt), d.ReplyNumber, nullTime(d.CompletedAt), d.ArchiveNumber, nullTime(d.ArchivedAt),
		d.EndReason, nullID(d.SupervisionItemID), tx.now, d.ID)
	if err != nil {
		return fmt.Errorf("store.UpdateIncoming(%d): %w", d.ID, tx.dialect.mapError(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errNotFound("收文")
	}
	for _, table := range []string{"incoming_instructions", "incoming_readers", "incoming_assignments"} {
		if _, err := tx.exec(ctx, `DELETE FROM `+table+` WHERE doc_id = ?`, d.ID); err != nil {
			return fmt.Errorf("store.UpdateIncoming(%d): %w", d.ID, err)
		}
	}
	if err := tx.writeIncomingParts(ctx, d); err != nil {
		return fmt.Errorf("store.UpdateIncoming(%d): %w", d.ID, err)
	}
	return nil
}

// writeIncomingParts inserts the chain, readers and units of d, and adds
// everyone it now reaches to its parties.
func (tx *Tx) writeIncomingParts(ctx context.Context, d *zhongshu.IncomingDoc) error {
	people := []int64{d.ProposerID, d.AssignedByID}
	units := []int64{d.RecipientUnitID}
	for i, in := range d.Instructions {
		if _, err := tx.exec(ctx, `INSERT INTO incoming_instructions (doc_id, position, leader_id, sent_at, text, by_id, at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, d.ID, i, in.LeaderID, nullTime(in.SentAt), in.Text, nullID(in.ByID),
			nullTime(in.At)); err != nil {
			return fmt.Errorf("instruction of %d: %w", in.LeaderID, tx.dialect.mapError(err))
		}
		people = append(people, in.LeaderID, in.ByID)
	}
	for i, r := range d.Readers {
		if _, err := tx.exec(ctx, `INSERT INTO incoming_readers (doc_id, position, person_id, sent_at, opened_at,
			finished_at, text) VALUES (?, ?, ?, ?, ?, ?, ?)`, d.ID, i, r.PersonID, nullTime(r.SentAt),
			nullTime(r.OpenedAt), nullTime(r.FinishedAt), r.Text); err != nil {
			return fmt.Errorf("reader %d: %w", r.PersonID, tx.dialect.mapError(err))
		}
		people = append(people, r.PersonID)
	}
	for i, a := range d.Assignments {
		if _, err := tx.exec(ctx, `INSERT INTO incoming_assignments (doc_id, position, unit_id, role, person_id, due_at,
			signed_at, input_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, d.ID, i, a.UnitID, a.Role, nullID(a.PersonID),
			nullTime(a.DueAt), nullTime(a.SignedAt), nullTime(a.InputAt)); err != nil {
			return fmt.Errorf("assignment of unit %d: %w", a.UnitID, tx.dialect.mapError(err))
		}
		if !d.AssignedAt.IsZero() { // proposed units do not see it until 交办
			units = append(units, a.UnitID)
			people = append(people, a.PersonID)
		}
	}
	for _, p := range []struct {
		kind string
		ids  []int64
	}{{"p", people}, {"u", units}} {
		for _, id := range p.ids {
			if id == 0 {
				continue
			}
			if _, err := tx.exec(ctx, `INSERT INTO incoming_parties (kind, party_id, doc_id) VALUES (?, ?, ?)
				ON CONFLICT DO NOTHING`, p.kind, id, d.ID); err != nil {
				return fmt.Errorf("party %s%d: %w", p.kind, id, err)
			}
		}
	}
	return nil
}

// FindIncomingByID returns the document with its route parts. In a write
// transaction it locks the row (PostgreSQL), so that two actions on one
// document run one after the other.
func (tx *Tx) FindIncomingByID(ctx context.Context, id int64) (*zhongshu.IncomingDoc, error) {
	q := `SELECT ` + incomingColumns + ` FROM incoming_docs WHERE id = ?`
	if tx.write {
		q += tx.dialect.forUpdate()
	}
	d, err := scanIncoming(tx.queryRow(ctx, q, id))
	if err != nil {
		return nil, fmt.Errorf("store.FindIncomingByID(%d): %w", id, notFound(err, "收文"))
	}
	if err := tx.attachIncomingParts(ctx, []*zhongshu.IncomingDoc{d}); err != nil {
		return nil, fmt.Errorf("store.FindIncomingByID(%d): %w", id, err)
	}
	return d, nil
}

// IsIncomingParty reports whether one of people or units was ever routed
// the document (DOMAIN.md §2.8).
func (tx *Tx) IsIncomingParty(ctx context.Context, docID int64, people, units []int64) (bool, error) {
	var conds []string
	var args []any
	if len(people) > 0 {
		conds = append(conds, `(kind = 'p' AND party_id IN (`+placeholders(len(people))+`))`)
		args = append(args, int64Args(people)...)
	}
	if len(units) > 0 {
		conds = append(conds, `(kind = 'u' AND party_id IN (`+placeholders(len(units))+`))`)
		args = append(args, int64Args(units)...)
	}
	if len(conds) == 0 {
		return false, nil
	}
	q := `SELECT 1 FROM incoming_parties WHERE doc_id = ? AND (` + conds[0]
	if len(conds) > 1 {
		q += ` OR ` + conds[1]
	}
	q += `) LIMIT 1`
	var one int
	err := tx.queryRow(ctx, q, append([]any{docID}, args...)...).Scan(&one)
	switch {
	case err == sql.ErrNoRows:
		return false, nil
	case err != nil:
		return false, fmt.Errorf("store.IsIncomingParty(%d): %w", docID, err)
	}
	return true, nil
}

// attachIncomingParts loads the chain, readers and units of docs.
func (tx *Tx) attachIncomingParts(ctx context.Context, docs []*zhongshu.IncomingDoc) error {
	if len(docs) == 0 {
		return nil
	}
	byID := make(map[int64]*zhongshu.IncomingDoc, len(docs))
	ids := make([]int64, len(docs))
	for i, d := range docs {
		byID[d.ID], ids[i] = d, d.ID
		d.Instructions, d.Readers, d.Assignments = nil, nil, nil
	}
	in := placeholders(len(ids))
	if err := tx.each(ctx, `SELECT doc_id, leader_id, sent_at, text, by_id, at FROM incoming_instructions
		WHERE doc_id IN (`+in+`) ORDER BY doc_id, position`, int64Args(ids), func(rows *sql.Rows) error {
		var docID int64
		var i zhongshu.Instruction
		var by sql.NullInt64
		var sent, at sql.NullTime
		if err := rows.Scan(&docID, &i.LeaderID, &sent, &i.Text, &by, &at); err != nil {
			return err
		}
		i.ByID, i.SentAt, i.At = idOf(by), timeOf(sent), timeOf(at)
		byID[docID].Instructions = append(byID[docID].Instructions, i)
		return nil
	}); err != nil {
		return fmt.Errorf("instructions: %w", err)
	}
	if err := tx.each(ctx, `SELECT doc_id, person_id, sent_at, opened_at, finished_at, text FROM incoming_readers
		WHERE doc_id IN (`+in+`) ORDER BY doc_id, position`, int64Args(ids), func(rows *sql.Rows) error {
		var docID int64
		var r zhongshu.Reader
		var sent, opened, finished sql.NullTime
		if err := rows.Scan(&docID, &r.PersonID, &sent, &opened, &finished, &r.Text); err != nil {
			return err
		}
		r.SentAt, r.OpenedAt, r.FinishedAt = timeOf(sent), timeOf(opened), timeOf(finished)
		byID[docID].Readers = append(byID[docID].Readers, r)
		return nil
	}); err != nil {
		return fmt.Errorf("readers: %w", err)
	}
	if err := tx.each(ctx, `SELECT doc_id, unit_id, role, person_id, due_at, signed_at, input_at FROM incoming_assignments
		WHERE doc_id IN (`+in+`) ORDER BY doc_id, position`, int64Args(ids), func(rows *sql.Rows) error {
		var docID int64
		var a zhongshu.IncomingAssignment
		var person sql.NullInt64
		var due, signed, input sql.NullTime
		if err := rows.Scan(&docID, &a.UnitID, &a.Role, &person, &due, &signed, &input); err != nil {
			return err
		}
		a.PersonID, a.DueAt, a.SignedAt, a.InputAt = idOf(person), timeOf(due), timeOf(signed), timeOf(input)
		byID[docID].Assignments = append(byID[docID].Assignments, a)
		return nil
	}); err != nil {
		return fmt.Errorf("assignments: %w", err)
	}
	return nil
}

// IncomingEvent is one entry of a document's timeline.
type IncomingEvent struct {
	ID         int64
	DocID      int64
	At         time.Time
	ActorID    int64 // 0 for the system
	ActorName  string
	Action     string // the workflow action, or "create", "edit", "attach", "link_item"
	FromStatus zhongshu.IncomingStatus
	ToStatus   zhongshu.IncomingStatus
	Text       string
}

// AddIncomingEvent appends e to its document's timeline at the
// transaction's time.
func (tx *Tx) AddIncomingEvent(ctx context.Context, e *IncomingEvent) error {
	e.At = tx.now
	id, err := tx.insert(ctx, `INSERT INTO incoming_events (doc_id, at, actor_id, actor_name, action, from_status,
		to_status, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		e.DocID, tx.now, e.ActorID, e.ActorName, e.Action, e.FromStatus, e.ToStatus, e.Text)
	if err != nil {
		return fmt.Errorf("store.AddIncomingEvent(%d): %w", e.DocID, err)
	}
	e.ID = id
	return nil
}

// FindIncomingEvents returns a document's timeline, oldest first.
func (tx *Tx) FindIncomingEvents(ctx context.Context, docID int64) ([]*IncomingEvent, error) {
	var es []*IncomingEvent
	err := tx.each(ctx, `SELECT id, doc_id, at, actor_id, actor_name, action, from_status, to_status, text
		FROM incoming_events WHERE doc_id = ? ORDER BY id`, []any{docID}, func(rows *sql.Rows) error {
		var e IncomingEvent
		if err := rows.Scan(&e.ID, &e.DocID, &e.At, &e.ActorID, &e.ActorName, &e.Action, &e.FromStatus, &e.ToStatus,
			&e.Text); err != nil {
			return err
		}
		e.At = e.At.UTC()
		es = append(es, &e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindIncomingEvents(%d): %w", docID, err)
	}
	return es, nil
}

// VoidIncomingNumber records the number of a voided registration; it is
// never given again.
func (tx *Tx) VoidIncomingNumber(ctx context.Context, d *zhongshu.IncomingDoc, reason string, by int64) error {
	if _, err := tx.exec(ctx, `INSERT INTO incoming_voided_numbers (year, seq, number, doc_id, reason, voided_by, voided_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, d.Year, d.Seq, d.Number, d.ID, reason, by, tx.now); err != nil {
		return fmt.Errorf("store.VoidIncomingNumber(%s): %w", d.Number, tx.dialect.mapError(err))
	}
	return nil
}

// VoidedNumber is a 收文号 given to a registration later voided.
type VoidedNumber struct {
	Year, Seq int
	Number    string
	DocID     int64
	Reason    string
	VoidedBy  int64
	VoidedAt  time.Time
}

// FindVoidedIncomingNumbers lists the voided numbers of year in order.
func (tx *Tx) FindVoidedIncomingNumbers(ctx context.Context, year int) ([]VoidedNumber, error) {
	var out []VoidedNumber
	err := tx.each(ctx, `SELECT year, seq, number, doc_id, reason, voided_by, voided_at FROM incoming_voided_numbers
		WHERE year = ? ORDER BY seq`, []any{year}, func(rows *sql.Rows) error {
		var v VoidedNumber
		if err := rows.Scan(&v.Year, &v.Seq, &v.Number, &v.DocID, &v.Reason, &v.VoidedBy, &v.VoidedAt); err != nil {
			return err
		}
		v.VoidedAt = v.VoidedAt.UTC()
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindVoidedIncomingNumbers(%d): %w", year, err)
	}
	return out, nil
}

// LinkIncomingSupervision links a document and the 督办 item made from it,
// both ways.
func (tx *Tx) LinkIncomingSupervision(ctx context.Context, docID, itemID int64) error {
	if _, err := tx.exec(ctx, `UPDATE incoming_docs SET supervision_item_id = ?, updated_at = ? WHERE id = ?`,
		itemID, tx.now, docID); err != nil {
		return fmt.Errorf("store.LinkIncomingSupervision(%d, %d): %w", docID, itemID, err)
	}
	if _, err := tx.exec(ctx, `UPDATE supervision_items SET incoming_id = ? WHERE id = ?`, docID, itemID); err != nil {
		return fmt.Errorf("store.LinkIncomingSupervision(%d, %d): %w", docID, itemID, err)
	}
	return nil
}

// SupervisionIncomingID returns the 收文 an item was made from, or 0.
func (tx *Tx) SupervisionIncomingID(ctx context.Context, itemID int64) (int64, error) {
	var id sql.NullInt64
	if err := tx.queryRow(ctx, `SELECT incoming_id FROM supervision_items WHERE id = ?`, itemID).Scan(&id); err != nil {
		return 0, fmt.Errorf("store.SupervisionIncomingID(%d): %w", itemID, notFound(err, "督办事项"))
	}
	return idOf(id), nil
}
