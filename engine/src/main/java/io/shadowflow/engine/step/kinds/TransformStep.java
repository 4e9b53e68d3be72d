package io.shadowflow.engine.step.kinds;

import io.shadowflow.api.StepSpec;
import io.shadowflow.engine.expr.Expression;
import io.shadowflow.engine.expr.ExpressionException;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.manifest.ExpressionFields;
import io.shadowflow.engine.model.Problems;
import io.shadowflow.engine.model.Step;
import io.shadowflow.engine.model.StepKind;
import io.shadowflow.engine.model.StepResult;
import java.util.Set;

/**
 * {@code transform}: the value of a sandboxed CEL expression over the input and earlier outputs.
 */
public final class TransformStep implements StepKind {
  @Override
  public String name() {
    return "transform";
  }

  /** A CEL expression over the run's own variables: the same values give the same output. */
  @Override
  public boolean recomputable(StepSpec spec) {
    return true;
  }

  @Override
  public boolean waits(StepSpec spec) {
    return false;
  }

  @Override
  public Set<String> fields() {
    return Set.of("expr");
  }

  @Override
  public Step compile(StepSpec spec, String path, Problems problems) {
    Expression expr = ExpressionFields.compile(spec.expr, path + ".expr", true, problems);
    if (expr == null) {
      return null;
    }
    var input = Json.object().put("expr", expr.source());
    return context -> new StepResult(input, evaluate(expr, context.variables(), path + ".expr"));
  }

  /**
   * Evaluates a compiled expression field; a failure is the catalog's, naming {@code path}.
   *
   * @throws WorkflowFailure EXPRESSION_FAILED, or EXPRESSION_TOO_COSTLY past the iteration budget
   */
  public static com.fasterxml.jackson.databind.JsonNode evaluate(
      Expression expr, java.util.Map<String, Object> variables, String path) {
    try {
      return expr.evaluate(variables);
    } catch (ExpressionException e) {
      FailureCode code =
          e.tooCostly() ? FailureCode.EXPRESSION_TOO_COSTLY : FailureCode.EXPRESSION_FAILED;
      throw new WorkflowFailure(code, code.withDetail(path + ": " + e.getMessage()), e);
    }
  }
}
