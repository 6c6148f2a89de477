package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/zhongshu-oa/zhongshu/internal/blob"
	"github.com/zhongshu-oa/zhongshu/internal/extract"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// MaxAttachmentText is how much text of one attachment goes to the search
// index.
const MaxAttachmentText = 10000

// ExtractAttachmentTexts extracts the text of up to batch attachments still
// pending (issue 7: .txt, .docx, .xlsx, .pdf text layer, .ofd), records the
// outcome on each — a file that cannot be read is marked with the reason,
// never fatal — and reindexes the documents they belong to. It returns how
// many it handled.
func (a *App) ExtractAttachmentTexts(ctx context.Context, batch int) (int, error) {
	var pending []*zhongshu.Attachment
	if err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		pending, err = tx.PendingAttachmentTexts(ctx, batch)
		return err
	}); err != nil {
		return 0, err
	}
	if len(pending) == 0 {
		return 0, nil
	}
	files, err := a.fileStore()
	if err != nil {
		return 0, err
	}
	for i, att := range pending {
		state, text, why := a.extractOne(ctx, files, att)
		if ctx.Err() != nil {
			return i, ctx.Err()
		}
		err := a.db.Transact(ctx, func(tx *store.Tx) error {
			if err := tx.SetAttachmentText(ctx, att.ID, state, text, why); err != nil {
				return err
			}
			module := att.OwnerType
			if module == RenditionOwner { // the document of record of a 发文
				module = OutgoingModule
			}
			return a.reindex(ctx, tx, module, att.OwnerID)
		})
		if err != nil {
			return i, fmt.Errorf("attachment %d: %w", att.ID, err)
		}
	}
	return len(pending), nil
}

// extractOne reads one attachment's text.
func (a *App) extractOne(ctx context.Context, files blob.Store, att *zhongshu.Attachment) (zhongshu.TextState, string, string) {
	if !extract.Supported(att.Name) {
		return zhongshu.TextUnsupported, "", ""
	}
	rc, err := files.Open(ctx, att.Digest)
	if err != nil {
		return zhongshu.TextFailed, "", "附件文件无法打开"
	}
	defer rc.Close()
	ra, ok := rc.(io.ReaderAt)
	if !ok {
		data, err := io.ReadAll(io.LimitReader(rc, att.Size+1))
		if err != nil {
			return zhongshu.TextFailed, "", "附件文件无法读取"
		}
		ra = bytes.NewReader(data)
	}
	text, err := extract.Text(ctx, att.Name, ra, att.Size, MaxAttachmentText)
	var xerr *extract.Error
	switch {
	case errors.Is(err, extract.ErrUnsupported):
		return zhongshu.TextUnsupported, "", ""
	case errors.As(err, &xerr):
		return zhongshu.TextFailed, "", xerr.Message
	case err != nil:
		a.log.WarnContext(ctx, "attachment text", "attachment", att.ID, "err", err)
		return zhongshu.TextFailed, "", "无法读取文字"
	}
	return zhongshu.TextDone, text, ""
}
