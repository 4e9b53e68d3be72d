package io.shadowflow.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.shadowflow.api.Workflow;
import io.shadowflow.api.WorkflowSpec;
import io.shadowflow.operator.jobs.EnginePods;
import io.shadowflow.operator.jobs.EngineSettings;
import io.shadowflow.operator.jobs.Labels;
import io.shadowflow.operator.testing.TestEngineSettings;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EngineJobsTest {
  private static final String RUN = "run-0123456789abcdef0123456789abcdef";

  static Workflow workflow(String name, Integer replicas) {
    Workflow workflow = new Workflow();
    workflow.getMetadata().setName(name);
    workflow.getMetadata().setNamespace("apps");
    workflow.getMetadata().setUid("uid-1");
    workflow.setSpec(new WorkflowSpec());
    workflow.getSpec().replicas = replicas;
    return workflow;
  }

  private static Job job(Integer replicas, String lineage) {
    return EngineJobs.desired(
        workflow("orders", replicas),
        new WorkflowRun(RUN, lineage, null),
        TestEngineSettings.SETTINGS);
  }

  private static Container container(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void theJobIsOwnedByItsWorkflowAndLabelledWithItsRun() {
    Job job = job(1, "");
    assertThat(job.getMetadata().getName()).isEqualTo("orders-0123456789");
    assertThat(job.getMetadata().getNamespace()).isEqualTo("apps");
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            owner -> {
              assertThat(owner.getKind()).isEqualTo("Workflow");
              assertThat(owner.getApiVersion()).isEqualTo("shadowflow.io/v1alpha1");
              assertThat(owner.getUid()).isEqualTo("uid-1");
              assertThat(owner.getController()).isTrue();
            });
    assertThat(job.getMetadata().getLabels())
        .containsEntry(Labels.MANAGED_BY, Labels.OPERATOR)
        .containsEntry(Labels.COMPONENT, Labels.ENGINE)
        .containsEntry(Labels.WORKFLOW, "orders")
        .containsEntry(Labels.RUN_ID, RUN);
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .isEqualTo(job.getMetadata().getLabels());
  }

  @Test
  void thePodExecutesTheRunWithTheEngineImageAndDatabaseSettingsFromTheSecret() {
    Container container = container(job(1, ""));
    assertThat(container.getImage()).isEqualTo("registry.example/shadowflow/engine:1.2.3");
    assertThat(container.getArgs())
        .containsExactly(
            "execute", "--run-id", RUN, "--db-schema", "shadowflow", "--metrics-port", "9404");
    assertThat(container.getPorts())
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.getName()).isEqualTo(EnginePods.METRICS_PORT);
              assertThat(port.getContainerPort()).isEqualTo(9404);
            });
    Map<String, String> secretKeys =
        container.getEnv().stream()
            .filter(e -> e.getValueFrom() != null)
            .collect(
                Collectors.toMap(
                    EnvVar::getName,
                    e ->
                        e.getValueFrom().getSecretKeyRef().getName()
                            + "/"
                            + e.getValueFrom().getSecretKeyRef().getKey()));
    assertThat(secretKeys)
        .containsEntry("SHADOWFLOW_JDBC_URL", "shadowflow-database/jdbc-url")
        .containsEntry("SHADOWFLOW_DB_USER", "shadowflow-database/username")
        .containsEntry("SHADOWFLOW_DB_PASSWORD", "shadowflow-database/password");
  }

  @Test
  void withoutAMetricsPortThePodServesNothing() {
    EngineSettings base = TestEngineSettings.SETTINGS;
    EngineSettings noMetrics =
        new EngineSettings(
            base.image(),
            base.imagePullPolicy(),
            base.databaseSecret(),
            base.databaseSchema(),
            base.serviceAccount(),
            base.cpuRequest(),
            base.memoryRequest(),
            base.memoryLimit(),
            base.backoffLimit(),
            0);
    Container container =
        container(
            EngineJobs.desired(workflow("orders", 1), new WorkflowRun(RUN, "", null), noMetrics));
    assertThat(container.getArgs()).doesNotContain("--metrics-port");
    assertThat(container.getPorts()).isEmpty();
  }

  @Test
  void aRestartedRunPassesItsLineage() {
    assertThat(container(job(1, "restart/run-x/label")).getArgs())
        .containsSequence("--lineage", "restart/run-x/label");
  }

  @Test
  void thePodRunsAsNonRootOnAReadOnlyRootFilesystemWithResourceRequests() {
    Job job = job(1, "");
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container container = container(job);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getResources().getRequests())
        .containsEntry("cpu", new Quantity("250m"))
        .containsEntry("memory", new Quantity("256Mi"));
    assertThat(container.getResources().getLimits()).containsEntry("memory", new Quantity("512Mi"));
    assertThat(container.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
  }

  @Test
  void scaledToZeroTheJobIsSuspended() {
    assertThat(job(0, "").getSpec().getSuspend()).isTrue();
    assertThat(job(1, "").getSpec().getSuspend()).isFalse();
    assertThat(job(null, "").getSpec().getSuspend()).isFalse();
  }

  @Test
  void aFailedWorkflowOrInvalidInputFailsTheJobWhileCannotContinueIsRetried() {
    Job job = job(1, "");
    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(6);
    assertThat(job.getSpec().getPodFailurePolicy().getRules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getAction()).isEqualTo("FailJob");
              assertThat(rule.getOnExitCodes().getValues()).containsExactly(1, 2);
            });
  }

  @Test
  void aPodIsReplacedOnlyOnceItHasFailedNotWhileItIsTerminating() {
    assertThat(job(1, "").getSpec().getPodReplacementPolicy()).isEqualTo("Failed");
  }

  @Test
  void jobNamesStayWithin63CharactersForLongWorkflowNames() {
    String name = "a".repeat(63);
    assertThat(EngineJobs.name(name, RUN)).hasSize(63).endsWith("-0123456789");
  }
}
