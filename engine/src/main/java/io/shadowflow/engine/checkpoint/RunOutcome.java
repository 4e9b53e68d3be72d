package io.shadowflow.engine.checkpoint;

/**
 * How a run ended.
 *
 * @param errorCode the failure catalog code, null on success
 * @param failedStep path of the step that failed, null on success
 */
public record RunOutcome(
    boolean success,
    String errorCode,
    String errorMessage,
    String failedStep,
    String workflowHash) {

  public RunStatus status() {
    return success ? RunStatus.SUCCEEDED : RunStatus.FAILED;
  }
}
