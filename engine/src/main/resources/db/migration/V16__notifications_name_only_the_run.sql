-- Any role connected to the database may LISTEN on any channel, a tenant's engine role too: the
-- notifications of V13 and V14 told every listener the namespace and Workflow of the run, and the
-- signal's or the child's name. Now a delivered signal and a recorded child notify with the run id
-- alone, like everything the engine sends, on the channel of the table's schema
-- (CheckpointChannel), so that two installations sharing a database do not hear each other. The
-- operator looks the run's Workflow up with its own rights.
CREATE FUNCTION notify_run_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(
        'shadowflow_' || left(encode(sha256(convert_to(TG_TABLE_SCHEMA, 'UTF8')), 'hex'), 40),
        json_build_object('runId', NEW.run_id)::text);
    RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER signal_delivered AFTER INSERT ON signals
    FOR EACH ROW EXECUTE FUNCTION notify_run_changed();
CREATE OR REPLACE TRIGGER child_requested AFTER INSERT ON child_workflows
    FOR EACH ROW EXECUTE FUNCTION notify_run_changed();

DROP FUNCTION notify_signal();
DROP FUNCTION notify_child_requested();
