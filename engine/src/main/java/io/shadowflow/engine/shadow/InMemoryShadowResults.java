package io.shadowflow.engine.shadow;

import io.shadowflow.engine.golden.DivergenceReport;
import io.shadowflow.engine.json.CanonicalJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Shadow results in memory, for in-memory shadow runs and benchmarks: every cycle's totals, the
 * latest cycle's latencies and each seed's first mismatch.
 */
public final class InMemoryShadowResults implements ShadowResults {
  private final Map<String, Run> runs = new HashMap<>();

  /** One shadow run's results. */
  private static final class Run {
    final long seedCount;
    final TreeMap<Integer, Cycle> cycles = new TreeMap<>();
    int lastMismatchCycle;
    SeedResult lastMismatch;

    Run(long seedCount) {
      this.seedCount = seedCount;
    }
  }

  /** One cycle of a shadow run, shared by its shards as the cycle's row in PostgreSQL is. */
  private static final class Cycle {
    final Set<Long> seeds = new HashSet<>();
    final List<int[]> latencies = new ArrayList<>();
    long iterations;
    long mismatches;
    long goldenRecorded;
    Instant startedAt;
    Instant finishedAt;
  }

  @Override
  public synchronized int open(ShadowPlan plan) {
    Run run = runs.computeIfAbsent(plan.shadowRunId(), id -> new Run(plan.seeds().count()));
    if (plan.firstCycle() != null) {
      return plan.firstCycle();
    }
    return run.cycles.entrySet().stream()
        .filter(c -> c.getValue().finishedAt != null)
        .mapToInt(c -> c.getKey() + 1)
        .max()
        .orElse(0);
  }

  @Override
  public synchronized Set<Long> cycleStarted(String shadowRunId, int cycle, Instant startedAt) {
    Run run = runs.get(shadowRunId);
    Cycle state = run.cycles.computeIfAbsent(cycle, c -> new Cycle());
    if (state.startedAt == null || startedAt.isBefore(state.startedAt)) {
      state.startedAt = startedAt;
    }
    // Only the latest cycle's latencies feed the percentiles, and only one process writes these
    // results: older cycles' latencies and seeds are let go.
    run.cycles
        .headMap(cycle)
        .values()
        .forEach(
            older -> {
              older.latencies.clear();
              older.seeds.clear();
            });
    return Set.copyOf(state.seeds);
  }

  @Override
  public synchronized void add(String shadowRunId, int shardIndex, int cycle, SeedResult result) {
    Run run = runs.get(shadowRunId);
    Cycle state = run.cycles.get(cycle);
    if (!state.seeds.add(result.seed())) {
      return;
    }
    state.latencies.add(result.latenciesMicros());
    state.iterations += result.iterations();
    state.mismatches += result.mismatches();
    if (state.seeds.size() == run.seedCount) {
      state.finishedAt = Instant.now();
    }
    if (result.firstMismatch() != null) {
      // Rendered only when a summary asks: a badly broken workflow diverges on every seed.
      run.lastMismatchCycle = cycle;
      run.lastMismatch = result;
    }
  }

  @Override
  public synchronized void cycleFinished(CycleStats stats) {
    runs.get(stats.shadowRunId()).cycles.get(stats.cycle()).goldenRecorded +=
        stats.goldenRecorded();
  }

  @Override
  public synchronized ShadowSummary summary(String shadowRunId) {
    Run run = runs.get(shadowRunId);
    if (run == null || run.cycles.isEmpty()) {
      return new ShadowSummary(shadowRunId, 0, 0, 0, 0, null, ShadowSummary.Timings.NONE);
    }
    Collection<Cycle> cycles = run.cycles.values();
    return new ShadowSummary(
        shadowRunId,
        (int) cycles.stream().filter(c -> c.finishedAt != null).count(),
        cycles.stream().mapToLong(c -> c.iterations).sum(),
        cycles.stream().mapToLong(c -> c.mismatches).sum(),
        cycles.stream().mapToLong(c -> c.goldenRecorded).sum(),
        run.lastMismatch == null ? null : lastMismatch(run.lastMismatchCycle, run.lastMismatch),
        timings(run.cycles.lastEntry().getValue()));
  }

  private static ShadowSummary.LastMismatch lastMismatch(int cycle, SeedResult result) {
    Mismatch mismatch = result.firstMismatch();
    return new ShadowSummary.LastMismatch(
        cycle,
        result.seed(),
        result.runId(),
        mismatch.check().name(),
        mismatch.iteration(),
        mismatch.worker(),
        result.expectedHash(),
        result.actualHash(),
        mismatch.divergence().at(),
        CanonicalJson.of(mismatch.divergence().expected()),
        CanonicalJson.of(mismatch.divergence().actual()),
        DivergenceReport.render(mismatch.divergence()));
  }

  private static ShadowSummary.Timings timings(Cycle latest) {
    int[] sortedMicros = latest.latencies.stream().flatMapToInt(Arrays::stream).sorted().toArray();
    Instant finished = latest.finishedAt == null ? Instant.now() : latest.finishedAt;
    double seconds = Duration.between(latest.startedAt, finished).toNanos() / 1e9;
    return new ShadowSummary.Timings(
        percentileMillis(sortedMicros, 0.50),
        percentileMillis(sortedMicros, 0.95),
        percentileMillis(sortedMicros, 0.99),
        percentileMillis(sortedMicros, 1.0),
        seconds,
        seconds > 0 ? latest.iterations / seconds : 0);
  }

  /** The smallest value with at least {@code p} of the values at or below it (percentile_disc). */
  private static double percentileMillis(int[] sortedMicros, double p) {
    if (sortedMicros.length == 0) {
      return 0;
    }
    int index = Math.max(0, (int) Math.ceil(p * sortedMicros.length) - 1);
    return sortedMicros[index] / 1000.0;
  }

  @Override
  public void close() {
    // Nothing is held outside memory.
  }
}
