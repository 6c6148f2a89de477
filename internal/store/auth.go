package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Credentials is what sign-in needs to know about an account.
type Credentials struct {
	UserID             int64
	Status             string
	PasswordHash       string
	MustChangePassword bool
	PasswordChangedAt  time.Time
	FailedLogins       int
	LockedUntil        time.Time
	TOTPSecret         string
	TOTPEnabled        bool
	TOTPLastStep       int64
	Demo               bool
}

// FindCredentials returns the credentials of the account with the login name.
func (tx *Tx) FindCredentials(ctx context.Context, username string) (*Credentials, error) {
	return tx.findCredentials(ctx, "username = ?", username)
}

// FindCredentialsByID returns the credentials of the account with id.
func (tx *Tx) FindCredentialsByID(ctx context.Context, id int64) (*Credentials, error) {
	return tx.findCredentials(ctx, "id = ?", id)
}

func (tx *Tx) findCredentials(ctx context.Context, cond string, arg any) (*Credentials, error) {
	lock := "" // a write locks the row it will change; a read (View) cannot
	if tx.write {
		lock = tx.dialect.forUpdate()
	}
	var c Credentials
	var changed, locked sql.NullTime
	err := tx.queryRow(ctx, `SELECT id, status, password_hash, must_change_password, password_changed_at, failed_logins,
		locked_until, totp_secret, totp_enabled, totp_last_step, is_demo FROM users WHERE `+cond+lock, arg).
		Scan(&c.UserID, &c.Status, &c.PasswordHash, &c.MustChangePassword, &changed, &c.FailedLogins, &locked,
			&c.TOTPSecret, &c.TOTPEnabled, &c.TOTPLastStep, &c.Demo)
	if err != nil {
		return nil, fmt.Errorf("store.FindCredentials: %w", notFound(err, "用户"))
	}
	c.PasswordChangedAt, c.LockedUntil = timeOf(changed), timeOf(locked)
	return &c, nil
}

// RecordLoginFailure counts a failed sign-in and sets the lock expiry
// (zero for no lock).
func (tx *Tx) RecordLoginFailure(ctx context.Context, userID int64, failures int, lockedUntil time.Time) error {
	_, err := tx.exec(ctx, `UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?`,
		failures, nullTime(lockedUntil), userID)
	if err != nil {
		return fmt.Errorf("store.RecordLoginFailure(%d): %w", userID, err)
	}
	return nil
}

// ClearLoginFailures resets the failure count and any lock.
func (tx *Tx) ClearLoginFailures(ctx context.Context, userID int64) error {
	_, err := tx.exec(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?`, userID)
	if err != nil {
		return fmt.Errorf("store.ClearLoginFailures(%d): %w", userID, err)
	}
	return nil
}

// SetPassword stores a new password hash, remembers it in the history and
// sets whether it must be changed at the next sign-in.
func (tx *Tx) SetPassword(ctx context.Context, userID int64, hash string, mustChange bool) error {
	if _, err := tx.exec(ctx, `UPDATE users SET password_hash = ?, must_change_password = ?, password_changed_at = ?,
		failed_logins = 0, locked_until = NULL, updated_at = ? WHERE id = ?`, hash, mustChange, tx.now, tx.now, userID); err != nil {
		return fmt.Errorf("store.SetPassword(%d): %w", userID, err)
	}
	if _, err := tx.exec(ctx, `INSERT INTO password_history (user_id, hash, created_at) VALUES (?, ?, ?)`,
		userID, hash, tx.now); err != nil {
		return fmt.Errorf("store.SetPassword(%d): %w", userID, err)
	}
	return nil
}

// PasswordHistory returns the last n password hashes of userID, newest first.
func (tx *Tx) PasswordHistory(ctx context.Context, userID int64, n int) ([]string, error) {
	rows, err := tx.query(ctx, `SELECT hash FROM password_history WHERE user_id = ? ORDER BY created_at DESC LIMIT ?`, userID, n)
	if err != nil {
		return nil, fmt.Errorf("store.PasswordHistory(%d): %w", userID, err)
	}
	defer rows.Close()
	var hashes []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, fmt.Errorf("store.PasswordHistory(%d): %w", userID, err)
		}
		hashes = append(hashes, h)
	}
	return hashes, rows.Err()
}

// SetTOTP stores the second-factor secret and whether it is enabled.
func (tx *Tx) SetTOTP(ctx context.Context, userID int64, secret string, enabled bool) error {
	if _, err := tx.exec(ctx, `UPDATE users SET totp_secret = ?, totp_enabled = ?, totp_last_step = 0, updated_at = ? WHERE id = ?`,
		secret, enabled, tx.now, userID); err != nil {
		return fmt.Errorf("store.SetTOTP(%d): %w", userID, err)
	}
	return nil
}

// SetTOTPLastStep records the last accepted TOTP time step, so that a code
// cannot be used twice.
func (tx *Tx) SetTOTPLastStep(ctx context.Context, userID, step int64) error {
	if _, err := tx.exec(ctx, `UPDATE users SET totp_last_step = ? WHERE id = ?`, step, userID); err != nil {
		return fmt.Errorf("store.SetTOTPLastStep(%d): %w", userID, err)
	}
	return nil
}
