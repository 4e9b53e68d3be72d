package io.shadowflow.engine.manifest;

import io.shadowflow.engine.expr.Expression;
import io.shadowflow.engine.expr.ExpressionException;
import io.shadowflow.engine.expr.Expressions;
import io.shadowflow.engine.model.Problems;

/** A field of a manifest that holds a CEL expression: compiled, or a problem at its path. */
public final class ExpressionFields {
  private ExpressionFields() {}

  /**
   * Compiles the expression field at {@code path}, reporting a problem there when it is bad, and
   * noting which steps it reads (see {@link Problems#readsSteps}).
   *
   * @return the expression, or null when it is missing or bad
   */
  public static Expression compile(
      String source, String path, boolean required, Problems problems) {
    if (source == null || source.isBlank()) {
      if (required) {
        problems.add(path, "required: a CEL expression, e.g. 'input.qty * 3'");
      }
      return null;
    }
    try {
      Expression expression = Expressions.compile(source, problems.variables());
      problems.readsSteps(path, expression.stepsRead());
      return expression;
    } catch (ExpressionException e) {
      problems.add(path, "does not compile: " + e.getMessage());
      return null;
    }
  }
}
