package io.shadowflow.engine.cli;

import io.shadowflow.engine.shadow.ShadowSummary;
import java.io.PrintWriter;

/** Prints a shadow run's summary, and the report of its last mismatch if there was one. */
final class SummaryPrinter {
  private final PrintWriter out;

  SummaryPrinter(PrintWriter out) {
    this.out = out;
  }

  /**
   * @param compared false when the plan compares nothing (crossWorker with one iteration): no
   *     mismatch then proves nothing, and the summary says so
   */
  void print(ShadowSummary summary, boolean compared) {
    ShadowSummary.Timings t = summary.timings();
    out.printf(
        "shadow run %s: %d cycle(s), %,d workflows replayed, %,d mismatch(es), %,d golden"
            + " record(s) recorded%n",
        summary.shadowRunId(),
        summary.cycles(),
        summary.workflowsReplayed(),
        summary.mismatches(),
        summary.goldenRecorded());
    out.printf(
        "latency of one run (last cycle): p50 %.3f ms, p95 %.3f ms, p99 %.3f ms, max %.3f ms;"
            + " last cycle %.2f s, %,.0f iterations/s%n",
        t.p50Millis(),
        t.p95Millis(),
        t.p99Millis(),
        t.maxMillis(),
        t.lastCycleSeconds(),
        t.iterationsPerSecond());
    ShadowSummary.LastMismatch last = summary.lastMismatch();
    if (!compared) {
      out.println(
          "nothing compared: mode crossWorker compares the iterations of a seed with each other,"
              + " and each seed ran once; use --iterations 2 or more, or --mode replay or both");
    } else if (last == null) {
      out.println("deterministic: every run reproduced its hash");
    } else {
      out.printf(
          "NOT deterministic. Last mismatch: seed %d (%s), cycle %d, %s check, iteration %d on"
              + " worker %d%n%n%s",
          last.seed(),
          last.runId(),
          last.cycle(),
          last.check(),
          last.iteration(),
          last.worker(),
          last.report());
    }
    out.flush();
  }
}
