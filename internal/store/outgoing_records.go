package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// AddOutgoingVersion keeps one saved text of a draft (痕迹保留).
func (tx *Tx) AddOutgoingVersion(ctx context.Context, docID int64, v *zhongshu.OutgoingVersion) error {
	v.At = tx.now
	if _, err := tx.exec(ctx, `INSERT INTO outgoing_versions (doc_id, no, by_id, at, status, title, main_to, cc, body,
		notes, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, docID, v.No, v.ByID, tx.now, v.Status, v.Title,
		v.MainTo, v.CC, v.Body, v.Notes, v.Reason); err != nil {
		return fmt.Errorf("store.AddOutgoingVersion(%d, %d): %w", docID, v.No, tx.dialect.mapError(err))
	}
	return nil
}

// FindOutgoingVersions returns every saved text of a document, oldest first.
func (tx *Tx) FindOutgoingVersions(ctx context.Context, docID int64) ([]zhongshu.OutgoingVersion, error) {
	var out []zhongshu.OutgoingVersion
	err := tx.each(ctx, `SELECT no, by_id, at, status, title, main_to, cc, body, notes, reason FROM outgoing_versions
		WHERE doc_id = ? ORDER BY no`, []any{docID}, func(rows *sql.Rows) error {
		var v zhongshu.OutgoingVersion
		if err := rows.Scan(&v.No, &v.ByID, &v.At, &v.Status, &v.Title, &v.MainTo, &v.CC, &v.Body, &v.Notes,
			&v.Reason); err != nil {
			return err
		}
		v.At = v.At.UTC()
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindOutgoingVersions(%d): %w", docID, err)
	}
	return out, nil
}

// DocEvent is one entry of a 发文's timeline.
type DocEvent struct {
	ID         int64
	DocID      int64
	At         time.Time
	ActorID    int64 // 0 for the system
	ActorName  string
	Action     string
	FromStatus string
	ToStatus   string
	Text       string
}

// AddOutgoingEvent appends e to its document's timeline.
func (tx *Tx) AddOutgoingEvent(ctx context.Context, e *DocEvent) error {
	e.At = tx.now
	id, err := tx.insert(ctx, `INSERT INTO outgoing_events (doc_id, at, actor_id, actor_name, action, from_status,
		to_status, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		e.DocID, tx.now, e.ActorID, e.ActorName, e.Action, e.FromStatus, e.ToStatus, e.Text)
	if err != nil {
		return fmt.Errorf("store.AddOutgoingEvent(%d): %w", e.DocID, err)
	}
	e.ID = id
	return nil
}

// FindOutgoingEvents returns a document's timeline, oldest first.
func (tx *Tx) FindOutgoingEvents(ctx context.Context, docID int64) ([]*DocEvent, error) {
	var es []*DocEvent
	err := tx.each(ctx, `SELECT id, doc_id, at, actor_id, actor_name, action, from_status, to_status, text
		FROM outgoing_events WHERE doc_id = ? ORDER BY id`, []any{docID}, func(rows *sql.Rows) error {
		var e DocEvent
		if err := rows.Scan(&e.ID, &e.DocID, &e.At, &e.ActorID, &e.ActorName, &e.Action, &e.FromStatus,
			&e.ToStatus, &e.Text); err != nil {
			return err
		}
		e.At = e.At.UTC()
		es = append(es, &e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindOutgoingEvents(%d): %w", docID, err)
	}
	return es, nil
}

// VoidOutgoingNumber records a 发文字号 given in error; it is never given again.
func (tx *Tx) VoidOutgoingNumber(ctx context.Context, d *zhongshu.OutgoingDoc, reason string, by int64) error {
	if _, err := tx.exec(ctx, `INSERT INTO outgoing_voided_numbers (series, year, seq, number, doc_id, reason,
		voided_by, voided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, d.Series, d.Year, d.Seq, d.Number, d.ID, reason, by,
		tx.now); err != nil {
		return fmt.Errorf("store.VoidOutgoingNumber(%s): %w", d.Number, tx.dialect.mapError(err))
	}
	return nil
}

// FindVoidedOutgoingNumbers lists the voided numbers of year, by series.
func (tx *Tx) FindVoidedOutgoingNumbers(ctx context.Context, year int) ([]VoidedNumber, error) {
	var out []VoidedNumber
	err := tx.each(ctx, `SELECT year, seq, number, doc_id, reason, voided_by, voided_at FROM outgoing_voided_numbers
		WHERE year = ? ORDER BY series, seq`, []any{year}, func(rows *sql.Rows) error {
		var v VoidedNumber
		if err := rows.Scan(&v.Year, &v.Seq, &v.Number, &v.DocID, &v.Reason, &v.VoidedBy, &v.VoidedAt); err != nil {
			return err
		}
		v.VoidedAt = v.VoidedAt.UTC()
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindVoidedOutgoingNumbers(%d): %w", year, err)
	}
	return out, nil
}

// AddOutgoingDelivery records that the issued document went to a unit as
// the 收文 incomingID.
func (tx *Tx) AddOutgoingDelivery(ctx context.Context, docID int64, del zhongshu.OutgoingDelivery) error {
	if _, err := tx.exec(ctx, `INSERT INTO outgoing_deliveries (doc_id, unit_id, incoming_id, sent_at)
		VALUES (?, ?, ?, ?)`, docID, del.UnitID, del.IncomingID, tx.now); err != nil {
		return fmt.Errorf("store.AddOutgoingDelivery(%d, unit %d): %w", docID, del.UnitID, tx.dialect.mapError(err))
	}
	return nil
}

// FindOutgoingDeliveries returns the units a document was delivered to, in
// the order it went out.
func (tx *Tx) FindOutgoingDeliveries(ctx context.Context, docID int64) ([]zhongshu.OutgoingDelivery, error) {
	var out []zhongshu.OutgoingDelivery
	err := tx.each(ctx, `SELECT unit_id, incoming_id, sent_at, signed_by, signed_at FROM outgoing_deliveries
		WHERE doc_id = ? ORDER BY sent_at, unit_id`, []any{docID}, func(rows *sql.Rows) error {
		var d zhongshu.OutgoingDelivery
		var by sql.NullInt64
		var signed sql.NullTime
		if err := rows.Scan(&d.UnitID, &d.IncomingID, &d.SentAt, &by, &signed); err != nil {
			return err
		}
		d.SentAt, d.SignedByID, d.SignedAt = d.SentAt.UTC(), idOf(by), timeOf(signed)
		out = append(out, d)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindOutgoingDeliveries(%d): %w", docID, err)
	}
	return out, nil
}

// SignOutgoingDelivery records the 签收回执 of the 收文 incomingID, if it
// came from a 发文 inside Zhongshu; it returns that 发文's id (0 if none).
func (tx *Tx) SignOutgoingDelivery(ctx context.Context, incomingID, by int64) (int64, error) {
	var docID int64
	err := tx.queryRow(ctx, `SELECT doc_id FROM outgoing_deliveries WHERE incoming_id = ?`, incomingID).Scan(&docID)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store.SignOutgoingDelivery(%d): %w", incomingID, err)
	}
	if _, err := tx.exec(ctx, `UPDATE outgoing_deliveries SET signed_by = ?, signed_at = ?
		WHERE incoming_id = ? AND signed_at IS NULL`, by, tx.now, incomingID); err != nil {
		return 0, fmt.Errorf("store.SignOutgoingDelivery(%d): %w", incomingID, err)
	}
	return docID, nil
}

// UnsignedDelivery is a delivery whose recipient has not signed for it.
type UnsignedDelivery struct {
	DocID, UnitID, IncomingID int64
	SentAt                    time.Time
}

// UnsignedQuery pages through the deliveries sent before Before and not
// yet signed for that are not on the ledger yet (no open flag of kind Kind
// on Module, RefType and the delivery's 收文), oldest first, after After.
type UnsignedQuery struct {
	Before          time.Time
	Module, RefType string
	Kind            zhongshu.FlagKind
	After           UnsignedDelivery // only SentAt and IncomingID count
	Limit           int
}

// FindUnsignedDeliveries returns the next page of q (for the 漏 ledger).
func (tx *Tx) FindUnsignedDeliveries(ctx context.Context, q UnsignedQuery) ([]UnsignedDelivery, error) {
	var out []UnsignedDelivery
	after := q.After.SentAt
	if after.IsZero() {
		after = time.Unix(0, 0)
	}
	err := tx.each(ctx, `SELECT d.doc_id, d.unit_id, d.incoming_id, d.sent_at FROM outgoing_deliveries d
		WHERE d.signed_at IS NULL AND d.sent_at < ? AND (d.sent_at > ? OR (d.sent_at = ? AND d.incoming_id > ?))
		AND NOT EXISTS (SELECT 1 FROM flags f WHERE f.module = ? AND f.ref_type = ? AND f.ref_id = d.incoming_id
			AND f.kind = ? AND f.cleared_at IS NULL)
		ORDER BY d.sent_at, d.incoming_id LIMIT ?`,
		[]any{dbTime(q.Before), dbTime(after), dbTime(after), q.After.IncomingID, q.Module, q.RefType, q.Kind, q.Limit},
		func(rows *sql.Rows) error {
			var u UnsignedDelivery
			if err := rows.Scan(&u.DocID, &u.UnitID, &u.IncomingID, &u.SentAt); err != nil {
				return err
			}
			u.SentAt = u.SentAt.UTC()
			out = append(out, u)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store.FindUnsignedDeliveries: %w", err)
	}
	return out, nil
}

// SigningKey is an issuing unit's SM2 key: the public key in PEM and the
// private key sealed under the key-encryption key.
type SigningKey struct {
	UnitID     int64
	KeyID      string
	PublicPEM  string
	PrivatePEM string
	CreatedBy  int64
	CreatedAt  time.Time
}

// FindSigningKey returns a unit's key, or a not-found error.
func (tx *Tx) FindSigningKey(ctx context.Context, unitID int64) (*SigningKey, error) {
	var k SigningKey
	var by sql.NullInt64
	err := tx.queryRow(ctx, `SELECT unit_id, key_id, public_pem, private_pem, created_by, created_at FROM signing_keys
		WHERE unit_id = ?`, unitID).Scan(&k.UnitID, &k.KeyID, &k.PublicPEM, &k.PrivatePEM, &by, &k.CreatedAt)
	if err != nil {
		return nil, fmt.Errorf("store.FindSigningKey(%d): %w", unitID, notFound(err, "签名密钥"))
	}
	k.CreatedBy, k.CreatedAt = idOf(by), k.CreatedAt.UTC()
	return &k, nil
}

// FindSigningKeyByID returns the key with the given key id (SM3 fingerprint).
func (tx *Tx) FindSigningKeyByID(ctx context.Context, keyID string) (*SigningKey, error) {
	var unitID int64
	if err := tx.queryRow(ctx, `SELECT unit_id FROM signing_keys WHERE key_id = ?`, keyID).Scan(&unitID); err != nil {
		return nil, fmt.Errorf("store.FindSigningKeyByID(%s): %w", keyID, notFound(err, "签名密钥"))
	}
	return tx.FindSigningKey(ctx, unitID)
}

// CreateSigningKey stores a unit's first key; a second one for the same
// unit is refused (CodeConflict).
func (tx *Tx) CreateSigningKey(ctx context.Context, k *SigningKey) error {
	k.CreatedAt = tx.now
	if _, err := tx.exec(ctx, `INSERT INTO signing_keys (unit_id, key_id, public_pem, private_pem, created_by,
		created_at) VALUES (?, ?, ?, ?, ?, ?)`, k.UnitID, k.KeyID, k.PublicPEM, k.PrivatePEM, nullID(k.CreatedBy),
		tx.now); err != nil {
		return fmt.Errorf("store.CreateSigningKey(%d): %w", k.UnitID, tx.dialect.mapError(err))
	}
	return nil
}
