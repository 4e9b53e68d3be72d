package io.shadowflow.engine.bench;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.PostgresCheckpointStore;
import io.shadowflow.engine.exec.ExecutionListener;
import io.shadowflow.engine.exec.WorkflowExecutor;
import io.shadowflow.engine.manifest.WorkflowCompiler;
import io.shadowflow.engine.model.CompiledWorkflow;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checkpointed steps per second into PostgreSQL: N threads, each running one workflow after
 * another, every step committed durably (and notified) under the engine's commit rule. Also prints
 * how many writes each commit carried, how long a write waited for its commit, and how many commits
 * each run waited for, which explain the figure.
 */
public final class DurableBenchmark {
  private static final double WARM_UP_SECONDS = 5;

  private final CompiledWorkflow workflow;
  private final int clients;
  private final double seconds;
  private final Database database;

  public DurableBenchmark(Path file, int clients, double seconds, Database database) {
    this.workflow = new WorkflowCompiler().compileFile(file, null);
    this.clients = clients;
    this.seconds = seconds;
    this.database = database;
  }

  /** The group commit's meters, read before and after the measured time. */
  private record CommitMeters(long commits, double writes, long waits, double waitedMs) {
    static CommitMeters read(MeterRegistry meters) {
      DistributionSummary batches = meters.get("shadowflow.checkpoint.batch").summary();
      Timer waits = meters.get("shadowflow.checkpoint.commit").timer();
      return new CommitMeters(
          batches.count(),
          batches.totalAmount(),
          waits.count(),
          waits.totalTime(TimeUnit.MILLISECONDS));
    }
  }

  /**
   * @param echoPort the loopback port to serve the workflow's calls on, or null for none
   */
  public void run(Integer echoPort, PrintWriter out) throws Exception {
    // Added before the store registers its meters, which would otherwise not report here.
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Metrics.addRegistry(meters);
    try (EchoServer calls = echoPort == null ? null : new EchoServer(echoPort);
        PostgresCheckpointStore store = new PostgresCheckpointStore(database.dataSource())) {
      measure(new WorkflowExecutor(store), meters, out);
    } finally {
      Metrics.removeRegistry(meters);
    }
  }

  private void measure(WorkflowExecutor executor, MeterRegistry meters, PrintWriter out)
      throws Exception {
    // Seeds never repeat, across runs of the benchmark too, so every run is a new one.
    AtomicLong seeds = new AtomicLong(System.currentTimeMillis() % (1L << 40) * 1_000);
    // Every step the run committed counts, those of branches and loop iterations too.
    AtomicLong runs = new AtomicLong();
    Throughput.Work oneRun =
        (worker, i) -> {
          int steps =
              executor
                  .run(workflow.withSeed(seeds.incrementAndGet()), ExecutionListener.NONE)
                  .stepHashes()
                  .size();
          runs.incrementAndGet();
          return steps;
        };
    // Warm up until the JIT compiler is done: it competes with PostgreSQL for the cores.
    Throughput.measure(clients, Math.min(WARM_UP_SECONDS, seconds), oneRun);
    CommitMeters before = CommitMeters.read(meters);
    long runsBefore = runs.get();
    Throughput.Result result = Throughput.measure(clients, seconds, oneRun);
    CommitMeters after = CommitMeters.read(meters);
    long measuredRuns = runs.get() - runsBefore;
    long commits = after.commits() - before.commits();
    out.printf(
        "commits: %,d carrying %.1f writes each; a write waited %.2f ms for its commit%n",
        commits,
        (after.writes() - before.writes()) / commits,
        (after.waitedMs() - before.waitedMs()) / (after.waits() - before.waits()));
    // A new run's open commits nothing: its first commit stores the run.
    out.printf(
        "workflows: %,d runs of %s, each waiting for %.2f commits: %,.0f workflows/s%n",
        measuredRuns,
        workflow.name(),
        (double) (after.waits() - before.waits()) / measuredRuns,
        measuredRuns / result.seconds());
    out.printf(
        "durable: %,d checkpointed steps in %.1f s with %d concurrent runs: %,.0f steps/s%n",
        result.items(), result.seconds(), clients, result.perSecond());
    out.flush();
  }
}
