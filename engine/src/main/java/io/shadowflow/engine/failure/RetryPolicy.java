package io.shadowflow.engine.failure;

import java.time.Duration;

/** Exponential backoff: {@code min(initial * coefficient^(attempt-1), max)} between attempts. */
public record RetryPolicy(
    int maxAttempts, Duration initialInterval, double backoffCoefficient, Duration maxInterval) {

  /** One attempt, no retry. */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO);

  /** The catalog's default for transient trouble. */
  public static final RetryPolicy STANDARD =
      new RetryPolicy(5, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1));

  /** For exhausted resources, which take longer to come back. */
  public static final RetryPolicy SLOW =
      new RetryPolicy(5, Duration.ofSeconds(5), 2.0, Duration.ofMinutes(5));
}
