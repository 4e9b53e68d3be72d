package io.shadowflow.operator.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.shadowflow.api.Phase;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.operator.testing.EnginePod;
import io.shadowflow.operator.testing.OperatorHarness;
import io.shadowflow.operator.testing.StepPodKubelet;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's half of container steps against the test API server, this test playing the
 * kubelet: the pod it makes for an attempt, and how it hands the pod's end back to the engine.
 */
class ContainerStepPodsTest {
  private static final String STEP =
      """
      - name: resize
        kind: container
        image: ghcr.io/acme/resize:1.4
        command: [/app/resize]
        args: [--quality, '85']
        input: '{"qty": input.qty}'
        timeout: 2m
        env:
          - {name: MODE, value: fast}
          - {name: TOKEN, valueFrom: {secretKeyRef: {name: resize-api, key: token}}}
        resources: {requests: {cpu: 250m}, limits: {memory: 256Mi}}
      - {name: after, kind: transform, expr: 'steps.resize.output.url'}
      """;

  private OperatorHarness harness;
  private StepPodKubelet kubelet;

  @BeforeEach
  void start() {
    harness = new OperatorHarness();
    kubelet = new StepPodKubelet(harness);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void theAttemptRunsInARestrictedPodWhoseOutputTheEngineReadsBack() throws Exception {
    CompletableFuture<EnginePod.Exit> engine = engine("boxed");
    Pod pod = kubelet.awaitPod();

    Container step = pod.getSpec().getInitContainers().get(0);
    assertThat(step.getImage()).isEqualTo("ghcr.io/acme/resize:1.4");
    assertThat(step.getCommand()).containsExactly("/app/resize");
    assertThat(step.getArgs()).containsExactly("--quality", "85");
    assertThat(step.getEnv())
        .extracting(EnvVar::getName)
        .containsExactly("MODE", "TOKEN", "SHADOWFLOW_INPUT", "SHADOWFLOW_OUTPUT");
    assertThat(step.getEnv().get(1).getValueFrom().getSecretKeyRef().getName())
        .as("the kubelet reads the Secret; its value never passes through shadowflow")
        .isEqualTo("resize-api");
    assertThat(step.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(step.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(step.getResources().getLimits().get("memory").toString()).isEqualTo("256Mi");
    assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType())
        .isEqualTo("RuntimeDefault");
    assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(120);
    assertThat(pod.getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example/shadowflow/engine:test");
    assertThat(pod.getMetadata().getOwnerReferences().get(0).getName()).isEqualTo("boxed");
    assertThat(inputOf(pod)).isEqualTo("{\"qty\":3}");

    kubelet.succeed(pod, "{\"url\": \"s3://out/7.png\"}");

    assertThat(engine.get(60, TimeUnit.SECONDS).code()).isZero();
    harness.awaitWorkflow("boxed", w -> w.getStatus().phase == Phase.Succeeded);
    await().atMost(Duration.ofSeconds(30)).until(() -> gone(pod) && inputOf(pod) == null);
  }

  @Test
  void aStepThatExitsNonZeroFailsItsRunWithItsLastWords() throws Exception {
    CompletableFuture<EnginePod.Exit> engine = engine("broken");

    kubelet.fail(kubelet.awaitPod(), 3, "cannot open /data/7.png");

    assertThat(engine.get(60, TimeUnit.SECONDS).code()).isEqualTo(1);
    var failed = harness.awaitWorkflow("broken", w -> w.getStatus().phase == Phase.Failed);
    assertThat(failed.getStatus().error.code).isEqualTo("CONTAINER_FAILED");
    assertThat(failed.getStatus().error.message).contains("exited 3", "cannot open /data/7.png");
  }

  /** Creates the Workflow and runs its engine pod (here, in this JVM) until the run ends. */
  private CompletableFuture<EnginePod.Exit> engine(String name) {
    harness.create(Manifests.workflowYaml(name, STEP));
    Job job = harness.awaitJob(name, j -> true);
    String jdbcUrl = harness.database().config().jdbcUrl();
    return CompletableFuture.supplyAsync(() -> EnginePod.run(job, jdbcUrl));
  }

  private boolean gone(Pod pod) {
    return harness
            .client()
            .pods()
            .inNamespace(OperatorHarness.NAMESPACE)
            .withName(pod.getMetadata().getName())
            .get()
        == null;
  }

  private String inputOf(Pod pod) {
    var map =
        harness
            .client()
            .configMaps()
            .inNamespace(OperatorHarness.NAMESPACE)
            .withName(pod.getMetadata().getName())
            .get();
    return map == null ? null : map.getData().get("input.json");
  }
}
