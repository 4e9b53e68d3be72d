-- Parked runs: a run that waits longer than its engine's park threshold (for a signal, a timer)
-- records what it waits for and its engine process exits; the operator starts an engine again when
-- the wait is over. parked_at is set while no engine holds the run; opening the run clears it.
-- wakes counts the parks: the operator names each engine Job after the run and this count, so a
-- resumed operator never starts two Jobs for one wake.
ALTER TABLE runs
    ADD COLUMN parked_at      timestamptz,
    ADD COLUMN parked_signals text[],
    ADD COLUMN parked_until   timestamptz,
    ADD COLUMN wakes          integer NOT NULL DEFAULT 0;

-- The view lists the run's columns as they were when it was made: made again, it has the new ones.
DROP VIEW run_progress;
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

-- A delivered signal wakes its run's Workflow at once: the operator listens on the checkpoint
-- channel. The notification rides in the delivery's transaction, so it is sent only if it commits.
CREATE FUNCTION notify_signal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('shadowflow_checkpoint',
                      json_build_object('runId', r.run_id, 'namespace', r.namespace, 'name', r.name,
                                        'signal', NEW.name)::text)
    FROM runs r WHERE r.run_id = NEW.run_id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER signal_delivered AFTER INSERT ON signals
    FOR EACH ROW EXECUTE FUNCTION notify_signal();
