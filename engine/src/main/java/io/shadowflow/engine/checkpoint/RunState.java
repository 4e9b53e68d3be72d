package io.shadowflow.engine.checkpoint;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A run as the store holds it: its recorded start, its committed steps in order, and its outcome
 * once finished.
 */
public record RunState(
    String runId, Instant startedAt, RunStatus status, List<StepRecord> steps, RunOutcome outcome) {

  /** The committed record of the step at {@code path}, if any. */
  public Optional<StepRecord> committed(String path) {
    return steps.stream().filter(s -> s.path().equals(path)).findFirst();
  }
}
