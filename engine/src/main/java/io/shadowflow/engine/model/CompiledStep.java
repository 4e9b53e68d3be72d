package io.shadowflow.engine.model;

import io.shadowflow.api.StepSpec;
import io.shadowflow.engine.expr.Expression;

/**
 * A validated step ready to run.
 *
 * @param path the step's stable address, e.g. {@code steps/3}, used in the step log and in hashes
 * @param when the condition under which the step runs; null to run it always
 */
public record CompiledStep(
    String path, String name, StepKind kind, Step step, StepSpec spec, Expression when) {
  /** The path of the top-level step at {@code index}. */
  public static String topLevelPath(int index) {
    return "steps/" + index;
  }

  /** Whether the step's failure becomes its output instead of failing the run. */
  public boolean continuesOnError() {
    return "continue".equals(spec.onError);
  }

  /** The same step, run by {@code replacement}: for tests that watch or break a step. */
  public CompiledStep runBy(Step replacement) {
    return new CompiledStep(path, name, kind, replacement, spec, when);
  }

  /** The same step, of kind {@code replacement}. */
  public CompiledStep ofKind(StepKind replacement) {
    return new CompiledStep(path, name, replacement, step, spec, when);
  }
}
