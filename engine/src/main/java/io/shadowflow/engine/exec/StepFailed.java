package io.shadowflow.engine.exec;

import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.model.CompiledStep;

/** A step failed for good: the run ends as Failed with this failure at this step. */
final class StepFailed extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient CompiledStep step;
  private final WorkflowFailure failure;
  private final boolean recorded;

  /** A failure not recorded yet (a policy violation): the run records it as it ends. */
  StepFailed(CompiledStep step, WorkflowFailure failure) {
    this(step, failure, false);
  }

  private StepFailed(CompiledStep step, WorkflowFailure failure, boolean recorded) {
    super(failure.getMessage(), failure, false, false);
    this.step = step;
    this.failure = failure;
    this.recorded = recorded;
  }

  /** A failed attempt already recorded with its attempt number. */
  static StepFailed recorded(CompiledStep step, WorkflowFailure failure) {
    return new StepFailed(step, failure, true);
  }

  boolean isRecorded() {
    return recorded;
  }

  CompiledStep step() {
    return step;
  }

  WorkflowFailure failure() {
    return failure;
  }
}
