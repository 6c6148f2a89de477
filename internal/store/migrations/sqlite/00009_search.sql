-- +goose Up
-- 检索 (issue 7): one index over every module's documents. search_docs holds
-- what a result shows and filters on; search_fts the token streams of
-- package search (bigrams and single characters, title and body apart);
-- search_numbers the normalised 发文字号/收文号 of each document; search_access
-- who may see it ('p:<person>', 'u:<unit>', 'r:<role>'), written by the module
-- from its own visibility rule in the same transaction as the change.
CREATE TABLE search_docs (
    id        INTEGER PRIMARY KEY,
    module    TEXT NOT NULL,
    ref_id    INTEGER NOT NULL,
    title     TEXT NOT NULL,
    numbers   TEXT NOT NULL DEFAULT '',
    body      TEXT NOT NULL DEFAULT '',
    norm      TEXT NOT NULL DEFAULT '',
    kind      TEXT NOT NULL DEFAULT '',
    party     TEXT NOT NULL DEFAULT '',
    status    TEXT NOT NULL DEFAULT '',
    urgency   INTEGER NOT NULL DEFAULT 0,
    at        TIMESTAMP NOT NULL,
    url       TEXT NOT NULL DEFAULT '',
    UNIQUE (module, ref_id)
);
CREATE INDEX search_docs_at ON search_docs (at);

CREATE VIRTUAL TABLE search_fts USING fts5(title_bi, title_uni, bi, uni, content='', contentless_delete=1,
    tokenize='unicode61 remove_diacritics 0');

CREATE TABLE search_numbers (
    key    TEXT NOT NULL,
    doc_id INTEGER NOT NULL REFERENCES search_docs (id) ON DELETE CASCADE,
    PRIMARY KEY (key, doc_id)
);
CREATE INDEX search_numbers_doc ON search_numbers (doc_id);

CREATE TABLE search_access (
    doc_id INTEGER NOT NULL REFERENCES search_docs (id) ON DELETE CASCADE,
    key    TEXT NOT NULL,
    PRIMARY KEY (doc_id, key)
);
CREATE INDEX search_access_key ON search_access (key, doc_id);

-- +goose Down
DROP TABLE search_access;
DROP TABLE search_numbers;
DROP TABLE search_fts;
DROP TABLE search_docs;
