package io.shadowflow.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.shadowflow.api.Phase;
import io.shadowflow.engine.failure.FailureCode;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operator's own meters, all under {@code shadowflow_}, tagged only with bounded values (kind,
 * namespace, workflow type, phase, error category and code): never a resource name, run id or seed.
 * The workflow type is {@code workflow_type}: the SDK already uses {@code type} for something else.
 * A deleted resource leaves the resource gauges at once.
 */
public final class OperatorMetrics {
  /** One resource's contribution to the {@code shadowflow_resources} gauge. */
  private record Row(String kind, String namespace, String type, Phase phase) {}

  /** How many resources share one row, and the gauge that shows it while there are any. */
  private record RowGauge(AtomicLong count, Gauge gauge) {}

  /** Database and checkpoint trouble: the codes the database alerts watch in engine exits. */
  private static final List<FailureCode> SHOWN_AT_ZERO =
      Arrays.stream(FailureCode.values())
          .filter(
              c ->
                  c.name().startsWith("DB_")
                      || c == FailureCode.DATABASE_UNAVAILABLE
                      || c == FailureCode.CHECKPOINT_WRITE_FAILED)
          .toList();

  private final MeterRegistry registry;
  private final Set<String> watchedExits = ConcurrentHashMap.newKeySet();

  /** One ShadowRun's results, summed per namespace into the shadow gauges. */
  private record ShadowRow(String namespace, long replayed, long mismatches) {}

  // A change moves one resource from one row's count to another's: O(1) however many there are.
  private final Map<String, Row> rows = new HashMap<>();
  private final Map<Row, RowGauge> rowGauges = new HashMap<>();
  private final Map<String, ShadowRow> shadowRows = new ConcurrentHashMap<>();
  private final MultiGauge shadowReplayed;
  private final MultiGauge shadowMismatches;
  private final AtomicInteger listenerConnected = new AtomicInteger();
  private final AtomicInteger leader = new AtomicInteger();
  private final Counter notifications;
  private final Counter reconnects;

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    registry.gauge(
        "shadowflow.notification.listener.connected", listenerConnected, AtomicInteger::get);
    // Summed over replicas, this tells "no leader" (0) from "two leaders" (2) in one query.
    Gauge.builder("shadowflow.operator.leader", leader, AtomicInteger::get)
        .description("1 while this replica leads (always 1 without leader election)")
        .register(registry);
    // Gauges from the shadow results the operator already reads for status: engine pods are
    // short-lived Jobs, so a counter inside them would vanish before a scrape.
    this.shadowReplayed =
        MultiGauge.builder("shadowflow.shadow.workflows.replayed")
            .description("Workflows replayed by the ShadowRuns of a namespace, all cycles")
            .register(registry);
    this.shadowMismatches =
        MultiGauge.builder("shadowflow.shadow.mismatches")
            .description("Determinism mismatches found by the ShadowRuns of a namespace")
            .register(registry);
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
  public synchronized void phase(
      String uid, String kind, String namespace, String type, Phase phase) {
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
      leave(before);
      rowGauges.computeIfAbsent(row, this::rowGauge).count().incrementAndGet();
    }
  }

  /** A run ended in failure: counted by the failure's catalog code and category. */
  public void runFailed(String namespace, String type, String category, String code) {
    registry
        .counter(
            "shadowflow.run.failures",
            Tags.of(
                "namespace", namespace,
                "workflow_type", type == null ? "" : type,
                "category", category == null ? "UNKNOWN" : category,
                "code", code == null ? "UNKNOWN" : code))
        .increment();
  }

  /**
   * The engine pods of {@code kind} in {@code namespace} are watched: their counters of database
   * and checkpoint failures start at zero now, so the first failure is an increase Prometheus sees.
   */
  public void engineExitsWatched(String namespace, String kind) {
    if (watchedExits.add(namespace + "/" + kind)) {
      SHOWN_AT_ZERO.forEach(code -> engineExits(namespace, kind, code));
    }
  }

  /**
   * An engine pod stopped on a failure it could not record in the database. Counted by the leader
   * only: every replica's informers see the same pods.
   */
  public void engineExit(String namespace, String kind, FailureCode code) {
    if (leader.get() == 1) {
      engineExits(namespace, kind, code).increment();
    }
  }

  private Counter engineExits(String namespace, String kind, FailureCode code) {
    return Counter.builder("shadowflow.engine.pod.failures")
        .description(
            "Engine pods that stopped on a failure they could not record in the database, by the"
                + " code of their termination message")
        .tags(
            Tags.of(
                "namespace",
                namespace,
                "kind",
                kind,
                "category",
                code.category().name(),
                "code",
                code.name()))
        .register(registry);
  }

  public void jobCreated(String kind, String namespace) {
    registry.counter("shadowflow.engine.jobs", "kind", kind, "namespace", namespace).increment();
  }

  /** The resource is gone: it no longer counts in any gauge. */
  public synchronized void forget(String uid) {
    leave(rows.remove(uid));
    if (shadowRows.remove(uid) != null) {
      publishShadow();
    }
  }

  /** The latest results of one ShadowRun (totals over its cycles). */
  public void shadowResults(String uid, String namespace, long replayed, long mismatches) {
    ShadowRow row = new ShadowRow(namespace, replayed, mismatches);
    if (!row.equals(shadowRows.put(uid, row))) {
      publishShadow();
    }
  }

  /** Whether this replica leads now. */
  public void leading(boolean leading) {
    leader.set(leading ? 1 : 0);
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

  private synchronized void publishShadow() {
    Map<String, long[]> sums = new TreeMap<>();
    for (ShadowRow row : shadowRows.values()) {
      long[] sum = sums.computeIfAbsent(row.namespace(), n -> new long[2]);
      sum[0] += row.replayed();
      sum[1] += row.mismatches();
    }
    shadowReplayed.register(
        sums.entrySet().stream()
            .map(e -> MultiGauge.Row.of(Tags.of("namespace", e.getKey()), e.getValue()[0]))
            .toList(),
        true);
    shadowMismatches.register(
        sums.entrySet().stream()
            .map(e -> MultiGauge.Row.of(Tags.of("namespace", e.getKey()), e.getValue()[1]))
            .toList(),
        true);
  }

  /** One resource no longer counts in {@code row}; the row's gauge goes with its last one. */
  private void leave(Row row) {
    if (row == null) {
      return;
    }
    RowGauge rowGauge = rowGauges.get(row);
    if (rowGauge.count().decrementAndGet() == 0) {
      rowGauges.remove(row);
      registry.remove(rowGauge.gauge());
    }
  }

  private RowGauge rowGauge(Row row) {
    AtomicLong count = new AtomicLong();
    Gauge gauge =
        Gauge.builder("shadowflow.resources", count, AtomicLong::get)
            .description("Workflows and ShadowRuns by kind, namespace, workflow type and phase")
            .tags(
                "kind", row.kind(),
                "namespace", row.namespace(),
                "workflow_type", row.type(),
                "phase", row.phase().name())
            .strongReference(true)
            .register(registry);
    return new RowGauge(count, gauge);
  }
}
