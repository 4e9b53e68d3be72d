package io.shadowflow.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.shadowflow.api.ApiGroup;
import io.shadowflow.api.PlannerSpec;
import io.shadowflow.api.PolicySpec;
import io.shadowflow.api.SecretKeyRefSpec;
import io.shadowflow.api.SecretParamSpec;
import io.shadowflow.api.SecretValueFrom;
import io.shadowflow.api.StepSpec;
import io.shadowflow.api.Workflow;
import io.shadowflow.api.WorkflowSpec;
import io.shadowflow.operator.jobs.EnginePods;
import io.shadowflow.operator.jobs.EngineSettings;
import io.shadowflow.operator.jobs.Labels;
import io.shadowflow.operator.jobs.SecretVolumes;
import io.shadowflow.operator.testing.TestEngineSettings;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EngineJobsTest {
  private static final String RUN = TestRuns.RUN;

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
        new WorkflowRun(RUN, lineage, TestRuns.running(0), null, false),
        TestEngineSettings.SETTINGS);
  }

  private static Container container(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void theJobsDeadlineIsThePolicyTimeoutAndTenMinutesOrADay() {
    assertThat(job(1, "").getSpec().getActiveDeadlineSeconds()).isEqualTo(86_400L);
    Workflow limited = workflow("orders", 1);
    limited.getSpec().policy = new PolicySpec();
    limited.getSpec().policy.timeout = "1h30m";
    Job job =
        EngineJobs.desired(
            limited, TestRuns.current(TestRuns.running(0)), TestEngineSettings.SETTINGS);
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(90 * 60 + 10 * 60L);
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
            "execute",
            "--run-id",
            RUN,
            "--db-schema",
            "shadowflow",
            "--container-steps",
            "pods",
            "--park-after",
            "30000ms",
            "--metrics-port",
            "9404");
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
    // Engine pods never run DDL: the operator owns the schema.
    assertThat(container.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("SHADOWFLOW_DB_MIGRATE");
              assertThat(e.getValue()).isEqualTo("false");
            });
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
            0,
            base.egress(),
            base.allowedImages(),
            base.namespaceImages(),
            base.parkAfter());
    Container container =
        container(
            EngineJobs.desired(
                workflow("orders", 1), TestRuns.current(TestRuns.running(0)), noMetrics));
    assertThat(container.getArgs()).doesNotContain("--metrics-port");
    assertThat(container.getPorts()).isEmpty();
  }

  @Test
  void eachWakeOfAParkedRunHasAJobOfItsOwn() {
    var awake = TestRuns.current(TestRuns.parked(2, 3, null));
    Job job = EngineJobs.desired(workflow("orders", 1), awake, TestEngineSettings.SETTINGS);
    assertThat(job.getMetadata().getName()).isEqualTo("orders-0123456789-w3");
    assertThat(job.getMetadata().getName()).isEqualTo(awake.jobName("orders"));
    assertThat(EngineJobs.name("o".repeat(80), RUN, 12)).hasSize(63).endsWith("-0123456789-w12");
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
    assertThat(EngineJobs.name(name, RUN, 0)).hasSize(63).endsWith("-0123456789");
  }

  private static SecretParamSpec secret(String in, String name, String secret, String key) {
    SecretParamSpec param = new SecretParamSpec();
    param.in = in;
    param.name = name;
    param.valueFrom = new SecretValueFrom();
    param.valueFrom.secretKeyRef = new SecretKeyRefSpec();
    param.valueFrom.secretKeyRef.name = secret;
    param.valueFrom.secretKeyRef.key = key;
    return param;
  }

  @Test
  void thePodMountsExactlyTheReferencedSecretKeysAsFiles() {
    Workflow workflow = workflow("orders", 1);
    StepSpec call = new StepSpec();
    call.secrets = List.of(secret("header", "X-Key", "api", "token"));
    StepSpec plan = new StepSpec();
    plan.planner = new PlannerSpec();
    plan.planner.secrets =
        List.of(secret("query", "k", "planner", "key"), secret("body", "b", "api", "other"));
    workflow.getSpec().steps = List.of(call, plan, new StepSpec());

    Job job =
        EngineJobs.desired(
            workflow, TestRuns.current(TestRuns.running(0)), TestEngineSettings.SETTINGS);

    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .extracting(
            v ->
                v.getSecret().getSecretName()
                    + "="
                    + v.getSecret().getItems().stream()
                        .map(i -> i.getKey() + ">" + i.getPath())
                        .toList())
        .containsExactly("api=[other>other, token>token]", "planner=[key>key]");
    assertThat(container(job).getVolumeMounts())
        .filteredOn(m -> m.getName().startsWith("secret-"))
        .extracting(m -> m.getMountPath() + (m.getReadOnly() ? " ro" : " rw"))
        .containsExactly("/etc/shadowflow/secrets/api ro", "/etc/shadowflow/secrets/planner ro");
    assertThat(container(job).getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("SHADOWFLOW_SECRETS_DIR");
              assertThat(e.getValue()).isEqualTo(SecretVolumes.ROOT);
            });
  }

  @Test
  void aWorkflowWithoutSecretsMountsNone() {
    Job job = job(1, "");
    assertThat(job.getSpec().getTemplate().getSpec().getVolumes())
        .allSatisfy(v -> assertThat(v.getSecret()).isNull());
    assertThat(container(job).getEnv())
        .noneMatch(e -> e.getName().equals("SHADOWFLOW_SECRETS_DIR"));
  }

  @Test
  void noArgumentCanBeExpandedByKubernetes() {
    assertThat(container(job(1, "restart/$(SHADOWFLOW_DB_PASSWORD)/x")).getArgs())
        .contains("restart/$$(SHADOWFLOW_DB_PASSWORD)/x")
        .noneMatch(arg -> arg.replace("$$", "").contains("$"));
  }

  @Test
  void aLineageAnnotationTheOperatorDidNotWriteStopsTheWorkflowBeforeAnyJob() {
    Workflow workflow = workflow("orders", 1);
    workflow.getSpec().type = "orders";
    StepSpec step = new StepSpec();
    step.name = "a";
    step.kind = "transform";
    step.expr = "1";
    workflow.getSpec().steps = List.of(step);
    workflow.setApiVersion("shadowflow.io/v1alpha1");
    SpecValidation validation = new SpecValidation(TestEngineSettings.SETTINGS);
    assertThat(validation.validate(workflow).valid()).isTrue();

    workflow
        .getMetadata()
        .setAnnotations(Map.of(ApiGroup.RUN_LINEAGE, "restart/$(SHADOWFLOW_DB_PASSWORD)/a"));
    Validation checked = validation.validate(workflow);
    assertThat(checked.valid()).isFalse();
    assertThat(checked.describe())
        .contains("metadata.annotations[shadowflow.io/run-lineage]: not a lineage the operator")
        .doesNotContain("SHADOWFLOW_DB_PASSWORD");
    workflow
        .getMetadata()
        .setAnnotations(
            Map.of(ApiGroup.RUN_LINEAGE, "restart/run-0123456789abcdef0123456789abcdef/a"));
    assertThat(validation.validate(workflow).valid()).isTrue();
  }
}
