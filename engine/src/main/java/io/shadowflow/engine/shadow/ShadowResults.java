package io.shadowflow.engine.shadow;

/**
 * Where a shadow run's results go, and the summaries computed from them. Several shards (processes)
 * may write one shadow run; worker threads call {@link #add} concurrently.
 */
public interface ShadowResults extends AutoCloseable {
  /**
   * Registers the shadow run, or finds it registered by another shard, and returns this shard's
   * next cycle number, so a restarted shard goes on counting.
   *
   * @throws IllegalArgumentException when the id is taken by a shadow run of another workflow or
   *     mode
   */
  int open(ShadowPlan plan);

  /** Takes one seed's result; it may be buffered until its cycle finishes. */
  void add(String shadowRunId, int shardIndex, int cycle, SeedResult result);

  /** Stores the cycle, after every result added for it. */
  void cycleFinished(CycleStats stats);

  /** What the shadow run found so far, over every shard and cycle. */
  ShadowSummary summary(String shadowRunId);

  @Override
  void close();
}
