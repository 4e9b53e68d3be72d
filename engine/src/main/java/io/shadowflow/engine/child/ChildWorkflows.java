package io.shadowflow.engine.child;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.model.StepContext;

/** What runs the child workflows of a run's {@code kind: workflow} steps. */
@FunctionalInterface
public interface ChildWorkflows {
  /** Nothing: a step that starts a child fails (a shadow run's live side has no child to run). */
  ChildWorkflows NONE =
      (child, context) -> {
        throw new WorkflowFailure(
            FailureCode.CHILD_WORKFLOWS_UNAVAILABLE,
            context.path() + ": child workflow " + child.name() + " cannot run here");
      };

  /**
   * Runs {@code child}, or waits for it, and returns its {@link ChildWorkflow#outcome}. Call it
   * only inside {@link StepContext#external}: the outcome is the step's recorded result.
   */
  JsonNode run(ChildWorkflow child, StepContext context) throws InterruptedException;
}
