package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// CreateDelegation inserts d.
func (tx *Tx) CreateDelegation(ctx context.Context, d *zhongshu.Delegation) error {
	d.CreatedAt = tx.now
	id, err := tx.insert(ctx, `INSERT INTO delegations (from_user_id, to_user_id, starts_at, ends_at, reason, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, d.FromUserID, d.ToUserID, dbTime(d.StartsAt), dbTime(d.EndsAt), d.Reason, nullID(d.CreatedBy), tx.now)
	if err != nil {
		return fmt.Errorf("store.CreateDelegation: %w", err)
	}
	d.ID = id
	return nil
}

const delegationSelect = `SELECT d.id, d.from_user_id, f.name, d.to_user_id, t.name, d.starts_at, d.ends_at, d.reason,
	COALESCE(d.created_by, 0), d.created_at, d.revoked_at FROM delegations d
	JOIN users f ON f.id = d.from_user_id JOIN users t ON t.id = d.to_user_id`

func scanDelegation(s interface{ Scan(...any) error }) (*zhongshu.Delegation, error) {
	var d zhongshu.Delegation
	var rev sql.NullTime
	if err := s.Scan(&d.ID, &d.FromUserID, &d.FromName, &d.ToUserID, &d.ToName, &d.StartsAt, &d.EndsAt, &d.Reason,
		&d.CreatedBy, &d.CreatedAt, &rev); err != nil {
		return nil, err
	}
	d.StartsAt, d.EndsAt, d.CreatedAt, d.RevokedAt = d.StartsAt.UTC(), d.EndsAt.UTC(), d.CreatedAt.UTC(), timeOf(rev)
	return &d, nil
}

// FindDelegationByID returns the delegation with id.
func (tx *Tx) FindDelegationByID(ctx context.Context, id int64) (*zhongshu.Delegation, error) {
	d, err := scanDelegation(tx.queryRow(ctx, delegationSelect+` WHERE d.id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("store.FindDelegationByID(%d): %w", id, notFound(err, "委托"))
	}
	return d, nil
}

// FindDelegations lists delegations involving userID (0 for all), newest
// first, with the total count.
func (tx *Tx) FindDelegations(ctx context.Context, userID int64, offset, limit int) ([]*zhongshu.Delegation, int, error) {
	cond, args := "", []any{}
	if userID != 0 {
		cond, args = ` WHERE d.from_user_id = ? OR d.to_user_id = ?`, []any{userID, userID}
	}
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM delegations d`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store.FindDelegations: %w", err)
	}
	rows, err := tx.query(ctx, delegationSelect+cond+` ORDER BY d.id DESC LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store.FindDelegations: %w", err)
	}
	defer rows.Close()
	var ds []*zhongshu.Delegation
	for rows.Next() {
		d, err := scanDelegation(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store.FindDelegations: %w", err)
		}
		ds = append(ds, d)
	}
	return ds, total, rows.Err()
}

// DelegatorsOf returns the users who have delegated their work to userID by
// a delegation in force at the transaction's time.
func (tx *Tx) DelegatorsOf(ctx context.Context, userID int64) ([]int64, error) {
	ids, err := tx.int64s(ctx, `SELECT DISTINCT from_user_id FROM delegations
		WHERE to_user_id = ? AND revoked_at IS NULL AND starts_at <= ? AND ends_at > ? ORDER BY from_user_id`, userID, tx.now, tx.now)
	if err != nil {
		return nil, fmt.Errorf("store.DelegatorsOf(%d): %w", userID, err)
	}
	return ids, nil
}

// RevokeDelegation marks delegation id revoked by byUser.
func (tx *Tx) RevokeDelegation(ctx context.Context, id, byUser int64) error {
	res, err := tx.exec(ctx, `UPDATE delegations SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL`,
		tx.now, nullID(byUser), id)
	if err != nil {
		return fmt.Errorf("store.RevokeDelegation(%d): %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return zhongshu.Errorf(zhongshu.CodePrecondition, "该委托已撤销。")
	}
	return nil
}
