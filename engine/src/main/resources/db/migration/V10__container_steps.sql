-- Container steps: an engine pod never talks to Kubernetes, so it asks for a step's pod here and the
-- operator starts it, then writes back how it ended. One row per attempt: a resumed engine that
-- makes the same attempt finds the row (and, once the pod ended, its result) instead of starting a
-- second pod. Rows leave with their run.
CREATE TABLE container_steps (
    run_id          text        NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    step_path       text        NOT NULL,
    attempt         integer     NOT NULL,
    request         text        NOT NULL,
    requested_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    pod_name        text,
    cancelled       boolean     NOT NULL DEFAULT false,
    exit_code       integer,
    output          bytea,
    log_tail        text,
    failure_code    text,
    failure_message text,
    finished_at     timestamptz,
    PRIMARY KEY (run_id, step_path, attempt)
);

-- The operator's round: the attempts whose pods have not ended yet.
CREATE INDEX container_steps_open ON container_steps (requested_at) WHERE finished_at IS NULL;
