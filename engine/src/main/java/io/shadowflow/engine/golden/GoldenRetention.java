package io.shadowflow.engine.golden;

import java.time.Duration;

/**
 * How long golden records are kept: records older than {@code maxAge} go, and of each workflow only
 * the newest {@code maxCount} stay. Either bound may be null (no bound).
 *
 * @param namespace with {@code name}, restricts pruning to one workflow; null for every workflow
 */
public record GoldenRetention(Duration maxAge, Integer maxCount, String namespace, String name) {
  public GoldenRetention {
    if (maxAge == null && maxCount == null) {
      throw new IllegalArgumentException("give maxAge, maxCount or both");
    }
    if (maxCount != null && maxCount < 0) {
      throw new IllegalArgumentException("maxCount must be at least 0, got " + maxCount);
    }
    if ((namespace == null) != (name == null)) {
      throw new IllegalArgumentException("give the workflow's namespace and name together");
    }
  }
}
