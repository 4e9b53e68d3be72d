package io.shadowflow.engine.exec;

/**
 * How a run is made, beyond its workflow.
 *
 * @param lineage empty for a workflow's first run; what distinguishes a deliberate re-run (a
 *     restart from a step) otherwise. It enters the run id.
 * @param replayFrom null for a live run; for a replay, the recorded external results it is served
 *     instead of making calls (and it waits for no timer)
 */
public record RunOptions(String lineage, RecordedExternals replayFrom) {
  /** A first run with nothing special. */
  public static final RunOptions DEFAULT = new RunOptions("");

  /** A live run. */
  public RunOptions(String lineage) {
    this(lineage, null);
  }

  /** A replay of a first run, served the external results of {@code recorded}. */
  public static RunOptions replay(RecordedExternals recorded) {
    return new RunOptions("", recorded);
  }
}
