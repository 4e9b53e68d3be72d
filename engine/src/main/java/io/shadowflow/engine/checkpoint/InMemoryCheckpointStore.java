package io.shadowflow.engine.checkpoint;

import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    RunOutcome outcome;

    MemoryRun(Instant startedAt) {
      this.startedAt = startedAt;
    }
  }

  @Override
  public RunState openRun(RunDefinition definition) {
    MemoryRun run =
        runs.computeIfAbsent(definition.runId(), id -> new MemoryRun(definition.startedAt()));
    synchronized (run) {
      RunStatus status = run.outcome == null ? RunStatus.RUNNING : run.outcome.status();
      return new RunState(
          definition.runId(), run.startedAt, status, List.copyOf(run.steps), run.outcome);
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
