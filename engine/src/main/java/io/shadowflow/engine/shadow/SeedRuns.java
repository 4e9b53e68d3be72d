package io.shadowflow.engine.shadow;

import io.shadowflow.engine.golden.Divergence;
import io.shadowflow.engine.golden.GoldenRecord;
import io.shadowflow.engine.golden.RecordComparison;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The iterations of one seed in one cycle, filled in by whichever workers run them; the worker that
 * adds the last one judges the seed.
 */
final class SeedRuns {
  private final long seed;
  private final GoldenRecord golden;
  private final GoldenRecord[] records;
  private final int[] latenciesMicros;
  private final int[] workers;
  private final AtomicInteger missing;

  /**
   * @param golden the record every iteration must match, null in crossWorker mode
   */
  SeedRuns(long seed, GoldenRecord golden, int iterations) {
    this.seed = seed;
    this.golden = golden;
    this.records = new GoldenRecord[iterations];
    this.latenciesMicros = new int[iterations];
    this.workers = new int[iterations];
    this.missing = new AtomicInteger(iterations);
  }

  long seed() {
    return seed;
  }

  GoldenRecord golden() {
    return golden;
  }

  /**
   * Adds one iteration's record.
   *
   * @return true when it was the last: the caller judges the seed, with every record visible
   */
  boolean add(int iteration, int worker, GoldenRecord record, long nanos) {
    records[iteration] = record;
    latenciesMicros[iteration] = (int) Math.min(Integer.MAX_VALUE, nanos / 1_000);
    workers[iteration] = worker;
    // The atomic decrement publishes the writes above to the worker that sees zero.
    return missing.decrementAndGet() == 0;
  }

  /**
   * Compares every iteration with the seed's first iteration (unless in replay mode) and with the
   * golden record (unless in crossWorker mode).
   */
  SeedResult judge(ShadowMode mode) {
    GoldenRecord first = records[0];
    String expectedHash = golden == null ? first.workflowHash() : golden.workflowHash();
    Mismatch firstMismatch = null;
    String actualHash = expectedHash;
    int mismatches = 0;
    for (int i = 0; i < records.length; i++) {
      Mismatch mismatch = compare(mode, i, first);
      if (mismatch != null) {
        mismatches++;
        if (firstMismatch == null) {
          firstMismatch = mismatch;
          actualHash = records[i].workflowHash();
        }
      }
    }
    return new SeedResult(
        seed,
        first.runId(),
        expectedHash,
        actualHash,
        records.length,
        mismatches,
        latenciesMicros,
        firstMismatch);
  }

  private Mismatch compare(ShadowMode mode, int iteration, GoldenRecord first) {
    if (mode != ShadowMode.replay && iteration > 0) {
      Optional<Divergence> crossWorker =
          RecordComparison.firstDivergence(first, records[iteration]);
      if (crossWorker.isPresent()) {
        return new Mismatch(
            Mismatch.Check.crossWorker, iteration, workers[iteration], crossWorker.get());
      }
    }
    if (golden != null) {
      Optional<Divergence> replay = RecordComparison.firstDivergence(golden, records[iteration]);
      if (replay.isPresent()) {
        return new Mismatch(Mismatch.Check.replay, iteration, workers[iteration], replay.get());
      }
    }
    return null;
  }
}
