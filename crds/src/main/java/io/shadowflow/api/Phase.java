package io.shadowflow.api;

/** Where a Workflow or a ShadowRun stands; the phase a printer column and Events report. */
public enum Phase {
  /** Accepted; its engine Job has not started working yet. */
  Pending,
  /** Its engine Job is working. */
  Running,
  /**
   * Parked: the run waits for a signal or a timer with no engine pod; the operator starts one when
   * the wait is over.
   */
  Waiting,
  /** Scaled to zero: no engine pod runs, the checkpoints stay. */
  Suspended,
  /** Finished successfully. */
  Succeeded,
  /** Finished with a failure, or cannot run (invalid spec). */
  Failed;

  /** Whether nothing more will happen without a change to the resource. */
  public boolean finished() {
    return this == Succeeded || this == Failed;
  }
}
