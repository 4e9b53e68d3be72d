package io.shadowflow.operator.containers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.shadowflow.api.Workflow;
import io.shadowflow.engine.container.ContainerOutcome;
import io.shadowflow.engine.container.ContainerRequest;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.operator.jobs.EngineSettings;
import io.shadowflow.operator.jobs.Labels;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the container steps of a Workflow's run: starts the pod each attempt its engine asked for,
 * and writes back how the pod ended, for the engine to read. Every decision is read afresh from the
 * database and the API server, so a reconcile that repeats one (after an operator restart, on
 * another replica) changes nothing: the pod's name is the attempt's.
 */
public final class ContainerStepPods {
  /** The {@code app.kubernetes.io/component} of step pods. */
  public static final String COMPONENT = StepPods.COMPONENT;

  private static final Logger log = LoggerFactory.getLogger(ContainerStepPods.class);

  /** Room for the frame around the output, and for what the JVM may print before it. */
  private static final int OUTPUT_LOG_BYTES = ContainerOutcome.MAX_OUTPUT_BYTES * 4 / 3 + 8192;

  private static final int STEP_LOG_LINES = 20;

  private final ContainerAttempts attempts;
  private final EngineSettings settings;

  public ContainerStepPods(DataSource dataSource, EngineSettings settings) {
    this.attempts = new ContainerAttempts(dataSource);
    this.settings = settings;
  }

  /** Reconciles a Workflow when one of its step pods changes. */
  public static InformerEventSource<Pod, Workflow> eventSource(
      EventSourceContext<Workflow> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Pod.class, Workflow.class)
            .withName(StepPods.COMPONENT + "-pods")
            .withLabelSelector(Labels.managed(StepPods.COMPONENT))
            .withNamespacesInheritedFromController()
            .build(),
        context);
  }

  /**
   * Starts the pods the run's engine asked for, and records those that ended.
   *
   * @return whether an attempt is still open, to look again soon should a pod event be missed
   */
  public boolean reconcile(Workflow workflow, String runId, KubernetesClient client) {
    List<ContainerAttempt> open = attempts.open(runId);
    for (ContainerAttempt attempt : open) {
      advance(workflow, attempt, client);
    }
    return !open.isEmpty();
  }

  private void advance(Workflow workflow, ContainerAttempt attempt, KubernetesClient client) {
    ContainerRequest request = attempt.request();
    String name = StepPods.name(request);
    String namespace = workflow.getMetadata().getNamespace();
    PodResource resource = client.pods().inNamespace(namespace).withName(name);
    if (attempt.cancelled()) {
      finish(
          request,
          PodEnd.failed(FailureCode.STEP_TIMEOUT, "the engine gave up on it"),
          namespace,
          client);
      return;
    }
    Pod pod = resource.get();
    if (pod == null && attempt.podName() != null) {
      finish(
          request,
          PodEnd.failed(
              FailureCode.CONTAINER_KILLED, "its pod " + name + " was deleted before it ended"),
          namespace,
          client);
      return;
    }
    if (pod == null) {
      start(workflow, request, client);
      return;
    }
    if (attempt.podName() == null) {
      // Started by a reconcile that stopped before recording it.
      attempts.started(request, name);
    }
    PodEnds.of(pod, logs(resource)).ifPresent(end -> finish(request, end, namespace, client));
  }

  private void start(Workflow workflow, ContainerRequest request, KubernetesClient client) {
    createIfAbsent(client, StepPods.input(workflow, request));
    createIfAbsent(
        client,
        StepPods.pod(workflow, request, settings.imageOf(workflow), settings.imagePullPolicy()));
    attempts.started(request, StepPods.name(request));
    log.info("{}: started pod {} for {}", request.runId(), StepPods.name(request), request.label());
  }

  private void finish(
      ContainerRequest request, PodEnd end, String namespace, KubernetesClient client) {
    attempts.finished(request, end);
    String name = StepPods.name(request);
    // The pod and its input belong to the attempt alone: they go once its end is recorded.
    client.pods().inNamespace(namespace).withName(name).delete();
    client.configMaps().inNamespace(namespace).withName(name).delete();
    log.info(
        "{}: pod {} for {} ended: {}",
        request.runId(),
        name,
        request.label(),
        end.failure() != null ? end.failure() : "exit " + end.exitCode());
  }

  private static PodEnds.Logs logs(PodResource pod) {
    return new PodEnds.Logs() {
      @Override
      public String output() {
        return read(
            () -> pod.inContainer(StepPods.OUTPUT_CONTAINER).limitBytes(OUTPUT_LOG_BYTES).getLog());
      }

      @Override
      public String stepTail() {
        return read(
            () -> pod.inContainer(StepPods.STEP_CONTAINER).tailingLines(STEP_LOG_LINES).getLog());
      }
    };
  }

  /** A container's log; empty when the API server has none (a pod on a node that went away). */
  private static String read(Supplier<String> log) {
    try {
      String text = log.get();
      return text == null ? "" : text;
    } catch (KubernetesClientException e) {
      return "";
    }
  }

  private static void createIfAbsent(KubernetesClient client, HasMetadata object) {
    try {
      client.resource(object).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
  }
}
