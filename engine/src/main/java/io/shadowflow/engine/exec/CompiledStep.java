package io.shadowflow.engine.exec;

import io.shadowflow.api.StepSpec;
import io.shadowflow.engine.step.Step;
import io.shadowflow.engine.step.StepKind;

/**
 * A validated step ready to run.
 *
 * @param path the step's stable address, e.g. {@code steps/3}, used in the step log and in hashes
 */
public record CompiledStep(String path, String name, StepKind kind, Step step, StepSpec spec) {
  /** The path of the top-level step at {@code index}. */
  public static String topLevelPath(int index) {
    return "steps/" + index;
  }
}
