package io.shadowflow.engine.shadow;

import java.time.Instant;
import java.util.Set;

/**
 * Where a shadow run's results go, and the summaries computed from them. Several shards (processes)
 * may write one shadow run; worker threads call {@link #add} concurrently.
 */
public interface ShadowResults extends AutoCloseable {
  /**
   * Registers the shadow run, or finds it registered by another shard, and returns the first cycle
   * to run: the plan's, or else the one after the last finished cycle, so a restarted process
   * finishes an unfinished cycle and then goes on counting.
   *
   * @throws IllegalArgumentException when the id is taken by a shadow run of another workflow or
   *     mode
   */
  int open(ShadowPlan plan);

  /**
   * Opens (or joins) cycle {@code cycle}: every shard, any shard count, works on one cycle row.
   *
   * @return the seeds of the cycle that already have a result, stored by an earlier process
   */
  Set<Long> cycleStarted(String shadowRunId, int cycle, Instant startedAt);

  /**
   * Takes one seed's result; it may be buffered until its cycle finishes. A seed whose result is
   * stored already is ignored: results are written exactly once.
   */
  void add(String shadowRunId, int shardIndex, int cycle, SeedResult result);

  /** Stores every result this process added for the cycle, and its golden record count. */
  void cycleFinished(CycleStats stats);

  /** What the shadow run found so far, over every shard and cycle. */
  ShadowSummary summary(String shadowRunId);

  @Override
  void close();
}
