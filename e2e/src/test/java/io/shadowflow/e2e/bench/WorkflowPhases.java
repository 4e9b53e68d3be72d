package io.shadowflow.e2e.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.shadowflow.api.Phase;
import io.shadowflow.api.Workflow;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches the Workflows of a namespace, as {@code kubectl get wf -w} would, and records when each
 * was first seen in each phase ({@link System#nanoTime()}): counting phases costs the API server
 * nothing beyond the one watch.
 */
final class WorkflowPhases implements AutoCloseable {
  private final Map<String, Map<Phase, Long>> firstSeen = new ConcurrentHashMap<>();
  private final SharedIndexInformer<Workflow> informer;

  WorkflowPhases(KubernetesClient client, String namespace) {
    this.informer =
        client
            .resources(Workflow.class)
            .inNamespace(namespace)
            .inform(new OnAddOrUpdate<>(this::seen), 0);
  }

  private void seen(Workflow workflow) {
    Phase phase = phaseOf(workflow);
    if (phase != null) {
      long now = System.nanoTime();
      firstSeen
          .computeIfAbsent(workflow.getMetadata().getName(), n -> new ConcurrentHashMap<>())
          .putIfAbsent(phase, now);
    }
  }

  /** Workflows in {@code phase} now. */
  int count(Phase phase) {
    return (int) informer.getStore().list().stream().filter(w -> phaseOf(w) == phase).count();
  }

  /** Each Workflow as last seen. */
  List<Workflow> all() {
    return informer.getStore().list();
  }

  /** When Workflow {@code name} was first seen in {@code phase}. */
  OptionalLong firstSeen(String name, Phase phase) {
    Long at = firstSeen.getOrDefault(name, Map.of()).get(phase);
    return at == null ? OptionalLong.empty() : OptionalLong.of(at);
  }

  private static Phase phaseOf(Workflow workflow) {
    return workflow.getStatus() == null ? null : workflow.getStatus().phase;
  }

  @Override
  public void close() {
    informer.close();
  }
}
