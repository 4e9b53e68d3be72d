package io.shadowflow.engine.failure;

import java.time.Duration;

/**
 * Exponential backoff. The wait before attempt {@code n + 1} (after attempt {@code n} failed) is
 * {@code min(initialInterval * backoffCoefficient^(n-1), maxInterval)}, scaled by the jitter factor
 * {@link #JITTER_LOW}{@code + (1 - }{@link #JITTER_LOW}{@code ) * u} where {@code u} in [0, 1) is
 * drawn from the run's seeded stream {@code <step path>/retry/<n>}: the same run retries on the
 * same schedule wherever and whenever it runs.
 *
 * @param maxAttempts attempts in all, the first included; 1 means no retry
 */
public record RetryPolicy(
    int maxAttempts, Duration initialInterval, double backoffCoefficient, Duration maxInterval) {

  /** The smallest jitter factor: a wait is between half and all of its exponential interval. */
  public static final double JITTER_LOW = 0.5;

  /** One attempt, no retry. */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO);

  /** For conflicts the database resolves by itself: retry almost at once. */
  public static final RetryPolicy QUICK =
      new RetryPolicy(3, Duration.ofMillis(50), 2.0, Duration.ofSeconds(1));

  /** The catalog's default for transient trouble. */
  public static final RetryPolicy STANDARD =
      new RetryPolicy(5, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1));

  /** For exhausted resources, which take longer to come back. */
  public static final RetryPolicy SLOW =
      new RetryPolicy(5, Duration.ofSeconds(5), 2.0, Duration.ofMinutes(5));

  /** Whether a failure of {@code attempt} leaves another attempt. */
  public boolean allowsAnotherAfter(int attempt) {
    return attempt < maxAttempts;
  }

  /** The exponential interval after failed {@code attempt} (from 1), before jitter. */
  public Duration interval(int attempt) {
    double millis =
        initialInterval.toMillis() * Math.pow(backoffCoefficient, Math.max(0, attempt - 1));
    return Duration.ofMillis((long) Math.min(millis, maxInterval.toMillis()));
  }

  /** The wait after failed {@code attempt}, given the jitter draw {@code u} in [0, 1). */
  public Duration delay(int attempt, double u) {
    return Duration.ofMillis(
        Math.round(interval(attempt).toMillis() * (JITTER_LOW + (1 - JITTER_LOW) * u)));
  }

  /** One line for people and docs, e.g. {@code 5 attempts, 1s x2 up to 1m}. */
  public String describe() {
    if (maxAttempts <= 1) {
      return "no retry";
    }
    return maxAttempts
        + " attempts, "
        + initialInterval.toMillis()
        + " ms x"
        + backoffCoefficient
        + " up to "
        + maxInterval.toMillis()
        + " ms";
  }
}
