package io.shadowflow.engine.checkpoint;

/**
 * The PostgreSQL NOTIFY channel the engine sends on when a run changes: a checkpoint, a failed
 * attempt, a park, a signal or a child recorded, the run's end. The payload is {@code {"runId":
 * ID}} and nothing else: any role connected to the database may LISTEN on any channel, a tenant's
 * too, so a notification names nothing another namespace could read (no namespace, workflow, step
 * or signal name). The operator looks the run's Workflow up itself.
 */
public final class CheckpointChannel {
  public static final String NAME = "shadowflow_checkpoint";

  private CheckpointChannel() {}
}
