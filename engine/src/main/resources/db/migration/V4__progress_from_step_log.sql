-- A checkpoint is one insert into the step log: a run's progress is read from its last step instead
-- of being copied onto the run row by every checkpoint (a second write, of a wide row, per step).

ALTER TABLE runs
    DROP COLUMN completed_steps,
    DROP COLUMN last_step_path,
    DROP COLUMN last_step_name,
    DROP COLUMN last_checkpoint_at;

-- Each run with its progress, read from its last step.
CREATE VIEW run_progress AS
SELECT r.*,
       coalesce(last.seq + 1, 0) AS completed_steps,
       last.step_path            AS last_step_path,
       last.step_name            AS last_step_name,
       last.committed_at         AS last_checkpoint_at
FROM runs r
LEFT JOIN LATERAL (
    SELECT seq, step_path, step_name, committed_at
    FROM step_log l
    WHERE l.run_id = r.run_id
    ORDER BY seq DESC
    LIMIT 1) last ON true;
