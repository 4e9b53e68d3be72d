package io.shadowflow.operator.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.shadowflow.api.Mismatch;
import io.shadowflow.api.Phase;
import io.shadowflow.api.ShadowRun;
import io.shadowflow.engine.fault.FaultPlan;
import io.shadowflow.engine.manifest.ManifestReader;
import io.shadowflow.engine.manifest.WorkflowCompiler;
import io.shadowflow.engine.shadow.PostgresShadowResults;
import io.shadowflow.engine.shadow.SeedRange;
import io.shadowflow.engine.shadow.ShadowMode;
import io.shadowflow.engine.shadow.ShadowPlan;
import io.shadowflow.engine.shadow.Shard;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.operator.status.Conditions;
import io.shadowflow.operator.testing.OperatorHarness;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShadowRunReconcilerTest {
  private static final String SHADOW_RUN =
      """
      apiVersion: shadowflow.io/v1alpha1
      kind: ShadowRun
      metadata: {name: nightly}
      spec:
        workflowRef: {name: orders}
        seeds: {from: 0, count: 7500}
        iterations: 3
        workers: 3
        mode: both
      %s
      """;

  private final OperatorHarness harness = new OperatorHarness("--resync", "1s");

  @AfterEach
  void close() {
    harness.close();
  }

  private void workflowAndShadowRun(String extraSpec) {
    harness.create(Manifests.workflowYaml("orders", "- {name: a, kind: random, uuid: true}"));
    harness.createShadowRun(SHADOW_RUN.formatted(extraSpec.indent(2)));
  }

  private Job awaitWorkerJob(java.util.function.Predicate<Job> condition) {
    return await()
        .until(
            () -> harness.workerJobs("nightly").stream().filter(condition).findFirst().orElse(null),
            java.util.Objects::nonNull);
  }

  private void edit(UnaryOperator<ShadowRun> change) {
    harness.edit(ShadowRun.class, "nightly", change);
  }

  /** What the Job controller of a cluster would write when every index succeeded. */
  private void complete(Job job) {
    String now = Instant.now().toString();
    harness
        .client()
        .batch()
        .v1()
        .jobs()
        .resource(job)
        .editStatus(
            j -> {
              j.setStatus(
                  new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
                      .withCompletionTime(now)
                      .withSucceeded(3)
                      .addNewCondition()
                      .withType("Complete")
                      .withStatus("True")
                      .withLastTransitionTime(now)
                      .endCondition()
                      .build());
              return j;
            });
  }

  @Test
  void aShadowRunBecomesAnIndexedJobReplayingTheWorkflowManifest() {
    workflowAndShadowRun("");
    Job job = awaitWorkerJob(j -> true);
    assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
    assertThat(job.getSpec().getParallelism()).isEqualTo(3);

    ConfigMap manifest =
        harness
            .client()
            .configMaps()
            .inNamespace(OperatorHarness.NAMESPACE)
            .withName("nightly-workflow")
            .get();
    String yaml = manifest.getData().get(ShadowJobs.MANIFEST_KEY);
    // The workers read exactly what the engine's compiler accepts.
    assertThat(new WorkflowCompiler().compile(ManifestReader.parse(yaml, "configmap")).name())
        .isEqualTo("orders");

    ShadowRun run = harness.awaitShadowRun("nightly", r -> r.getStatus().phase == Phase.Running);
    assertThat(Conditions.find(run.getStatus().conditions, "Deterministic").getStatus())
        .isEqualTo("Unknown");
    assertThat(run.getStatus().cycles).isZero();
  }

  @Test
  void zeroWorkersPauseTheJobAndWorkersBackResumeIt() {
    workflowAndShadowRun("");
    awaitWorkerJob(j -> true);
    edit(
        r -> {
          r.getSpec().workers = 0;
          return r;
        });
    awaitWorkerJob(j -> Boolean.TRUE.equals(j.getSpec().getSuspend()));
    harness.awaitShadowRun("nightly", r -> r.getStatus().phase == Phase.Suspended);

    edit(
        r -> {
          r.getSpec().workers = 3;
          return r;
        });
    awaitWorkerJob(j -> Boolean.FALSE.equals(j.getSpec().getSuspend()));
    harness.awaitShadowRun("nightly", r -> r.getStatus().phase == Phase.Running);
    assertThat(harness.workerJobs("nightly")).hasSize(1);
  }

  @Test
  void aContinuousRunStartsTheNextCycleWhenOneCompletes() {
    workflowAndShadowRun("duration: 1h\ninterval: 1s");
    complete(awaitWorkerJob(j -> true));

    Job second =
        awaitWorkerJob(j -> "1".equals(j.getMetadata().getLabels().get("shadowflow.io/cycle")));
    assertThat(second.getMetadata().getName()).isEqualTo("nightly-c1-w3");
    await().until(() -> harness.workerJobs("nightly").size() == 1);
    ShadowRun run =
        harness.awaitShadowRun("nightly", r -> Integer.valueOf(1).equals(r.getStatus().cycles));
    assertThat(run.getStatus().timings.cycleFinishedAt).isNotNull();
  }

  @Test
  void aSingleCycleRunSucceedsWhenItsJobCompletes() {
    workflowAndShadowRun("");
    complete(awaitWorkerJob(j -> true));
    ShadowRun run = harness.awaitShadowRun("nightly", r -> r.getStatus().phase == Phase.Succeeded);
    assertThat(run.getStatus().cycles).isEqualTo(1);
  }

  /**
   * Restarts the operator reading 900 replays and one mismatch at {@code step} for every ShadowRun
   * (a stand-in for the shadow runner's results tables), then creates the Workflow and ShadowRun.
   */
  private void shadowRunWithOneMismatchAt(String step) {
    Mismatch mismatch = ShadowRunFixtures.mismatch(42, step);
    harness.stopOperator();
    harness.shadowResults(
        (namespace, name) -> Optional.of(new ShadowSummary(900, 1, 0, mismatch, 0.3, 1.2)));
    harness.startOperator();
    workflowAndShadowRun("");
  }

  @Test
  void mismatchesReadFromTheResultsReachTheStatus() {
    shadowRunWithOneMismatchAt("steps/0 (a)");
    ShadowRun run = harness.awaitShadowRun("nightly", r -> r.getStatus().mismatches != null);
    assertThat(run.getStatus().mismatches).isEqualTo(1);
    assertThat(run.getStatus().workflowsReplayed).isEqualTo(900);
    assertThat(run.getStatus().lastMismatch.firstDivergingStep).isEqualTo("steps/0 (a)");
    assertThat(Conditions.find(run.getStatus().conditions, "Deterministic").getReason())
        .isEqualTo("MismatchFound");
  }

  @Test
  void aDeletedShadowRunLeavesTheGaugesAtOnce() {
    shadowRunWithOneMismatchAt("steps/0");
    await()
        .until(
            () -> harness.operator().registry().scrape(),
            scrape ->
                scrape.contains("shadowflow_shadow_mismatches{")
                    && scrape.contains("shadowflow_resources{kind=\"ShadowRun\""));

    harness.client().resource(harness.shadowRun("nightly")).delete();

    await().until(() -> harness.shadowRun("nightly") == null);
    assertThat(harness.operator().registry().scrape())
        .doesNotContain("shadowflow_shadow_mismatches{")
        .doesNotContain("shadowflow_shadow_workflows_replayed{")
        .doesNotContain("shadowflow_resources{kind=\"ShadowRun\"");
  }

  @Test
  void aDeletedShadowRunTakesItsStoredResultsAlong() {
    harness.stopOperator();
    harness.shadowResults(new StoredShadowSummaries(harness.database().dataSource()));
    harness.startOperator();
    workflowAndShadowRun("");
    awaitWorkerJob(job -> true);
    // What a worker writes first: the shadow run's row, which its cycles and results hang off.
    var results = new PostgresShadowResults(harness.database().dataSource());
    String id = ShadowJobs.shadowRunId(OperatorHarness.NAMESPACE, "nightly");
    results.open(
        new ShadowPlan(
            id,
            Manifests.compileYaml(
                Manifests.workflowYaml("orders", "- {name: a, kind: random, uuid: true}")),
            SeedRange.parse("0..9"),
            1,
            1,
            ShadowMode.crossWorker,
            Shard.ALL,
            null,
            null,
            0,
            FaultPlan.NONE,
            0));

    harness.client().resource(harness.shadowRun("nightly")).delete();

    await().until(() -> harness.shadowRun("nightly") == null);
    assertThat(results.delete(id)).as("rows left behind").isFalse();
  }

  @Test
  void aShadowRunOfAMissingWorkflowWaitsForIt() {
    harness.createShadowRun(SHADOW_RUN.formatted(""));
    ShadowRun run = harness.awaitShadowRun("nightly", r -> r.getStatus().phase == Phase.Pending);
    assertThat(Conditions.find(run.getStatus().conditions, "Ready").getReason())
        .isEqualTo("WorkflowNotFound");
    assertThat(harness.workerJobs("nightly")).isEmpty();

    harness.create(Manifests.workflowYaml("orders", "- {name: a, kind: random, uuid: true}"));
    awaitWorkerJob(j -> true);
  }
}
