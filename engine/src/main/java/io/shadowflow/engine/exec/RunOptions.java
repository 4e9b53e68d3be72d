package io.shadowflow.engine.exec;

import io.shadowflow.engine.fault.FaultPlan;

/**
 * How a run is made, beyond its workflow.
 *
 * @param lineage empty for a workflow's first run; what distinguishes a deliberate re-run (a
 *     restart from a step) otherwise. It enters the run id.
 * @param faults the faults to inject; {@link FaultPlan#NONE} in production
 */
public record RunOptions(String lineage, FaultPlan faults) {
  /** A first run with nothing special. */
  public static final RunOptions DEFAULT = new RunOptions("", FaultPlan.NONE);

  /** A run of this lineage without faults. */
  public RunOptions(String lineage) {
    this(lineage, FaultPlan.NONE);
  }

  /** The same run with this fault plan. */
  public RunOptions withFaults(FaultPlan plan) {
    return new RunOptions(lineage, plan);
  }
}
