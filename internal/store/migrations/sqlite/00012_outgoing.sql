-- +goose Up
-- 发文 (DOMAIN.md §3.4, §3.6, §3.9): the drafts and issued documents, their
-- versions (痕迹保留), who may see each, the timeline, the 发文字号 sequences
-- per 机关代字 per year with voided numbers, delivery to units inside Zhongshu
-- with their 签收回执, and the SM2 signing keys of issuing units.

-- parts holds the structured record as JSON: issuers, 主送/抄送, 附件说明,
-- 会签, the 审核 checklist, the 签发 chain and any 撤销/废止. Columns are what
-- lists filter and sort on.
CREATE TABLE outgoing_docs (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,
    format          TEXT NOT NULL,
    direction       TEXT NOT NULL CHECK (direction IN ('up', 'parallel', 'down')),
    lead_unit_id    INTEGER REFERENCES units (id),
    series          TEXT NOT NULL DEFAULT '',
    year            INTEGER,
    seq             INTEGER,
    number          TEXT UNIQUE,
    title           TEXT NOT NULL,
    body            TEXT NOT NULL DEFAULT '',
    secrecy         TEXT NOT NULL DEFAULT 'none' CHECK (secrecy = 'none'),
    urgency         INTEGER NOT NULL DEFAULT 0 CHECK (urgency BETWEEN 0 AND 2),
    disclosure      TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('drafting', 'unit_check', 'countersign', 'office_review', 'deliberation', 'signing', 'recheck', 'registered', 'producing', 'dispatched', 'published', 'archived', 'revoked', 'abolished', 'withdrawn')),
    version         INTEGER NOT NULL DEFAULT 1,
    drafter_id      INTEGER NOT NULL REFERENCES users (id),
    draft_unit_id   INTEGER REFERENCES units (id),
    checker_id      INTEGER REFERENCES users (id),
    reviewer_id     INTEGER REFERENCES users (id),
    recheck_by      INTEGER REFERENCES users (id),
    registered_by   INTEGER REFERENCES users (id),
    registered_at   TIMESTAMP,
    written_at      TIMESTAMP,
    rendition_id    INTEGER,
    rendition_sm3   TEXT NOT NULL DEFAULT '',
    envelope        TEXT NOT NULL DEFAULT '',
    dispatched_by   INTEGER REFERENCES users (id),
    dispatched_at   TIMESTAMP,
    archive_number  TEXT NOT NULL DEFAULT '',
    archived_at     TIMESTAMP,
    reply_to        INTEGER REFERENCES incoming_docs (id),
    parts           TEXT NOT NULL DEFAULT '{}',
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (series, year, seq)
);
CREATE INDEX outgoing_docs_updated ON outgoing_docs (updated_at DESC, id DESC);
CREATE INDEX outgoing_docs_status ON outgoing_docs (status, updated_at DESC, id DESC);
CREATE INDEX outgoing_docs_lead ON outgoing_docs (lead_unit_id, updated_at DESC);
CREATE INDEX outgoing_docs_drafter ON outgoing_docs (drafter_id, updated_at DESC);

CREATE TABLE outgoing_versions (
    doc_id  INTEGER NOT NULL REFERENCES outgoing_docs (id) ON DELETE CASCADE,
    no      INTEGER NOT NULL,
    by_id   INTEGER NOT NULL REFERENCES users (id),
    at      TIMESTAMP NOT NULL,
    status  TEXT NOT NULL,
    title   TEXT NOT NULL,
    main_to TEXT NOT NULL DEFAULT '',
    cc      TEXT NOT NULL DEFAULT '',
    body    TEXT NOT NULL DEFAULT '',
    notes   TEXT NOT NULL DEFAULT '',
    reason  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (doc_id, no)
);

-- Everyone a draft was ever routed to (people 'p', units 'u'): besides the
-- 文电科 and the office leadership, only they see it until it is issued;
-- recipients see the issued document through their 收文.
CREATE TABLE outgoing_parties (
    kind     TEXT NOT NULL CHECK (kind IN ('p', 'u')),
    party_id INTEGER NOT NULL,
    doc_id   INTEGER NOT NULL REFERENCES outgoing_docs (id) ON DELETE CASCADE,
    PRIMARY KEY (kind, party_id, doc_id)
);
CREATE INDEX outgoing_parties_doc ON outgoing_parties (doc_id);

CREATE TABLE outgoing_events (
    id          INTEGER PRIMARY KEY,
    doc_id      INTEGER NOT NULL REFERENCES outgoing_docs (id) ON DELETE CASCADE,
    at          TIMESTAMP NOT NULL,
    actor_id    INTEGER NOT NULL DEFAULT 0,
    actor_name  TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outgoing_events_doc ON outgoing_events (doc_id, id);

-- One sequence per 机关代字 per year (§2.2); 令号 run on across years (year 0).
CREATE TABLE outgoing_numbers (
    series TEXT NOT NULL,
    year   INTEGER NOT NULL,
    last   INTEGER NOT NULL,
    PRIMARY KEY (series, year)
);

CREATE TABLE outgoing_voided_numbers (
    series    TEXT NOT NULL,
    year      INTEGER NOT NULL,
    seq       INTEGER NOT NULL,
    number    TEXT NOT NULL,
    doc_id    INTEGER NOT NULL REFERENCES outgoing_docs (id),
    reason    TEXT NOT NULL,
    voided_by INTEGER NOT NULL REFERENCES users (id),
    voided_at TIMESTAMP NOT NULL,
    PRIMARY KEY (series, year, seq)
);

-- Delivery inside Zhongshu: one 收文 per recipient unit and its 签收回执.
CREATE TABLE outgoing_deliveries (
    doc_id      INTEGER NOT NULL REFERENCES outgoing_docs (id) ON DELETE CASCADE,
    unit_id     INTEGER NOT NULL REFERENCES units (id),
    incoming_id INTEGER NOT NULL REFERENCES incoming_docs (id),
    sent_at     TIMESTAMP NOT NULL,
    signed_by   INTEGER REFERENCES users (id),
    signed_at   TIMESTAMP,
    PRIMARY KEY (doc_id, unit_id)
);
CREATE UNIQUE INDEX outgoing_deliveries_incoming ON outgoing_deliveries (incoming_id);
CREATE INDEX outgoing_deliveries_unsigned ON outgoing_deliveries (sent_at) WHERE signed_at IS NULL;

-- The unit a 收文 was addressed to when it came from inside Zhongshu.
ALTER TABLE incoming_docs ADD COLUMN recipient_unit_id INTEGER REFERENCES units (id);

-- SM2 signing keys of issuing units; the private key sealed with SM4-GCM
-- under the key-encryption key kept outside the database.
CREATE TABLE signing_keys (
    unit_id     INTEGER PRIMARY KEY REFERENCES units (id),
    key_id      TEXT NOT NULL UNIQUE,
    public_pem  TEXT NOT NULL,
    private_pem TEXT NOT NULL,
    created_by  INTEGER REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE signing_keys;
ALTER TABLE incoming_docs DROP COLUMN recipient_unit_id;
DROP TABLE outgoing_deliveries;
DROP TABLE outgoing_voided_numbers;
DROP TABLE outgoing_numbers;
DROP TABLE outgoing_events;
DROP TABLE outgoing_parties;
DROP TABLE outgoing_versions;
DROP TABLE outgoing_docs;
