package io.shadowflow.e2e.bench;

import java.util.List;

/** Latencies as a benchmark prints them: nearest-rank p50 and p95, and the maximum. */
final class Percentiles {
  private Percentiles() {}

  /** e.g. {@code p50 1.20 s, p95 3.40 s, max 4.00 s (1,000 runs)}. */
  static String describe(List<Double> seconds) {
    if (seconds.isEmpty()) {
      return "none measured";
    }
    List<Double> sorted = seconds.stream().sorted().toList();
    return String.format(
        "p50 %.2f s, p95 %.2f s, max %.2f s (%,d runs)",
        of(sorted, 0.50), of(sorted, 0.95), sorted.get(sorted.size() - 1), sorted.size());
  }

  /** The nearest-rank percentile {@code p} (0 to 1) of sorted values. */
  static double of(List<Double> sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
