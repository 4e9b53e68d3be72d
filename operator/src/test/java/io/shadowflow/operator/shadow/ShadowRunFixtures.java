package io.shadowflow.operator.shadow;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.shadowflow.api.FaultName;
import io.shadowflow.api.FaultSpec;
import io.shadowflow.api.Mismatch;
import io.shadowflow.api.SeedRange;
import io.shadowflow.api.ShadowMode;
import io.shadowflow.api.ShadowRun;
import io.shadowflow.api.ShadowRunSpec;
import io.shadowflow.api.WorkflowRef;
import io.shadowflow.operator.testing.TestEngineSettings;
import java.time.Instant;
import java.util.List;

/** ShadowRuns and worker Jobs for the unit tests. */
final class ShadowRunFixtures {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private ShadowRunFixtures() {}

  static ShadowRun shadowRun(int workers, String duration, String interval) {
    ShadowRun run = new ShadowRun();
    run.getMetadata().setName("nightly");
    run.getMetadata().setNamespace("apps");
    run.getMetadata().setUid("uid-sr");
    run.getMetadata().setGeneration(2L);
    ShadowRunSpec spec = new ShadowRunSpec();
    spec.workflowRef = new WorkflowRef();
    spec.workflowRef.name = "orders";
    spec.seeds = new SeedRange();
    spec.seeds.from = 0L;
    spec.seeds.count = 7500L;
    spec.iterations = 3;
    spec.workers = workers;
    spec.mode = ShadowMode.BOTH;
    spec.duration = duration;
    spec.interval = interval;
    spec.faults = new FaultSpec();
    spec.faults.types = List.of(FaultName.HTTP_503, FaultName.CONNECTION_RESET);
    spec.faults.probability = 0.05;
    run.setSpec(spec);
    return run;
  }

  /** A mismatch of {@code seed} first diverging at {@code step}. */
  static Mismatch mismatch(long seed, String step) {
    Mismatch mismatch = new Mismatch();
    mismatch.seed = seed;
    mismatch.expectedHash = "aa".repeat(32);
    mismatch.actualHash = "bb".repeat(32);
    mismatch.firstDivergingStep = step;
    return mismatch;
  }

  /** The worker Job of {@code cycle}; {@code outcome} is Complete, Failed or null (running). */
  static Job job(ShadowRun run, int cycle, String outcome, Instant finishedAt) {
    Job job = ShadowJobs.desired(run, cycle, TestEngineSettings.SETTINGS);
    if (outcome == null) {
      return job;
    }
    return new JobBuilder(job)
        .withNewStatus()
        .withCompletionTime(outcome.equals("Complete") ? finishedAt.toString() : null)
        .addNewCondition()
        .withType(outcome)
        .withStatus("True")
        .withReason(outcome.equals("Failed") ? "BackoffLimitExceeded" : null)
        .withLastTransitionTime(finishedAt.toString())
        .endCondition()
        .endStatus()
        .build();
  }
}
