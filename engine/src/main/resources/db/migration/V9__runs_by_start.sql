-- Run lists, newest first, a page at a time: the console's runs list reads a page of these in index
-- order, per namespace or across all, whatever the table holds.
CREATE INDEX runs_by_start ON runs (started_at DESC, run_id DESC);
CREATE INDEX runs_by_namespace_start ON runs (namespace, started_at DESC, run_id DESC);
