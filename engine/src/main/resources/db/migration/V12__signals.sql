-- Signals delivered to runs (kind: wait steps): one per run and name, written once, never
-- replaced, so a second delivery changes nothing. delivered_by names the delivery (a Signal
-- resource's uid, a CLI invocation): the same delivery repeated after a crash is recognised as
-- done, not refused. A waiting step reads its signal here; rows leave with their run.
CREATE TABLE signals (
    run_id       text        NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    name         text        NOT NULL,
    payload      text        NOT NULL,
    delivered_by text        NOT NULL,
    delivered_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (run_id, name)
);
