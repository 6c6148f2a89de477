-- +goose Up
-- 督查督办 (DOMAIN.md §5): the items, the units assigned to each (one 主办,
-- any number of 协办), their milestones, the timeline of what was done to
-- them, and the per-year 督办编号 sequence.

-- number is the 督办编号 (督〔2026〕37号); seq is its n, for ordering. Both
-- are allocated from supervision_numbers in the creating transaction.
CREATE TABLE supervision_items (
    id                    INTEGER PRIMARY KEY,
    year                  INTEGER NOT NULL,
    seq                   INTEGER NOT NULL,
    number                TEXT NOT NULL,
    title                 TEXT NOT NULL,
    source                TEXT NOT NULL CHECK (source IN ('decision', 'meeting', 'instruction', 'higher', 'npc_cppcc', 'hotline', 'work_plan', 'document', 'media', 'other')),
    source_ref            TEXT NOT NULL DEFAULT '',
    content               TEXT NOT NULL DEFAULT '',
    assigning_leader_id   INTEGER REFERENCES users (id),
    responsible_leader_id INTEGER REFERENCES users (id),
    supervisor_id         INTEGER NOT NULL REFERENCES users (id),
    status                TEXT NOT NULL CHECK (status IN ('draft', 'pending_approval', 'issued', 'in_progress', 'transfer_requested', 'extension_pending', 'under_review', 'leader_review', 'completed', 'closed', 'archived', 'suspended', 'cancelled')),
    status_before_suspend TEXT NOT NULL DEFAULT '' CHECK (status_before_suspend IN ('', 'issued', 'in_progress', 'transfer_requested', 'extension_pending', 'under_review', 'leader_review')),
    feedback_cycle        TEXT NOT NULL DEFAULT 'once' CHECK (feedback_cycle IN ('once', 'weekly', 'monthly', 'milestone')),
    due_at                TIMESTAMP,
    original_due_at       TIMESTAMP,
    requested_due_at      TIMESTAMP,
    returns               INTEGER NOT NULL DEFAULT 0 CHECK (returns >= 0),
    extensions            INTEGER NOT NULL DEFAULT 0 CHECK (extensions >= 0),
    created_at            TIMESTAMP NOT NULL,
    updated_at            TIMESTAMP NOT NULL,
    issued_at             TIMESTAMP,
    completed_at          TIMESTAMP,
    closed_at             TIMESTAMP,
    UNIQUE (year, number),
    UNIQUE (year, seq)
);
CREATE INDEX supervision_items_status ON supervision_items (status, due_at);
CREATE INDEX supervision_items_supervisor ON supervision_items (supervisor_id);
CREATE INDEX supervision_items_assigning ON supervision_items (assigning_leader_id);
CREATE INDEX supervision_items_responsible ON supervision_items (responsible_leader_id);

-- One row per unit an item is assigned to, in the order given.
CREATE TABLE supervision_assignments (
    item_id      INTEGER NOT NULL REFERENCES supervision_items (id) ON DELETE CASCADE,
    unit_id      INTEGER NOT NULL REFERENCES units (id),
    position     INTEGER NOT NULL DEFAULT 0,
    role         TEXT NOT NULL CHECK (role IN ('lead', 'co')),
    person_id    INTEGER REFERENCES users (id),
    signed_at    TIMESTAMP,
    objected_at  TIMESTAMP,
    co_input_at  TIMESTAMP,
    co_input_due TIMESTAMP,
    UNIQUE (item_id, unit_id)
);
-- Shared work, single owner: exactly one 主办 per item (§2.7).
CREATE UNIQUE INDEX supervision_assignments_lead ON supervision_assignments (item_id) WHERE role = 'lead';
CREATE INDEX supervision_assignments_unit ON supervision_assignments (unit_id, item_id);
CREATE INDEX supervision_assignments_person ON supervision_assignments (person_id);

CREATE TABLE supervision_milestones (
    id       INTEGER PRIMARY KEY,
    item_id  INTEGER NOT NULL REFERENCES supervision_items (id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    name     TEXT NOT NULL,
    due_at   TIMESTAMP NOT NULL,
    done_at  TIMESTAMP
);
CREATE INDEX supervision_milestones_item ON supervision_milestones (item_id, position);

-- The timeline of an item: every action, with the text it carried (reason,
-- progress, 协办意见, new 批示).
CREATE TABLE supervision_events (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES supervision_items (id) ON DELETE CASCADE,
    at          TIMESTAMP NOT NULL,
    actor_id    INTEGER NOT NULL DEFAULT 0,
    actor_name  TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX supervision_events_item ON supervision_events (item_id, id);

-- The last 督办编号 given out in each year; bumped in the creating
-- transaction, so numbers have neither gaps nor duplicates.
CREATE TABLE supervision_numbers (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

-- +goose Down
DROP TABLE supervision_numbers;
DROP TABLE supervision_events;
DROP TABLE supervision_milestones;
DROP TABLE supervision_assignments;
DROP TABLE supervision_items;
