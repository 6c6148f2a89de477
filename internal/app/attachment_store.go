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

// storeUpload is what every module's upload shares: the file must pass the
// attachment rules (type, size, contents matching the extension) and carry
// no 密级 mark (§10.4; a refusal is audited as action); may, run before
// anything is stored, says whether the actor may attach (a refusal of
// CodeForbidden is audited too); then the contents go to the blob store.
// It returns the attachment record to save, for ownerType/docID, in the
// module's own transaction. The contents are stored before that
// transaction: if it fails they stay as an unreferenced blob, never as a
// record without contents.
func (a *App) storeUpload(ctx context.Context, actor *zhongshu.Actor, action, ownerType string, docID int64,
	name string, size int64, r io.Reader, may func(tx *store.Tx) error) (*zhongshu.Attachment, error) {
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
			return nil, a.deny(ctx, actor, action, &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: msg,
				Fields: map[string]string{"file": msg}})
		}
	}
	if err := a.db.View(ctx, may); err != nil {
		if zhongshu.ErrorCode(err) == zhongshu.CodeForbidden {
			return nil, a.deny(ctx, actor, action, err)
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
	return &zhongshu.Attachment{OwnerType: ownerType, OwnerID: docID, Name: blob.SafeFilename(name),
		ContentType: mime.TypeByExtension(strings.ToLower(filepath.Ext(name))), Size: info.Size, Digest: info.Digest,
		UploadedBy: actor.ID()}, nil
}

// attachmentText is how the timeline and the audit log name an upload.
func attachmentText(att *zhongshu.Attachment) string {
	return fmt.Sprintf("附件：%s（%s，SHA-256 %s）", att.Name, sizeLabel(att.Size), att.Digest[:16])
}

// openAttachment returns attachment attID of ownerType/docID and its
// contents; see checks first that the actor may see the document.
func (a *App) openAttachment(ctx context.Context, ownerType string, docID, attID int64, see func(tx *store.Tx) error) (*zhongshu.Attachment, io.ReadSeekCloser, error) {
	var att *zhongshu.Attachment
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		if err := see(tx); err != nil {
			return err
		}
		if att, err = tx.FindAttachment(ctx, attID); err != nil {
			return err
		}
		if att.OwnerType != ownerType || att.OwnerID != docID {
			return zhongshu.Errorf(zhongshu.CodeNotFound, "附件不存在。")
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	rc, err := a.openBlob(ctx, att, "附件文件已丢失，请联系系统管理员。")
	if err != nil {
		return nil, nil, err
	}
	return att, rc, nil
}

// openBlob opens the contents of att; lost says what a missing blob means.
func (a *App) openBlob(ctx context.Context, att *zhongshu.Attachment, lost string) (io.ReadSeekCloser, error) {
	files, err := a.fileStore()
	if err != nil {
		return nil, err
	}
	rc, err := files.Open(ctx, att.Digest)
	if errors.Is(err, blob.ErrNotFound) {
		return nil, zhongshu.Errorf(zhongshu.CodeNotFound, "%s", lost)
	} else if err != nil {
		return nil, err
	}
	return rc, nil
}
