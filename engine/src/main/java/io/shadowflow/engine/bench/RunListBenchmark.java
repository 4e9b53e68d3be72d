package io.shadowflow.engine.bench;

import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.DatabaseConfig;
import io.shadowflow.engine.checkpoint.RunStatus;
import io.shadowflow.engine.runs.RunFilter;
import io.shadowflow.engine.runs.RunLists;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * How long the console's runs list waits for a page: {@code N} runs (default 100,000) in 20
 * namespaces, then the first page of 50 for one namespace, for all of them, with filters, and the
 * 100th page reached through its tokens. Prints the median and the 95th percentile of 50 asks.
 */
public final class RunListBenchmark {
  private static final int NAMESPACES = 20;
  private static final int PAGE = 50;
  private static final int ASKS = 50;

  private RunListBenchmark() {}

  /** {@code RunListBenchmark JDBC_URL [RUNS]}. */
  public static void main(String[] args) throws SQLException {
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    DatabaseConfig config =
        DatabaseConfig.of(args[0])
            .withSchema("bench_" + UUID.randomUUID().toString().substring(0, 8));
    try (Database database = Database.connect(config)) {
      try {
        fill(database, runs);
        RunLists lists = new RunLists(database.dataSource());
        Set<String> all =
            IntStream.range(0, NAMESPACES).mapToObj(i -> "team-" + i).collect(Collectors.toSet());
        System.out.printf("%,d runs in %d namespaces; pages of %d%n", runs, NAMESPACES, PAGE);
        time(
            "first page, one namespace",
            () -> lists.page(RunFilter.in(Set.of("team-7")), Optional.empty(), PAGE));
        time(
            "first page, all namespaces",
            () -> lists.page(RunFilter.in(all), Optional.empty(), PAGE));
        RunFilter failedOrders =
            new RunFilter(
                Set.of("team-7"),
                Optional.of("orders-7"),
                Optional.of(RunStatus.FAILED),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
        time(
            "first page, namespace + workflow + status",
            () -> lists.page(failedOrders, Optional.empty(), PAGE));
        Optional<String> deep = Optional.empty();
        for (int i = 0; i < 99; i++) {
          deep = lists.page(RunFilter.in(all), deep, PAGE).next();
        }
        Optional<String> hundredth = deep;
        time("100th page, all namespaces", () -> lists.page(RunFilter.in(all), hundredth, PAGE));
        System.out.println("target: the first page in under 100 ms");
      } finally {
        try (Connection c = database.dataSource().getConnection();
            Statement s = c.createStatement()) {
          s.execute("DROP SCHEMA " + config.schema() + " CASCADE");
        }
      }
    }
  }

  /**
   * Runs spread over 20 namespaces ({@code team-0} to {@code team-19}), 10 Workflows each, a third
   * failed, one a second apart from 2026-01-01.
   */
  public static void fill(Database database, int runs) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          """
          INSERT INTO runs (run_id, namespace, name, workflow_type, seed, definition_hash,
                            definition, step_count, status, workflow_hash, started_at, finished_at)
          SELECT 'run-' || md5(i::text), 'team-' || (i %% %d), 'orders-' || (i %% 10), 'orders', i,
                 repeat('0', 64), '{}', 5,
                 CASE WHEN i %% 3 = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END, md5(i::text) || md5(i::text),
                 timestamptz '2026-01-01' + i * interval '1 second',
                 timestamptz '2026-01-01' + i * interval '1 second' + interval '2 seconds'
          FROM generate_series(1, %d) AS i
          """
              .formatted(NAMESPACES, runs));
      s.execute("ANALYZE runs");
    }
  }

  private static void time(String what, Supplier<RunLists.Page> page) {
    for (int i = 0; i < 10; i++) {
      page.get(); // warm up the JIT and the database's caches
    }
    long[] nanos = new long[ASKS];
    int shown = 0;
    for (int i = 0; i < ASKS; i++) {
      long start = System.nanoTime();
      shown = page.get().runs().size();
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    System.out.printf(
        "%-45s %3d runs: median %6.2f ms, p95 %6.2f ms%n",
        what, shown, nanos[ASKS / 2] / 1e6, nanos[ASKS * 95 / 100] / 1e6);
  }
}
