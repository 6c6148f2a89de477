package app

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"path/filepath"
	"strings"

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
	files, err := a.fileStore()
	if err != nil {
		return nil, err
	}
	rules := a.AttachmentRules()
	br := bufio.NewReaderSize(r, 4096)
	head, _ := br.Peek(4096)
	if msg := rules.Check(name, size, head); msg != "" {
		return nil, &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: msg, Fields: map[string]string{"file": msg}}
	}
	if strings.EqualFold(filepath.Ext(name), ".txt") {
		if m := blob.SecrecyMarker(string(head)); m != "" {
			msg := fmt.Sprintf("附件中有密级标志“%s”。%s。", m, zhongshu.ClassifiedMessage)
			return nil, a.deny(ctx, actor, "incoming.attach", &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: msg,
				Fields: map[string]string{"file": msg}})
		}
	}
	// Check who may attach before storing anything.
	if err := a.db.View(ctx, func(tx *store.Tx) error { return a.mayAttach(ctx, tx, actor, docID) }); err != nil {
		if zhongshu.ErrorCode(err) == zhongshu.CodeForbidden {
			return nil, a.deny(ctx, actor, "incoming.attach", err)
		}
		return nil, err
	}
	info, err := files.Put(ctx, br, rules.MaxBytes)
	if errors.Is(err, blob.ErrTooLarge) {
		msg := fmt.Sprintf("附件超过%dMB", rules.MaxBytes>>20)
		return nil, &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: msg, Fields: map[string]string{"file": msg}}
	} else if err != nil {
		return nil, err
	}
	att := &zhongshu.Attachment{OwnerType: IncomingModule, OwnerID: docID, Name: blob.SafeFilename(name),
		ContentType: mime.TypeByExtension(strings.ToLower(filepath.Ext(name))), Size: info.Size, Digest: info.Digest,
		UploadedBy: actor.ID()}
	// The contents are stored before the transaction; if it fails they stay
	// as an unreferenced blob, never as a record without contents.
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
		text := fmt.Sprintf("附件：%s（%s，SHA-256 %s）", att.Name, sizeLabel(att.Size), att.Digest[:16])
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
	var att *zhongshu.Attachment
	err := a.db.View(ctx, func(tx *store.Tx) error {
		d, err := tx.FindIncomingByID(ctx, docID)
		if err != nil {
			return err
		}
		if ok, err := a.canSeeIncoming(ctx, tx, actor, d); err != nil {
			return err
		} else if !ok {
			return errIncomingNotFound
		}
		att, err = tx.FindAttachment(ctx, attID)
		if err != nil {
			return err
		}
		if att.OwnerType != IncomingModule || att.OwnerID != docID {
			return zhongshu.Errorf(zhongshu.CodeNotFound, "附件不存在。")
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	files, err := a.fileStore()
	if err != nil {
		return nil, nil, err
	}
	rc, err := files.Open(ctx, att.Digest)
	if errors.Is(err, blob.ErrNotFound) {
		return nil, nil, zhongshu.Errorf(zhongshu.CodeNotFound, "附件文件已丢失，请联系系统管理员。")
	} else if err != nil {
		return nil, nil, err
	}
	return att, rc, nil
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
