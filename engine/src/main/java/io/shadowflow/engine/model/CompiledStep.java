package io.shadowflow.engine.model;

import io.shadowflow.api.StepSpec;
import io.shadowflow.engine.expr.Expression;
import java.util.List;

/**
 * A validated step ready to run.
 *
 * @param path the step's stable address (see {@link StepPath}), used in the step log and in hashes
 * @param when the condition under which the step runs; null to run it always
 * @param blocks the child steps it holds (branches, a loop body); empty for a step that holds none
 */
public record CompiledStep(
    String path,
    String name,
    StepKind kind,
    Step step,
    StepSpec spec,
    Expression when,
    List<StepBlock> blocks) {
  public CompiledStep {
    blocks = List.copyOf(blocks);
  }

  /** Whether the step's failure becomes its output instead of failing the run. */
  public boolean continuesOnError() {
    return "continue".equals(spec.onError);
  }

  /** The same step, run by {@code replacement}: for tests that watch or break a step. */
  public CompiledStep runBy(Step replacement) {
    return new CompiledStep(path, name, kind, replacement, spec, when, blocks);
  }

  /** The same step, of kind {@code replacement}. */
  public CompiledStep ofKind(StepKind replacement) {
    return new CompiledStep(path, name, replacement, step, spec, when, blocks);
  }

  /**
   * The same step and its children with the paths that start with {@code from} starting with {@code
   * to} instead: a forEach body's steps as one iteration runs them.
   */
  public CompiledStep moved(String from, String to) {
    List<StepBlock> movedBlocks =
        blocks.stream()
            .map(
                b ->
                    new StepBlock(
                        b.key(),
                        movedPath(b.start(), from, to),
                        b.steps().stream().map(s -> s.moved(from, to)).toList()))
            .toList();
    return new CompiledStep(movedPath(path, from, to), name, kind, step, spec, when, movedBlocks);
  }

  private static String movedPath(String path, String from, String to) {
    return path.startsWith(from) ? to + path.substring(from.length()) : path;
  }
}
