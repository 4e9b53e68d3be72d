package io.shadowflow.operator.shadow;

import io.shadowflow.api.Phase;
import io.shadowflow.api.ShadowRun;
import io.shadowflow.api.ShadowRunStatus;
import io.shadowflow.api.ShadowTimings;
import io.shadowflow.operator.jobs.Jobs;
import io.shadowflow.operator.jobs.Labels;
import io.shadowflow.operator.status.Conditions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Builds the status a ShadowRun should have from its cycle plan and its results summary. A pure
 * function: the same observations give the same status, so nothing is written twice.
 */
public final class ShadowRunStatusAggregator {
  public static final String READY = "Ready";
  public static final String SUSPENDED = "Suspended";
  public static final String DETERMINISTIC = "Deterministic";

  private ShadowRunStatusAggregator() {}

  /**
   * @param problem why the referenced Workflow cannot be replayed (missing, invalid); null if it
   *     can
   * @param plan null when there is a problem
   * @param summary null while no results are readable
   */
  public static ShadowRunStatus desired(
      ShadowRun run,
      Problem problem,
      CyclePlan plan,
      ShadowSummary summary,
      Instant startedAt,
      Instant now) {
    ShadowRunStatus previous = run.getStatus() == null ? new ShadowRunStatus() : run.getStatus();
    ShadowRunStatus status = new ShadowRunStatus();
    status.observedGeneration = run.getMetadata().getGeneration();
    status.selector = Labels.SHADOW_RUN + "=" + run.getMetadata().getName();
    boolean paused = ShadowJobs.workers(run.getSpec()) == 0;
    Conditions conditions = new Conditions(previous.conditions, status.observedGeneration, now);
    conditions.set(
        SUSPENDED,
        paused,
        paused ? "ScaledToZero" : "Scaled",
        paused
            ? "workers is 0: no worker pod runs"
            : "workers is " + ShadowJobs.workers(run.getSpec()));
    results(status, summary, ShadowJobs.compares(run.getSpec()), conditions);
    if (problem != null) {
      status.phase = problem.phase();
      status.cycles = previous.cycles;
      status.replicas = 0;
      conditions.set(READY, false, problem.reason(), problem.message());
      status.conditions = conditions.build();
      return status;
    }
    status.cycles = plan.completedCycles();
    status.timings = timings(previous.timings, plan, summary, startedAt);
    status.replicas = Jobs.active(plan.current());
    String cycle = "cycle " + plan.cycle();
    switch (plan.action()) {
      case FAILED -> {
        status.phase = Phase.Failed;
        String why =
            Jobs.condition(plan.current(), "Failed")
                .map(c -> c.getReason() + ": " + c.getMessage())
                .orElse("");
        conditions.set(
            READY, false, "WorkersFailed", "the worker Job of " + cycle + " failed (" + why + ")");
      }
      case DONE -> {
        status.phase = Phase.Succeeded;
        conditions.set(READY, true, "Completed", status.cycles + " cycle(s) done");
      }
      default -> {
        if (paused) {
          status.phase = Phase.Suspended;
          conditions.set(READY, false, "Suspended", cycle + " is paused");
        } else if (plan.action() == CyclePlan.Action.WAIT) {
          status.phase = Phase.Running;
          conditions.set(
              READY,
              true,
              "Waiting",
              "waiting for the interval before cycle " + (plan.cycle() + 1));
        } else {
          status.phase = Phase.Running;
          conditions.set(READY, true, "Replaying", "workers are replaying " + cycle);
        }
      }
    }
    status.conditions = conditions.build();
    return status;
  }

  /** Why a ShadowRun cannot replay its Workflow. */
  public record Problem(Phase phase, String reason, String message) {}

  private static void results(
      ShadowRunStatus status, ShadowSummary summary, boolean compares, Conditions conditions) {
    if (summary != null) {
      status.workflowsReplayed = summary.replayed();
      status.mismatches = summary.mismatches();
      status.goldenRecorded = summary.goldenRecorded();
      status.lastMismatch = summary.lastMismatch();
    }
    if (!compares) {
      conditions.unknown(
          DETERMINISTIC,
          "NothingCompared",
          "mode crossWorker compares the iterations of a seed with each other, and iterations is"
              + " 1: nothing is compared; set iterations to 2 or more, or mode to replay or both");
      return;
    }
    if (summary == null) {
      conditions.unknown(DETERMINISTIC, "NoResults", "no shadow results have been read yet");
      return;
    }
    if (summary.mismatches() > 0) {
      var last = summary.lastMismatch();
      conditions.set(
          DETERMINISTIC,
          false,
          "MismatchFound",
          summary.mismatches()
              + " replay(s) diverged"
              + (last == null
                  ? ""
                  : "; last: seed " + last.seed + " at " + last.firstDivergingStep));
    } else {
      conditions.set(
          DETERMINISTIC,
          true,
          "NoMismatch",
          summary.replayed() + " replay(s), every hash as expected");
    }
  }

  private static ShadowTimings timings(
      ShadowTimings previous, CyclePlan plan, ShadowSummary summary, Instant startedAt) {
    ShadowTimings timings = new ShadowTimings();
    timings.startedAt = startedAt.truncatedTo(ChronoUnit.SECONDS).toString();
    if (plan.current() != null && plan.action() != CyclePlan.Action.START) {
      timings.cycleStartedAt = plan.current().getMetadata().getCreationTimestamp();
    } else if (previous != null) {
      timings.cycleStartedAt = previous.cycleStartedAt;
    }
    if (plan.finishedAt() != null) {
      timings.cycleFinishedAt = plan.finishedAt().truncatedTo(ChronoUnit.SECONDS).toString();
    } else if (previous != null) {
      timings.cycleFinishedAt = previous.cycleFinishedAt;
    }
    if (summary != null) {
      timings.replayP50Millis = summary.replayP50Millis();
      timings.replayP99Millis = summary.replayP99Millis();
    }
    return timings;
  }
}
