package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// LockAuditHead returns the sequence number and hash of the last audit entry,
// locking the head row until the transaction ends so that entries are
// chained in one order even with several writers (PostgreSQL).
func (tx *Tx) LockAuditHead(ctx context.Context) (seq int64, hash string, err error) {
	err = tx.queryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`+tx.dialect.forUpdate()).Scan(&seq, &hash)
	if err != nil {
		return 0, "", fmt.Errorf("store.LockAuditHead: %w", err)
	}
	return seq, hash, nil
}

// AppendAuditEntry inserts a sealed entry and moves the head to it.
func (tx *Tx) AppendAuditEntry(ctx context.Context, e *zhongshu.AuditEntry) error {
	_, err := tx.exec(ctx, `INSERT INTO audit_log (seq, at, actor_id, actor_name, actor_unit, action, object_type, object_id,
		from_state, to_state, success, client_ip, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, dbTime(e.At), e.ActorID, e.ActorName, e.ActorUnit, e.Action, e.ObjectType, e.ObjectID, e.FromState, e.ToState,
		e.Success, e.ClientIP, e.Detail, e.PrevHash, e.Hash)
	if err != nil {
		return fmt.Errorf("store.AppendAuditEntry: %w", err)
	}
	if _, err := tx.exec(ctx, `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, e.Seq, e.Hash); err != nil {
		return fmt.Errorf("store.AppendAuditEntry: %w", err)
	}
	return nil
}

const auditColumns = `seq, at, actor_id, actor_name, actor_unit, action, object_type, object_id, from_state, to_state,
	success, client_ip, detail, prev_hash, hash`

func scanAudit(s interface{ Scan(...any) error }) (*zhongshu.AuditEntry, error) {
	var e zhongshu.AuditEntry
	err := s.Scan(&e.Seq, &e.At, &e.ActorID, &e.ActorName, &e.ActorUnit, &e.Action, &e.ObjectType, &e.ObjectID,
		&e.FromState, &e.ToState, &e.Success, &e.ClientIP, &e.Detail, &e.PrevHash, &e.Hash)
	e.At = e.At.UTC()
	return &e, err
}

// FindAuditEntries returns entries matching f, newest first, with the total.
func (tx *Tx) FindAuditEntries(ctx context.Context, f zhongshu.AuditFilter) ([]*zhongshu.AuditEntry, int, error) {
	var where []string
	var args []any
	if f.ActorID != nil {
		where, args = append(where, "actor_id = ?"), append(args, *f.ActorID)
	}
	if f.ActorName != "" {
		where, args = append(where, `actor_name LIKE ? ESCAPE '\'`), append(args, likePattern(f.ActorName))
	}
	if f.Action != "" {
		where, args = append(where, `action LIKE ? ESCAPE '\'`), append(args, likePrefix(f.Action))
	}
	if f.ObjectType != "" {
		where, args = append(where, "object_type = ?"), append(args, f.ObjectType)
	}
	if !f.From.IsZero() {
		where, args = append(where, "at >= ?"), append(args, dbTime(f.From))
	}
	if !f.To.IsZero() {
		where, args = append(where, "at < ?"), append(args, dbTime(f.To))
	}
	if f.Success != nil {
		where, args = append(where, "success = ?"), append(args, *f.Success)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM audit_log`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store.FindAuditEntries: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = zhongshu.DefaultPageSize
	}
	rows, err := tx.query(ctx, `SELECT `+auditColumns+` FROM audit_log`+cond+` ORDER BY seq DESC LIMIT ? OFFSET ?`,
		append(args, limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store.FindAuditEntries: %w", err)
	}
	defer rows.Close()
	var es []*zhongshu.AuditEntry
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store.FindAuditEntries: %w", err)
		}
		es = append(es, e)
	}
	return es, total, rows.Err()
}

// ScanAudit calls fn for every entry in sequence order, for verification
// and export. It stops at the first error fn returns.
func (tx *Tx) ScanAudit(ctx context.Context, fn func(*zhongshu.AuditEntry) error) error {
	rows, err := tx.query(ctx, `SELECT `+auditColumns+` FROM audit_log ORDER BY seq`)
	if err != nil {
		return fmt.Errorf("store.ScanAudit: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return fmt.Errorf("store.ScanAudit: %w", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// AuditHead returns the head without locking it.
func (tx *Tx) AuditHead(ctx context.Context) (seq int64, hash string, err error) {
	err = tx.queryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&seq, &hash)
	if err != nil {
		return 0, "", fmt.Errorf("store.AuditHead: %w", err)
	}
	return seq, hash, nil
}
