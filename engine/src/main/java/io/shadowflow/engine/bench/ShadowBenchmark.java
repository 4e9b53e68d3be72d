package io.shadowflow.engine.bench;

import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.DatabaseConfig;
import io.shadowflow.engine.exec.RunOptions;
import io.shadowflow.engine.exec.WorkflowExecutor;
import io.shadowflow.engine.fault.FaultPlan;
import io.shadowflow.engine.golden.GoldenStore;
import io.shadowflow.engine.golden.InMemoryGoldenStore;
import io.shadowflow.engine.golden.PostgresGoldenStore;
import io.shadowflow.engine.manifest.WorkflowCompiler;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.shadow.InMemoryShadowResults;
import io.shadowflow.engine.shadow.PostgresShadowResults;
import io.shadowflow.engine.shadow.SeedRange;
import io.shadowflow.engine.shadow.ShadowMode;
import io.shadowflow.engine.shadow.ShadowPlan;
import io.shadowflow.engine.shadow.ShadowProgress;
import io.shadowflow.engine.shadow.ShadowResults;
import io.shadowflow.engine.shadow.ShadowRunner;
import io.shadowflow.engine.shadow.ShadowSummary;
import io.shadowflow.engine.shadow.Shard;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The shadow benchmark behind {@code scripts/bench-shadow.sh}: 7,500 seeds x 3 iterations of the
 * reference workflow on 3 workers, in memory and with results in PostgreSQL, and replays per second
 * from golden records held in memory and in PostgreSQL. Each figure is the median of several rounds
 * after a warm-up, timed around the whole {@link ShadowRunner#run} (results flushed and
 * summarised).
 */
public final class ShadowBenchmark {
  private static final SeedRange SEEDS = new SeedRange(0, 7_500);
  private static final int ITERATIONS = 3;
  private static final int WORKERS = 3;
  private static final int ROUNDS = 7;
  // A round takes a fraction of a second: the JIT needs seconds of them before the figures settle.
  private static final long WARM_UP_NANOS = 5_000_000_000L;

  private final CompiledWorkflow workflow;

  ShadowBenchmark(CompiledWorkflow workflow) {
    this.workflow = workflow;
  }

  /** {@code ShadowBenchmark MANIFEST JDBC_URL}. */
  public static void main(String[] args) throws Exception {
    var benchmark = new ShadowBenchmark(new WorkflowCompiler().compileFile(Path.of(args[0]), null));
    benchmark.inMemory();
    benchmark.replaysFromGoldenRecordsInMemory();
    DatabaseConfig config =
        DatabaseConfig.of(args[1])
            .withSchema("bench_" + UUID.randomUUID().toString().substring(0, 8));
    try (Database database = Database.connect(config)) {
      benchmark.inPostgres(database);
      benchmark.replaysFromGoldenRecords(database);
      dropSchema(database);
    }
  }

  private void inMemory() throws InterruptedException {
    report(
        "in memory, crossWorker",
        measure(ShadowMode.crossWorker, InMemoryGoldenStore::new, InMemoryShadowResults::new),
        "target: under 1 s");
  }

  private void inPostgres(Database database) throws InterruptedException {
    report(
        "results in PostgreSQL, crossWorker",
        measure(
            ShadowMode.crossWorker,
            () -> new PostgresGoldenStore(database.dataSource()),
            () -> new PostgresShadowResults(database.dataSource())),
        "target: at least 10,000 iterations/s");
  }

  /**
   * Replays from golden records held in memory: the engine's replay alone, with no database. The
   * first run records the 7,500 records; every timed round replays all of them 3 times.
   */
  void replaysFromGoldenRecordsInMemory() throws InterruptedException {
    InMemoryGoldenStore held = new InMemoryGoldenStore();
    timeOne(ShadowMode.replay, held, new InMemoryShadowResults());
    report(
        "replays from golden records in memory (" + workflow.name() + ")",
        measure(ShadowMode.replay, () -> held, InMemoryShadowResults::new),
        "target: 110,000/s, 10x Temporal's WorkflowReplayer (inline) as issue 18 measured it");
  }

  /** The first run records 7,500 golden records; every timed round replays all of them 3 times. */
  private void replaysFromGoldenRecords(Database database) throws InterruptedException {
    Supplier<GoldenStore> goldens = () -> new PostgresGoldenStore(database.dataSource());
    Supplier<ShadowResults> results = () -> new PostgresShadowResults(database.dataSource());
    long recording = timeOne(ShadowMode.replay, goldens.get(), results.get());
    System.out.printf(
        "recording %,d golden records in PostgreSQL (then 22,500 replays): %.3f s%n",
        SEEDS.count(), recording / 1e9);
    report(
        "replays from golden records in PostgreSQL",
        measure(ShadowMode.replay, goldens, results),
        "each round reads the 7,500 records from PostgreSQL, replays them and stores results");
  }

  private long[] measure(
      ShadowMode mode, Supplier<GoldenStore> goldens, Supplier<ShadowResults> results)
      throws InterruptedException {
    long warm = 0;
    while (warm < WARM_UP_NANOS) {
      warm += timeOne(mode, goldens.get(), results.get());
    }
    long[] nanos = new long[ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      nanos[round] = timeOne(mode, goldens.get(), results.get());
    }
    Arrays.sort(nanos);
    return nanos;
  }

  private long timeOne(ShadowMode mode, GoldenStore goldens, ShadowResults results)
      throws InterruptedException {
    ShadowPlan plan =
        new ShadowPlan(
            ShadowPlan.newId(),
            workflow,
            SEEDS,
            ITERATIONS,
            WORKERS,
            mode,
            Shard.ALL,
            null,
            null,
            0,
            FaultPlan.NONE,
            null);
    try (results) {
      long start = System.nanoTime();
      ShadowSummary summary =
          new ShadowRunner(
                  plan,
                  goldens,
                  results,
                  ShadowProgress.NONE,
                  WorkflowExecutor.defaultHttpClient(),
                  RunOptions.DEFAULT)
              .run();
      long elapsed = System.nanoTime() - start;
      if (!summary.deterministic() || summary.workflowsReplayed() != plan.iterationsPerCycle()) {
        throw new IllegalStateException("benchmark run went wrong: " + summary);
      }
      return elapsed;
    }
  }

  private static void report(String what, long[] sortedNanos, String note) {
    long iterations = SEEDS.count() * ITERATIONS;
    double median = sortedNanos[sortedNanos.length / 2] / 1e9;
    double best = sortedNanos[0] / 1e9;
    System.out.printf(
        "%-45s %,d iterations: median %.3f s (%,.0f/s), best %.3f s (%,.0f/s)  [%s]%n",
        what, iterations, median, iterations / median, best, iterations / best, note);
  }

  private static void dropSchema(Database database) throws SQLException {
    try (Connection connection = database.dataSource().getConnection()) {
      connection
          .createStatement()
          .execute("DROP SCHEMA " + database.config().schema() + " CASCADE");
    }
  }
}
