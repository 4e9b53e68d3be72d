package io.shadowflow.engine.exec;

/**
 * How a run is made, beyond its workflow.
 *
 * @param lineage empty for a workflow's first run; what distinguishes a deliberate re-run (a
 *     restart from a step) otherwise. It enters the run id.
 */
public record RunOptions(String lineage) {
  /** A first run with nothing special. */
  public static final RunOptions DEFAULT = new RunOptions("");
}
