-- +goose Up
-- The 督办台账 of a leader (the benchmark's `ledger`, BENCHMARKS.md): a county
-- leader is the 交办 or 分管 leader of a large share of all items, and
-- store.SupervisionFilter builds their visible set from these two indexes
-- with the list's own conditions repeated; with the status and due date in
-- the index, the 超期 or 办理中 items among them are read without visiting
-- the others. They replace the single-column indexes of migration 00004,
-- whose lookups they serve as well. (IF [NOT] EXISTS: running it again
-- changes nothing, as the upgrade test of migration 00014 does.)
CREATE INDEX IF NOT EXISTS supervision_items_assigning_status ON supervision_items (assigning_leader_id, status, due_at);
CREATE INDEX IF NOT EXISTS supervision_items_responsible_status ON supervision_items (responsible_leader_id, status, due_at);
DROP INDEX IF EXISTS supervision_items_assigning;
DROP INDEX IF EXISTS supervision_items_responsible;

-- +goose Down
CREATE INDEX supervision_items_assigning ON supervision_items (assigning_leader_id);
CREATE INDEX supervision_items_responsible ON supervision_items (responsible_leader_id);
DROP INDEX supervision_items_responsible_status;
DROP INDEX supervision_items_assigning_status;
