-- Shadow results are written exactly once, whatever restarts or re-shards a cycle: a worker killed
-- mid-cycle and started again, or a cycle started again with another worker count, finishes the
-- cycle instead of failing on the results already stored.

-- One row per cycle of a shadow run, shared by every shard that works on it: its counters grow by
-- exactly the results a write stored, in the same transaction, and the cycle is finished when
-- every seed of the run has a result.
ALTER TABLE shadow_cycles
    DROP CONSTRAINT shadow_cycles_pkey,
    ALTER COLUMN finished_at DROP NOT NULL;

WITH per_shard AS (DELETE FROM shadow_cycles RETURNING *)
INSERT INTO shadow_cycles (shadow_run_id, shard_index, cycle, seeds, iterations, mismatches,
                           golden_recorded, started_at, finished_at)
SELECT s.shadow_run_id, 0, s.cycle, sum(s.seeds), sum(s.iterations), sum(s.mismatches),
       sum(s.golden_recorded), min(s.started_at),
       CASE WHEN sum(s.seeds) >= min(r.seed_count) THEN max(s.finished_at) END
FROM per_shard s JOIN shadow_runs r USING (shadow_run_id)
GROUP BY s.shadow_run_id, s.cycle;

ALTER TABLE shadow_cycles
    DROP COLUMN shard_index,
    ADD PRIMARY KEY (shadow_run_id, cycle);

COMMENT ON COLUMN shadow_cycles.seeds IS 'seeds of the cycle with a stored result';
COMMENT ON COLUMN shadow_cycles.finished_at IS 'when the last seed got its result; null before';

-- A seed's first mismatch in a cycle is stored once, like its result.
ALTER TABLE shadow_mismatches
    ADD CONSTRAINT shadow_mismatches_once_per_seed UNIQUE (shadow_run_id, cycle, seed);
