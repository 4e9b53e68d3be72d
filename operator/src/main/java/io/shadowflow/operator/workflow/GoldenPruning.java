package io.shadowflow.operator.workflow;

import io.shadowflow.api.GoldenSpec;
import io.shadowflow.api.Workflow;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.golden.GoldenRetention;
import io.shadowflow.engine.golden.PostgresGoldenStore;
import io.shadowflow.engine.model.Durations;
import io.shadowflow.operator.status.EventRecorder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a Workflow's golden retention ({@code spec.golden.maxAge}, {@code maxCount}) on a
 * schedule: from the Workflow's reconcile, at most once per interval, and the reconcile is
 * rescheduled for it while the retention is set, so records age out with no event to wake it.
 */
public final class GoldenPruning {
  private static final Logger log = LoggerFactory.getLogger(GoldenPruning.class);

  private final PostgresGoldenStore store;
  private final EventRecorder events;
  private final Duration interval;
  private final Clock clock;
  private final Map<String, Instant> lastPruned = new ConcurrentHashMap<>();

  public GoldenPruning(
      PostgresGoldenStore store, EventRecorder events, Duration interval, Clock clock) {
    this.store = store;
    this.events = events;
    this.interval = interval;
    this.clock = clock;
  }

  /**
   * Prunes the Workflow's golden records if it is due; the Workflow must be valid.
   *
   * @return how long until the next prune is due; empty when the Workflow keeps every record
   */
  Optional<Duration> apply(Workflow workflow) {
    GoldenSpec golden = workflow.getSpec().golden;
    if (golden == null || (golden.maxAge == null && golden.maxCount == null)) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Instant due = lastPruned.getOrDefault(workflow.getMetadata().getUid(), Instant.MIN);
    if (now.isBefore(due)) {
      return Optional.of(Duration.between(now, due));
    }
    try {
      int deleted =
          store.prune(
              new GoldenRetention(
                  golden.maxAge == null ? null : Durations.parse(golden.maxAge),
                  golden.maxCount,
                  workflow.getMetadata().getNamespace(),
                  workflow.getMetadata().getName()));
      if (deleted > 0) {
        log.info("golden retention removed {} record(s)", deleted);
        // kubectl describe shows it; the certification's retention item waits for it.
        events.normal(
            workflow,
            "GoldenPruned",
            "removed "
                + deleted
                + " golden record(s) beyond spec.golden (maxCount "
                + (golden.maxCount == null ? "none" : golden.maxCount)
                + ", maxAge "
                + (golden.maxAge == null ? "none" : golden.maxAge)
                + ")");
      }
    } catch (WorkflowFailure failure) {
      // Pruning can wait for the next interval; the Workflow's own reconcile must not fail.
      log.warn("golden retention not applied this time: {}", failure.getMessage());
    }
    lastPruned.put(workflow.getMetadata().getUid(), now.plus(interval));
    return Optional.of(interval);
  }

  /** The Workflow is gone. */
  void forget(String uid) {
    lastPruned.remove(uid);
  }
}
