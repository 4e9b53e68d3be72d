package io.shadowflow.bench.dbos;

import dev.dbos.transact.DBOS;
import dev.dbos.transact.config.DBOSConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Workflows per second through DBOS Transact: N threads, each starting one reference workflow after
 * another and waiting for its result, for S seconds after a 5 s warm-up. Same shape of load as
 * {@code shadowflow bench durable}, so the two figures can be put side by side.
 *
 * <p>usage: {@code java -jar dbos-peer.jar JDBC_URL [CLIENTS] [SECONDS] [SCHEMA]}
 */
public final class DbosPeerBenchmark {
  private static final double WARM_UP_SECONDS = 5;
  private static final int STEPS_PER_WORKFLOW = 5;

  private DbosPeerBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: dbos-peer JDBC_URL [CLIENTS] [SECONDS] [SCHEMA]");
      System.exit(2);
    }
    String jdbcUrl = args[0];
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 10;
    // DBOS's tables go to a schema of their own, which its migrations create: none of
    // shadowflow's tables is touched.
    String schema = args.length > 3 ? args[3] : "dbos_peer";

    // DBOS insists on a user and a password; trust auth takes any password, the empty one too.
    DBOSConfig config =
        DBOSConfig.defaults("shadowflow-dbos-peer")
            .withDatabaseUrl(jdbcUrl)
            .withDbUser(env("PGUSER", "postgres"))
            .withDbPassword(env("PGPASSWORD", ""))
            .withDatabaseSchema(schema);
    try (DBOS dbos = new DBOS(config)) {
      ReferenceWorkflow workflow =
          dbos.registerProxy(ReferenceWorkflow.class, new ReferenceWorkflow.Impl(dbos));
      dbos.launch();

      // Seeds never repeat, across runs too, as in shadowflow's benchmark.
      AtomicLong seeds = new AtomicLong(System.currentTimeMillis() % (1L << 40) * 1_000);
      Runnable oneWorkflow =
          () -> {
            long seed = seeds.incrementAndGet();
            dbos.startWorkflow(() -> workflow.run("sku-7", 3, seed)).getResult();
          };
      // Warm up until the JIT compiler is done: it competes with PostgreSQL for the cores.
      measure(clients, Math.min(WARM_UP_SECONDS, seconds), oneWorkflow);
      long started = System.nanoTime();
      long workflows = measure(clients, seconds, oneWorkflow);
      double elapsed = (System.nanoTime() - started) / 1e9;
      System.out.printf(
          "dbos: %,d workflows in %.1f s with %d concurrent workflows: %,.0f workflows/s"
              + " (%,.0f steps/s)%n",
          workflows,
          elapsed,
          clients,
          workflows / elapsed,
          workflows * STEPS_PER_WORKFLOW / elapsed);
    }
  }

  /** Runs {@code work} on {@code threads} threads until the deadline; returns how many ran. */
  private static long measure(int threads, double seconds, Runnable work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    AtomicLong done = new AtomicLong();
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(
            pool.submit(
                () -> {
                  while (System.nanoTime() < deadline) {
                    work.run();
                    done.incrementAndGet();
                  }
                }));
      }
      for (Future<?> worker : workers) {
        worker.get(); // rethrows a failed workflow
      }
    } finally {
      pool.shutdownNow();
    }
    return done.get();
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null ? fallback : value;
  }
}
