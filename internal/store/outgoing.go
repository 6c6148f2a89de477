package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// NextOutgoingNumber takes the next n of a 机关代字's sequence for year
// (year 0 for 令号, which run on across years). Like NextIncomingNumber it
// must run in the registering transaction: the row stays locked until
// commit, so concurrent registrations queue and a rolled-back one gives its
// number back.
func (tx *Tx) NextOutgoingNumber(ctx context.Context, series string, year int) (int, error) {
	var n int
	err := tx.queryRow(ctx, `INSERT INTO outgoing_numbers (series, year, last) VALUES (?, ?, 1)
		ON CONFLICT (series, year) DO UPDATE SET last = outgoing_numbers.last + 1 RETURNING last`,
		series, year).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store.NextOutgoingNumber(%s, %d): %w", series, year, tx.dialect.mapError(err))
	}
	return n, nil
}

// outgoingParts is the structured record kept as JSON in outgoing_docs.parts.
type outgoingParts struct {
	Issuers          []zhongshu.Issuer       `json:"issuers,omitempty"`
	MainTo           []zhongshu.Recipient    `json:"main_to,omitempty"`
	CC               []zhongshu.Recipient    `json:"cc,omitempty"`
	AttachmentNames  []string                `json:"attachment_names,omitempty"`
	DisclosureReason string                  `json:"disclosure_reason,omitempty"`
	InternalMark     string                  `json:"internal_mark,omitempty"`
	Note             string                  `json:"note,omitempty"`
	Copies           int                     `json:"copies,omitempty"`
	PrintingUnit     string                  `json:"printing_unit,omitempty"`
	PrintedAt        time.Time               `json:"printed_at,omitzero"`
	NeedsMeeting     bool                    `json:"needs_meeting,omitempty"`
	MeetingRef       string                  `json:"meeting_ref,omitempty"`
	UpperAgreed      bool                    `json:"upper_agreed,omitempty"`
	Sealed           bool                    `json:"sealed,omitempty"`
	CheckedAt        time.Time               `json:"checked_at,omitzero"`
	Countersigns     []zhongshu.Countersign  `json:"countersigns,omitempty"`
	Review           []zhongshu.ReviewCheck  `json:"review,omitempty"`
	ReviewedAt       time.Time               `json:"reviewed_at,omitzero"`
	Signatures       []zhongshu.Signature    `json:"signatures,omitempty"`
	ReturnedFrom     zhongshu.OutgoingStatus `json:"returned_from,omitempty"`
	ReturnText       string                  `json:"return_text,omitempty"`
	ProducedAt       time.Time               `json:"produced_at,omitzero"`
	PublishedAt      time.Time               `json:"published_at,omitzero"`
	Revocation       *zhongshu.Revocation    `json:"revocation,omitempty"`
	WithdrawReason   string                  `json:"withdraw_reason,omitempty"`
}

func partsOf(d *zhongshu.OutgoingDoc) (string, error) {
	b, err := json.Marshal(outgoingParts{Issuers: d.Issuers, MainTo: d.MainTo, CC: d.CC,
		AttachmentNames: d.AttachmentNames, DisclosureReason: d.DisclosureReason, InternalMark: d.InternalMark,
		Note: d.Note, Copies: d.Copies, PrintingUnit: d.PrintingUnit, PrintedAt: d.PrintedAt,
		NeedsMeeting: d.NeedsMeeting, MeetingRef: d.MeetingRef, UpperAgreed: d.UpperAgreed, Sealed: d.Sealed,
		CheckedAt: d.CheckedAt, Countersigns: d.Countersigns, Review: d.Review, ReviewedAt: d.ReviewedAt,
		Signatures: d.Signatures, ReturnedFrom: d.ReturnedFrom, ReturnText: d.ReturnText, ProducedAt: d.ProducedAt,
		PublishedAt: d.PublishedAt, Revocation: d.Revocation, WithdrawReason: d.WithdrawReason})
	return string(b), err
}

func (p outgoingParts) apply(d *zhongshu.OutgoingDoc) {
	d.Issuers, d.MainTo, d.CC, d.AttachmentNames = p.Issuers, p.MainTo, p.CC, p.AttachmentNames
	d.DisclosureReason, d.InternalMark, d.Note, d.Copies = p.DisclosureReason, p.InternalMark, p.Note, p.Copies
	d.PrintingUnit, d.PrintedAt, d.NeedsMeeting, d.MeetingRef = p.PrintingUnit, p.PrintedAt, p.NeedsMeeting, p.MeetingRef
	d.UpperAgreed, d.Sealed, d.CheckedAt, d.Countersigns = p.UpperAgreed, p.Sealed, p.CheckedAt, p.Countersigns
	d.Review, d.ReviewedAt, d.Signatures = p.Review, p.ReviewedAt, p.Signatures
	d.ReturnedFrom, d.ReturnText, d.ProducedAt, d.PublishedAt = p.ReturnedFrom, p.ReturnText, p.ProducedAt, p.PublishedAt
	d.Revocation, d.WithdrawReason = p.Revocation, p.WithdrawReason
}

const outgoingColumns = `id, kind, format, direction, series, year, seq, number, title, body, secrecy, urgency,
	disclosure, status, version, drafter_id, draft_unit_id, checker_id, reviewer_id, recheck_by, registered_by,
	registered_at, written_at, rendition_id, rendition_sm3, dispatched_by, dispatched_at, archive_number, archived_at,
	reply_to, parts, created_at, updated_at`

func scanOutgoing(s interface{ Scan(...any) error }) (*zhongshu.OutgoingDoc, error) {
	var d zhongshu.OutgoingDoc
	var year, seq sql.NullInt64
	var number sql.NullString
	var draftUnit, checker, reviewer, recheck, registeredBy, rendition, dispatchedBy, replyTo sql.NullInt64
	var registered, written, dispatched, archived sql.NullTime
	var parts string
	err := s.Scan(&d.ID, &d.Kind, &d.Format, &d.Direction, &d.Series, &year, &seq, &number, &d.Title, &d.Body,
		&d.Secrecy, &d.Urgency, &d.Disclosure, &d.Status, &d.Version, &d.DrafterID, &draftUnit, &checker, &reviewer,
		&recheck, &registeredBy, &registered, &written, &rendition, &d.RenditionSM3, &dispatchedBy, &dispatched,
		&d.ArchiveNumber, &archived, &replyTo, &parts, &d.CreatedAt, &d.UpdatedAt)
	if err != nil {
		return nil, err
	}
	d.Year, d.Seq, d.Number = int(year.Int64), int(seq.Int64), number.String
	d.DraftUnit, d.CheckerID, d.ReviewerID, d.RecheckByID = idOf(draftUnit), idOf(checker), idOf(reviewer), idOf(recheck)
	d.RegisteredByID, d.RenditionID, d.DispatchedByID = idOf(registeredBy), idOf(rendition), idOf(dispatchedBy)
	d.ReplyToIncoming = idOf(replyTo)
	d.RegisteredAt, d.WrittenAt, d.DispatchedAt, d.ArchivedAt = timeOf(registered), timeOf(written),
		timeOf(dispatched), timeOf(archived)
	d.CreatedAt, d.UpdatedAt = d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	var p outgoingParts
	if err := json.Unmarshal([]byte(parts), &p); err != nil {
		return nil, fmt.Errorf("parts of 发文 %d: %w", d.ID, err)
	}
	p.apply(&d)
	return &d, nil
}

func outgoingArgs(d *zhongshu.OutgoingDoc) ([]any, error) {
	parts, err := partsOf(d)
	if err != nil {
		return nil, err
	}
	return []any{d.Kind, d.Format, d.Direction, nullID(d.Lead()), d.Series, nullSeq(d.Year), nullSeq(d.Seq),
		nullString(d.Number), d.Title, d.Body, d.Secrecy, d.Urgency, d.Disclosure, d.Status, d.Version, d.DrafterID,
		nullID(d.DraftUnit), nullID(d.CheckerID), nullID(d.ReviewerID), nullID(d.RecheckByID),
		nullID(d.RegisteredByID), nullTime(d.RegisteredAt), nullTime(d.WrittenAt), nullID(d.RenditionID),
		d.RenditionSM3, nullID(d.DispatchedByID), nullTime(d.DispatchedAt), d.ArchiveNumber, nullTime(d.ArchivedAt),
		nullID(d.ReplyToIncoming), parts}, nil
}

// CreateOutgoing inserts a new draft and sets its ID and timestamps; the
// drafter and the drafter's unit become its first parties.
func (tx *Tx) CreateOutgoing(ctx context.Context, d *zhongshu.OutgoingDoc) error {
	d.CreatedAt, d.UpdatedAt = tx.now, tx.now
	args, err := outgoingArgs(d)
	if err != nil {
		return fmt.Errorf("store.CreateOutgoing(%q): %w", d.Title, err)
	}
	id, err := tx.insert(ctx, `INSERT INTO outgoing_docs (kind, format, direction, lead_unit_id, series, year, seq,
		number, title, body, secrecy, urgency, disclosure, status, version, drafter_id, draft_unit_id, checker_id,
		reviewer_id, recheck_by, registered_by, registered_at, written_at, rendition_id, rendition_sm3,
		dispatched_by, dispatched_at, archive_number, archived_at, reply_to, parts, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		append(args, tx.now, tx.now)...)
	if err != nil {
		return fmt.Errorf("store.CreateOutgoing(%q): %w", d.Title, tx.dialect.mapError(err))
	}
	d.ID = id
	return tx.AddOutgoingParties(ctx, d.ID, []int64{d.DrafterID}, []int64{d.DraftUnit})
}

// UpdateOutgoing writes the whole record.
func (tx *Tx) UpdateOutgoing(ctx context.Context, d *zhongshu.OutgoingDoc) error {
	d.UpdatedAt = tx.now
	args, err := outgoingArgs(d)
	if err != nil {
		return fmt.Errorf("store.UpdateOutgoing(%d): %w", d.ID, err)
	}
	res, err := tx.exec(ctx, `UPDATE outgoing_docs SET kind = ?, format = ?, direction = ?, lead_unit_id = ?,
		series = ?, year = ?, seq = ?, number = ?, title = ?, body = ?, secrecy = ?, urgency = ?, disclosure = ?,
		status = ?, version = ?, drafter_id = ?, draft_unit_id = ?, checker_id = ?, reviewer_id = ?, recheck_by = ?,
		registered_by = ?, registered_at = ?, written_at = ?, rendition_id = ?, rendition_sm3 = ?,
		dispatched_by = ?, dispatched_at = ?, archive_number = ?, archived_at = ?, reply_to = ?, parts = ?,
		updated_at = ? WHERE id = ?`, append(args, tx.now, d.ID)...)
	if err != nil {
		return fmt.Errorf("store.UpdateOutgoing(%d): %w", d.ID, tx.dialect.mapError(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errNotFound("发文")
	}
	return nil
}

// FindOutgoingByID returns the document; in a write transaction it locks
// the row (PostgreSQL) so that two actions on one document queue.
func (tx *Tx) FindOutgoingByID(ctx context.Context, id int64) (*zhongshu.OutgoingDoc, error) {
	q := `SELECT ` + outgoingColumns + ` FROM outgoing_docs WHERE id = ?`
	if tx.write {
		q += tx.dialect.forUpdate()
	}
	d, err := scanOutgoing(tx.queryRow(ctx, q, id))
	if err != nil {
		return nil, fmt.Errorf("store.FindOutgoingByID(%d): %w", id, notFound(err, "发文"))
	}
	return d, nil
}

// OutgoingEnvelope returns the signed 签发 record (JSON) kept with an issued
// document, or "".
func (tx *Tx) OutgoingEnvelope(ctx context.Context, id int64) (string, error) {
	var env string
	if err := tx.queryRow(ctx, `SELECT envelope FROM outgoing_docs WHERE id = ?`, id).Scan(&env); err != nil {
		return "", fmt.Errorf("store.OutgoingEnvelope(%d): %w", id, notFound(err, "发文"))
	}
	return env, nil
}

// SetOutgoingEnvelope stores the signed 签发 record of a rendition.
func (tx *Tx) SetOutgoingEnvelope(ctx context.Context, id int64, env string) error {
	if _, err := tx.exec(ctx, `UPDATE outgoing_docs SET envelope = ? WHERE id = ?`, env, id); err != nil {
		return fmt.Errorf("store.SetOutgoingEnvelope(%d): %w", id, err)
	}
	return nil
}

// AddOutgoingParties adds people and units to those who may see a document.
func (tx *Tx) AddOutgoingParties(ctx context.Context, docID int64, people, units []int64) error {
	for _, p := range []struct {
		kind string
		ids  []int64
	}{{"p", people}, {"u", units}} {
		for _, id := range p.ids {
			if id == 0 {
				continue
			}
			if _, err := tx.exec(ctx, `INSERT INTO outgoing_parties (kind, party_id, doc_id) VALUES (?, ?, ?)
				ON CONFLICT DO NOTHING`, p.kind, id, docID); err != nil {
				return fmt.Errorf("store.AddOutgoingParties(%d, %s%d): %w", docID, p.kind, id, err)
			}
		}
	}
	return nil
}

// IsOutgoingParty reports whether one of people or units was ever routed
// the document.
func (tx *Tx) IsOutgoingParty(ctx context.Context, docID int64, people, units []int64) (bool, error) {
	q, args := partyCondition(people, units)
	if q == "" {
		return false, nil
	}
	var one int
	err := tx.queryRow(ctx, `SELECT 1 FROM outgoing_parties WHERE doc_id = ? AND (`+q+`) LIMIT 1`,
		append([]any{docID}, args...)...).Scan(&one)
	switch {
	case err == sql.ErrNoRows:
		return false, nil
	case err != nil:
		return false, fmt.Errorf("store.IsOutgoingParty(%d): %w", docID, err)
	}
	return true, nil
}

// partyCondition is the (kind, party_id) test of a parties table for
// people or units; "" when both are empty.
func partyCondition(people, units []int64) (string, []any) {
	var q string
	var args []any
	if len(people) > 0 {
		q = `(kind = 'p' AND party_id IN (` + placeholders(len(people)) + `))`
		args = append(args, int64Args(people)...)
	}
	if len(units) > 0 {
		if q != "" {
			q += ` OR `
		}
		q += `(kind = 'u' AND party_id IN (` + placeholders(len(units)) + `))`
		args = append(args, int64Args(units)...)
	}
	return q, args
}
