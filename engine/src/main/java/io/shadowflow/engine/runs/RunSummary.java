package io.shadowflow.engine.runs;

import io.shadowflow.engine.checkpoint.RunStatus;
import java.time.Instant;

/**
 * A run as the operator sees it: its row in {@code runs}, never its step log.
 *
 * @param lastStepName name of the last committed step, null before the first checkpoint
 * @param lastCheckpointAt when the last step was committed, null before the first checkpoint
 * @param errorCode failure catalog code of a failed run, null otherwise
 */
public record RunSummary(
    String runId,
    RunStatus status,
    int completedSteps,
    int stepCount,
    String lastStepName,
    Instant lastCheckpointAt,
    String workflowHash,
    String errorCode,
    String errorMessage,
    String failedStep) {

  public String progress() {
    return completedSteps + "/" + stepCount;
  }
}
