package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

const userColumns = `id, username, name, phone, email, status, ab_partner_id, must_change_password,
	locked_until, totp_enabled, created_at, updated_at`

func scanUser(s interface{ Scan(...any) error }) (*zhongshu.User, error) {
	var u zhongshu.User
	var ab sql.NullInt64
	var locked sql.NullTime
	err := s.Scan(&u.ID, &u.Username, &u.Name, &u.Phone, &u.Email, &u.Status, &ab, &u.MustChangePassword,
		&locked, &u.TOTPEnabled, &u.CreatedAt, &u.UpdatedAt)
	if err != nil {
		return nil, err
	}
	u.ABPartner, u.LockedUntil = idOf(ab), timeOf(locked)
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return &u, nil
}

// CreateUser inserts u with its posts and roles. passwordHash may be empty
// for an account that cannot sign in until a password is set.
func (tx *Tx) CreateUser(ctx context.Context, u *zhongshu.User, passwordHash string, demo bool) error {
	u.CreatedAt, u.UpdatedAt = tx.now, tx.now
	id, err := tx.insert(ctx, `INSERT INTO users (username, name, phone, email, status, ab_partner_id, password_hash,
		must_change_password, password_changed_at, is_demo, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.Username, u.Name, u.Phone, u.Email, u.Status, nullID(u.ABPartner), passwordHash,
		u.MustChangePassword, tx.now, demo, tx.now, tx.now)
	if err != nil {
		return fmt.Errorf("store.CreateUser(%q): %w", u.Username, err)
	}
	u.ID = id
	if err := tx.SetPosts(ctx, id, u.Posts); err != nil {
		return err
	}
	return tx.SetRoles(ctx, id, u.Roles)
}

// UpdateUser writes the user's profile fields and posts (not roles).
func (tx *Tx) UpdateUser(ctx context.Context, u *zhongshu.User) error {
	u.UpdatedAt = tx.now
	res, err := tx.exec(ctx, `UPDATE users SET username = ?, name = ?, phone = ?, email = ?, status = ?,
		ab_partner_id = ?, updated_at = ? WHERE id = ?`,
		u.Username, u.Name, u.Phone, u.Email, u.Status, nullID(u.ABPartner), tx.now, u.ID)
	if err != nil {
		return fmt.Errorf("store.UpdateUser(%d): %w", u.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errNotFound("用户")
	}
	return tx.SetPosts(ctx, u.ID, u.Posts)
}

// SetABPartner sets (or with 0 clears) the AB角 partner of userID.
func (tx *Tx) SetABPartner(ctx context.Context, userID, partnerID int64) error {
	_, err := tx.exec(ctx, `UPDATE users SET ab_partner_id = ?, updated_at = ? WHERE id = ?`, nullID(partnerID), tx.now, userID)
	if err != nil {
		return fmt.Errorf("store.SetABPartner(%d): %w", userID, err)
	}
	return nil
}

// SetPosts replaces the posts of userID.
func (tx *Tx) SetPosts(ctx context.Context, userID int64, posts []zhongshu.Post) error {
	if _, err := tx.exec(ctx, `DELETE FROM posts WHERE user_id = ?`, userID); err != nil {
		return fmt.Errorf("store.SetPosts(%d): %w", userID, err)
	}
	for _, p := range posts {
		if _, err := tx.exec(ctx, `INSERT INTO posts (user_id, unit_id, title, is_primary) VALUES (?, ?, ?, ?)`,
			userID, p.UnitID, p.Title, p.Primary); err != nil {
			return fmt.Errorf("store.SetPosts(%d): %w", userID, err)
		}
	}
	return nil
}

// SetRoles replaces the roles of userID.
func (tx *Tx) SetRoles(ctx context.Context, userID int64, roles []zhongshu.Role) error {
	if _, err := tx.exec(ctx, `DELETE FROM user_roles WHERE user_id = ?`, userID); err != nil {
		return fmt.Errorf("store.SetRoles(%d): %w", userID, err)
	}
	for _, r := range roles {
		if _, err := tx.exec(ctx, `INSERT INTO user_roles (user_id, role) VALUES (?, ?)`, userID, r); err != nil {
			return fmt.Errorf("store.SetRoles(%d): %w", userID, err)
		}
	}
	return nil
}

// FindUserByID returns the user with id, with posts and roles.
func (tx *Tx) FindUserByID(ctx context.Context, id int64) (*zhongshu.User, error) {
	u, err := scanUser(tx.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("store.FindUserByID(%d): %w", id, notFound(err, "用户"))
	}
	if err := tx.attach(ctx, []*zhongshu.User{u}); err != nil {
		return nil, err
	}
	return u, nil
}

// UserStatus returns the status of user id alone, for checks that need
// nothing else (FindUserByID also reads posts and roles).
func (tx *Tx) UserStatus(ctx context.Context, id int64) (zhongshu.UserStatus, error) {
	var st zhongshu.UserStatus
	if err := tx.queryRow(ctx, `SELECT status FROM users WHERE id = ?`, id).Scan(&st); err != nil {
		return "", fmt.Errorf("store.UserStatus(%d): %w", id, notFound(err, "用户"))
	}
	return st, nil
}

// FindUserByUsername returns the user with the login name, with posts and roles.
func (tx *Tx) FindUserByUsername(ctx context.Context, username string) (*zhongshu.User, error) {
	u, err := scanUser(tx.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE username = ?`, username))
	if err != nil {
		return nil, fmt.Errorf("store.FindUserByUsername(%q): %w", username, notFound(err, "用户"))
	}
	if err := tx.attach(ctx, []*zhongshu.User{u}); err != nil {
		return nil, err
	}
	return u, nil
}

// FindUsers returns the users matching f ordered by primary unit and name,
// with posts and roles, and the total count ignoring paging.
func (tx *Tx) FindUsers(ctx context.Context, f zhongshu.UserFilter) ([]*zhongshu.User, int, error) {
	var where []string
	var args []any
	if f.UnitID != nil {
		where, args = append(where, "id IN (SELECT user_id FROM posts WHERE unit_id = ?)"), append(args, *f.UnitID)
	}
	if f.Role != nil {
		where, args = append(where, "id IN (SELECT user_id FROM user_roles WHERE role = ?)"), append(args, *f.Role)
	}
	if f.Status != nil {
		where, args = append(where, "status = ?"), append(args, *f.Status)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		p := likePattern(q)
		where, args = append(where, `(name LIKE ? ESCAPE '\' OR username LIKE ? ESCAPE '\')`), append(args, p, p)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM users`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store.FindUsers: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100000
	}
	rows, err := tx.query(ctx, `SELECT `+userColumns+` FROM users`+cond+` ORDER BY id LIMIT ? OFFSET ?`,
		append(args, limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store.FindUsers: %w", err)
	}
	defer rows.Close()
	var users []*zhongshu.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store.FindUsers: %w", err)
		}
		users = append(users, u)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store.FindUsers: %w", err)
	}
	return users, total, tx.attach(ctx, users)
}

// attach loads posts and roles for users with two queries.
func (tx *Tx) attach(ctx context.Context, users []*zhongshu.User) error {
	if len(users) == 0 {
		return nil
	}
	byID := make(map[int64]*zhongshu.User, len(users))
	ids := make([]int64, len(users))
	for i, u := range users {
		byID[u.ID], ids[i] = u, u.ID
	}
	in := placeholders(len(ids))
	rows, err := tx.query(ctx, `SELECT p.user_id, p.unit_id, COALESCE(NULLIF(u.short_name, ''), u.full_name), p.title, p.is_primary
		FROM posts p JOIN units u ON u.id = p.unit_id WHERE p.user_id IN (`+in+`) ORDER BY p.is_primary DESC, p.unit_id`, int64Args(ids)...)
	if err != nil {
		return fmt.Errorf("store: load posts: %w", err)
	}
	for rows.Next() {
		var uid int64
		var p zhongshu.Post
		if err := rows.Scan(&uid, &p.UnitID, &p.UnitName, &p.Title, &p.Primary); err != nil {
			rows.Close()
			return fmt.Errorf("store: load posts: %w", err)
		}
		byID[uid].Posts = append(byID[uid].Posts, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: load posts: %w", err)
	}
	rows, err = tx.query(ctx, `SELECT user_id, role FROM user_roles WHERE user_id IN (`+in+`)`, int64Args(ids)...)
	if err != nil {
		return fmt.Errorf("store: load roles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var uid int64
		var r zhongshu.Role
		if err := rows.Scan(&uid, &r); err != nil {
			return fmt.Errorf("store: load roles: %w", err)
		}
		byID[uid].Roles = append(byID[uid].Roles, r)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: load roles: %w", err)
	}
	for _, u := range users {
		sortRoles(u.Roles)
	}
	return nil
}

// sortRoles puts roles in their display order.
func sortRoles(roles []zhongshu.Role) {
	rank := map[zhongshu.Role]int{}
	for i, r := range zhongshu.AllRoles() {
		rank[r] = i
	}
	for i := 1; i < len(roles); i++ {
		for j := i; j > 0 && rank[roles[j]] < rank[roles[j-1]]; j-- {
			roles[j], roles[j-1] = roles[j-1], roles[j]
		}
	}
}

// CountUsers returns the number of accounts.
func (tx *Tx) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store.CountUsers: %w", err)
	}
	return n, nil
}
