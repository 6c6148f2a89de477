package app

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/zhongshu-oa/zhongshu/internal/orgimport"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// MaxImportRows bounds one import file.
const MaxImportRows = 5000

// ImportResult is the outcome of an import: the row-by-row report, and
// whether the rows were written (only when every row is valid and the
// import was not a dry run).
type ImportResult struct {
	Report   *orgimport.Report
	Imported bool
}

// Import reads units or people from an .xlsx or .csv file. Every row is
// validated against the database as it stands; if any row is invalid
// nothing is imported. Imported accounts have no usable password: the
// system administrator issues one with a password reset when the account
// is handed over.
func (a *App) Import(ctx context.Context, actor *zhongshu.Actor, kind orgimport.Kind, filename string, r io.Reader, dryRun bool) (*ImportResult, error) {
	if err := a.require(ctx, actor, zhongshu.PermOrgManage, "org.import"); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("app.Import: read upload: %w", err)
	}
	var res ImportResult
	err = a.db.Transact(ctx, func(tx *store.Tx) error {
		ex, err := existing(ctx, tx)
		if err != nil {
			return err
		}
		rep, err := orgimport.Parse(kind, filename, bytes.NewReader(data), ex, MaxImportRows)
		if err != nil {
			return err
		}
		res.Report = rep
		if !rep.OK() || dryRun {
			return nil
		}
		if kind == orgimport.KindUnits {
			err = importUnits(ctx, tx, rep, ex)
		} else {
			err = a.importPeople(ctx, tx, actor, rep)
		}
		if err != nil {
			return err
		}
		res.Imported = true
		return a.record(ctx, tx, actor, event{action: "org.import", objectType: string(kind),
			detail: fmt.Sprintf("批量导入%s：%s，共 %d 行", kind.Label(), filename, rep.Rows())})
	})
	if err != nil {
		return nil, err
	}
	return &res, nil
}

func existing(ctx context.Context, tx *store.Tx) (orgimport.Existing, error) {
	ex := orgimport.Existing{UnitsByName: map[string]int64{}, Usernames: map[string]bool{}}
	units, _, err := tx.FindUnits(ctx, zhongshu.UnitFilter{})
	if err != nil {
		return ex, err
	}
	for _, u := range units {
		ex.UnitsByName[u.FullName] = u.ID
		if u.ShortName != "" {
			ex.UnitsByName[u.ShortName] = u.ID
		}
	}
	users, _, err := tx.FindUsers(ctx, zhongshu.UserFilter{})
	if err != nil {
		return ex, err
	}
	for _, u := range users {
		ex.Usernames[u.Username] = true
	}
	return ex, nil
}

func importUnits(ctx context.Context, tx *store.Tx, rep *orgimport.Report, ex orgimport.Existing) error {
	for i := range rep.Units {
		row := &rep.Units[i]
		u := row.Unit
		if row.ParentName != "" {
			u.ParentID = ex.UnitsByName[row.ParentName]
		}
		if err := tx.CreateUnit(ctx, &u); err != nil {
			return fmt.Errorf("第 %d 行：%w", row.Line, err)
		}
		ex.UnitsByName[u.FullName] = u.ID
		if u.ShortName != "" {
			ex.UnitsByName[u.ShortName] = u.ID
		}
	}
	return nil
}

func (a *App) importPeople(ctx context.Context, tx *store.Tx, actor *zhongshu.Actor, rep *orgimport.Report) error {
	for _, row := range rep.People {
		if len(row.User.Roles) > 0 && !actor.Can(zhongshu.PermRoleAssign) {
			return &zhongshu.Error{Code: zhongshu.CodeForbidden,
				Message: fmt.Sprintf("第 %d 行填写了角色，但角色须由安全管理员授予。请清空“角色”列后重新导入，导入后由安全管理员分配角色。", row.Line)}
		}
	}
	for _, row := range rep.People {
		u := row.User
		u.MustChangePassword = true
		if err := tx.CreateUser(ctx, &u, "", false); err != nil {
			return fmt.Errorf("第 %d 行：%w", row.Line, err)
		}
	}
	return nil
}
