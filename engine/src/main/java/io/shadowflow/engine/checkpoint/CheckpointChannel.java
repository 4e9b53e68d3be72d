package io.shadowflow.engine.checkpoint;

/**
 * The PostgreSQL NOTIFY channel the engine sends on after every checkpoint and when a run ends. The
 * payload is a JSON object: {@code runId}, {@code namespace}, {@code name}, and either {@code seq},
 * {@code path} and {@code step} (a checkpoint), {@code path}, {@code attempt} and {@code failure}
 * (an attempt failed; the step's retry state changed) or {@code status} (the run ended).
 */
public final class CheckpointChannel {
  public static final String NAME = "shadowflow_checkpoint";

  private CheckpointChannel() {}
}
