package io.shadowflow.engine.cli;

import io.shadowflow.engine.shadow.CycleStats;
import io.shadowflow.engine.shadow.DaemonThreads;
import io.shadowflow.engine.shadow.SeedResult;
import io.shadowflow.engine.shadow.ShadowProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Shows a shadow run's progress: a bar redrawn in place on a terminal, a plain line every few
 * seconds elsewhere (logs, CI, pods), and a line per finished cycle.
 */
final class ProgressPrinter implements ShadowProgress, AutoCloseable {
  private static final int BAR_WIDTH = 30;

  private final PrintWriter out;
  private final boolean terminal;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("shadowflow-progress"));
  private final LongAdder done = new LongAdder();
  private final LongAdder mismatches = new LongAdder();
  private volatile long total;
  private volatile int cycle;
  private volatile long cycleStartNanos;
  private long lastPrinted = -1;

  private ProgressPrinter(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
    long period = terminal ? 200 : 5_000;
    ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
  }

  /** A bar when {@code terminal}, plain lines otherwise. */
  static ProgressPrinter forConsole(PrintWriter out, boolean terminal) {
    return new ProgressPrinter(out, terminal);
  }

  @Override
  public void cycleStarted(int cycle, long iterations) {
    this.cycle = cycle;
    this.total = iterations;
    done.reset();
    mismatches.reset();
    cycleStartNanos = System.nanoTime();
  }

  @Override
  public void seedFinished(SeedResult result) {
    done.add(result.iterations());
    mismatches.add(result.mismatches());
  }

  @Override
  public synchronized void cycleFinished(CycleStats stats) {
    double seconds = Duration.between(stats.startedAt(), stats.finishedAt()).toNanos() / 1e9;
    out.printf(
        "%scycle %d: %,d iterations, %d mismatch(es)%s in %.2f s (%,.0f iterations/s)%n",
        terminal ? "\r\033[K" : "",
        stats.cycle(),
        stats.iterations(),
        stats.mismatches(),
        stats.goldenRecorded() > 0
            ? ", " + stats.goldenRecorded() + " golden records recorded"
            : "",
        seconds,
        seconds > 0 ? stats.iterations() / seconds : 0);
    out.flush();
    lastPrinted = -1;
  }

  private synchronized void tick() {
    long now = done.sum();
    if (total == 0 || now == lastPrinted) {
      return;
    }
    lastPrinted = now;
    double seconds = (System.nanoTime() - cycleStartNanos) / 1e9;
    String counts =
        String.format(
            "cycle %d: %,d/%,d iterations, %d mismatch(es), %,.0f/s",
            cycle, now, total, mismatches.sum(), seconds > 0 ? now / seconds : 0);
    if (terminal) {
      int filled = (int) (BAR_WIDTH * now / total);
      out.print(
          "\r\033[K["
              + "#".repeat(filled)
              + ".".repeat(BAR_WIDTH - filled)
              + "] "
              + (100 * now / total)
              + "% "
              + counts);
    } else {
      out.println(counts);
    }
    out.flush();
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
