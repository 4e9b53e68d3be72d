package io.shadowflow.operator.runtime;

import io.shadowflow.engine.checkpoint.DatabaseConfig;
import io.shadowflow.operator.jobs.EngineSettings;
import java.time.Duration;
import java.util.Set;

/**
 * Everything the operator is configured with; {@link OperatorOptions} reads it from flags and
 * environment variables.
 *
 * @param namespaces the namespaces to watch; empty for all
 * @param keepRuns newest runs of a deleted Workflow to keep, {@code -1} for all
 * @param goldenPruneInterval how often a Workflow's golden retention is applied
 * @param httpPort port of /healthz, /readyz and /metrics; 0 picks a free one
 * @param console the read-only console this process serves, if it does
 */
public record OperatorConfig(
    Set<String> namespaces,
    DatabaseConfig database,
    EngineSettings engine,
    Duration resync,
    int keepRuns,
    Duration goldenPruneInterval,
    int reconcileThreads,
    Retry retry,
    RateLimit rateLimit,
    int httpPort,
    LeaderElection leaderElection,
    Duration shutdownTimeout,
    Console console) {

  /** Retries of a failed reconcile: exponential backoff, then give up until the next event. */
  public record Retry(int maxAttempts, Duration initialInterval, Duration maxInterval) {}

  /** At most {@code reconciles} reconciles of one resource per {@code period}. */
  public record RateLimit(int reconciles, Duration period) {}

  /**
   * The console: its port (0 for none), and how long it keeps a caller's authorization.
   *
   * @param authCache how long a TokenReview and its SubjectAccessReviews stand for one token
   */
  public record Console(int port, Duration authCache) {
    public boolean enabled() {
      return port > 0;
    }
  }

  /** Leader election on a Lease; off for a single replica. */
  public record LeaderElection(
      boolean enabled, String leaseName, String leaseNamespace, String identity) {}
}
