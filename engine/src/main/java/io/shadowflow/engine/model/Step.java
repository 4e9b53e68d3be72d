package io.shadowflow.engine.model;

/** A compiled, ready-to-run step. It may be executed again after a crash, so it must be safe to. */
@FunctionalInterface
public interface Step {
  /**
   * Runs the step.
   *
   * @throws io.shadowflow.engine.failure.WorkflowFailure with a catalog code when it fails
   */
  StepResult execute(StepContext context) throws InterruptedException;
}
