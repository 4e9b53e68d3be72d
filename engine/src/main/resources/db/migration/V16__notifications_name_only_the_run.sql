-- Any role connected to the database may LISTEN on any channel, a tenant's engine role too: the
-- notifications of V13 and V14 told every listener the namespace and Workflow of the run, and the
-- signal's or the child's name. Now they carry the run id alone, like every notification the
-- engine sends, and go on the channel of the table's schema (CheckpointChannel), so that two
-- installations sharing a database do not hear each other. The operator looks the run's Workflow
-- up with its own rights.
CREATE OR REPLACE FUNCTION notify_signal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('shadowflow_' || md5(TG_TABLE_SCHEMA),
                      json_build_object('runId', NEW.run_id)::text);
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION notify_child_requested() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('shadowflow_' || md5(TG_TABLE_SCHEMA),
                      json_build_object('runId', NEW.run_id)::text);
    RETURN NULL;
END;
$$;
