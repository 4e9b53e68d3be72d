-- After a migrate that applied something: tenant rights and row-level security on every table (see
-- V8). Not after every migrate: ALTER TABLE takes a table's strongest lock, so a process that only
-- checks a current schema (an engine starting beside a running one) must change nothing in it.
-- Processes that migrate at once (two CLIs, an operator and a CLI) would grant at once, and
-- PostgreSQL refuses concurrent changes of one object's rights: they take turns, in this schema.
SELECT pg_advisory_xact_lock(hashtextextended('grant_tenant_access/' || current_schema(), 0));
SELECT grant_tenant_access();
