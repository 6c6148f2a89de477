-- +goose Up
-- The 督办台账 filtered by status, in number order, read from one index
-- instead of sorting every item of that status.
CREATE INDEX supervision_items_status_order ON supervision_items (status, year DESC, seq DESC);

-- +goose Down
DROP INDEX supervision_items_status_order;
