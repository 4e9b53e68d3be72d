package io.shadowflow.engine.exec;

import io.shadowflow.engine.failure.WorkflowFailure;

/** A step failed for good: the run ends as Failed with this failure at this step. */
final class StepFailed extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient CompiledStep step;
  private final WorkflowFailure failure;

  StepFailed(CompiledStep step, WorkflowFailure failure) {
    super(failure.getMessage(), failure, false, false);
    this.step = step;
    this.failure = failure;
  }

  CompiledStep step() {
    return step;
  }

  WorkflowFailure failure() {
    return failure;
  }
}
