-- +goose Up
-- The 督办 statistics of a period read only the items it can count: those
-- still open, those 办结 since the period began, and those due in it — each
-- set found through its own index instead of scanning every item.
CREATE INDEX supervision_items_open ON supervision_items (issued_at) WHERE completed_at IS NULL;
CREATE INDEX supervision_items_completed ON supervision_items (completed_at) WHERE completed_at IS NOT NULL;
CREATE INDEX supervision_items_due ON supervision_items (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX supervision_items_original_due ON supervision_items (original_due_at) WHERE original_due_at IS NOT NULL;

-- +goose Down
DROP INDEX supervision_items_original_due;
DROP INDEX supervision_items_due;
DROP INDEX supervision_items_completed;
DROP INDEX supervision_items_open;
