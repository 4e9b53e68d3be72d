package io.shadowflow.engine.bench;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.PostgresCheckpointStore;
import io.shadowflow.engine.exec.CompiledWorkflow;
import io.shadowflow.engine.exec.ExecutionListener;
import io.shadowflow.engine.exec.WorkflowExecutor;
import io.shadowflow.engine.manifest.WorkflowCompiler;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checkpointed steps per second into PostgreSQL: N threads, each running one workflow after
 * another, every step committed durably (and notified) before the next. Also prints how many writes
 * each commit carried and how long a write waited for its commit, which explain the figure.
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

  public void run(PrintWriter out) throws Exception {
    try (PostgresCheckpointStore store = new PostgresCheckpointStore(database.dataSource())) {
      measure(new WorkflowExecutor(store), out);
    }
  }

  private void measure(WorkflowExecutor executor, PrintWriter out) throws Exception {
    // Seeds never repeat, across runs of the benchmark too, so every run is a new one.
    AtomicLong seeds = new AtomicLong(System.currentTimeMillis() % (1L << 40) * 1_000);
    int steps = workflow.steps().size();
    Throughput.Work oneRun =
        (worker, i) -> {
          executor.run(workflow.withSeed(seeds.incrementAndGet()), ExecutionListener.NONE);
          return steps;
        };
    // Warm up until the JIT compiler is done: it competes with PostgreSQL for the cores.
    Throughput.measure(clients, Math.min(WARM_UP_SECONDS, seconds), oneRun);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Metrics.addRegistry(meters);
    Throughput.Result result;
    try {
      result = Throughput.measure(clients, seconds, oneRun);
    } finally {
      Metrics.removeRegistry(meters);
    }
    DistributionSummary batches = meters.get("shadowflow.checkpoint.batch").summary();
    Timer commits = meters.get("shadowflow.checkpoint.commit").timer();
    out.printf(
        "commits: %,d carrying %.1f writes each; a write waited %.2f ms for its commit%n",
        batches.count(), batches.mean(), commits.mean(TimeUnit.MILLISECONDS));
    out.printf(
        "durable: %,d checkpointed steps in %.1f s with %d concurrent runs: %,.0f steps/s%n",
        result.items(), result.seconds(), clients, result.perSecond());
    out.flush();
  }
}
