package app

import (
	"context"
	"fmt"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// UnreachedWorkdays is how long a 传阅 reader may leave a document unopened
// before it is a 漏 (不得漏传, DOMAIN.md §2.6, §3.5).
const UnreachedWorkdays = 2

// CheckIncomingReaders puts on the 漏 ledger every 传阅 reader who has not
// opened a document sent to them more than UnreachedWorkdays working days
// ago. It is idempotent: a reader already on the ledger is not raised
// again. The 漏 clears when the reader opens the document (or the 传阅 is
// withdrawn or finished).
func (a *App) CheckIncomingReaders(ctx context.Context) (int, error) {
	raised := 0
	err := a.db.Transact(ctx, func(tx *store.Tx) error {
		now := tx.Now()
		// A prefilter by calendar days; the working days are counted below.
		rs, err := tx.FindUnreachedReaders(ctx, now.Add(-time.Duration(UnreachedWorkdays)*24*time.Hour))
		if err != nil {
			return err
		}
		for _, r := range rs {
			if a.workdaysSince(r.SentAt, now) <= UnreachedWorkdays {
				continue
			}
			unit := int64(0)
			if u, err := tx.FindUserByID(ctx, r.PersonID); err == nil {
				unit = u.PrimaryUnitID()
			}
			title := r.Title
			if r.Number != "" {
				title = r.Number + " " + r.Title
			}
			isNew, err := tx.RaiseFlag(ctx, &zhongshu.Flag{Kind: zhongshu.FlagMissed, Module: IncomingModule,
				RefType: IncomingRefType, RefID: r.DocID, Title: title, URL: IncomingURL(r.DocID), OwnerID: r.PersonID,
				UnitID: unit, Detail: fmt.Sprintf("传阅超过%d个工作日未阅看（%s送达）", UnreachedWorkdays, dateLabel(r.SentAt))})
			if err != nil {
				return err
			}
			if isNew {
				raised++
			}
		}
		return nil
	})
	return raised, err
}
