package app

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"path/filepath"
	"slices"
	"strings"

	"github.com/zhongshu-oa/zhongshu/internal/blob"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/outgoing"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// AddOutgoingAttachment stores a file with draft docID (the 附件 itself, e.g.
// the 办法 a 通知 印发s, or the editable 定稿): whoever may change the text now
// may attach. The file must pass the attachment rules and carry no 密级 mark.
func (a *App) AddOutgoingAttachment(ctx context.Context, actor *zhongshu.Actor, docID int64, name string, size int64, r io.Reader) (*zhongshu.Attachment, error) {
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
			return nil, a.deny(ctx, actor, "outgoing.attach", &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: msg,
				Fields: map[string]string{"file": msg}})
		}
	}
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
	if err := a.db.View(ctx, func(tx *store.Tx) error { _, err := mayAttach(tx); return err }); err != nil {
		if zhongshu.ErrorCode(err) == zhongshu.CodeForbidden {
			return nil, a.deny(ctx, actor, "outgoing.attach", err)
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
	att := &zhongshu.Attachment{OwnerType: OutgoingModule, OwnerID: docID, Name: blob.SafeFilename(name),
		ContentType: mime.TypeByExtension(strings.ToLower(filepath.Ext(name))), Size: info.Size, Digest: info.Digest,
		UploadedBy: actor.ID()}
	err = a.db.Transact(ctx, func(tx *store.Tx) error {
		d, err := mayAttach(tx)
		if err != nil {
			return err
		}
		if err := tx.AddAttachment(ctx, att); err != nil {
			return err
		}
		text := fmt.Sprintf("附件：%s（%s，SHA-256 %s）", att.Name, sizeLabel(att.Size), att.Digest[:16])
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
	var att *zhongshu.Attachment
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		if _, err = a.outgoingForActor(ctx, tx, actor, docID); err != nil {
			return err
		}
		if att, err = tx.FindAttachment(ctx, attID); err != nil {
			return err
		}
		if att.OwnerType != OutgoingModule || att.OwnerID != docID {
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
