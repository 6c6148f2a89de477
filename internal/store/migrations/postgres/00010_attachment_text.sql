-- +goose Up
-- The text of each attachment, extracted in the background for the search
-- index (issue 7): pending until the job reads it; done, unsupported
-- (a format without text, e.g. images) or failed (with the reason shown).
ALTER TABLE attachments ADD COLUMN text_state TEXT NOT NULL DEFAULT 'pending';
ALTER TABLE attachments ADD COLUMN text_error TEXT NOT NULL DEFAULT '';
ALTER TABLE attachments ADD COLUMN body TEXT NOT NULL DEFAULT '';
CREATE INDEX attachments_pending ON attachments (id) WHERE text_state = 'pending';

-- +goose Down
DROP INDEX attachments_pending;
ALTER TABLE attachments DROP COLUMN body;
ALTER TABLE attachments DROP COLUMN text_error;
ALTER TABLE attachments DROP COLUMN text_state;
