package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Delivery is one notice on one channel to one target (an e-mail address
// or a robot), retried until sent or failed for good.
type Delivery struct {
	ID            int64
	OutboxID      int64
	Channel       string // email, im
	Target        string // the address, or "robot:<id>"
	Status        string // pending, sent, failed
	Attempts      int
	NextAttemptAt time.Time
	LastError     string
	CreatedAt     time.Time
	SentAt        time.Time
	// From the notice, for sending and for the admin page.
	Message *OutboxMessage
	// RecipientName is the person's name.
	RecipientName string
}

// AddDelivery queues a notice on a channel; the same one twice is a no-op.
func (tx *Tx) AddDelivery(ctx context.Context, outboxID int64, channel, target string) error {
	_, err := tx.exec(ctx, `INSERT INTO deliveries (outbox_id, channel, target, status, next_attempt_at, created_at)
		VALUES (?, ?, ?, 'pending', ?, ?) ON CONFLICT (outbox_id, channel, target) DO NOTHING`, outboxID, channel, target, tx.now, tx.now)
	if err != nil {
		return fmt.Errorf("store.AddDelivery: %w", err)
	}
	return nil
}

const deliverySelect = `SELECT d.id, d.outbox_id, d.channel, d.target, d.status, d.attempts, d.next_attempt_at, d.last_error,
	d.created_at, d.sent_at, o.id, o.channel, o.recipient_id, o.kind, o.subject, o.body, o.url, o.urgent, o.status, o.created_at,
	o.read_at, u.name
	FROM deliveries d JOIN outbox o ON o.id = d.outbox_id JOIN users u ON u.id = o.recipient_id`

func scanDeliveries(rows *sql.Rows) ([]*Delivery, error) {
	defer rows.Close()
	var ds []*Delivery
	for rows.Next() {
		d := Delivery{Message: &OutboxMessage{}}
		m := d.Message
		var sent, read sql.NullTime
		if err := rows.Scan(&d.ID, &d.OutboxID, &d.Channel, &d.Target, &d.Status, &d.Attempts, &d.NextAttemptAt, &d.LastError,
			&d.CreatedAt, &sent, &m.ID, &m.Channel, &m.RecipientID, &m.Kind, &m.Subject, &m.Body, &m.URL, &m.Urgent, &m.Status,
			&m.CreatedAt, &read, &d.RecipientName); err != nil {
			return nil, fmt.Errorf("store: scan delivery: %w", err)
		}
		d.NextAttemptAt, d.CreatedAt, d.SentAt = d.NextAttemptAt.UTC(), d.CreatedAt.UTC(), timeOf(sent)
		m.CreatedAt, m.ReadAt = m.CreatedAt.UTC(), timeOf(read)
		ds = append(ds, &d)
	}
	return ds, rows.Err()
}

// DueDeliveries claims up to limit pending deliveries whose attempt is due.
func (tx *Tx) DueDeliveries(ctx context.Context, limit int) ([]*Delivery, error) {
	rows, err := tx.query(ctx, deliverySelect+` WHERE d.status = 'pending' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at LIMIT ?`+
		tx.dialect.skipLockedOf("d"), tx.now, limit)
	if err != nil {
		return nil, fmt.Errorf("store.DueDeliveries: %w", err)
	}
	return scanDeliveries(rows)
}

// FinishDelivery records an attempt: sent, failed for good, or (with a
// next time) to be retried.
func (tx *Tx) FinishDelivery(ctx context.Context, id int64, status string, lastError string, next time.Time) error {
	if len(lastError) > 500 {
		lastError = lastError[:500]
	}
	var sent any
	if status == "sent" {
		sent = tx.now
	}
	if next.IsZero() {
		next = tx.now
	}
	_, err := tx.exec(ctx, `UPDATE deliveries SET status = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = ?, sent_at = ?
		WHERE id = ?`, status, lastError, dbTime(next), sent, id)
	if err != nil {
		return fmt.Errorf("store.FinishDelivery(%d): %w", id, err)
	}
	return nil
}

// RetryDelivery puts a failed delivery back in the queue for now.
func (tx *Tx) RetryDelivery(ctx context.Context, id int64) error {
	res, err := tx.exec(ctx, `UPDATE deliveries SET status = 'pending', next_attempt_at = ? WHERE id = ? AND status = 'failed'`, tx.now, id)
	if err != nil {
		return fmt.Errorf("store.RetryDelivery(%d): %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errNotFound("失败的投递")
	}
	return nil
}

// FindDeliveries lists deliveries with the given status ("" for all), newest
// first, with the total.
func (tx *Tx) FindDeliveries(ctx context.Context, status string, offset, limit int) ([]*Delivery, int, error) {
	cond, args := "", []any{}
	if status != "" {
		cond, args = " WHERE d.status = ?", []any{status}
	}
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM deliveries d`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store.FindDeliveries: %w", err)
	}
	rows, err := tx.query(ctx, deliverySelect+cond+` ORDER BY d.id DESC LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store.FindDeliveries: %w", err)
	}
	ds, err := scanDeliveries(rows)
	return ds, total, err
}

// NotifyPrefs are the kinds of notice a person also wants by e-mail and IM.
type NotifyPrefs struct {
	Email []string
	IM    []string
}

// Wants reports whether kind goes to channel ("email" or "im").
func (p NotifyPrefs) Wants(channel, kind string) bool {
	list := p.Email
	if channel == "im" {
		list = p.IM
	}
	for _, k := range list {
		if k == kind {
			return true
		}
	}
	return false
}

func splitKinds(s string) []string {
	var out []string
	for _, k := range strings.Split(s, ",") {
		if k = strings.TrimSpace(k); k != "" {
			out = append(out, k)
		}
	}
	return out
}

// FindNotifyPrefs returns a person's choices (none when never set).
func (tx *Tx) FindNotifyPrefs(ctx context.Context, userID int64) (NotifyPrefs, error) {
	var email, im string
	err := tx.queryRow(ctx, `SELECT email_kinds, im_kinds FROM notify_prefs WHERE user_id = ?`, userID).Scan(&email, &im)
	if err == sql.ErrNoRows {
		return NotifyPrefs{}, nil
	}
	if err != nil {
		return NotifyPrefs{}, fmt.Errorf("store.FindNotifyPrefs: %w", err)
	}
	return NotifyPrefs{Email: splitKinds(email), IM: splitKinds(im)}, nil
}

// SetNotifyPrefs stores a person's choices.
func (tx *Tx) SetNotifyPrefs(ctx context.Context, userID int64, p NotifyPrefs) error {
	_, err := tx.exec(ctx, `INSERT INTO notify_prefs (user_id, email_kinds, im_kinds) VALUES (?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET email_kinds = excluded.email_kinds, im_kinds = excluded.im_kinds`,
		userID, strings.Join(p.Email, ","), strings.Join(p.IM, ","))
	if err != nil {
		return fmt.Errorf("store.SetNotifyPrefs: %w", err)
	}
	return nil
}

// Robot is a government IM robot webhook for a unit or a person.
type Robot struct {
	ID        int64
	UnitID    int64
	UserID    int64
	Name      string
	Kind      string // dingtalk, wecom, webhook
	URL       string
	Secret    string
	CreatedAt time.Time
}

// CreateRobot stores r.
func (tx *Tx) CreateRobot(ctx context.Context, r *Robot) error {
	r.CreatedAt = tx.now
	id, err := tx.insert(ctx, `INSERT INTO robots (unit_id, user_id, name, kind, url, secret, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		nullID(r.UnitID), nullID(r.UserID), r.Name, r.Kind, r.URL, r.Secret, tx.now)
	if err != nil {
		return fmt.Errorf("store.CreateRobot: %w", err)
	}
	r.ID = id
	return nil
}

// DeleteRobot removes robot id.
func (tx *Tx) DeleteRobot(ctx context.Context, id int64) error {
	res, err := tx.exec(ctx, `DELETE FROM robots WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("store.DeleteRobot: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errNotFound("机器人")
	}
	return nil
}

// FindRobots lists the robots of a unit (unitID ≠ 0), of a person
// (userID ≠ 0), or all of them.
func (tx *Tx) FindRobots(ctx context.Context, unitID, userID int64) ([]*Robot, error) {
	q, args := `SELECT id, COALESCE(unit_id, 0), COALESCE(user_id, 0), name, kind, url, secret, created_at FROM robots`, []any{}
	switch {
	case unitID != 0:
		q, args = q+` WHERE unit_id = ?`, append(args, unitID)
	case userID != 0:
		q, args = q+` WHERE user_id = ?`, append(args, userID)
	}
	rows, err := tx.query(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store.FindRobots: %w", err)
	}
	defer rows.Close()
	var rs []*Robot
	for rows.Next() {
		var r Robot
		if err := rows.Scan(&r.ID, &r.UnitID, &r.UserID, &r.Name, &r.Kind, &r.URL, &r.Secret, &r.CreatedAt); err != nil {
			return nil, fmt.Errorf("store.FindRobots: %w", err)
		}
		r.CreatedAt = r.CreatedAt.UTC()
		rs = append(rs, &r)
	}
	return rs, rows.Err()
}

// FindRobotByID returns one robot.
func (tx *Tx) FindRobotByID(ctx context.Context, id int64) (*Robot, error) {
	var r Robot
	err := tx.queryRow(ctx, `SELECT id, COALESCE(unit_id, 0), COALESCE(user_id, 0), name, kind, url, secret, created_at FROM robots WHERE id = ?`, id).
		Scan(&r.ID, &r.UnitID, &r.UserID, &r.Name, &r.Kind, &r.URL, &r.Secret, &r.CreatedAt)
	if err != nil {
		return nil, fmt.Errorf("store.FindRobotByID(%d): %w", id, notFound(err, "机器人"))
	}
	return &r, nil
}

// MarkDigest records today's digest for userID and reports whether it is
// new, so that a digest goes out once a day whatever runs the job.
func (tx *Tx) MarkDigest(ctx context.Context, userID int64, day string) (bool, error) {
	res, err := tx.exec(ctx, `INSERT INTO digests (user_id, day, sent_at) VALUES (?, ?, ?) ON CONFLICT (user_id, day) DO NOTHING`, userID, day, tx.now)
	if err != nil {
		return false, fmt.Errorf("store.MarkDigest: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// LeaseDelivery moves a claimed delivery's next attempt to until, so that
// no other worker takes it while it is being sent.
func (tx *Tx) LeaseDelivery(ctx context.Context, id int64, until time.Time) error {
	if _, err := tx.exec(ctx, `UPDATE deliveries SET next_attempt_at = ? WHERE id = ?`, dbTime(until), id); err != nil {
		return fmt.Errorf("store.LeaseDelivery(%d): %w", id, err)
	}
	return nil
}
