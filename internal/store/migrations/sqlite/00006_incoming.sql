-- +goose Up
-- 收文 (DOMAIN.md §3.5): the register, the 呈批 chain, the 传阅 list, the
-- units handling each 办件, who may see each document, its timeline, the
-- per-year 收文号 sequence with its voided numbers, and attachments.

-- number (收〔2026〕0123) and seq are NULL until the document is registered;
-- both come from incoming_numbers in the registering transaction.
CREATE TABLE incoming_docs (
    id                  INTEGER PRIMARY KEY,
    year                INTEGER,
    seq                 INTEGER,
    number              TEXT UNIQUE,
    received_at         TIMESTAMP NOT NULL,
    sender_unit_id      INTEGER REFERENCES units (id),
    sender_name         TEXT NOT NULL,
    sender_number       TEXT NOT NULL DEFAULT '',
    kind                TEXT NOT NULL,
    title               TEXT NOT NULL,
    secrecy             TEXT NOT NULL DEFAULT 'none' CHECK (secrecy = 'none'),
    urgency             INTEGER NOT NULL DEFAULT 0 CHECK (urgency BETWEEN 0 AND 2),
    copies              INTEGER NOT NULL DEFAULT 1 CHECK (copies BETWEEN 1 AND 9999),
    channel             TEXT NOT NULL,
    handling            TEXT NOT NULL CHECK (handling IN ('read', 'action')),
    disclosure          TEXT NOT NULL DEFAULT '',
    internal_mark       TEXT NOT NULL DEFAULT '',
    summary             TEXT NOT NULL DEFAULT '',
    due_at              TIMESTAMP,
    status              TEXT NOT NULL CHECK (status IN ('received', 'signed', 'registered', 'returned', 'circulating', 'proposed', 'awaiting_instruction', 'assigned', 'in_progress', 'replied', 'completed', 'archived', 'voided')),
    signed_by           INTEGER REFERENCES users (id),
    signed_at           TIMESTAMP,
    registered_by       INTEGER REFERENCES users (id),
    registered_at       TIMESTAMP,
    proposer_id         INTEGER REFERENCES users (id),
    proposal            TEXT NOT NULL DEFAULT '',
    proposed_at         TIMESTAMP,
    instruct_in_order   BOOLEAN NOT NULL DEFAULT FALSE,
    read_in_order       BOOLEAN NOT NULL DEFAULT FALSE,
    assigned_by         INTEGER REFERENCES users (id),
    assigned_at         TIMESTAMP,
    declines            INTEGER NOT NULL DEFAULT 0,
    result              TEXT NOT NULL DEFAULT '',
    result_at           TIMESTAMP,
    reply_number        TEXT NOT NULL DEFAULT '',
    completed_at        TIMESTAMP,
    archive_number      TEXT NOT NULL DEFAULT '',
    archived_at         TIMESTAMP,
    end_reason          TEXT NOT NULL DEFAULT '',
    supervision_item_id INTEGER REFERENCES supervision_items (id),
    attachments         INTEGER NOT NULL DEFAULT 0,
    created_by          INTEGER NOT NULL REFERENCES users (id),
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    UNIQUE (year, seq)
);
CREATE INDEX incoming_docs_received ON incoming_docs (received_at DESC, id DESC);
CREATE INDEX incoming_docs_status ON incoming_docs (status, received_at DESC, id DESC);
CREATE INDEX incoming_docs_sender ON incoming_docs (sender_name, received_at DESC);
CREATE INDEX incoming_docs_sender_number ON incoming_docs (sender_number);
CREATE INDEX incoming_docs_due ON incoming_docs (due_at) WHERE due_at IS NOT NULL;

CREATE TABLE incoming_instructions (
    doc_id    INTEGER NOT NULL REFERENCES incoming_docs (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    leader_id INTEGER NOT NULL REFERENCES users (id),
    sent_at   TIMESTAMP,
    text      TEXT NOT NULL DEFAULT '',
    by_id     INTEGER REFERENCES users (id),
    at        TIMESTAMP,
    PRIMARY KEY (doc_id, position)
);

CREATE TABLE incoming_readers (
    doc_id      INTEGER NOT NULL REFERENCES incoming_docs (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    person_id   INTEGER NOT NULL REFERENCES users (id),
    sent_at     TIMESTAMP,
    opened_at   TIMESTAMP,
    finished_at TIMESTAMP,
    text        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (doc_id, position)
);

CREATE TABLE incoming_assignments (
    doc_id    INTEGER NOT NULL REFERENCES incoming_docs (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    unit_id   INTEGER NOT NULL REFERENCES units (id),
    role      TEXT NOT NULL CHECK (role IN ('lead', 'co')),
    person_id INTEGER REFERENCES users (id),
    due_at    TIMESTAMP,
    signed_at TIMESTAMP,
    input_at  TIMESTAMP,
    PRIMARY KEY (doc_id, position),
    UNIQUE (doc_id, unit_id)
);
-- One 主办 per document (§2.7).
CREATE UNIQUE INDEX incoming_assignments_lead ON incoming_assignments (doc_id) WHERE role = 'lead';
CREATE INDEX incoming_assignments_unit ON incoming_assignments (unit_id, doc_id);

-- Everyone a document was ever routed to (people: kind 'p'; units: 'u'):
-- besides the 文电科 and the office leadership, only they may see it
-- (§2.8). Rows are only ever added, so a unit that declined still sees
-- what it once held.
CREATE TABLE incoming_parties (
    kind     TEXT NOT NULL CHECK (kind IN ('p', 'u')),
    party_id INTEGER NOT NULL,
    doc_id   INTEGER NOT NULL REFERENCES incoming_docs (id) ON DELETE CASCADE,
    PRIMARY KEY (kind, party_id, doc_id)
);
CREATE INDEX incoming_parties_doc ON incoming_parties (doc_id);

CREATE TABLE incoming_events (
    id          INTEGER PRIMARY KEY,
    doc_id      INTEGER NOT NULL REFERENCES incoming_docs (id) ON DELETE CASCADE,
    at          TIMESTAMP NOT NULL,
    actor_id    INTEGER NOT NULL DEFAULT 0,
    actor_name  TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX incoming_events_doc ON incoming_events (doc_id, id);

CREATE TABLE incoming_numbers (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

-- 作废号: numbers given to registrations voided later; never given again.
CREATE TABLE incoming_voided_numbers (
    year      INTEGER NOT NULL,
    seq       INTEGER NOT NULL,
    number    TEXT NOT NULL,
    doc_id    INTEGER NOT NULL REFERENCES incoming_docs (id),
    reason    TEXT NOT NULL,
    voided_by INTEGER NOT NULL REFERENCES users (id),
    voided_at TIMESTAMP NOT NULL,
    PRIMARY KEY (year, seq)
);

-- Files kept with documents; contents in the blob store under digest.
CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    owner_type   TEXT NOT NULL,
    owner_id     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL DEFAULT '',
    size         INTEGER NOT NULL,
    digest       TEXT NOT NULL,
    uploaded_by  INTEGER NOT NULL REFERENCES users (id),
    uploaded_at  TIMESTAMP NOT NULL
);
CREATE INDEX attachments_owner ON attachments (owner_type, owner_id, id);

-- The 收文 a 督办 item was made from (both ways: incoming_docs.supervision_item_id).
ALTER TABLE supervision_items ADD COLUMN incoming_id INTEGER REFERENCES incoming_docs (id);

-- +goose Down
ALTER TABLE supervision_items DROP COLUMN incoming_id;
DROP TABLE attachments;
DROP TABLE incoming_voided_numbers;
DROP TABLE incoming_numbers;
DROP TABLE incoming_events;
DROP TABLE incoming_parties;
DROP TABLE incoming_assignments;
DROP TABLE incoming_readers;
DROP TABLE incoming_instructions;
DROP TABLE incoming_docs;
