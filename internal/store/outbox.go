package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// OutboxMessage is a notification written in the same transaction as the
// change it announces, delivered after commit.
type OutboxMessage struct {
	ID          int64
	Channel     string // inapp (default), email, im
	RecipientID int64
	Kind        string
	Subject     string
	Body        string
	URL         string
	Urgent      bool
	Status      string // pending until fanned out to the other channels, then sent
	CreatedAt   time.Time
	ReadAt      time.Time
}

// AddOutbox queues m for delivery.
func (tx *Tx) AddOutbox(ctx context.Context, m *OutboxMessage) error {
	if m.Channel == "" {
		m.Channel = "inapp"
	}
	m.CreatedAt, m.Status = tx.now, "pending"
	id, err := tx.insert(ctx, `INSERT INTO outbox (created_at, channel, recipient_id, kind, subject, body, url, urgent, status, next_attempt_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)`, tx.now, m.Channel, m.RecipientID, m.Kind, m.Subject, m.Body, m.URL, m.Urgent, tx.now)
	if err != nil {
		return fmt.Errorf("store.AddOutbox: %w", err)
	}
	m.ID = id
	return nil
}

// FindOutbox returns the newest messages for recipientID.
func (tx *Tx) FindOutbox(ctx context.Context, recipientID int64, limit int) ([]*OutboxMessage, error) {
	rows, err := tx.query(ctx, `SELECT `+outboxColumns+` FROM outbox WHERE recipient_id = ? ORDER BY id DESC LIMIT ?`, recipientID, limit)
	if err != nil {
		return nil, fmt.Errorf("store.FindOutbox: %w", err)
	}
	return scanOutbox(rows)
}

const outboxColumns = `id, channel, recipient_id, kind, subject, body, url, urgent, status, created_at, read_at`

func scanOutbox(rows *sql.Rows) ([]*OutboxMessage, error) {
	defer rows.Close()
	var ms []*OutboxMessage
	for rows.Next() {
		var m OutboxMessage
		var read sql.NullTime
		if err := rows.Scan(&m.ID, &m.Channel, &m.RecipientID, &m.Kind, &m.Subject, &m.Body, &m.URL, &m.Urgent, &m.Status,
			&m.CreatedAt, &read); err != nil {
			return nil, fmt.Errorf("store: scan outbox: %w", err)
		}
		m.CreatedAt, m.ReadAt = m.CreatedAt.UTC(), timeOf(read)
		ms = append(ms, &m)
	}
	return ms, rows.Err()
}

// FindOutboxByID returns one notice.
func (tx *Tx) FindOutboxByID(ctx context.Context, id int64) (*OutboxMessage, error) {
	rows, err := tx.query(ctx, `SELECT `+outboxColumns+` FROM outbox WHERE id = ?`, id)
	if err != nil {
		return nil, fmt.Errorf("store.FindOutboxByID: %w", err)
	}
	ms, err := scanOutbox(rows)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, errNotFound("通知")
	}
	return ms[0], nil
}

// CountUnread returns how many in-app notices recipientID has not read.
func (tx *Tx) CountUnread(ctx context.Context, recipientID int64) (int, error) {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM outbox WHERE recipient_id = ? AND read_at IS NULL`, recipientID).Scan(&n); err != nil {
		return 0, fmt.Errorf("store.CountUnread: %w", err)
	}
	return n, nil
}

// MarkRead marks notice id (0: all notices) of recipientID read.
func (tx *Tx) MarkRead(ctx context.Context, recipientID, id int64) error {
	q, args := `UPDATE outbox SET read_at = ? WHERE recipient_id = ? AND read_at IS NULL`, []any{tx.now, recipientID}
	if id != 0 {
		q, args = q+` AND id = ?`, append(args, id)
	}
	if _, err := tx.exec(ctx, q, args...); err != nil {
		return fmt.Errorf("store.MarkRead: %w", err)
	}
	return nil
}

// PendingOutbox claims up to limit notices not yet fanned out to e-mail
// and IM, oldest first.
func (tx *Tx) PendingOutbox(ctx context.Context, limit int) ([]*OutboxMessage, error) {
	rows, err := tx.query(ctx, `SELECT `+outboxColumns+` FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?
		ORDER BY id LIMIT ?`+tx.dialect.skipLocked(), tx.now, limit)
	if err != nil {
		return nil, fmt.Errorf("store.PendingOutbox: %w", err)
	}
	return scanOutbox(rows)
}

// MarkFannedOut records that a notice's deliveries have been created.
func (tx *Tx) MarkFannedOut(ctx context.Context, id int64) error {
	if _, err := tx.exec(ctx, `UPDATE outbox SET status = 'sent', sent_at = ? WHERE id = ?`, tx.now, id); err != nil {
		return fmt.Errorf("store.MarkFannedOut: %w", err)
	}
	return nil
}

// Setting returns the value of key, or "" when unset.
func (tx *Tx) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := tx.queryRow(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if err != nil {
		if notFound(err, "") != err {
			return "", nil
		}
		return "", fmt.Errorf("store.Setting(%q): %w", key, err)
	}
	return v, nil
}

// SetSetting stores value under key.
func (tx *Tx) SetSetting(ctx context.Context, key, value string) error {
	_, err := tx.exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("store.SetSetting(%q): %w", key, err)
	}
	return nil
}
