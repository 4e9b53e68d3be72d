package io.shadowflow.engine.shadow;

import io.shadowflow.engine.golden.DivergenceReport;
import io.shadowflow.engine.json.CanonicalJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shadow results in memory, for in-memory shadow runs and benchmarks: every cycle's totals, the
 * latest cycle's latencies and each seed's first mismatch.
 */
public final class InMemoryShadowResults implements ShadowResults {
  private final Map<String, Run> runs = new HashMap<>();

  /** One shadow run's results. */
  private static final class Run {
    final List<CycleStats> cycles = new ArrayList<>();
    final Map<Integer, List<int[]>> latencies = new HashMap<>();
    int lastMismatchCycle;
    SeedResult lastMismatch;
  }

  @Override
  public synchronized int open(ShadowPlan plan) {
    Run run = runs.computeIfAbsent(plan.shadowRunId(), id -> new Run());
    return (int) run.cycles.stream().filter(c -> c.shardIndex() == plan.shard().index()).count();
  }

  @Override
  public synchronized void add(String shadowRunId, int shardIndex, int cycle, SeedResult result) {
    Run run = runs.get(shadowRunId);
    run.latencies.computeIfAbsent(cycle, c -> new ArrayList<>()).add(result.latenciesMicros());
    if (result.firstMismatch() != null) {
      // Rendered only when a summary asks: a badly broken workflow diverges on every seed.
      run.lastMismatchCycle = cycle;
      run.lastMismatch = result;
    }
  }

  @Override
  public synchronized void cycleFinished(CycleStats stats) {
    Run run = runs.get(stats.shadowRunId());
    run.cycles.add(stats);
    // Only the latest cycle's latencies feed the percentiles: older ones are let go.
    run.latencies.keySet().removeIf(cycle -> cycle < stats.cycle());
  }

  @Override
  public synchronized ShadowSummary summary(String shadowRunId) {
    Run run = runs.get(shadowRunId);
    if (run == null || run.cycles.isEmpty()) {
      return new ShadowSummary(shadowRunId, 0, 0, 0, 0, null, ShadowSummary.Timings.NONE);
    }
    int latest = run.cycles.stream().mapToInt(CycleStats::cycle).max().orElseThrow();
    List<CycleStats> latestCycles = run.cycles.stream().filter(c -> c.cycle() == latest).toList();
    int[] sorted =
        run.latencies.getOrDefault(latest, List.of()).stream()
            .flatMapToInt(Arrays::stream)
            .sorted()
            .toArray();
    return new ShadowSummary(
        shadowRunId,
        (int) run.cycles.stream().mapToInt(CycleStats::cycle).distinct().count(),
        run.cycles.stream().mapToLong(CycleStats::iterations).sum(),
        run.cycles.stream().mapToLong(CycleStats::mismatches).sum(),
        run.cycles.stream().mapToLong(CycleStats::goldenRecorded).sum(),
        run.lastMismatch == null ? null : lastMismatch(run.lastMismatchCycle, run.lastMismatch),
        timings(sorted, latestCycles));
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

  private static ShadowSummary.Timings timings(int[] sortedMicros, List<CycleStats> cycles) {
    var started =
        cycles.stream().map(CycleStats::startedAt).min(Comparable::compareTo).orElseThrow();
    var finished =
        cycles.stream().map(CycleStats::finishedAt).max(Comparable::compareTo).orElseThrow();
    double seconds = Duration.between(started, finished).toNanos() / 1e9;
    long iterations = cycles.stream().mapToLong(CycleStats::iterations).sum();
    return new ShadowSummary.Timings(
        percentileMillis(sortedMicros, 0.50),
        percentileMillis(sortedMicros, 0.95),
        percentileMillis(sortedMicros, 0.99),
        percentileMillis(sortedMicros, 1.0),
        seconds,
        seconds > 0 ? iterations / seconds : 0);
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
