package io.shadowflow.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.api.StepSpec;
import java.util.List;
import java.util.Map;

/**
 * A kind whose step is made of its child steps (parallel, forEach). The executor makes no attempt
 * of such a step: it runs the children, each run in a scope of its own, several at once, and
 * commits the step when they are done, with an output made of the runs' last outputs.
 */
public interface ComposedKind extends StepKind {
  /**
   * One run of child steps: a branch, or one iteration of a loop.
   *
   * @param key the branch's name or the item's index, which keys the step's output
   * @param steps the steps at the paths they run at
   * @param bindings the variables the run adds to its scope (a loop's item and index)
   */
  record ChildRun(String key, List<CompiledStep> steps, Map<String, JsonNode> bindings) {}

  /** The step that is never attempted: the executor runs the children instead. */
  Step RUN_BY_ITS_CHILDREN =
      context -> {
        throw new IllegalStateException(context.path() + " is run by its child steps");
      };

  /**
   * The runs the step makes now, in their order.
   *
   * @param variables the scope the step runs in, as CEL values
   * @throws io.shadowflow.engine.failure.WorkflowFailure when the runs cannot be made (a loop's
   *     items are not a list, or too many)
   */
  List<ChildRun> runs(CompiledStep step, Map<String, Object> variables);

  /** The step's recorded input: what it ran with. */
  JsonNode input(CompiledStep step, List<ChildRun> runs);

  /** The step's output, from each run's last output in run order. */
  JsonNode output(List<ChildRun> runs, List<JsonNode> lastOutputs);

  /** How many runs may go at once. */
  int maxParallel(StepSpec spec);

  /** Whether the first failed run cancels the others; by default it does. */
  default boolean failFast(StepSpec spec) {
    return spec.failFast == null || spec.failFast;
  }

  /**
   * The step's output is made of its children's outputs: recomputed from them once they are
   * committed or recomputed themselves.
   */
  @Override
  default boolean recomputable(StepSpec spec) {
    return true;
  }

  @Override
  default boolean waits(StepSpec spec) {
    return false;
  }
}
