package io.shadowflow.engine.checkpoint;

import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A store that keeps runs in memory, with the same semantics as the PostgreSQL one: for in-memory
 * shadow runs and benchmarks, where durability is not wanted.
 */
public final class InMemoryCheckpointStore implements CheckpointStore {
  private final Map<String, MemoryRun> runs = new ConcurrentHashMap<>();

  private static final class MemoryRun {
    final Instant startedAt;
    final List<StepRecord> steps = new ArrayList<>();
    final Map<String, Instant> timers = new ConcurrentHashMap<>();
    final Map<String, StepProgress> retries = new ConcurrentHashMap<>();
    final List<FailureEvent> failures = new ArrayList<>();
    RunOutcome outcome;

    MemoryRun(Instant startedAt) {
      this.startedAt = startedAt;
    }
  }

  @Override
  public boolean commitsAtOnce() {
    return true;
  }

  @Override
  public RunState openRun(RunDefinition definition) {
    runs.computeIfAbsent(definition.runId(), id -> new MemoryRun(definition.startedAt()));
    return readRun(definition.runId());
  }

  /** The stored state of a run; the run must exist. */
  public RunState readRun(String runId) {
    MemoryRun run = run(runId);
    synchronized (run) {
      RunStatus status = run.outcome == null ? RunStatus.RUNNING : run.outcome.status();
      return new RunState(
          runId, run.startedAt, status, List.copyOf(run.steps), run.outcome, inFlight(run));
    }
  }

  /** Progress of the steps not committed yet, as the PostgreSQL store reads it. */
  private static List<StepProgress> inFlight(MemoryRun run) {
    if (run.retries.isEmpty()) {
      return List.of(); // the common case, and every replay opens a run
    }
    List<StepProgress> progress = new ArrayList<>();
    for (String path : new TreeSet<>(run.retries.keySet())) {
      if (run.steps.stream().noneMatch(s -> s.path().equals(path))) {
        StepProgress retry = run.retries.get(path);
        progress.add(
            new StepProgress(
                path,
                retry.attempt(),
                retry.lastErrorCode(),
                retry.lastErrorMessage(),
                retry.nextAttemptAt(),
                run.timers.get(path)));
      }
    }
    return progress;
  }

  @Override
  public void recordFailure(String runId, FailureEvent failure) {
    MemoryRun run = run(runId);
    synchronized (run) {
      boolean repeated =
          run.failures.stream()
              .anyMatch(
                  f ->
                      f.path().equals(failure.path())
                          && f.attempt() == failure.attempt()
                          && f.code() == failure.code());
      if (!repeated) {
        run.failures.add(failure);
      }
      StepProgress before = run.retries.get(failure.path());
      int attempt = Math.max(before == null ? 1 : before.attempt(), failure.nextAttempt());
      run.retries.put(
          failure.path(),
          new StepProgress(
              failure.path(),
              attempt,
              failure.code().name(),
              failure.message(),
              failure.retryAt(),
              null));
    }
  }

  /** The failures recorded for a run, in order. */
  public List<FailureEvent> failures(String runId) {
    MemoryRun run = run(runId);
    synchronized (run) {
      return List.copyOf(run.failures);
    }
  }

  @Override
  public void commitStep(String runId, StepRecord step) {
    MemoryRun run = run(runId);
    synchronized (run) {
      for (StepRecord existing : run.steps) {
        if (existing.path().equals(step.path())) {
          Conflicts.requireSameHash(runId, existing.stepHash(), step);
          return;
        }
      }
      run.steps.add(step);
    }
  }

  @Override
  public Instant startTimer(String runId, String path, Instant due) {
    return run(runId).timers.computeIfAbsent(path, p -> due);
  }

  @Override
  public void finishRun(String runId, RunOutcome outcome) {
    MemoryRun run = run(runId);
    synchronized (run) {
      if (run.outcome == null) {
        run.outcome = outcome;
      }
    }
  }

  /** Forgets every run: shadow workers reuse one store across cycles. */
  public void clear() {
    runs.clear();
  }

  private MemoryRun run(String runId) {
    MemoryRun run = runs.get(runId);
    if (run == null) {
      throw new WorkflowFailure(FailureCode.INTERNAL_ERROR, "run " + runId + " was never opened");
    }
    return run;
  }

  @Override
  public void close() {
    runs.clear();
  }
}
