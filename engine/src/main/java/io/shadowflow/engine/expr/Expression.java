package io.shadowflow.engine.expr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelErrorCode;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A compiled CEL expression, safe to evaluate from many threads. */
public final class Expression {
  private final String source;
  private final CelRuntime.Program program;
  private final ExpressionCost cost;
  private final Set<String> stepsRead;

  Expression(
      String source, CelRuntime.Program program, ExpressionCost cost, Set<String> stepsRead) {
    this.source = source;
    this.program = program;
    this.cost = cost;
    this.stepsRead = stepsRead;
  }

  /** The names of the steps it reads as {@code steps.<name>} (see {@link StepReads}). */
  public Set<String> stepsRead() {
    return stepsRead;
  }

  /** The static cost estimate, for sandboxes that admit only cheap expressions. */
  public ExpressionCost cost() {
    return cost;
  }

  public String source() {
    return source;
  }

  /** Evaluates with CEL-typed variables (see {@link CelValues#toCel}) and returns JSON. */
  public JsonNode evaluate(Map<String, Object> variables) throws ExpressionException {
    try {
      // A resolver over the map: eval(Map) would copy it into an ImmutableMap on every call. The
      // variables are maps, which CEL takes as they are either way.
      return CelValues.toJson(program.eval(name -> Optional.ofNullable(variables.get(name))));
    } catch (CelEvaluationException e) {
      boolean tooCostly = e.getErrorCode() == CelErrorCode.ITERATION_BUDGET_EXCEEDED;
      throw new ExpressionException(Expressions.firstLine(e.getMessage()), e, tooCostly);
    }
  }
}
