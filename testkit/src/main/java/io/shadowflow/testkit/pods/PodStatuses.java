package io.shadowflow.testkit.pods;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The pod statuses the kubelet reports as a container waits, runs and ends. */
final class PodStatuses {
  private PodStatuses() {}

  /**
   * Not started, with the reason (e.g. {@code CreateContainerConfigError}) when it cannot start.
   */
  static PodStatus waiting(Pod pod, String reason, String message) {
    ContainerState state =
        new ContainerStateBuilder()
            .withNewWaiting()
            .withReason(reason)
            .withMessage(message)
            .endWaiting()
            .build();
    return status(pod, "Pending", state, false, null)
        .withConditions(
            condition("PodScheduled", "True", null),
            condition("Ready", "False", "ContainersNotReady"))
        .build();
  }

  static PodStatus running(Pod pod, Instant startedAt) {
    ContainerState state =
        new ContainerStateBuilder()
            .withNewRunning()
            .withStartedAt(time(startedAt))
            .endRunning()
            .build();
    return status(pod, "Running", state, true, startedAt)
        .withConditions(
            condition("PodScheduled", "True", null),
            condition("Initialized", "True", null),
            condition("ContainersReady", "True", null),
            condition("Ready", "True", null))
        .build();
  }

  /**
   * Ended: Succeeded for exit code 0, else Failed (restartPolicy Never: no restart in place), with
   * the container's termination message if it left one.
   */
  static PodStatus terminated(Pod pod, Instant startedAt, int exitCode, String message) {
    ContainerState state =
        new ContainerStateBuilder()
            .withNewTerminated()
            .withExitCode(exitCode)
            .withReason(exitCode == 0 ? "Completed" : "Error")
            .withMessage(message == null || message.isEmpty() ? null : message)
            .withStartedAt(time(startedAt))
            .withFinishedAt(time(Instant.now()))
            .endTerminated()
            .build();
    return status(pod, exitCode == 0 ? "Succeeded" : "Failed", state, false, startedAt)
        .withConditions(
            condition("PodScheduled", "True", null),
            condition("Initialized", "True", null),
            condition("ContainersReady", "False", "PodCompleted"),
            condition("Ready", "False", "PodCompleted"))
        .build();
  }

  static String phase(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getPhase() == null
        ? "Pending"
        : pod.getStatus().getPhase();
  }

  static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  // One container (the runner runs no other kind of pod) on the loopback "node".
  private static PodStatusBuilder status(
      Pod pod, String phase, ContainerState state, boolean running, Instant startedAt) {
    var container = pod.getSpec().getContainers().get(0);
    PodStatusBuilder status =
        new PodStatusBuilder()
            .withPhase(phase)
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName(container.getName())
                    .withImage(container.getImage())
                    .withImageID("")
                    .withRestartCount(0)
                    .withReady(running)
                    .withStarted(running)
                    .withState(state)
                    .build())
            .withHostIP("127.0.0.1")
            .withQosClass("BestEffort");
    if (startedAt != null) {
      status.withPodIP("127.0.0.1").withStartTime(time(startedAt));
    }
    return status;
  }

  private static PodCondition condition(String type, String status, String reason) {
    return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).build();
  }
}
