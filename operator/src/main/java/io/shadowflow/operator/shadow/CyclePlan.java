package io.shadowflow.operator.shadow;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.shadowflow.api.ShadowRun;
import io.shadowflow.api.ShadowRunSpec;
import io.shadowflow.engine.model.Durations;
import io.shadowflow.operator.jobs.Jobs;
import io.shadowflow.operator.jobs.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;

/**
 * What a ShadowRun's cycles call for now, decided from its worker Jobs alone: a pure function of
 * the spec, the Jobs, the start time and the clock.
 *
 * @param cycle the cycle the plan is about (the current one, or the one to start)
 * @param current the current cycle's Job, null if there is none
 * @param completedCycles cycles finished so far
 * @param dueAt when the next cycle starts, for {@link Action#WAIT}
 */
public record CyclePlan(
    Action action, int cycle, Job current, int completedCycles, Instant finishedAt, Instant dueAt) {

  /** The step the reconciler takes. */
  public enum Action {
    /** Create the Job of {@link #cycle()}; any other Job goes. */
    START,
    /** The workers changed: start {@link #cycle()} again with the new shard count. */
    RESHARD,
    /** Keep the current Job, suspended exactly when workers is 0. */
    KEEP,
    /** Between two cycles of a continuous run. */
    WAIT,
    /** Every cycle is done. */
    DONE,
    /** The current cycle's Job failed. */
    FAILED
  }

  public static CyclePlan plan(
      ShadowRun run, Collection<Job> jobs, Instant startedAt, Instant now) {
    Job current = jobs.stream().max(Comparator.comparingInt(CyclePlan::cycleOf)).orElse(null);
    if (current == null) {
      int first =
          run.getStatus() == null || run.getStatus().cycles == null ? 0 : run.getStatus().cycles;
      return new CyclePlan(Action.START, first, null, first, null, null);
    }
    int cycle = cycleOf(current);
    if (Jobs.failed(current)) {
      return new CyclePlan(Action.FAILED, cycle, current, cycle, null, null);
    }
    if (!Jobs.complete(current)) {
      int workers = ShadowJobs.workers(run.getSpec());
      boolean resharded =
          workers > 0 && !Integer.valueOf(workers).equals(current.getSpec().getParallelism());
      return new CyclePlan(
          resharded ? Action.RESHARD : Action.KEEP, cycle, current, cycle, null, null);
    }
    Instant finished = finishedAt(current, now);
    ShadowRunSpec spec = run.getSpec();
    if (spec.duration == null) {
      return new CyclePlan(Action.DONE, cycle, current, cycle + 1, finished, null);
    }
    Duration interval = spec.interval == null ? Duration.ZERO : Durations.parse(spec.interval);
    Instant due = finished.plus(interval);
    if (!due.isBefore(startedAt.plus(Durations.parse(spec.duration)))) {
      return new CyclePlan(Action.DONE, cycle, current, cycle + 1, finished, null);
    }
    return now.isBefore(due)
        ? new CyclePlan(Action.WAIT, cycle, current, cycle + 1, finished, due)
        : new CyclePlan(Action.START, cycle + 1, current, cycle + 1, finished, null);
  }

  static int cycleOf(Job job) {
    String cycle =
        job.getMetadata().getLabels() == null
            ? null
            : job.getMetadata().getLabels().get(Labels.CYCLE);
    return cycle == null ? 0 : Integer.parseInt(cycle);
  }

  private static Instant finishedAt(Job job, Instant now) {
    if (job.getStatus() != null && job.getStatus().getCompletionTime() != null) {
      return Instant.parse(job.getStatus().getCompletionTime());
    }
    return Jobs.condition(job, "Complete")
        .map(
            c -> c.getLastTransitionTime() == null ? now : Instant.parse(c.getLastTransitionTime()))
        .orElse(now);
  }
}
