package io.shadowflow.operator.containers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.shadowflow.api.ShadowRun;
import io.shadowflow.api.Workflow;
import io.shadowflow.engine.container.ContainerOutcome;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.json.Json;
import io.shadowflow.operator.jobs.EngineSettings;
import io.shadowflow.operator.jobs.Labels;
import java.net.HttpURLConnection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the container steps of a Workflow's run or of a ShadowRun's workers: starts the pod each
 * attempt an engine asked for, and writes back how the pod ended, for the engine to read. Every
 * decision is read afresh from the database and the API server, so a reconcile that repeats one
 * (after an operator restart, on another replica) changes nothing: the pod's name is the attempt's.
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

  /**
   * @param settings the engine images, which the pods' output container runs
   */
  public ContainerStepPods(DataSource dataSource, EngineSettings settings) {
    this.attempts = new ContainerAttempts(dataSource);
    this.settings = settings;
  }

  /** Whether any step of {@code workflow}, at any depth, is a container step. */
  public static boolean uses(Workflow workflow) {
    return Json.MAPPER.valueToTree(workflow.getSpec()).findValues("kind").stream()
        .anyMatch(kind -> StepPods.KIND.equals(kind.asText()));
  }

  /** Reconciles the owner (a Workflow, a ShadowRun) of a step pod when the pod changes. */
  public static <P extends HasMetadata> InformerEventSource<Pod, P> eventSource(
      Class<P> owner, EventSourceContext<P> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Pod.class, owner)
            .withName(StepPods.COMPONENT + "-pods")
            .withLabelSelector(Labels.managed(StepPods.COMPONENT))
            .withNamespacesInheritedFromController()
            .build(),
        context);
  }

  /**
   * Starts the pods the engine of {@code workflow}'s run {@code runId} asked for, and records those
   * that ended.
   *
   * @return whether an attempt is still open, to look again soon should a pod event be missed
   */
  public boolean reconcile(Workflow workflow, String runId, Context<Workflow> context) {
    return reconcile(StepPodOwner.run(workflow, runId, settings.imageOf(workflow)), context);
  }

  /**
   * The same for the workers of {@code shadowRun} (its id {@code shadowRunId}), which replay {@code
   * workflow}.
   */
  public boolean reconcile(
      ShadowRun shadowRun, String shadowRunId, Workflow workflow, Context<ShadowRun> context) {
    return reconcile(
        StepPodOwner.shadowRun(shadowRun, shadowRunId, settings.imageOf(workflow)), context);
  }

  /** Pods are read from the informer's cache; only one missing there is asked for. */
  private boolean reconcile(StepPodOwner owner, Context<?> context) {
    List<ContainerAttempt> open =
        attempts.open(owner.column(), owner.id(), owner.resource().getMetadata().getNamespace());
    Map<String, Pod> cached = new HashMap<>();
    context
        .getSecondaryResources(Pod.class)
        .forEach(pod -> cached.put(pod.getMetadata().getName(), pod));
    for (ContainerAttempt attempt : open) {
      advance(owner, attempt, cached.get(StepPods.name(attempt)), context.getClient());
    }
    return !open.isEmpty();
  }

  /**
   * @param cached the attempt's pod as the informer holds it; null when it holds none (yet)
   */
  private void advance(
      StepPodOwner owner, ContainerAttempt attempt, Pod cached, KubernetesClient client) {
    String name = StepPods.name(attempt);
    String namespace = owner.resource().getMetadata().getNamespace();
    PodResource resource = client.pods().inNamespace(namespace).withName(name);
    if (attempt.cancelled()) {
      finish(
          attempt,
          PodEnd.failed(FailureCode.STEP_TIMEOUT, "the engine gave up on it"),
          namespace,
          client);
      return;
    }
    // A pod started moments ago may not have reached the cache: only the API can tell it is gone.
    Pod pod = cached == null && attempt.podName() != null ? resource.get() : cached;
    if (pod == null && attempt.podName() != null) {
      finish(
          attempt,
          PodEnd.failed(
              FailureCode.CONTAINER_KILLED, "its pod " + name + " was deleted before it ended"),
          namespace,
          client);
      return;
    }
    if (pod == null) {
      start(owner, attempt, client);
      return;
    }
    if (attempt.podName() == null) {
      // Started by a reconcile that stopped before recording it.
      attempts.started(attempt, name);
    }
    PodEnds.of(pod, logs(resource)).ifPresent(end -> finish(attempt, end, namespace, client));
  }

  private void start(StepPodOwner owner, ContainerAttempt attempt, KubernetesClient client) {
    createIfAbsent(client, StepPods.input(owner, attempt));
    createIfAbsent(client, StepPods.pod(owner, attempt, settings.imagePullPolicy()));
    attempts.started(attempt, StepPods.name(attempt));
    log.info("{}: started pod {} for {}", owner.id(), StepPods.name(attempt), label(attempt));
  }

  private void finish(
      ContainerAttempt attempt, PodEnd end, String namespace, KubernetesClient client) {
    attempts.finished(attempt, end);
    String name = StepPods.name(attempt);
    // The pod and its input belong to the attempt alone: they go once its end is recorded.
    client.pods().inNamespace(namespace).withName(name).delete();
    client.configMaps().inNamespace(namespace).withName(name).delete();
    log.info(
        "pod {} for {} ended: {}",
        name,
        label(attempt),
        end.failure() != null ? end.failure() : "exit " + end.exitCode());
  }

  private static String label(ContainerAttempt attempt) {
    return attempt.request().label() + " of run " + attempt.request().runId();
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
