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
// Readers are raised a.flagBatch (200) at a time (raiseInPages).
func (a *App) CheckIncomingReaders(ctx context.Context) (int, error) {
	q := store.UnreachedQuery{Module: IncomingModule, RefType: IncomingRefType, Kind: zhongshu.FlagMissed, Limit: a.flagBatch}
	read := func(tx *store.Tx) ([]store.UnreachedReader, error) {
		// A prefilter by calendar days; the working days are counted below.
		q.Before = tx.Now().Add(-time.Duration(UnreachedWorkdays) * 24 * time.Hour)
		page, err := tx.FindUnreachedReaders(ctx, q)
		if len(page) > 0 {
			q.After = page[len(page)-1]
		}
		return page, err
	}
	raise := func(tx *store.Tx, r store.UnreachedReader) (bool, error) {
		if a.workdaysSince(r.SentAt, tx.Now()) <= UnreachedWorkdays {
			return false, nil
		}
		unit := int64(0)
		if u, err := tx.FindUserByID(ctx, r.PersonID); err == nil {
			unit = u.PrimaryUnitID()
		}
		title := r.Title
		if r.Number != "" {
			title = r.Number + " " + r.Title
		}
		return tx.RaiseFlag(ctx, &zhongshu.Flag{Kind: zhongshu.FlagMissed, Module: IncomingModule,
			RefType: IncomingRefType, RefID: r.DocID, Title: title, URL: IncomingURL(r.DocID), OwnerID: r.PersonID,
			UnitID: unit, Detail: fmt.Sprintf("传阅超过%d个工作日未阅看（%s送达）", UnreachedWorkdays, dateLabel(r.SentAt))})
	}
	return raiseInPages(ctx, a, q.Limit, read, raise)
}

// raiseInPages is the loop of the jobs that put what is overdue on the 漏
// ledger: it reads a page of candidates outside the writer (read moves its
// own cursor on), raises them in one write transaction (raise says whether
// it raised a new flag; the flags' unique index on open flags makes one
// raised meanwhile harmless), and goes on until a page comes back short.
// It returns how many flags it raised. The candidates' queries leave out
// what is already on the ledger, so a run costs what is new since the
// last, and no transaction holds the office's writes up for long.
func raiseInPages[T any](ctx context.Context, a *App, limit int, read func(*store.Tx) ([]T, error),
	raise func(*store.Tx, T) (bool, error)) (int, error) {
	raised := 0
	for {
		var page []T
		err := a.db.View(ctx, func(tx *store.Tx) (err error) {
			page, err = read(tx)
			return err
		})
		if err != nil || len(page) == 0 {
			return raised, err
		}
		err = a.db.Transact(ctx, func(tx *store.Tx) error {
			n := 0
			for _, c := range page {
				isNew, err := raise(tx, c)
				if err != nil {
					return err
				}
				if isNew {
					n++
				}
			}
			raised += n
			return nil
		})
		if err != nil || len(page) < limit {
			return raised, err
		}
	}
}
