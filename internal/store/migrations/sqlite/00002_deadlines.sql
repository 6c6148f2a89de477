-- +goose Up
-- The deadline engine, the 压/误/漏 ledger, notification delivery, the
-- working-day calendar overrides and the record of background jobs.

-- What the sweep needs on each work item: the escalation reached, whether
-- 压 was raised, the owner's last action, and when to look next.
ALTER TABLE work_items ADD COLUMN provisional BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE work_items ADD COLUMN level INTEGER NOT NULL DEFAULT 0;
ALTER TABLE work_items ADD COLUMN held BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE work_items ADD COLUMN acted_at TIMESTAMP;
ALTER TABLE work_items ADD COLUMN next_check_at TIMESTAMP;
CREATE INDEX work_items_check ON work_items (next_check_at) WHERE done = FALSE AND next_check_at IS NOT NULL;

-- One row per reminder sent: the unique key makes every reminder fire once,
-- however often or on however many instances the sweep runs.
CREATE TABLE reminders (
    id           INTEGER PRIMARY KEY,
    work_item_id INTEGER NOT NULL REFERENCES work_items (id),
    kind         TEXT NOT NULL CHECK (kind IN ('due_soon', 'due', 'overdue', 'overnight', 'held')),
    level        INTEGER NOT NULL,
    recipient_id INTEGER NOT NULL REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL,
    UNIQUE (work_item_id, kind, recipient_id)
);

-- The 压/误/漏 ledger. A flag stays until its cause is gone.
CREATE TABLE flags (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('held', 'late', 'overnight', 'missed')),
    module       TEXT NOT NULL,
    ref_type     TEXT NOT NULL,
    ref_id       INTEGER NOT NULL,
    work_item_id INTEGER REFERENCES work_items (id),
    title        TEXT NOT NULL,
    url          TEXT NOT NULL DEFAULT '',
    owner_id     INTEGER REFERENCES users (id),
    unit_id      INTEGER REFERENCES units (id),
    detail       TEXT NOT NULL DEFAULT '',
    due_at       TIMESTAMP,
    raised_at    TIMESTAMP NOT NULL,
    cleared_at   TIMESTAMP,
    cleared_why  TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX flags_open ON flags (module, ref_type, ref_id, kind, COALESCE(owner_id, 0)) WHERE cleared_at IS NULL;
CREATE INDEX flags_open_owner ON flags (owner_id) WHERE cleared_at IS NULL;
CREATE INDEX flags_open_unit ON flags (unit_id) WHERE cleared_at IS NULL;
CREATE INDEX flags_item ON flags (work_item_id) WHERE cleared_at IS NULL;

-- The outbox row is the in-app notice; it is read when opened. Other
-- channels are deliveries, retried with backoff.
ALTER TABLE outbox ADD COLUMN urgent BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE outbox ADD COLUMN read_at TIMESTAMP;
CREATE INDEX outbox_unread ON outbox (recipient_id) WHERE read_at IS NULL;

CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY,
    outbox_id       INTEGER NOT NULL REFERENCES outbox (id),
    channel         TEXT NOT NULL CHECK (channel IN ('email', 'im')),
    target          TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP,
    UNIQUE (outbox_id, channel, target)
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';

-- Which kinds of notice a person also wants by e-mail or IM robot
-- (comma-separated kinds: deadline, digest, other). In-app is always on.
CREATE TABLE notify_prefs (
    user_id     INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    email_kinds TEXT NOT NULL DEFAULT '',
    im_kinds    TEXT NOT NULL DEFAULT ''
);

-- Government IM robots (钉钉, 企业微信, generic webhook), per unit or person.
CREATE TABLE robots (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER REFERENCES units (id),
    user_id    INTEGER REFERENCES users (id),
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('dingtalk', 'wecom', 'webhook')),
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    CHECK ((unit_id IS NULL) <> (user_id IS NULL))
);
CREATE INDEX robots_unit ON robots (unit_id);
CREATE INDEX robots_user ON robots (user_id);

-- One digest per person per working day.
CREATE TABLE digests (
    user_id INTEGER NOT NULL REFERENCES users (id),
    day     TEXT NOT NULL,
    sent_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, day)
);

-- An administrator's holiday notice for a year; it overrides the built-in data.
CREATE TABLE calendar_years (
    year      INTEGER PRIMARY KEY,
    notice    TEXT NOT NULL,
    source    TEXT NOT NULL DEFAULT '',
    loaded_by TEXT NOT NULL DEFAULT '',
    loaded_at TIMESTAMP NOT NULL
);

-- The last run of each background job, for the admin page.
CREATE TABLE jobs (
    name             TEXT PRIMARY KEY,
    runs             INTEGER NOT NULL DEFAULT 0,
    failures         INTEGER NOT NULL DEFAULT 0,
    last_started_at  TIMESTAMP,
    last_finished_at TIMESTAMP,
    last_ok          BOOLEAN NOT NULL DEFAULT TRUE,
    last_detail      TEXT NOT NULL DEFAULT ''
);

-- +goose Down
DROP TABLE jobs;
DROP TABLE calendar_years;
DROP TABLE digests;
DROP TABLE robots;
DROP TABLE notify_prefs;
DROP TABLE deliveries;
DROP INDEX outbox_unread;
ALTER TABLE outbox DROP COLUMN read_at;
ALTER TABLE outbox DROP COLUMN urgent;
DROP TABLE flags;
DROP TABLE reminders;
DROP INDEX work_items_check;
ALTER TABLE work_items DROP COLUMN next_check_at;
ALTER TABLE work_items DROP COLUMN acted_at;
ALTER TABLE work_items DROP COLUMN held;
ALTER TABLE work_items DROP COLUMN level;
ALTER TABLE work_items DROP COLUMN provisional;
