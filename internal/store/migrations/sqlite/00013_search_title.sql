-- +goose Up
-- 检索: on PostgreSQL the title's token streams get their own columns and
-- GIN indexes (see postgres/00013). SQLite's FTS5 table already keeps the
-- title in its own columns (title_bi, title_uni); nothing changes here.
SELECT 1;

-- +goose Down
SELECT 1;
