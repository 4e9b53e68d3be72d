package io.shadowflow.engine.model;

import java.util.List;

/**
 * A list of child steps a step holds: a branch of a parallel step (keyed by its name), or the body
 * of a forEach step (keyed {@link StepPath#ANY_ITEM}, its paths to be given an item's index).
 *
 * @param start the path the steps' paths start with, e.g. {@code steps/0/branches/north}
 */
public record StepBlock(String key, String start, List<CompiledStep> steps) {
  public StepBlock {
    steps = List.copyOf(steps);
  }
}
