-- Runs and their append-only step log: the checkpoints of the engine.

CREATE TABLE runs (
    run_id             text        PRIMARY KEY,
    namespace          text        NOT NULL,
    name               text        NOT NULL,
    workflow_type      text        NOT NULL,
    seed               bigint      NOT NULL,
    definition_hash    char(64)    NOT NULL,
    definition         jsonb       NOT NULL,
    step_count         integer     NOT NULL,
    status             text        NOT NULL DEFAULT 'RUNNING'
                                   CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
    completed_steps    integer     NOT NULL DEFAULT 0,
    last_step_path     text,
    last_step_name     text,
    last_checkpoint_at timestamptz,
    workflow_hash      char(64),
    error_code         text,
    error_message      text,
    failed_step        text,
    started_at         timestamptz NOT NULL,
    finished_at        timestamptz,
    updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX runs_by_workflow ON runs (namespace, name, started_at DESC);

-- Input and output are kept as canonical JSON text, byte for byte: jsonb would reformat numbers.
CREATE TABLE step_log (
    run_id       text        NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    seq          integer     NOT NULL,
    step_path    text        NOT NULL,
    step_name    text        NOT NULL,
    kind         text        NOT NULL,
    input        text        NOT NULL,
    output       text        NOT NULL,
    step_hash    char(64)    NOT NULL,
    duration_ms  bigint      NOT NULL,
    attempts     integer     NOT NULL,
    committed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (run_id, seq),
    UNIQUE (run_id, step_path)
);

-- Nothing committed is ever rewritten; rows leave only with their run (retention).
CREATE FUNCTION step_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'step_log is append-only: run % step % cannot be updated', OLD.run_id, OLD.step_path;
END;
$$;

CREATE TRIGGER step_log_append_only BEFORE UPDATE ON step_log
    FOR EACH ROW EXECUTE FUNCTION step_log_is_append_only();

-- In-flight state of a step that outlives a crash: durable timers now, retry schedules later.
CREATE TABLE step_progress (
    run_id          text        NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    step_path       text        NOT NULL,
    attempt         integer     NOT NULL DEFAULT 1,
    timer_due_at    timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, step_path)
);
