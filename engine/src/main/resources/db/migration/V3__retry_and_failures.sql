-- Retry state of a step survives a crash: the attempt to make next, the error that caused it and
-- when it is due. A run killed during backoff resumes the same schedule with the same attempt
-- numbers (the http step's idempotency key depends on them).
ALTER TABLE step_progress
    ADD COLUMN last_error_code    text,
    ADD COLUMN last_error_message text,
    ADD COLUMN next_attempt_at    timestamptz;

-- One row per failed attempt (or failed checkpoint write), for `shadowflow failures` and alerts.
-- Unique per run, step, attempt and code, so a write repeated after a crash records nothing twice.
CREATE TABLE failures (
    id          bigserial   PRIMARY KEY,
    run_id      text        NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    step_path   text        NOT NULL,
    step_name   text        NOT NULL,
    attempt     integer     NOT NULL,
    code        text        NOT NULL,
    category    text        NOT NULL,
    recovery    text        NOT NULL,
    message     text        NOT NULL,
    injected    boolean     NOT NULL DEFAULT false,
    retry_at    timestamptz,
    occurred_at timestamptz NOT NULL,
    UNIQUE (run_id, step_path, attempt, code)
);

CREATE INDEX failures_by_time ON failures (occurred_at);
