package io.shadowflow.engine.expr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Map;

/** A compiled CEL expression, safe to evaluate from many threads. */
public final class Expression {
  private final String source;
  private final CelRuntime.Program program;

  Expression(String source, CelRuntime.Program program) {
    this.source = source;
    this.program = program;
  }

  public String source() {
    return source;
  }

  /** Evaluates with CEL-typed variables (see {@link CelValues#toCel}) and returns JSON. */
  public JsonNode evaluate(Map<String, Object> variables) throws ExpressionException {
    try {
      return CelValues.toJson(program.eval(variables));
    } catch (CelEvaluationException e) {
      throw new ExpressionException(Expressions.firstLine(e.getMessage()), e);
    }
  }
}
