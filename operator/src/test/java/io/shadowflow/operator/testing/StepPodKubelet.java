package io.shadowflow.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.shadowflow.engine.container.OutputFrame;
import io.shadowflow.operator.containers.ContainerStepPods;
import io.shadowflow.operator.jobs.Labels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Plays the kubelet for container step pods where no pod runner runs: waits for the operator's pod,
 * then reports its containers ended and serves their logs, as a node would.
 */
public final class StepPodKubelet {
  private final OperatorHarness harness;
  private final Path logs;

  public StepPodKubelet(OperatorHarness harness) {
    this.harness = harness;
    try {
      this.logs = Files.createTempDirectory("step-pod-logs");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    harness
        .apiServer()
        .podLogs(
            (namespace, pod, container) ->
                Optional.of(logs.resolve(pod + "." + container + ".log")).filter(Files::exists));
  }

  /** The step pod the operator makes next in the harness's namespace. */
  public Pod awaitPod() {
    KubernetesClient client = harness.client();
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client
                    .pods()
                    .inNamespace(OperatorHarness.NAMESPACE)
                    .withLabel(Labels.COMPONENT, ContainerStepPods.COMPONENT)
                    .list()
                    .getItems(),
            pods -> !pods.isEmpty())
        .get(0);
  }

  /** The step exited 0 having written {@code output}, then the output container printed it. */
  public void succeed(Pod pod, String output) {
    log(pod, "step", "working\n");
    log(
        pod,
        "output",
        "Picked up JAVA_TOOL_OPTIONS: -Xmx64m\n"
            + OutputFrame.encode(output.getBytes(StandardCharsets.UTF_8))
            + "\n");
    end(pod, "Succeeded", 0, 0);
  }

  /** The node went away with the pod: it is deleted before it ended. */
  public void evict(Pod pod) {
    harness
        .client()
        .pods()
        .inNamespace(OperatorHarness.NAMESPACE)
        .withName(pod.getMetadata().getName())
        .delete();
  }

  /** The step exited {@code exitCode} after logging {@code lastWords}. */
  public void fail(Pod pod, int exitCode, String lastWords) {
    log(pod, "step", lastWords + "\n");
    end(pod, "Failed", exitCode, null);
  }

  private void log(Pod pod, String container, String text) {
    try {
      Files.writeString(logs.resolve(pod.getMetadata().getName() + "." + container + ".log"), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void end(Pod pod, String phase, int stepExit, Integer outputExit) {
    harness
        .client()
        .pods()
        .inNamespace(OperatorHarness.NAMESPACE)
        .withName(pod.getMetadata().getName())
        .editStatus(
            p ->
                new PodBuilder(p)
                    .editOrNewStatus()
                    .withPhase(phase)
                    .withInitContainerStatuses(terminated("step", stepExit))
                    .withContainerStatuses(
                        outputExit == null
                            ? List.of(
                                new ContainerStatusBuilder()
                                    .withName("output")
                                    .withState(
                                        new ContainerStateBuilder()
                                            .withNewWaiting()
                                            .withReason("PodInitializing")
                                            .endWaiting()
                                            .build())
                                    .build())
                            : List.of(terminated("output", outputExit)))
                    .endStatus()
                    .build());
  }

  private static io.fabric8.kubernetes.api.model.ContainerStatus terminated(
      String name, int exitCode) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withState(
            new ContainerStateBuilder()
                .withNewTerminated()
                .withExitCode(exitCode)
                .withFinishedAt(Instant.now().toString())
                .endTerminated()
                .build())
        .build();
  }
}
