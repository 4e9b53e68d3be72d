-- Run ownership with fencing. A process owns a run while it holds a session advisory lock keyed on
-- the run, taken when it opens the run; opening also bumps owner_epoch, and every checkpoint and
-- the run's end apply only while owner_epoch still holds the epoch the writer opened with and the
-- run is RUNNING. A process whose ownership went stale (its lock was lost and another process
-- opened the run) thus has every later write refused by the database.
ALTER TABLE runs ADD COLUMN owner_epoch bigint NOT NULL DEFAULT 0;
