-- +goose Up
-- 检索: the title's token streams in a full-text table of their own, so that
-- the title pass walks only titles' postings. With the title as two columns
-- of search_fts, a column filter read every posting of a common term (the
-- body's too) to find the rare title matches: 318/407 ms p50/p95 for two
-- terms at 1 M documents. Existing entries are filled from search_docs by
-- store.Migrate (tokenising is Go code).
CREATE VIRTUAL TABLE search_title_fts USING fts5(bi, uni, content='', contentless_delete=1,
    tokenize='unicode61 remove_diacritics 0');

-- +goose Down
DROP TABLE search_title_fts;
