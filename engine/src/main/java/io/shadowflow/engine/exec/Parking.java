package io.shadowflow.engine.exec;

import java.time.Duration;
import java.time.Instant;

/**
 * When a waiting run stops its engine process instead of waiting in place: a wait longer than
 * {@code threshold} parks the run (see {@link RunParked}). The operator starts an engine again when
 * the wait is over.
 *
 * @param threshold the longest wait an engine sits through; null never parks (a CLI run, a test)
 */
public record Parking(Duration threshold) {
  /** Every wait is waited in place. */
  public static final Parking NEVER = new Parking(null);

  /** How early the operator starts an engine before a timer is due: a pod takes time to start. */
  private static final Duration EARLIEST_WAKE = Duration.ofSeconds(10);

  public static Parking after(Duration threshold) {
    if (threshold.isNegative()) {
      throw new IllegalArgumentException("a park threshold is zero or more, got " + threshold);
    }
    return new Parking(threshold);
  }

  /** Whether a wait of {@code wait} parks the run. */
  public boolean parks(Duration wait) {
    return threshold != null && wait.compareTo(threshold) > 0;
  }

  /**
   * When to start the engine of a run parked until {@code due}: early enough for its pod to start,
   * late enough that the wait left is within the threshold, so the new engine waits in place.
   */
  public Instant wakeAt(Instant due) {
    Duration early = threshold.dividedBy(2);
    return due.minus(early.compareTo(EARLIEST_WAKE) < 0 ? early : EARLIEST_WAKE);
  }
}
