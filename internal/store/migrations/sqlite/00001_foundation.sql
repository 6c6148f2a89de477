-- +goose Up
-- Organisation, accounts, sessions, work items, audit log and outbox.
-- Timestamps are UTC; SQLite stores them as text in one sortable format.

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    username             TEXT NOT NULL UNIQUE,
    name                 TEXT NOT NULL,
    phone                TEXT NOT NULL DEFAULT '',
    email                TEXT NOT NULL DEFAULT '',
    status               TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    ab_partner_id        INTEGER REFERENCES users (id) ON DELETE SET NULL,
    password_hash        TEXT NOT NULL DEFAULT '',
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    password_changed_at  TIMESTAMP,
    failed_logins        INTEGER NOT NULL DEFAULT 0,
    locked_until         TIMESTAMP,
    totp_secret          TEXT NOT NULL DEFAULT '',
    totp_enabled         BOOLEAN NOT NULL DEFAULT FALSE,
    totp_last_step       INTEGER NOT NULL DEFAULT 0,
    is_demo              BOOLEAN NOT NULL DEFAULT FALSE,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);

CREATE TABLE units (
    id                     INTEGER PRIMARY KEY,
    parent_id              INTEGER REFERENCES units (id),
    type                   TEXT NOT NULL CHECK (type IN ('county_gov', 'gov_office', 'section', 'peer_office', 'department', 'town', 'higher_organ', 'other')),
    full_name              TEXT NOT NULL UNIQUE,
    short_name             TEXT NOT NULL DEFAULT '',
    doc_code               TEXT NOT NULL DEFAULT '',
    is_external            BOOLEAN NOT NULL DEFAULT FALSE,
    sort_order             INTEGER NOT NULL DEFAULT 0,
    active                 BOOLEAN NOT NULL DEFAULT TRUE,
    liaison_id             INTEGER REFERENCES users (id) ON DELETE SET NULL,
    info_officer_id        INTEGER REFERENCES users (id) ON DELETE SET NULL,
    supervision_liaison_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    info_category          TEXT NOT NULL DEFAULT '',
    created_at             TIMESTAMP NOT NULL,
    updated_at             TIMESTAMP NOT NULL
);
CREATE INDEX units_parent ON units (parent_id);

CREATE TABLE posts (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    unit_id    INTEGER NOT NULL REFERENCES units (id),
    title      TEXT NOT NULL DEFAULT '',
    is_primary BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (user_id, unit_id)
);
CREATE INDEX posts_unit ON posts (unit_id);

CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role    TEXT NOT NULL CHECK (role IN ('county_head', 'exec_deputy_head', 'deputy_head', 'office_director', 'office_deputy', 'section_chief', 'clerk', 'registrar', 'supervisor', 'info_editor', 'unit_liaison', 'info_officer', 'duty_officer', 'sys_admin', 'sec_admin', 'audit_admin')),
    PRIMARY KEY (user_id, role)
);
CREATE INDEX user_roles_role ON user_roles (role);

CREATE TABLE password_history (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    hash       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX password_history_user ON password_history (user_id, created_at);

CREATE TABLE delegations (
    id           INTEGER PRIMARY KEY,
    from_user_id INTEGER NOT NULL REFERENCES users (id),
    to_user_id   INTEGER NOT NULL REFERENCES users (id),
    starts_at    TIMESTAMP NOT NULL,
    ends_at      TIMESTAMP NOT NULL,
    reason       TEXT NOT NULL,
    created_by   INTEGER REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL,
    revoked_at   TIMESTAMP,
    revoked_by   INTEGER REFERENCES users (id),
    CHECK (from_user_id <> to_user_id),
    CHECK (ends_at > starts_at)
);
CREATE INDEX delegations_to ON delegations (to_user_id, ends_at);
CREATE INDEX delegations_from ON delegations (from_user_id, ends_at);

CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    stage        TEXT NOT NULL CHECK (stage IN ('full', 'totp', 'enrol_totp', 'change_password')),
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    client_ip    TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    expires_at   TIMESTAMP,
    revoked_at   TIMESTAMP
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- One row per item in a person's 待办/待阅. due_at holds 9999-12-31 when the
-- item has no deadline so that one index serves "urgency, then deadline".
CREATE TABLE work_items (
    id         INTEGER PRIMARY KEY,
    owner_id   INTEGER NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL CHECK (kind IN ('todo', 'toread')),
    module     TEXT NOT NULL,
    ref_type   TEXT NOT NULL,
    ref_id     INTEGER NOT NULL,
    title      TEXT NOT NULL,
    step       TEXT NOT NULL DEFAULT '',
    urgency    INTEGER NOT NULL DEFAULT 0,
    due_at     TIMESTAMP NOT NULL,
    url        TEXT NOT NULL DEFAULT '',
    done       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    done_at    TIMESTAMP
);
CREATE INDEX work_items_owner ON work_items (owner_id, done, kind, urgency DESC, due_at, id);
CREATE UNIQUE INDEX work_items_open ON work_items (module, ref_type, ref_id, owner_id, kind) WHERE done = FALSE;

-- The audit log is append-only: seq is assigned from audit_head, and each
-- hash covers the entry and the previous hash (SM3).
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          TIMESTAMP NOT NULL,
    actor_id    INTEGER NOT NULL DEFAULT 0,
    actor_name  TEXT NOT NULL DEFAULT '',
    actor_unit  TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL DEFAULT '',
    object_id   TEXT NOT NULL DEFAULT '',
    from_state  TEXT NOT NULL DEFAULT '',
    to_state    TEXT NOT NULL DEFAULT '',
    success     BOOLEAN NOT NULL,
    client_ip   TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_log_actor ON audit_log (actor_id, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd

-- Notifications written in the same transaction as the change, delivered
-- after commit by the notification worker.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    created_at      TIMESTAMP NOT NULL,
    channel         TEXT NOT NULL DEFAULT 'inapp',
    recipient_id    INTEGER NOT NULL REFERENCES users (id),
    kind            TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL DEFAULT '',
    url             TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP,
    last_error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_pending ON outbox (status, next_attempt_at);
CREATE INDEX outbox_recipient ON outbox (recipient_id, id);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- +goose Down
DROP TABLE settings;
DROP TABLE outbox;
DROP TABLE audit_head;
DROP TABLE audit_log;
DROP TABLE work_items;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE delegations;
DROP TABLE password_history;
DROP TABLE user_roles;
DROP TABLE posts;
DROP TABLE units;
DROP TABLE users;
