-- +goose Up
-- Open 待办/待阅 counts per person, kept with every registration and
-- closure, so that the 工作台's tab counts cost one row read, not a count of
-- the person's whole list.
CREATE TABLE work_counts (
    owner_id INTEGER NOT NULL REFERENCES users (id),
    kind     TEXT NOT NULL CHECK (kind IN ('todo', 'toread')),
    n_open   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (owner_id, kind)
);
INSERT INTO work_counts (owner_id, kind, n_open)
    SELECT owner_id, kind, COUNT(*) FROM work_items WHERE done = FALSE GROUP BY owner_id, kind;

-- +goose Down
DROP TABLE work_counts;
