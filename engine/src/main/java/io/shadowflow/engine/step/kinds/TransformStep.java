package io.shadowflow.engine.step.kinds;

import io.shadowflow.api.StepSpec;
import io.shadowflow.engine.expr.Expression;
import io.shadowflow.engine.expr.ExpressionException;
import io.shadowflow.engine.expr.Expressions;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.manifest.Problems;
import io.shadowflow.engine.step.Step;
import io.shadowflow.engine.step.StepKind;
import io.shadowflow.engine.step.StepResult;
import java.util.Set;

/**
 * {@code transform}: the value of a sandboxed CEL expression over the input and earlier outputs.
 */
public final class TransformStep implements StepKind {
  @Override
  public String name() {
    return "transform";
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
    Expression expr = compileExpression(spec.expr, path + ".expr", true, problems);
    if (expr == null) {
      return null;
    }
    var input = Json.object().put("expr", expr.source());
    return context -> new StepResult(input, evaluate(expr, context.variables(), path + ".expr"));
  }

  /** Compiles an expression field, reporting a problem at {@code path} when it is bad. */
  static Expression compileExpression(
      String source, String path, boolean required, Problems problems) {
    if (source == null || source.isBlank()) {
      if (required) {
        problems.add(path, "required: a CEL expression, e.g. 'input.qty * 3'");
      }
      return null;
    }
    try {
      Expression expression = Expressions.compile(source);
      problems.readsSteps(path, expression.stepsRead());
      return expression;
    } catch (ExpressionException e) {
      problems.add(path, "does not compile: " + e.getMessage());
      return null;
    }
  }

  static com.fasterxml.jackson.databind.JsonNode evaluate(
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
