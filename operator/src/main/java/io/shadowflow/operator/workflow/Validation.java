package io.shadowflow.operator.workflow;

import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.model.Problem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the engine's compiler says of a Workflow's spec: the compiled workflow, or every problem.
 */
public record Validation(CompiledWorkflow workflow, List<Problem> problems) {
  public boolean valid() {
    return workflow != null;
  }

  /** The problems on one line each, as a condition message shows them. */
  public String describe() {
    return problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
  }
}
