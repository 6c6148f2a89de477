package store

import (
	"context"
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
	Status      string
	CreatedAt   time.Time
}

// AddOutbox queues m for delivery.
func (tx *Tx) AddOutbox(ctx context.Context, m *OutboxMessage) error {
	if m.Channel == "" {
		m.Channel = "inapp"
	}
	m.CreatedAt, m.Status = tx.now, "pending"
	id, err := tx.insert(ctx, `INSERT INTO outbox (created_at, channel, recipient_id, kind, subject, body, url, status, next_attempt_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)`, tx.now, m.Channel, m.RecipientID, m.Kind, m.Subject, m.Body, m.URL, tx.now)
	if err != nil {
		return fmt.Errorf("store.AddOutbox: %w", err)
	}
	m.ID = id
	return nil
}

// FindOutbox returns the newest messages for recipientID.
func (tx *Tx) FindOutbox(ctx context.Context, recipientID int64, limit int) ([]*OutboxMessage, error) {
	rows, err := tx.query(ctx, `SELECT id, channel, recipient_id, kind, subject, body, url, status, created_at
		FROM outbox WHERE recipient_id = ? ORDER BY id DESC LIMIT ?`, recipientID, limit)
	if err != nil {
		return nil, fmt.Errorf("store.FindOutbox: %w", err)
	}
	defer rows.Close()
	var ms []*OutboxMessage
	for rows.Next() {
		var m OutboxMessage
		if err := rows.Scan(&m.ID, &m.Channel, &m.RecipientID, &m.Kind, &m.Subject, &m.Body, &m.URL, &m.Status, &m.CreatedAt); err != nil {
			return nil, fmt.Errorf("store.FindOutbox: %w", err)
		}
		m.CreatedAt = m.CreatedAt.UTC()
		ms = append(ms, &m)
	}
	return ms, rows.Err()
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
