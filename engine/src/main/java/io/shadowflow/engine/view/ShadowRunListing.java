package io.shadowflow.engine.view;

import java.time.Instant;

/**
 * A shadow run as a list shows it: what it replays and its totals so far.
 *
 * @param mode crossWorker, replay or both
 * @param iterations runs of each seed a cycle makes
 * @param workers worker threads of each shard
 * @param shards engine pods sharing its seeds
 * @param cycles cycles finished (every seed has its result)
 * @param workflowsReplayed iterations run, over every cycle and shard
 * @param mismatches iterations that diverged
 */
public record ShadowRunListing(
    String shadowRunId,
    String namespace,
    String name,
    String workflowType,
    String mode,
    long seedFrom,
    long seedCount,
    int iterations,
    int workers,
    int shards,
    Instant createdAt,
    int cycles,
    long workflowsReplayed,
    long mismatches) {}
