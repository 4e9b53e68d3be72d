package io.shadowflow.operator.runtime;

/**
 * With one or two CPUs the JVM's common pool gets a single thread, and {@code CompletableFuture}
 * then starts a new thread for every asynchronous step: the JDK HTTP client under Fabric8 did so
 * for every API request (5,000 threads for 1,000 Workflows), which cost the operator a quarter of
 * its CPU in {@code scripts/bench-operator.sh}. Two threads make it a pool again.
 */
final class CommonPool {
  static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private CommonPool() {}

  /** Must run before anything uses the common pool; a parallelism set by the user is kept. */
  static void atLeastTwoThreads() {
    String chosen =
        parallelism(System.getProperty(PARALLELISM), Runtime.getRuntime().availableProcessors());
    if (chosen != null) {
      System.setProperty(PARALLELISM, chosen);
    }
  }

  /** The parallelism to set, or null to leave the JVM's choice or the user's alone. */
  static String parallelism(String configured, int processors) {
    return configured == null && processors <= 2 ? "2" : null;
  }
}
