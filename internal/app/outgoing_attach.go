package app

import (
	"context"
	"io"
	"slices"

	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/outgoing"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// AddOutgoingAttachment stores a file with draft docID (the 附件 itself, e.g.
// the 办法 a 通知 印发s, or the editable 定稿): whoever may change the text now
// may attach. The file must pass the attachment rules and carry no 密级 mark.
func (a *App) AddOutgoingAttachment(ctx context.Context, actor *zhongshu.Actor, docID int64, name string, size int64, r io.Reader) (*zhongshu.Attachment, error) {
	mayAttach := func(tx *store.Tx) (*zhongshu.OutgoingDoc, error) {
		d, err := a.outgoingForActor(ctx, tx, actor, docID)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(outgoing.Allowed(*d, actor, actorUnits(actor), tx.Now()), outgoing.Edit) {
			return nil, zhongshu.Errorf(zhongshu.CodeForbidden, "只有当前经办人可以上传附件。")
		}
		return d, nil
	}
	att, err := a.storeUpload(ctx, actor, "outgoing.attach", OutgoingModule, docID, name, size, r,
		func(tx *store.Tx) error { _, err := mayAttach(tx); return err })
	if err != nil {
		return nil, err
	}
	err = a.db.Transact(ctx, func(tx *store.Tx) error {
		d, err := mayAttach(tx)
		if err != nil {
			return err
		}
		if err := tx.AddAttachment(ctx, att); err != nil {
			return err
		}
		text := attachmentText(att)
		if err := tx.AddOutgoingEvent(ctx, &store.DocEvent{DocID: docID, ActorID: actor.ID(), ActorName: actor.User.Name,
			Action: "attach", FromStatus: string(d.Status), ToStatus: string(d.Status), Text: text}); err != nil {
			return err
		}
		if err := a.record(ctx, tx, actor, event{action: "outgoing.attach", objectType: "outgoing", objectID: docID,
			detail: d.Title + " 上传" + text}); err != nil {
			return err
		}
		return a.reindex(ctx, tx, OutgoingModule, docID)
	})
	if err != nil {
		return nil, err
	}
	return att, nil
}

// OpenOutgoingAttachment returns attachment attID of document docID and its
// contents, for someone who may see the document.
func (a *App) OpenOutgoingAttachment(ctx context.Context, actor *zhongshu.Actor, docID, attID int64) (*zhongshu.Attachment, io.ReadSeekCloser, error) {
	return a.openAttachment(ctx, OutgoingModule, docID, attID, func(tx *store.Tx) error {
		_, err := a.outgoingForActor(ctx, tx, actor, docID)
		return err
	})
}
