package io.shadowflow.engine.view;

/**
 * One seed of a shadow run's latest cycle: one row of the seeds by workers grid.
 *
 * @param shard the engine pod that ran it
 * @param mismatches its iterations that diverged
 * @param firstDivergingWorker the worker thread of the first diverging iteration; null when none
 * @param firstDivergingStep where that iteration first diverged; null when none
 */
public record SeedOutcome(
    int cycle,
    long seed,
    int shard,
    String runId,
    int iterations,
    int mismatches,
    Integer firstDivergingWorker,
    String firstDivergingStep,
    String expectedHash,
    String actualHash) {}
