package io.shadowflow.engine.child;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.model.StepContext;
import java.util.Optional;

/** What runs the child workflows of a run's {@code kind: workflow} steps. */
public interface ChildWorkflows {
  /** Nothing: a step that starts a child fails (a shadow run's live side has no child to run). */
  ChildWorkflows NONE =
      new ChildWorkflows() {
        @Override
        public JsonNode run(ChildWorkflow child, StepContext context) {
          throw new WorkflowFailure(
              FailureCode.CHILD_WORKFLOWS_UNAVAILABLE,
              context.path() + ": child workflow " + child.name() + " cannot run here");
        }

        @Override
        public Optional<ArrayNode> templateSteps(String namespace, String name) {
          return Optional.empty();
        }
      };

  /**
   * Runs {@code child}, or waits for it, and returns its {@link ChildWorkflow#outcome}. Call it
   * only inside {@link StepContext#external}: the outcome is the step's recorded result.
   */
  JsonNode run(ChildWorkflow child, StepContext context) throws InterruptedException;

  /**
   * The steps of Workflow {@code name} of {@code namespace}, a child's template ({@code
   * workflowRef}); empty when it is unknown here.
   */
  Optional<ArrayNode> templateSteps(String namespace, String name);
}
