package io.shadowflow.operator.workflow;

import io.shadowflow.engine.checkpoint.RunStatus;
import io.shadowflow.engine.runs.RunPark;
import io.shadowflow.engine.runs.RunSummary;
import java.time.Instant;

/** Run summaries as the operator reads them, for the builders' unit tests. */
final class TestRuns {
  static final String RUN = "run-0123456789abcdef0123456789abcdef";
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private TestRuns() {}

  /** A running run of five steps with {@code done} committed, never parked. */
  static RunSummary running(int done) {
    return new RunSummary(
        RUN,
        RunStatus.RUNNING,
        done,
        5,
        false,
        done == 0 ? null : "step" + done,
        done == 0 ? null : T0,
        null,
        null,
        null,
        null,
        0,
        null,
        0);
  }

  /**
   * The run after {@code wakes} parks, parked now as {@code park} says (null: an engine holds it).
   */
  static RunSummary parked(int done, int wakes, RunPark park) {
    RunSummary run = running(done);
    return new RunSummary(
        run.runId(),
        run.status(),
        run.completedSteps(),
        run.stepCount(),
        run.grows(),
        run.lastStepName(),
        run.lastCheckpointAt(),
        null,
        null,
        null,
        null,
        wakes,
        park,
        0);
  }

  /** The current run of {@code summary}, first of its lineage. */
  static WorkflowRun current(RunSummary summary) {
    return new WorkflowRun(RUN, "", summary, null, false);
  }
}
