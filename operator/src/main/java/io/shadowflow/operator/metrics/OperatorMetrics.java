package io.shadowflow.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.shadowflow.api.Phase;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The operator's own meters, all under {@code shadowflow_}, tagged only with bounded values (kind,
 * namespace, workflow type, phase, error category and code): never a resource name, run id or seed.
 * A deleted resource leaves the resource gauges at once.
 */
public final class OperatorMetrics {
  /** One resource's contribution to the {@code shadowflow_resources} gauge. */
  private record Row(String kind, String namespace, String type, Phase phase) {}

  private final MeterRegistry registry;
  private final MultiGauge resources;
  private final Map<String, Row> rows = new ConcurrentHashMap<>();
  private final AtomicInteger listenerConnected = new AtomicInteger();
  private final Counter notifications;
  private final Counter reconnects;

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.resources =
        MultiGauge.builder("shadowflow.resources")
            .description("Workflows and ShadowRuns by kind, namespace, workflow type and phase")
            .register(registry);
    registry.gauge(
        "shadowflow.notification.listener.connected", listenerConnected, AtomicInteger::get);
    this.notifications =
        Counter.builder("shadowflow.checkpoint.notifications")
            .description("Checkpoint notifications received from PostgreSQL")
            .register(registry);
    this.reconnects =
        Counter.builder("shadowflow.notification.listener.reconnects")
            .description("Times the LISTEN connection was established again after a loss")
            .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Records the phase a resource is in now, and counts the transition if it moved. */
  public void phase(String uid, String kind, String namespace, String type, Phase phase) {
    Row row = new Row(kind, namespace, type == null ? "" : type, phase);
    Row before = rows.put(uid, row);
    if (before == null || before.phase() != phase) {
      registry
          .counter(
              "shadowflow.phase.transitions",
              Tags.of("kind", kind, "namespace", namespace, "phase", phase.name()))
          .increment();
    }
    if (!row.equals(before)) {
      publish();
    }
  }

  /** A run ended in failure: counted by the failure's catalog code and category. */
  public void runFailed(String namespace, String type, String category, String code) {
    registry
        .counter(
            "shadowflow.run.failures",
            Tags.of(
                "namespace", namespace,
                "type", type == null ? "" : type,
                "category", category == null ? "UNKNOWN" : category,
                "code", code == null ? "UNKNOWN" : code))
        .increment();
  }

  public void jobCreated(String kind, String namespace) {
    registry.counter("shadowflow.engine.jobs", "kind", kind, "namespace", namespace).increment();
  }

  /** The resource is gone: it no longer counts in any gauge. */
  public void forget(String uid) {
    if (rows.remove(uid) != null) {
      publish();
    }
  }

  public void notificationReceived() {
    notifications.increment();
  }

  public void listenerReconnected() {
    reconnects.increment();
  }

  public void listenerConnected(boolean connected) {
    listenerConnected.set(connected ? 1 : 0);
  }

  private synchronized void publish() {
    Map<Row, Long> counts =
        rows.values().stream()
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    resources.register(
        counts.entrySet().stream()
            .map(
                e ->
                    MultiGauge.Row.of(
                        Tags.of(
                            "kind", e.getKey().kind(),
                            "namespace", e.getKey().namespace(),
                            "type", e.getKey().type(),
                            "phase", e.getKey().phase().name()),
                        e.getValue()))
            .toList(),
        true);
  }
}
