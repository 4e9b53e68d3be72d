-- Container steps: an engine never talks to Kubernetes, so it asks for a step's pod here and the
-- operator starts it, then writes back how it ended. One row per attempt, by a key the engine
-- derives (a run's: run, step and attempt), so a resumed engine making the same attempt finds the
-- row (and, once the pod ended, its result) instead of starting a second pod. A row belongs to a
-- run or to a ShadowRun's worker (whose iterations start pods too), and leaves with it. The key is
-- unique within a namespace only: an engine of another namespace that wrote a row under this
-- namespace's next key would otherwise keep this namespace's engine from asking for its pod.
CREATE TABLE container_steps (
    namespace       text        NOT NULL,
    attempt_key     text        NOT NULL,
    run_id          text        REFERENCES runs (run_id) ON DELETE CASCADE,
    shadow_run_id   text        REFERENCES shadow_runs (shadow_run_id) ON DELETE CASCADE,
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
    PRIMARY KEY (namespace, attempt_key),
    CHECK ((run_id IS NULL) <> (shadow_run_id IS NULL))
);

-- The operator's round: a run's or a ShadowRun's attempts whose pods have not ended yet.
CREATE INDEX container_steps_open_by_run ON container_steps (run_id, requested_at)
    WHERE finished_at IS NULL AND run_id IS NOT NULL;
CREATE INDEX container_steps_open_by_shadow_run ON container_steps (shadow_run_id, requested_at)
    WHERE finished_at IS NULL AND shadow_run_id IS NOT NULL;
