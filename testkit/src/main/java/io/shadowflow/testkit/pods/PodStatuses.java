package io.shadowflow.testkit.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
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
import java.util.ArrayList;
import java.util.List;

/**
 * The pod statuses the kubelet reports as a pod's containers wait, run and end: its init containers
 * one after the other, then its one main container.
 */
final class PodStatuses {
  private PodStatuses() {}

  /**
   * Not started, with the reason (e.g. {@code CreateContainerConfigError}) when it cannot start.
   */
  static PodStatus waiting(Pod pod, int index, String reason, String message) {
    ContainerState state = waitingState(reason, message);
    boolean init = index < initContainers(pod).size();
    return status(
            pod,
            "Pending",
            inits(pod, index, state, null),
            init ? waitingState("PodInitializing", null) : state)
        .withConditions(
            condition("PodScheduled", "True", null),
            condition("Ready", "False", "ContainersNotReady"))
        .build();
  }

  /** Init container {@code index} runs; those before it ended well. */
  static PodStatus initializing(Pod pod, int index, Instant startedAt) {
    return status(
            pod,
            "Pending",
            inits(pod, index, runningState(startedAt), startedAt),
            waitingState("PodInitializing", null))
        .withPodIP("127.0.0.1")
        .withStartTime(time(startedAt))
        .withConditions(
            condition("PodScheduled", "True", null),
            condition("Initialized", "False", "ContainersNotInitialized"),
            condition("Ready", "False", "ContainersNotReady"))
        .build();
  }

  /** Init container {@code index} failed: the pod fails (restartPolicy Never). */
  static PodStatus initFailed(Pod pod, int index, Instant startedAt, int exitCode) {
    return status(
            pod,
            "Failed",
            inits(pod, index, terminatedState(startedAt, exitCode, null), startedAt),
            waitingState("PodInitializing", null))
        .withPodIP("127.0.0.1")
        .withStartTime(time(startedAt))
        .withConditions(
            condition("PodScheduled", "True", null),
            condition("Initialized", "False", "ContainersNotInitialized"),
            condition("Ready", "False", "PodCompleted"))
        .build();
  }

  static PodStatus running(Pod pod, Instant startedAt) {
    return status(pod, "Running", initsDone(pod, startedAt), runningState(startedAt))
        .withPodIP("127.0.0.1")
        .withStartTime(time(startedAt))
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
    return status(
            pod,
            exitCode == 0 ? "Succeeded" : "Failed",
            initsDone(pod, startedAt),
            terminatedState(startedAt, exitCode, message))
        .withPodIP("127.0.0.1")
        .withStartTime(time(startedAt))
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

  /** How many init containers have ended well, in order: where a restarted pod goes on. */
  static int initsEnded(Pod pod) {
    List<ContainerStatus> statuses =
        pod.getStatus() == null ? null : pod.getStatus().getInitContainerStatuses();
    int ended = 0;
    while (statuses != null
        && ended < statuses.size()
        && statuses.get(ended).getState() != null
        && statuses.get(ended).getState().getTerminated() != null
        && statuses.get(ended).getState().getTerminated().getExitCode() == 0) {
      ended++;
    }
    return ended;
  }

  /** The reported state of container {@code index} (init containers first), if any. */
  static ContainerState stateOf(Pod pod, int index) {
    if (pod.getStatus() == null) {
      return null;
    }
    int inits = initContainers(pod).size();
    List<ContainerStatus> statuses =
        index < inits
            ? pod.getStatus().getInitContainerStatuses()
            : pod.getStatus().getContainerStatuses();
    int at = index < inits ? index : 0;
    return statuses == null || statuses.size() <= at ? null : statuses.get(at).getState();
  }

  static List<Container> initContainers(Pod pod) {
    return pod.getSpec().getInitContainers() == null
        ? List.of()
        : pod.getSpec().getInitContainers();
  }

  /** The init containers' states: ended well before {@code index}, {@code at} it, waiting after. */
  private static List<ContainerState> inits(
      Pod pod, int index, ContainerState at, Instant startedAt) {
    List<ContainerState> states = new ArrayList<>();
    for (int i = 0; i < initContainers(pod).size(); i++) {
      states.add(
          i < index
              ? terminatedState(startedAt, 0, null)
              : i == index ? at : waitingState("PodInitializing", null));
    }
    return states;
  }

  private static List<ContainerState> initsDone(Pod pod, Instant startedAt) {
    return inits(pod, initContainers(pod).size(), null, startedAt);
  }

  private static ContainerState waitingState(String reason, String message) {
    return new ContainerStateBuilder()
        .withNewWaiting()
        .withReason(reason)
        .withMessage(message)
        .endWaiting()
        .build();
  }

  private static ContainerState runningState(Instant startedAt) {
    return new ContainerStateBuilder()
        .withNewRunning()
        .withStartedAt(time(startedAt))
        .endRunning()
        .build();
  }

  private static ContainerState terminatedState(Instant startedAt, int exitCode, String message) {
    return new ContainerStateBuilder()
        .withNewTerminated()
        .withExitCode(exitCode)
        .withReason(exitCode == 0 ? "Completed" : "Error")
        .withMessage(message == null || message.isEmpty() ? null : message)
        .withStartedAt(time(startedAt))
        .withFinishedAt(time(Instant.now()))
        .endTerminated()
        .build();
  }

  // One main container on the loopback "node".
  private static PodStatusBuilder status(
      Pod pod, String phase, List<ContainerState> initStates, ContainerState main) {
    List<ContainerStatus> inits = new ArrayList<>();
    for (int i = 0; i < initStates.size(); i++) {
      inits.add(containerStatus(initContainers(pod).get(i), initStates.get(i)));
    }
    PodStatusBuilder status =
        new PodStatusBuilder()
            .withPhase(phase)
            .withContainerStatuses(containerStatus(pod.getSpec().getContainers().get(0), main))
            .withHostIP("127.0.0.1")
            .withQosClass("BestEffort");
    return inits.isEmpty() ? status : status.withInitContainerStatuses(inits);
  }

  private static ContainerStatus containerStatus(Container container, ContainerState state) {
    boolean running = state.getRunning() != null;
    return new ContainerStatusBuilder()
        .withName(container.getName())
        .withImage(container.getImage())
        .withImageID("")
        .withRestartCount(0)
        .withReady(running)
        .withStarted(running)
        .withState(state)
        .build();
  }

  private static PodCondition condition(String type, String status, String reason) {
    return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).build();
  }
}
