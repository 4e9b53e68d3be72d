-- Child workflows (kind: workflow steps) that the operator runs as Workflow resources. An engine pod
-- records the child here, once per parent run and step; the operator creates the Workflow from the
-- manifest; when the child's run ends, the database delivers its outcome to the parent's step as
-- the signal 'workflow:<step path>', in the transaction that ends the child, so the outcome is
-- never lost and never delivered twice. Rows leave with the parent run.
CREATE TABLE child_workflows (
    run_id       text        NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    step_path    text        NOT NULL,
    child_name   text        NOT NULL,
    manifest     jsonb       NOT NULL,
    output_step  text        NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (run_id, step_path)
);

CREATE INDEX child_workflows_by_child ON child_workflows (child_name);

-- A recorded child wakes its parent's Workflow, whose reconcile creates the child.
CREATE FUNCTION notify_child_requested() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('shadowflow_checkpoint',
                      json_build_object('runId', r.run_id, 'namespace', r.namespace, 'name', r.name,
                                        'child', NEW.child_name)::text)
    FROM runs r WHERE r.run_id = NEW.run_id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER child_requested AFTER INSERT ON child_workflows
    FOR EACH ROW EXECUTE FUNCTION notify_child_requested();

-- The outcome of an ended child, as ChildWorkflow.outcome builds it: run at commit (deferred), when
-- the steps committed with the run's end are in step_log too. Output text is canonical JSON, read
-- as json (not jsonb) so its numbers keep their exact text.
CREATE FUNCTION deliver_child_outcome() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
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
    JOIN runs parent ON parent.run_id = c.run_id
    WHERE c.child_name = NEW.name AND parent.namespace = NEW.namespace
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER child_ended AFTER UPDATE OF status ON runs
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (OLD.status = 'RUNNING' AND NEW.status <> 'RUNNING')
    EXECUTE FUNCTION deliver_child_outcome();
