package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// CreateSession inserts s; s.ID is the hash of the cookie token.
func (tx *Tx) CreateSession(ctx context.Context, s *zhongshu.Session) error {
	s.CreatedAt, s.LastSeenAt = tx.now, tx.now
	_, err := tx.exec(ctx, `INSERT INTO sessions (id, user_id, stage, created_at, last_seen_at, expires_at, client_ip, user_agent)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, s.ID, s.UserID, s.Stage, tx.now, tx.now, dbTime(s.ExpiresAt), s.ClientIP, s.UserAgent)
	if err != nil {
		return fmt.Errorf("store.CreateSession: %w", err)
	}
	return nil
}

// FindSession returns the session with the hashed id.
func (tx *Tx) FindSession(ctx context.Context, id string) (*zhongshu.Session, error) {
	var s zhongshu.Session
	err := tx.queryRow(ctx, `SELECT id, user_id, stage, created_at, last_seen_at, expires_at, client_ip, user_agent
		FROM sessions WHERE id = ?`, id).Scan(&s.ID, &s.UserID, &s.Stage, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt, &s.ClientIP, &s.UserAgent)
	if err != nil {
		return nil, fmt.Errorf("store.FindSession: %w", notFound(err, "会话"))
	}
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = s.CreatedAt.UTC(), s.LastSeenAt.UTC(), s.ExpiresAt.UTC()
	return &s, nil
}

// TouchSession records activity on a session.
func (tx *Tx) TouchSession(ctx context.Context, id string) error {
	if _, err := tx.exec(ctx, `UPDATE sessions SET last_seen_at = ? WHERE id = ?`, tx.now, id); err != nil {
		return fmt.Errorf("store.TouchSession: %w", err)
	}
	return nil
}

// SetSessionStage moves a session to another sign-in stage.
func (tx *Tx) SetSessionStage(ctx context.Context, id string, stage zhongshu.SessionStage) error {
	if _, err := tx.exec(ctx, `UPDATE sessions SET stage = ?, last_seen_at = ? WHERE id = ?`, stage, tx.now, id); err != nil {
		return fmt.Errorf("store.SetSessionStage: %w", err)
	}
	return nil
}

// DeleteSession removes one session.
func (tx *Tx) DeleteSession(ctx context.Context, id string) error {
	if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE id = ?`, id); err != nil {
		return fmt.Errorf("store.DeleteSession: %w", err)
	}
	return nil
}

// DeleteUserSessions removes every session of userID except keep ("" for none)
// and returns how many it removed.
func (tx *Tx) DeleteUserSessions(ctx context.Context, userID int64, keep string) (int64, error) {
	res, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = ? AND id <> ?`, userID, keep)
	if err != nil {
		return 0, fmt.Errorf("store.DeleteUserSessions(%d): %w", userID, err)
	}
	return res.RowsAffected()
}

// DeleteExpiredSessions removes sessions past their expiry or idle longer
// than idle, and returns how many.
func (tx *Tx) DeleteExpiredSessions(ctx context.Context, idle time.Duration) (int64, error) {
	res, err := tx.exec(ctx, `DELETE FROM sessions WHERE expires_at < ? OR last_seen_at < ?`, tx.now, tx.now.Add(-idle))
	if err != nil {
		return 0, fmt.Errorf("store.DeleteExpiredSessions: %w", err)
	}
	return res.RowsAffected()
}

// APIToken is a personal token for the JSON API. Only its hash is stored.
type APIToken struct {
	ID         int64
	UserID     int64
	Name       string
	Prefix     string // first characters, shown so the owner can tell tokens apart
	CreatedAt  time.Time
	LastUsedAt time.Time
	ExpiresAt  time.Time
	RevokedAt  time.Time
}

// CreateAPIToken inserts a token with its hash.
func (tx *Tx) CreateAPIToken(ctx context.Context, t *APIToken, hash string) error {
	t.CreatedAt = tx.now
	id, err := tx.insert(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?)`, t.UserID, t.Name, hash, t.Prefix, tx.now, nullTime(t.ExpiresAt))
	if err != nil {
		return fmt.Errorf("store.CreateAPIToken: %w", err)
	}
	t.ID = id
	return nil
}

const tokenColumns = `id, user_id, name, prefix, created_at, last_used_at, expires_at, revoked_at`

func scanToken(s interface{ Scan(...any) error }) (*APIToken, error) {
	var t APIToken
	var used, exp, rev sql.NullTime
	if err := s.Scan(&t.ID, &t.UserID, &t.Name, &t.Prefix, &t.CreatedAt, &used, &exp, &rev); err != nil {
		return nil, err
	}
	t.CreatedAt = t.CreatedAt.UTC()
	t.LastUsedAt, t.ExpiresAt, t.RevokedAt = timeOf(used), timeOf(exp), timeOf(rev)
	return &t, nil
}

// FindAPITokenByHash returns the token with the hash.
func (tx *Tx) FindAPITokenByHash(ctx context.Context, hash string) (*APIToken, error) {
	t, err := scanToken(tx.queryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE token_hash = ?`, hash))
	if err != nil {
		return nil, fmt.Errorf("store.FindAPITokenByHash: %w", notFound(err, "令牌"))
	}
	return t, nil
}

// FindAPITokens lists the tokens of userID, newest first.
func (tx *Tx) FindAPITokens(ctx context.Context, userID int64) ([]*APIToken, error) {
	rows, err := tx.query(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE user_id = ? ORDER BY id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("store.FindAPITokens: %w", err)
	}
	defer rows.Close()
	var ts []*APIToken
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("store.FindAPITokens: %w", err)
		}
		ts = append(ts, t)
	}
	return ts, rows.Err()
}

// TouchAPIToken records the token's use.
func (tx *Tx) TouchAPIToken(ctx context.Context, id int64) error {
	_, err := tx.exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, tx.now, id)
	return err
}

// RevokeAPIToken revokes token id of userID.
func (tx *Tx) RevokeAPIToken(ctx context.Context, userID, id int64) error {
	res, err := tx.exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL`, tx.now, id, userID)
	if err != nil {
		return fmt.Errorf("store.RevokeAPIToken: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errNotFound("令牌")
	}
	return nil
}
