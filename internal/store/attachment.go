package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// AddAttachment records a file kept with a document (its contents are in
// the blob store) and counts it on a 收文. It sets a's ID and UploadedAt.
func (tx *Tx) AddAttachment(ctx context.Context, a *zhongshu.Attachment) error {
	a.UploadedAt = tx.now
	id, err := tx.insert(ctx, `INSERT INTO attachments (owner_type, owner_id, name, content_type, size, digest,
		uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		a.OwnerType, a.OwnerID, a.Name, a.ContentType, a.Size, a.Digest, a.UploadedBy, tx.now)
	if err != nil {
		return fmt.Errorf("store.AddAttachment(%q): %w", a.Name, tx.dialect.mapError(err))
	}
	a.ID = id
	if a.OwnerType == "incoming" {
		if _, err := tx.exec(ctx, `UPDATE incoming_docs SET attachments = attachments + 1 WHERE id = ?`, a.OwnerID); err != nil {
			return fmt.Errorf("store.AddAttachment(%q): %w", a.Name, err)
		}
	}
	return nil
}

const attachmentColumns = `id, owner_type, owner_id, name, content_type, size, digest, uploaded_by, uploaded_at,
	text_state, text_error`

func scanAttachment(s interface{ Scan(...any) error }) (*zhongshu.Attachment, error) {
	var a zhongshu.Attachment
	if err := s.Scan(&a.ID, &a.OwnerType, &a.OwnerID, &a.Name, &a.ContentType, &a.Size, &a.Digest, &a.UploadedBy,
		&a.UploadedAt, &a.TextState, &a.TextError); err != nil {
		return nil, err
	}
	a.UploadedAt = a.UploadedAt.UTC()
	return &a, nil
}

// FindAttachments lists the files of one document in upload order.
func (tx *Tx) FindAttachments(ctx context.Context, ownerType string, ownerID int64) ([]*zhongshu.Attachment, error) {
	var out []*zhongshu.Attachment
	err := tx.each(ctx, `SELECT `+attachmentColumns+` FROM attachments WHERE owner_type = ? AND owner_id = ? ORDER BY id`,
		[]any{ownerType, ownerID}, func(rows *sql.Rows) error {
			a, err := scanAttachment(rows)
			if err != nil {
				return err
			}
			out = append(out, a)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store.FindAttachments(%s %d): %w", ownerType, ownerID, err)
	}
	return out, nil
}

// FindAttachment returns one attachment by id.
func (tx *Tx) FindAttachment(ctx context.Context, id int64) (*zhongshu.Attachment, error) {
	a, err := scanAttachment(tx.queryRow(ctx, `SELECT `+attachmentColumns+` FROM attachments WHERE id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("store.FindAttachment(%d): %w", id, notFound(err, "附件"))
	}
	return a, nil
}

// PendingAttachmentTexts returns up to limit attachments whose text has not
// been extracted yet, oldest first.
func (tx *Tx) PendingAttachmentTexts(ctx context.Context, limit int) ([]*zhongshu.Attachment, error) {
	var out []*zhongshu.Attachment
	err := tx.each(ctx, `SELECT `+attachmentColumns+` FROM attachments WHERE text_state = 'pending' ORDER BY id LIMIT ?`,
		[]any{limit}, func(rows *sql.Rows) error {
			a, err := scanAttachment(rows)
			if err != nil {
				return err
			}
			out = append(out, a)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store.PendingAttachmentTexts: %w", err)
	}
	return out, nil
}

// SetAttachmentText records the outcome of extracting an attachment's text.
func (tx *Tx) SetAttachmentText(ctx context.Context, id int64, state zhongshu.TextState, text, why string) error {
	if _, err := tx.exec(ctx, `UPDATE attachments SET text_state = ?, body = ?, text_error = ? WHERE id = ?`,
		state, text, why, id); err != nil {
		return fmt.Errorf("store.SetAttachmentText(%d): %w", id, err)
	}
	return nil
}

// AttachmentTexts returns the extracted texts of an owner's attachments, in
// upload order.
func (tx *Tx) AttachmentTexts(ctx context.Context, ownerType string, ownerID int64) ([]string, error) {
	var out []string
	err := tx.each(ctx, `SELECT body FROM attachments WHERE owner_type = ? AND owner_id = ? AND text_state = 'done' ORDER BY id`,
		[]any{ownerType, ownerID}, func(rows *sql.Rows) error {
			var s string
			if err := rows.Scan(&s); err != nil {
				return err
			}
			out = append(out, s)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store.AttachmentTexts: %w", err)
	}
	return out, nil
}
