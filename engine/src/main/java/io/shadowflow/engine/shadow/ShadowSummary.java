package io.shadowflow.engine.shadow;

/**
 * What a shadow run has found so far, computed from its stored results: what the operator writes
 * into the ShadowRun's status.
 *
 * @param cycles cycles finished: every seed has its result
 * @param workflowsReplayed iterations run, over every cycle and shard
 * @param mismatches iterations that diverged, over every cycle and shard
 * @param lastMismatch the latest seed that diverged, null when none did
 */
public record ShadowSummary(
    String shadowRunId,
    int cycles,
    long workflowsReplayed,
    long mismatches,
    long goldenRecorded,
    LastMismatch lastMismatch,
    Timings timings) {

  public boolean deterministic() {
    return mismatches == 0;
  }

  /**
   * The latest divergence, with its report: expected and actual side by side and a diff.
   *
   * @param check crossWorker or replay
   */
  public record LastMismatch(
      int cycle,
      long seed,
      String runId,
      String check,
      int iteration,
      int worker,
      String expectedHash,
      String actualHash,
      String firstDivergingStep,
      String expected,
      String actual,
      String report) {}

  /**
   * Latency of single iterations in the latest cycle, and how long cycles took.
   *
   * @param lastCycleSeconds wall time of the latest cycle (the longest shard's)
   */
  public record Timings(
      double p50Millis,
      double p95Millis,
      double p99Millis,
      double maxMillis,
      double lastCycleSeconds,
      double iterationsPerSecond) {
    public static final Timings NONE = new Timings(0, 0, 0, 0, 0, 0);
  }
}
