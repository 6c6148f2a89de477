-- +goose Up
-- 检索: SQLite gets a title-only full-text table (see sqlite/00014);
-- PostgreSQL has had the title's own vectors since 00013. Nothing changes here.
SELECT 1;

-- +goose Down
SELECT 1;
