-- Golden records, replays and shadow runs.

-- What a step's external calls returned, canonical JSON by call key; a replay is served it.
ALTER TABLE step_log ADD COLUMN external text;

-- One recorded run per row, written once by an insert-if-absent and never changed: two writers
-- of the same record cannot leave half of each, and the first one's record stays.
CREATE TABLE golden_records (
    run_id               text        PRIMARY KEY,
    namespace            text        NOT NULL,
    name                 text        NOT NULL,
    workflow_type        text        NOT NULL,
    seed                 bigint      NOT NULL,
    definition_hash      char(64)    NOT NULL,
    -- Canonical JSON array of {seq, path, name, kind, input, output, external, step_hash}.
    steps                text        NOT NULL,
    success              boolean     NOT NULL,
    error_code           text,
    failed_step          text,
    failed_step_external text,
    workflow_hash        char(64)    NOT NULL,
    engine_version       text        NOT NULL,
    engine_commit        text        NOT NULL,
    -- The fault plan the run was made under, with its seed, as canonical JSON; null without one.
    fault_plan           text,
    recorded_at          timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX golden_records_by_workflow ON golden_records (namespace, name, recorded_at DESC);
CREATE INDEX golden_records_by_age ON golden_records (recorded_at);

CREATE FUNCTION golden_records_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'golden record % is immutable; prune it and record it again', OLD.run_id;
END;
$$;

CREATE TRIGGER golden_records_immutable BEFORE UPDATE ON golden_records
    FOR EACH ROW EXECUTE FUNCTION golden_records_are_immutable();

-- A shadow run: one workflow replayed over a range of seeds, possibly by several shards (pods).
CREATE TABLE shadow_runs (
    shadow_run_id   text        PRIMARY KEY,
    namespace       text        NOT NULL,
    name            text        NOT NULL,
    workflow_type   text        NOT NULL,
    definition_hash char(64)    NOT NULL,
    mode            text        NOT NULL CHECK (mode IN ('crossWorker', 'replay', 'both')),
    seed_from       bigint      NOT NULL,
    seed_count      bigint      NOT NULL,
    iterations      integer     NOT NULL,
    workers         integer     NOT NULL,
    shard_count     integer     NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- One finished cycle of one shard.
CREATE TABLE shadow_cycles (
    shadow_run_id   text        NOT NULL REFERENCES shadow_runs ON DELETE CASCADE,
    shard_index     integer     NOT NULL,
    cycle           integer     NOT NULL,
    seeds           bigint      NOT NULL,
    iterations      bigint      NOT NULL,
    mismatches      bigint      NOT NULL,
    golden_recorded bigint      NOT NULL,
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz NOT NULL,
    PRIMARY KEY (shadow_run_id, shard_index, cycle)
);

-- One seed of one cycle: the hash every iteration had to produce, the first one that differed
-- (or the same hash), how many iterations diverged, and each iteration's latency.
CREATE TABLE shadow_results (
    shadow_run_id text     NOT NULL REFERENCES shadow_runs ON DELETE CASCADE,
    cycle         integer  NOT NULL,
    seed          bigint   NOT NULL,
    shard_index   integer  NOT NULL,
    run_id        text     NOT NULL,
    expected_hash char(64) NOT NULL,
    actual_hash   char(64) NOT NULL,
    iterations    integer  NOT NULL,
    mismatches    integer  NOT NULL,
    latencies_us  integer[] NOT NULL,
    PRIMARY KEY (shadow_run_id, cycle, seed)
);

-- The first diverging iteration of each seed that diverged: its first diverging step, the
-- expected and actual canonical JSON, and the side-by-side report with a diff.
CREATE TABLE shadow_mismatches (
    id                   bigserial   PRIMARY KEY,
    shadow_run_id        text        NOT NULL REFERENCES shadow_runs ON DELETE CASCADE,
    cycle                integer     NOT NULL,
    seed                 bigint      NOT NULL,
    shard_index          integer     NOT NULL,
    run_id               text        NOT NULL,
    check_kind           text        NOT NULL CHECK (check_kind IN ('crossWorker', 'replay')),
    iteration            integer     NOT NULL,
    worker               integer     NOT NULL,
    expected_hash        char(64)    NOT NULL,
    actual_hash          char(64)    NOT NULL,
    first_diverging_step text        NOT NULL,
    expected             text        NOT NULL,
    actual               text        NOT NULL,
    report               text        NOT NULL,
    detected_at          timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX shadow_mismatches_latest ON shadow_mismatches (shadow_run_id, id DESC);
