package app

import (
	"context"
	"fmt"
	"io"

	"github.com/zhongshu-oa/zhongshu/internal/blob"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// SetFiles sets where attachment contents are kept (the data folder's
// files/ by default).
func (a *App) SetFiles(s blob.Store) { a.files = s }

// fileStore returns the attachment store, opening the data folder's on
// first use.
func (a *App) fileStore() (blob.Store, error) {
	a.filesOnce.Do(func() {
		if a.files == nil && a.cfg.DataDir != "" {
			fs, err := blob.NewFS(a.cfg.FilesDir())
			if err != nil {
				a.filesErr = fmt.Errorf("app: attachment store: %w", err)
				return
			}
			a.files = fs
		}
	})
	if a.files == nil {
		if a.filesErr != nil {
			return nil, a.filesErr
		}
		return nil, zhongshu.Errorf(zhongshu.CodeInternal, "未配置附件存储。")
	}
	return a.files, nil
}

// AttachmentRules are the limits on uploads, from the configuration.
func (a *App) AttachmentRules() blob.Rules {
	r := blob.DefaultRules()
	if a.cfg.AttachmentMaxMB > 0 {
		r.MaxBytes = int64(a.cfg.AttachmentMaxMB) << 20
	}
	if exts := a.cfg.AttachmentExtensions(); len(exts) > 0 {
		r.Extensions = exts
	}
	return r
}

// AddIncomingAttachment stores a file with document docID. The 文电科 and
// the office leadership attach to any document they see; a unit handling
// it attaches its results. The file must pass the attachment rules (type,
// size, contents matching the extension) and carry no 密级 mark (§10.4).
func (a *App) AddIncomingAttachment(ctx context.Context, actor *zhongshu.Actor, docID int64, name string, size int64, r io.Reader) (*zhongshu.Attachment, error) {
	att, err := a.storeUpload(ctx, actor, "incoming.attach", IncomingModule, docID, name, size, r,
		func(tx *store.Tx) error { return a.mayAttach(ctx, tx, actor, docID) })
	if err != nil {
		return nil, err
	}
	err = a.db.Transact(ctx, func(tx *store.Tx) error {
		if err := a.mayAttach(ctx, tx, actor, docID); err != nil {
			return err
		}
		if err := tx.AddAttachment(ctx, att); err != nil {
			return err
		}
		d, err := tx.FindIncomingByID(ctx, docID)
		if err != nil {
			return err
		}
		text := attachmentText(att)
		if err := tx.AddIncomingEvent(ctx, &store.IncomingEvent{DocID: docID, ActorID: actor.ID(), ActorName: actor.User.Name,
			Action: "attach", FromStatus: d.Status, ToStatus: d.Status, Text: text}); err != nil {
			return err
		}
		if err := a.record(ctx, tx, actor, event{action: "incoming.attach", objectType: "incoming", objectID: docID,
			detail: fmt.Sprintf("%s %s 上传%s", d.Number, d.Title, text)}); err != nil {
			return err
		}
		return a.reindex(ctx, tx, IncomingModule, docID)
	})
	if err != nil {
		return nil, err
	}
	return att, nil
}

// mayAttach: the document exists and the actor sees it (else not found),
// and is of the 文电科, the office leadership or a unit it was assigned to.
func (a *App) mayAttach(ctx context.Context, tx *store.Tx, actor *zhongshu.Actor, docID int64) error {
	d, err := tx.FindIncomingByID(ctx, docID)
	if err != nil {
		return err
	}
	if ok, err := a.canSeeIncoming(ctx, tx, actor, d); err != nil {
		return err
	} else if !ok {
		return errIncomingNotFound
	}
	if seesAllIncoming(actor) || (!d.AssignedAt.IsZero() && len(actorUnitsOf(d, actorUnits(actor))) > 0) {
		return nil
	}
	return zhongshu.Errorf(zhongshu.CodeForbidden, "只有文电科、办公室领导和承办单位可以上传附件。")
}

// OpenIncomingAttachment returns attachment attID of document docID and
// its contents, for someone who may see the document; anyone else gets not
// found, as for the document itself.
func (a *App) OpenIncomingAttachment(ctx context.Context, actor *zhongshu.Actor, docID, attID int64) (*zhongshu.Attachment, io.ReadSeekCloser, error) {
	return a.openAttachment(ctx, IncomingModule, docID, attID, func(tx *store.Tx) error {
		d, err := tx.FindIncomingByID(ctx, docID)
		if err != nil {
			return err
		}
		if ok, err := a.canSeeIncoming(ctx, tx, actor, d); err != nil {
			return err
		} else if !ok {
			return errIncomingNotFound
		}
		return nil
	})
}

func sizeLabel(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1fMB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0fKB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d字节", n)
}
