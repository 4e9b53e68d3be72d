package io.shadowflow.e2e.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The pod statuses the kubelet reports as a container waits, runs and ends. */
final class PodStatuses {
  private PodStatuses() {}

  /**
   * Not started, with the reason (e.g. {@code CreateContainerConfigError}) when it cannot start.
   */
  static PodStatus waiting(Pod pod, String reason, String message) {
    Container container = pod.getSpec().getContainers().get(0);
    ContainerStatus status =
        base(container)
            .withReady(false)
            .withStarted(false)
            .withState(
                new ContainerStateBuilder()
                    .withNewWaiting()
                    .withReason(reason)
                    .withMessage(message)
                    .endWaiting()
                    .build())
            .build();
    return new PodStatusBuilder()
        .withPhase("Pending")
        .withConditions(
            condition("PodScheduled", "True", null),
            condition("Ready", "False", "ContainersNotReady"))
        .withContainerStatuses(status)
        .withHostIP("127.0.0.1")
        .withQosClass("BestEffort")
        .build();
  }

  static PodStatus running(Pod pod, Instant startedAt) {
    Container container = pod.getSpec().getContainers().get(0);
    ContainerStatus status =
        base(container)
            .withReady(true)
            .withStarted(true)
            .withState(
                new ContainerStateBuilder()
                    .withNewRunning()
                    .withStartedAt(time(startedAt))
                    .endRunning()
                    .build())
            .build();
    return new PodStatusBuilder()
        .withPhase("Running")
        .withConditions(
            condition("PodScheduled", "True", null),
            condition("Initialized", "True", null),
            condition("ContainersReady", "True", null),
            condition("Ready", "True", null))
        .withContainerStatuses(status)
        .withHostIP("127.0.0.1")
        .withPodIP("127.0.0.1")
        .withStartTime(time(startedAt))
        .withQosClass("BestEffort")
        .build();
  }

  /** Ended: Succeeded for exit code 0, else Failed (restartPolicy Never: no restart in place). */
  static PodStatus terminated(Pod pod, Instant startedAt, int exitCode) {
    Container container = pod.getSpec().getContainers().get(0);
    ContainerStatus status =
        base(container)
            .withReady(false)
            .withStarted(false)
            .withState(
                new ContainerStateBuilder()
                    .withNewTerminated()
                    .withExitCode(exitCode)
                    .withReason(exitCode == 0 ? "Completed" : "Error")
                    .withStartedAt(time(startedAt))
                    .withFinishedAt(time(Instant.now()))
                    .endTerminated()
                    .build())
            .build();
    return new PodStatusBuilder()
        .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
        .withConditions(
            condition("PodScheduled", "True", null),
            condition("Initialized", "True", null),
            condition("ContainersReady", "False", "PodCompleted"),
            condition("Ready", "False", "PodCompleted"))
        .withContainerStatuses(status)
        .withHostIP("127.0.0.1")
        .withPodIP("127.0.0.1")
        .withStartTime(time(startedAt))
        .withQosClass("BestEffort")
        .build();
  }

  static String phase(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getPhase() == null
        ? "Pending"
        : pod.getStatus().getPhase();
  }

  /** The exit code of a pod whose container ended. */
  static Integer exitCode(Pod pod) {
    List<ContainerStatus> statuses =
        pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
    if (statuses == null
        || statuses.isEmpty()
        || statuses.get(0).getState().getTerminated() == null) {
      return null;
    }
    return statuses.get(0).getState().getTerminated().getExitCode();
  }

  static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static ContainerStatusBuilder base(Container container) {
    return new ContainerStatusBuilder()
        .withName(container.getName())
        .withImage(container.getImage())
        .withImageID("")
        .withRestartCount(0);
  }

  private static PodCondition condition(String type, String status, String reason) {
    return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).build();
  }
}
