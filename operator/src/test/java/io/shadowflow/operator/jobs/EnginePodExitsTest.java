package io.shadowflow.operator.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.shadowflow.api.Phase;
import io.shadowflow.engine.failure.ExitReport;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.operator.testing.EnginePod;
import io.shadowflow.operator.testing.OperatorHarness;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An engine pod that stopped on a failure it could not record in the database is counted once by
 * its code, and a failed Job's Workflow fails with that code rather than INTERNAL_ERROR.
 */
class EnginePodExitsTest {
  private static final Pattern TOO_MANY_CONNECTIONS =
      Pattern.compile(
          "shadowflow_engine_pod_failures_total\\{category=\"RESOURCE\",code=\"DB_TOO_MANY_CONNECTIONS\","
              + "kind=\"Workflow\",namespace=\"apps\"} (\\S+)");

  private final OperatorHarness harness = new OperatorHarness("--resync", "1h");

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void aFailedPodIsCountedOnceByItsCodeAndItsFailedJobFailsTheWorkflowWithIt() {
    harness.create(Manifests.workflowYaml("orders", "- {name: a, kind: random, uuid: true}"));
    Job job = harness.awaitJob("orders", j -> true);
    ExitReport report =
        new ExitReport(FailureCode.DB_TOO_MANY_CONNECTIONS, "too many connections for role");

    Pod pod = EnginePod.failed(harness.client(), job, report);
    await().until(() -> count().equals("1.0"));
    // Later changes to a pod that had already failed are not new failures.
    harness
        .client()
        .pods()
        .resource(pod)
        .edit(
            p ->
                new PodBuilder(p)
                    .editMetadata()
                    .addToAnnotations("seen", "yes")
                    .endMetadata()
                    .build());
    harness
        .client()
        .batch()
        .v1()
        .jobs()
        .inNamespace(OperatorHarness.NAMESPACE)
        .withName(job.getMetadata().getName())
        .editStatus(
            j ->
                new JobBuilder(j)
                    .editOrNewStatus()
                    .withFailed(1)
                    .addNewCondition()
                    .withType("Failed")
                    .withStatus("True")
                    .withReason("BackoffLimitExceeded")
                    .withMessage("Job has reached the specified backoff limit")
                    .endCondition()
                    .endStatus()
                    .build());

    var failed = harness.awaitWorkflow("orders", w -> w.getStatus().phase == Phase.Failed);
    assertThat(failed.getStatus().error.code).isEqualTo("DB_TOO_MANY_CONNECTIONS");
    assertThat(failed.getStatus().error.message).contains("too many connections for role");
    assertThat(count()).isEqualTo("1.0");
  }

  @Test
  void aNamespaceWithEnginePodsShowsItsDatabaseFailureCountersAtZero() {
    harness.create(Manifests.workflowYaml("orders", "- {name: a, kind: random, uuid: true}"));
    Job job = harness.awaitJob("orders", j -> true);

    EnginePod.failed(
        harness.client(), job, new ExitReport(FailureCode.OUT_OF_MEMORY, "heap exhausted"));

    await().until(() -> harness.operator().registry().scrape().contains("code=\"OUT_OF_MEMORY\""));
    assertThat(count()).isEqualTo("0.0");
  }

  @Test
  void aPodKilledForItsMemoryIsOutOfMemoryAndAnyOtherTextIsNoReport() {
    assertThat(EnginePodExits.report(terminated("OOMKilled", null)))
        .map(ExitReport::code)
        .contains(FailureCode.OUT_OF_MEMORY);
    assertThat(EnginePodExits.report(terminated("Error", "Exception in thread main"))).isEmpty();
    assertThat(EnginePodExits.report(new Pod())).isEmpty();
  }

  private static Pod terminated(String reason, String message) {
    return new PodBuilder()
        .withNewStatus()
        .withPhase("Failed")
        .addNewContainerStatus()
        .withNewState()
        .withNewTerminated()
        .withExitCode(137)
        .withReason(reason)
        .withMessage(message)
        .endTerminated()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }

  private String count() {
    Matcher m = TOO_MANY_CONNECTIONS.matcher(harness.operator().registry().scrape());
    return m.find() ? m.group(1) : "absent";
  }
}
