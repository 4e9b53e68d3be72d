package io.shadowflow.engine.shadow;

import java.time.Instant;

/** What one cycle of one shard did. */
public record CycleStats(
    String shadowRunId,
    int shardIndex,
    int cycle,
    long seeds,
    long iterations,
    long mismatches,
    long goldenRecorded,
    Instant startedAt,
    Instant finishedAt) {}
