package io.shadowflow.engine.checkpoint;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A run as the store holds it: its recorded start, its committed steps in order, the in-flight
 * state of steps not committed yet (retries, timers), and its outcome once finished.
 */
public record RunState(
    String runId,
    Instant startedAt,
    RunStatus status,
    List<StepRecord> steps,
    RunOutcome outcome,
    List<StepProgress> progress) {

  /** A state without in-flight steps. */
  public RunState(
      String runId,
      Instant startedAt,
      RunStatus status,
      List<StepRecord> steps,
      RunOutcome outcome) {
    this(runId, startedAt, status, steps, outcome, List.of());
  }

  /** The committed record of the step at {@code path}, if any. */
  public Optional<StepRecord> committed(String path) {
    return steps.stream().filter(s -> s.path().equals(path)).findFirst();
  }

  /** The in-flight state of the step at {@code path}, if it has any. */
  public Optional<StepProgress> progress(String path) {
    return progress.stream().filter(p -> p.path().equals(path)).findFirst();
  }
}
