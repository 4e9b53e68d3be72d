package io.shadowflow.engine.retry;

import io.shadowflow.engine.failure.RetryPolicy;
import io.shadowflow.engine.run.SeededRandom;
import java.time.Duration;

/**
 * The jittered wait after a failed attempt. The jitter is one draw from the run's seeded stream
 * {@code <step path>/retry/<attempt>} (see {@link RetryPolicy} for the formula): a stream per
 * attempt, so a resumed run finds the same value without replaying earlier draws.
 */
public final class Backoff {
  private Backoff() {}

  /** The wait after {@code attempt} of the step at {@code path} failed. */
  public static Duration after(RetryPolicy policy, long seed, String path, int attempt) {
    double u = new SeededRandom(seed, path + "/retry/" + attempt).nextDouble();
    return policy.delay(attempt, u);
  }
}
