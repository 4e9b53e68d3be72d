package io.shadowflow.engine.runs;

import io.shadowflow.engine.checkpoint.RunStatus;
import java.time.Instant;

/**
 * A run as the operator sees it: its row in {@code runs}, never its step log.
 *
 * @param stepCount the steps known before the run: every step of the tree, a loop's body once
 * @param grows whether the run may commit more steps than that (a loop, a plan)
 * @param lastStepName name of the last committed step, null before the first checkpoint
 * @param lastCheckpointAt when the last step was committed, null before the first checkpoint
 * @param errorCode failure catalog code of a failed run, null otherwise
 * @param wakes how often the run parked: each wake gets an engine Job of its own
 * @param park what the run waits for while it is parked, null while an engine holds it
 * @param children how many child workflows the run's engines recorded (see {@link ChildRequests})
 */
public record RunSummary(
    String runId,
    RunStatus status,
    int completedSteps,
    int stepCount,
    boolean grows,
    String lastStepName,
    Instant lastCheckpointAt,
    String workflowHash,
    String errorCode,
    String errorMessage,
    String failedStep,
    int wakes,
    RunPark park,
    int children) {

  /** Committed steps of the known ones, e.g. {@code 4/9}; {@code 4/9+} when the run may grow. */
  public String progress() {
    return completedSteps + "/" + stepCount + (grows ? "+" : "");
  }
}
