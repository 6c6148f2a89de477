package app

import (
	"context"

	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// Ledger is the 压/误/漏 ledger as one viewer may see it.
type Ledger struct {
	Flags   []*zhongshu.Flag
	Total   int
	ByUnit  []store.FlagTally // only for those who see the whole office
	ByOwner []store.FlagTally
	Scope   string // 全办, 本单位 or 本人
}

// FindLedger returns the open (or, with f.Cleared, the cleared) flags the
// actor may see: the whole office for its leadership and the 督查室, the
// own unit for a section chief, one's own items for everyone else.
func (a *App) FindLedger(ctx context.Context, actor *zhongshu.Actor, f zhongshu.FlagFilter) (*Ledger, error) {
	l := &Ledger{Scope: "全办"}
	switch {
	case actor.Can(zhongshu.PermLedgerAll):
	case actor.Can(zhongshu.PermLedgerUnit):
		unit := actor.User.PrimaryUnitID()
		f.UnitID, l.Scope = &unit, "本单位"
	case actor.Can(zhongshu.PermDelegateOwn):
		id := actor.ID()
		f.OwnerID, l.Scope = &id, "本人"
	default:
		return nil, zhongshu.Errorf(zhongshu.CodeForbidden, "您没有查看压误漏台账的权限。")
	}
	f.Limit = zhongshu.PageLimit(f.Limit)
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		if l.Flags, l.Total, err = tx.FindFlags(ctx, f); err != nil {
			return err
		}
		if l.Scope != "全办" {
			return nil
		}
		if l.ByUnit, err = tx.TallyFlags(ctx, false); err != nil {
			return err
		}
		l.ByOwner, err = tx.TallyFlags(ctx, true)
		return err
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// RaiseMissed records a 漏 on the ledger within a module's transaction: work
// nobody was assigned, a 传阅 reader never reached, a 议定事项 never turned
// into a 督办 item. It stays until the module clears it with ClearMissed.
func (a *App) RaiseMissed(ctx context.Context, tx *store.Tx, f *zhongshu.Flag) error {
	f.Kind = zhongshu.FlagMissed
	_, err := tx.RaiseFlag(ctx, f)
	return err
}

// ClearMissed takes an object's 漏 off the ledger once its cause is gone.
func (a *App) ClearMissed(ctx context.Context, tx *store.Tx, module, refType string, refID int64, why string) error {
	_, err := tx.ClearFlags(ctx, module, refType, refID, why, zhongshu.FlagMissed)
	return err
}
