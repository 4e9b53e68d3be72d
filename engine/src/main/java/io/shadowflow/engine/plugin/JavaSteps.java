package io.shadowflow.engine.plugin;

import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.sdk.StepFailure;

/** How a Java step's failures become catalog failures. */
final class JavaSteps {
  private JavaSteps() {}

  /** A declared failure: retried with backoff when the step says another attempt could succeed. */
  static WorkflowFailure failure(StepFailure e) {
    return new WorkflowFailure(
        e.retryable() ? FailureCode.JAVA_STEP_RETRYABLE : FailureCode.JAVA_STEP_FAILED,
        e.getMessage(),
        e);
  }

  /** An exception the step did not declare: a bug in the plugin, never retried. */
  static WorkflowFailure crash(String kind, String path, RuntimeException e) {
    return new WorkflowFailure(
        FailureCode.JAVA_STEP_CRASHED, "step " + path + " (kind " + kind + ") threw " + e, e);
  }
}
