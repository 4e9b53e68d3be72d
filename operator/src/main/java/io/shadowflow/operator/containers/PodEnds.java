package io.shadowflow.operator.containers;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.shadowflow.engine.container.OutputFrame;
import io.shadowflow.engine.failure.FailureCode;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads from a step pod's status whether it has ended, and how. */
final class PodEnds {
  /** The kubelet's reasons for an image it cannot pull, or will not. */
  private static final Set<String> IMAGE_MISSING =
      Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");

  /** Reads a container's log: the output container's whole, the step's last lines. */
  interface Logs {
    String output();

    String stepTail();
  }

  private PodEnds() {}

  /** How the pod ended; empty while it has not. */
  static Optional<PodEnd> of(Pod pod, Logs logs) {
    ContainerStatus step = status(pod, true, StepPods.STEP_CONTAINER);
    ContainerStatus output = status(pod, false, StepPods.OUTPUT_CONTAINER);
    ContainerStateWaiting waiting = step == null ? null : step.getState().getWaiting();
    if (waiting != null && IMAGE_MISSING.contains(waiting.getReason())) {
      return Optional.of(
          PodEnd.failed(
              FailureCode.CONTAINER_IMAGE_MISSING,
              "the image " + step.getImage() + " cannot be pulled: " + waiting.getMessage()));
    }
    if (waiting != null && "CreateContainerConfigError".equals(waiting.getReason())) {
      // A missing Secret or key, or an image that would run as root.
      return Optional.of(
          PodEnd.failed(
              FailureCode.CONTAINER_FAILED,
              "the container cannot be created: " + waiting.getMessage()));
    }
    ContainerStateTerminated stepEnd = step == null ? null : step.getState().getTerminated();
    if (stepEnd != null && stepEnd.getExitCode() != 0) {
      return Optional.of(PodEnd.exited(stepEnd.getExitCode(), null, logs.stepTail()));
    }
    ContainerStateTerminated outputEnd = output == null ? null : output.getState().getTerminated();
    if (stepEnd != null && outputEnd != null) {
      byte[] file =
          outputEnd.getExitCode() == 0 ? OutputFrame.decode(logs.output()).orElse(null) : null;
      return Optional.of(PodEnd.exited(0, file, logs.stepTail()));
    }
    if ("Failed".equals(pod.getStatus() == null ? null : pod.getStatus().getPhase())) {
      // Ended before its containers did: the deadline passed, or the node went away.
      return Optional.of(
          PodEnd.failed(
              FailureCode.STEP_TIMEOUT,
              "the pod was stopped: "
                  + pod.getStatus().getReason()
                  + " "
                  + pod.getStatus().getMessage()));
    }
    return Optional.empty();
  }

  private static ContainerStatus status(Pod pod, boolean init, String name) {
    if (pod.getStatus() == null) {
      return null;
    }
    List<ContainerStatus> statuses =
        init ? pod.getStatus().getInitContainerStatuses() : pod.getStatus().getContainerStatuses();
    return statuses == null
        ? null
        : statuses.stream()
            .filter(s -> name.equals(s.getName()) && s.getState() != null)
            .findFirst()
            .orElse(null);
  }
}
