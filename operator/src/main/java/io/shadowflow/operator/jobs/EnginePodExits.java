package io.shadowflow.operator.jobs;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.shadowflow.engine.failure.ExitReport;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.operator.metrics.OperatorMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Watches the engine pods of one component and reads why each failed one stopped: the {@link
 * ExitReport} the engine left as its termination message (a database or checkpoint failure it could
 * not record in the database), or the kubelet's {@code OOMKilled}. Each pod seen turning Failed is
 * counted in {@code shadowflow_engine_pod_failures_total} and reconciles the resource that owns it;
 * {@link #lastExit} gives the status of a failed Job the reason of its last pod.
 */
public final class EnginePodExits<P extends HasMetadata> extends AbstractEventSource<Void, P>
    implements ResourceEventHandler<Pod> {
  private static final String BY_JOB = "job";
  private static final String JOB_NAME = "job-name";

  private final KubernetesClient client;
  private final String component;
  private final String ownerLabel;
  private final String kind;
  private final Set<String> namespaces;
  private final OperatorMetrics metrics;
  private final List<SharedIndexInformer<Pod>> informers = new ArrayList<>();

  /**
   * @param component the pods' {@code app.kubernetes.io/component}
   * @param ownerLabel the label naming the owning resource, in the pod's namespace
   * @param kind the owning resource's kind, for the metric
   * @param namespaces the namespaces to watch; empty for all
   */
  public EnginePodExits(
      KubernetesClient client,
      String component,
      String ownerLabel,
      String kind,
      Set<String> namespaces,
      OperatorMetrics metrics) {
    super(Void.class, component + "-pod-exits");
    this.client = client;
    this.component = component;
    this.ownerLabel = ownerLabel;
    this.kind = kind;
    this.namespaces = namespaces;
    this.metrics = metrics;
  }

  @Override
  public void start() {
    if (namespaces.isEmpty()) {
      informers.add(inform(client.pods().inAnyNamespace().withLabelSelector(selector())));
    } else {
      namespaces.forEach(
          ns -> informers.add(inform(client.pods().inNamespace(ns).withLabelSelector(selector()))));
    }
    super.start();
  }

  @Override
  public void stop() {
    informers.forEach(SharedIndexInformer::stop);
    informers.clear();
    super.stop();
  }

  /** Why the newest failed pod of a Job stopped, if it said. */
  public Optional<ExitReport> lastExit(String namespace, String jobName) {
    return informers.stream()
        .flatMap(i -> i.getIndexer().byIndex(BY_JOB, namespace + "/" + jobName).stream())
        .filter(EnginePodExits::failed)
        .max(Comparator.comparing(EnginePodExits::finishedAt))
        .flatMap(EnginePodExits::report);
  }

  @Override
  public Set<Void> getSecondaryResources(P primary) {
    return Set.of(); // reconciles read exits through lastExit, not as secondary resources
  }

  @Override
  public void onAdd(Pod pod) {
    // Its counters exist, at zero, before the namespace's first failure: an alert's increase()
    // cannot see the first sample of a series that starts at one.
    metrics.engineExitsWatched(pod.getMetadata().getNamespace(), kind);
  }

  @Override
  public void onUpdate(Pod before, Pod pod) {
    if (failed(before) || !failed(pod)) {
      return;
    }
    String namespace = pod.getMetadata().getNamespace();
    report(pod).ifPresent(exit -> metrics.engineExit(namespace, kind, exit.code()));
    String owner = pod.getMetadata().getLabels().get(ownerLabel);
    if (owner != null && isRunning()) {
      getEventHandler().handleEvent(new Event(new ResourceID(owner, namespace)));
    }
  }

  @Override
  public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
    // Counted when it failed; a Job's deletion takes its pods along.
  }

  /** The engine's report, or OUT_OF_MEMORY for a container the kernel killed for its memory. */
  public static Optional<ExitReport> report(Pod pod) {
    ContainerStateTerminated terminated = terminated(pod);
    if (terminated == null) {
      return Optional.empty();
    }
    if ("OOMKilled".equals(terminated.getReason())) {
      return Optional.of(
          new ExitReport(
              FailureCode.OUT_OF_MEMORY, "the container went over its memory limit (OOMKilled)"));
    }
    return ExitReport.parse(terminated.getMessage());
  }

  private SharedIndexInformer<Pod> inform(Informable<Pod> pods) {
    SharedIndexInformer<Pod> informer =
        pods.runnableInformer(0)
            .itemStore(
                new ReducedStateItemStore<>(
                    ReducedStateItemStore.NAME_KEY_STATE,
                    Pod.class,
                    client.getKubernetesSerialization(),
                    "metadata.labels",
                    "status.phase",
                    "status.containerStatuses"));
    informer.addIndexers(Map.of(BY_JOB, EnginePodExits::jobKey));
    informer.addEventHandler(this);
    informer.start();
    return informer;
  }

  /** The pod's Job, as the Job controller labels it. */
  private static List<String> jobKey(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    String job = labels == null ? null : labels.get(JOB_NAME);
    return job == null ? List.of() : List.of(pod.getMetadata().getNamespace() + "/" + job);
  }

  private String selector() {
    return Labels.managed(component);
  }

  private static boolean failed(Pod pod) {
    return pod != null && pod.getStatus() != null && "Failed".equals(pod.getStatus().getPhase());
  }

  private static ContainerStateTerminated terminated(Pod pod) {
    List<ContainerStatus> statuses =
        pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
    if (statuses == null) {
      return null;
    }
    return statuses.stream()
        .map(s -> s.getState() == null ? null : s.getState().getTerminated())
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  private static Instant finishedAt(Pod pod) {
    ContainerStateTerminated terminated = terminated(pod);
    return terminated == null || terminated.getFinishedAt() == null
        ? Instant.EPOCH
        : Instant.parse(terminated.getFinishedAt());
  }
}
