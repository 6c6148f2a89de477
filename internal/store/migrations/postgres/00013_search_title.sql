-- +goose Up
-- 检索: the title's own token streams with their own GIN indexes, so that the
-- title pass reads only title postings. GIN cannot check the weight A of the
-- combined vectors: a title phrase matched every document containing its
-- bigrams anywhere and rechecked each TOASTed vector (2.8 s at 1 M,
-- BENCHMARKS.md). Derived from the existing vectors, no re-indexing.
ALTER TABLE search_docs ADD COLUMN tbi TSVECTOR NOT NULL DEFAULT ''::tsvector;
ALTER TABLE search_docs ADD COLUMN tuni TSVECTOR NOT NULL DEFAULT ''::tsvector;
UPDATE search_docs SET tbi = ts_filter(bi, '{a}'), tuni = ts_filter(uni, '{a}');
CREATE INDEX search_docs_tbi ON search_docs USING GIN (tbi);
CREATE INDEX search_docs_tuni ON search_docs USING GIN (tuni);

-- +goose Down
DROP INDEX search_docs_tuni;
DROP INDEX search_docs_tbi;
ALTER TABLE search_docs DROP COLUMN tuni;
ALTER TABLE search_docs DROP COLUMN tbi;
