package io.shadowflow.engine.exec;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.checkpoint.StepRecord;
import io.shadowflow.engine.model.CompiledStep;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where one list of steps runs: the run's steps, a branch, an iteration, the cleanup steps. It has
 * the variables its steps read, the names a plan's steps may not take, its own deterministic clock
 * (the run's start plus the recorded durations of the steps before, a concurrent run taking the
 * longest of its runs), the policy its steps are held to, and its cancellation. One thread at a
 * time uses a frame.
 */
final class Frame {
  final StepVariables variables;
  final Set<String> names;
  final Policy policy;
  final Cancellation cancellation;
  private long elapsedMs;
  private CompiledStep current;

  private Frame(
      StepVariables variables,
      Set<String> names,
      Policy policy,
      Cancellation cancellation,
      long elapsedMs) {
    this.variables = variables;
    this.names = names;
    this.policy = policy;
    this.cancellation = cancellation;
    this.elapsedMs = elapsedMs;
  }

  /** The frame of the run's own steps. */
  static Frame root(JsonNode input, List<CompiledStep> steps, Policy policy) {
    Set<String> names = new HashSet<>();
    steps.forEach(step -> names.add(step.name()));
    return new Frame(new StepVariables(input), names, policy, Cancellation.NEVER, 0);
  }

  /**
   * A frame inside this one for {@code steps}: it reads what this one has now and {@code bindings},
   * and starts at this one's time.
   */
  Frame child(
      Map<String, JsonNode> bindings,
      List<CompiledStep> steps,
      Policy childPolicy,
      Cancellation childCancellation) {
    Set<String> childNames = new HashSet<>(names);
    steps.forEach(step -> childNames.add(step.name()));
    return new Frame(
        variables.child(bindings), childNames, childPolicy, childCancellation, elapsedMs);
  }

  /** A step of this frame committed or restored: later steps read it and run after it. */
  void accept(StepRecord record) {
    variables.add(record.name(), record.output());
    elapsedMs += record.durationMs();
  }

  long elapsedMs() {
    return elapsedMs;
  }

  /** The step the frame is at, for the failure of a cancelled run. */
  CompiledStep current() {
    return current;
  }

  void at(CompiledStep step) {
    current = step;
  }
}
