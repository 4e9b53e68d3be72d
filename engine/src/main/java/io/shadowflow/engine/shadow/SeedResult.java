package io.shadowflow.engine.shadow;

/**
 * One seed's outcome in one cycle.
 *
 * @param expectedHash the hash every iteration had to produce: the golden record's, or in
 *     crossWorker mode the first iteration's
 * @param actualHash the first hash that differed, or {@code expectedHash} when none did
 * @param mismatches how many iterations diverged
 * @param latenciesMicros each iteration's run time
 * @param firstMismatch the first diverging iteration, null when none diverged
 */
public record SeedResult(
    long seed,
    String runId,
    String expectedHash,
    String actualHash,
    int iterations,
    int mismatches,
    int[] latenciesMicros,
    Mismatch firstMismatch) {}
