package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

const unitColumns = `id, parent_id, type, full_name, short_name, doc_code, is_external, sort_order, active,
	liaison_id, info_officer_id, supervision_liaison_id, info_category, created_at, updated_at`

func scanUnit(s interface{ Scan(...any) error }) (*zhongshu.Unit, error) {
	var u zhongshu.Unit
	var parent, liaison, info, sup sql.NullInt64
	err := s.Scan(&u.ID, &parent, &u.Type, &u.FullName, &u.ShortName, &u.DocCode, &u.IsExternal, &u.SortOrder,
		&u.Active, &liaison, &info, &sup, &u.InfoCategory, &u.CreatedAt, &u.UpdatedAt)
	if err != nil {
		return nil, err
	}
	u.ParentID, u.LiaisonID, u.InfoOfficerID, u.SupervisionLiaisonID = idOf(parent), idOf(liaison), idOf(info), idOf(sup)
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return &u, nil
}

// CreateUnit inserts u and sets its ID and timestamps.
func (tx *Tx) CreateUnit(ctx context.Context, u *zhongshu.Unit) error {
	u.CreatedAt, u.UpdatedAt = tx.now, tx.now
	id, err := tx.insert(ctx, `INSERT INTO units (parent_id, type, full_name, short_name, doc_code, is_external,
		sort_order, active, liaison_id, info_officer_id, supervision_liaison_id, info_category, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		nullID(u.ParentID), u.Type, u.FullName, u.ShortName, u.DocCode, u.IsExternal, u.SortOrder, u.Active,
		nullID(u.LiaisonID), nullID(u.InfoOfficerID), nullID(u.SupervisionLiaisonID), u.InfoCategory, tx.now, tx.now)
	if err != nil {
		return fmt.Errorf("store.CreateUnit(%q): %w", u.FullName, err)
	}
	u.ID = id
	return nil
}

// UpdateUnit writes every field of u.
func (tx *Tx) UpdateUnit(ctx context.Context, u *zhongshu.Unit) error {
	delete(tx.units, u.ID)
	u.UpdatedAt = tx.now
	res, err := tx.exec(ctx, `UPDATE units SET parent_id = ?, type = ?, full_name = ?, short_name = ?, doc_code = ?,
		is_external = ?, sort_order = ?, active = ?, liaison_id = ?, info_officer_id = ?, supervision_liaison_id = ?,
		info_category = ?, updated_at = ? WHERE id = ?`,
		nullID(u.ParentID), u.Type, u.FullName, u.ShortName, u.DocCode, u.IsExternal, u.SortOrder, u.Active,
		nullID(u.LiaisonID), nullID(u.InfoOfficerID), nullID(u.SupervisionLiaisonID), u.InfoCategory, tx.now, u.ID)
	if err != nil {
		return fmt.Errorf("store.UpdateUnit(%d): %w", u.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errNotFound("单位")
	}
	return nil
}

// FindUnitByID returns the unit with id. A write transaction remembers the
// units it has read (a 督办 action read each assigned unit three times: to
// check it, to find who holds its 待办, to name it in the search entry) and
// forgets one it changes.
func (tx *Tx) FindUnitByID(ctx context.Context, id int64) (*zhongshu.Unit, error) {
	if u, ok := tx.units[id]; ok {
		c := *u
		return &c, nil
	}
	u, err := scanUnit(tx.queryRow(ctx, `SELECT `+unitColumns+` FROM units WHERE id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("store.FindUnitByID(%d): %w", id, notFound(err, "单位"))
	}
	if tx.write {
		if tx.units == nil {
			tx.units = map[int64]*zhongshu.Unit{}
		}
		c := *u
		tx.units[id] = &c
	}
	return u, nil
}

// FindUnits returns the units matching f, ordered for display, and the
// total count ignoring paging.
func (tx *Tx) FindUnits(ctx context.Context, f zhongshu.UnitFilter) ([]*zhongshu.Unit, int, error) {
	var where []string
	var args []any
	if f.Type != nil {
		where, args = append(where, "type = ?"), append(args, *f.Type)
	}
	if f.ParentID != nil {
		where, args = append(where, "parent_id = ?"), append(args, *f.ParentID)
	}
	if f.Active != nil {
		where, args = append(where, "active = ?"), append(args, *f.Active)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		p := likePattern(q)
		where, args = append(where, `(full_name LIKE ? ESCAPE '\' OR short_name LIKE ? ESCAPE '\')`), append(args, p, p)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM units`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store.FindUnits: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100000
	}
	rows, err := tx.query(ctx, `SELECT `+unitColumns+` FROM units`+cond+
		` ORDER BY sort_order, id LIMIT ? OFFSET ?`, append(args, limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store.FindUnits: %w", err)
	}
	defer rows.Close()
	var units []*zhongshu.Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store.FindUnits: %w", err)
		}
		units = append(units, u)
	}
	return units, total, rows.Err()
}

// CountUnitChildren returns how many units have id as parent.
func (tx *Tx) CountUnitChildren(ctx context.Context, id int64) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM units WHERE parent_id = ?`, id).Scan(&n)
	return n, err
}
