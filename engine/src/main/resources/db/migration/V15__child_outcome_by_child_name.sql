-- Every run's end fires child_ended, and almost no run is a child. V14's statement joined the
-- parent runs of the namespace first: its cached generic plan, made while the tables were small,
-- read every run of the namespace for each ended run, so each end cost more as runs piled up (the
-- durable benchmark's commit went from 2 ms to 20 ms). Now a run no child row names leaves at one
-- index probe, and a child's parent is looked up by its key, never by its namespace.
CREATE OR REPLACE FUNCTION deliver_child_outcome() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM child_workflows WHERE child_name = NEW.name) THEN
        RETURN NULL;
    END IF;
    INSERT INTO signals (run_id, name, payload, delivered_by)
    SELECT c.run_id,
           'workflow:' || c.step_path,
           json_build_object('outcome', NEW.status,
                             'workflowHash', NEW.workflow_hash,
                             'errorCode', NEW.error_code,
                             'output', (SELECT l.output::json FROM step_log l
                                        WHERE l.run_id = NEW.run_id AND l.step_path = c.output_step))::text,
           'child run ' || NEW.run_id
    FROM child_workflows c
    WHERE c.child_name = NEW.name
      AND (SELECT parent.namespace FROM runs parent WHERE parent.run_id = c.run_id) = NEW.namespace
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;

-- A new run that only computes is stored with its end, in one insert (docs/checkpoints.md): it
-- ends a child as an update does.
CREATE CONSTRAINT TRIGGER child_stored_ended AFTER INSERT ON runs
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (NEW.status <> 'RUNNING')
    EXECUTE FUNCTION deliver_child_outcome();
