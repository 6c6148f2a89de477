-- +goose Up
-- The 收文 list's 超期 filter (issue 4 benchmark, BENCHMARKS.md): the open
-- documents are a few percent of the register, so two partial indexes over
-- them alone serve the filter without visiting a closed one — the first
-- page newest first (no sort), and its total by due date. The predicate is
-- the one store.IncomingFilter writes for Overdue, word for word: a
-- planner uses a partial index only when the query repeats its condition.
CREATE INDEX incoming_docs_open ON incoming_docs (received_at DESC, id DESC, due_at)
    WHERE status NOT IN ('completed', 'archived', 'returned', 'voided');
CREATE INDEX incoming_docs_open_due ON incoming_docs (due_at, status)
    WHERE status NOT IN ('completed', 'archived', 'returned', 'voided');

-- +goose Down
DROP INDEX incoming_docs_open_due;
DROP INDEX incoming_docs_open;
