package io.shadowflow.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.DatabaseConfig;
import io.shadowflow.engine.testing.Cli;
import io.shadowflow.engine.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What the console's tests look at, made the way users make it: the engine's own command line runs
 * Workflows and a shadow run into a fresh schema of the real PostgreSQL. Namespace {@code team-a}
 * holds runs of {@code orders}, one of them retried under injected timeouts, and a shadow run of
 * {@code drifting} (its {@code wallclock} step diverges); {@code team-b} holds one run.
 */
final class ConsoleData {
  /** The run of orders whose steps were retried: seed 7, timeouts on half the attempts. */
  static final long RETRIED_SEED = 7;

  final DatabaseConfig config = TestDatabase.freshConfig();
  final Path folder;

  ConsoleData(Path folder) {
    this.folder = folder;
  }

  /** Runs {@code orders} in team-a with seeds 1 to 3, and the retried one. */
  ConsoleData withOrders() {
    Path orders = manifest("team-a", "orders", ORDERS);
    for (long seed = 1; seed <= 3; seed++) {
      cli("run", orders.toString(), "--seed", Long.toString(seed));
    }
    cli(
        "run",
        orders.toString(),
        "--seed",
        Long.toString(RETRIED_SEED),
        "--faults",
        "TIMEOUT",
        "--fault-probability",
        "0.5");
    return this;
  }

  /** One run of {@code payroll} in team-b, which readers of team-a must never see. */
  ConsoleData withTeamB() {
    cli("run", manifest("team-b", "payroll", ORDERS).toString());
    return this;
  }

  /**
   * A replay shadow run of {@code drifting} in team-a over seeds 0, 1 and 2: every seed diverges.
   */
  ConsoleData withDriftingShadowRun() {
    Path drifting = manifest("team-a", "drifting", DRIFTING);
    Cli.Outcome outcome =
        Cli.shadowflow(
            withDatabase(
                "shadow",
                drifting.toString(),
                "--seeds",
                "0..3",
                "--mode",
                "replay",
                "--iterations",
                "2",
                "--id",
                "drift-1",
                "--no-fail-on-mismatch"));
    assertThat(outcome.exitCode()).as(outcome.err()).isZero();
    return this;
  }

  /**
   * A run of {@code long} in team-a with {@code steps} steps: a forEach step over {@code steps - 1}
   * items, one transform each.
   */
  ConsoleData withLongRun(int steps) {
    String items =
        IntStream.range(0, steps - 1)
            .mapToObj(Integer::toString)
            .collect(Collectors.joining(",", "[", "]"));
    Path file =
        write(
            "team-a",
            "long",
            "{lines: " + items + "}",
            """
            - name: lines
              kind: forEach
              items: 'input.lines'
              steps:
                - {name: price, kind: transform, expr: 'item * 3'}
            """);
    cli("run", file.toString());
    return this;
  }

  /**
   * Starts a run of {@code calling} in team-a on another thread: a transform, then an http call to
   * {@code url}, then a transform. It stays RUNNING while the call is held.
   */
  Thread startCallingRun(String url) {
    Path file =
        write(
            "team-a",
            "calling",
            "{qty: 3}",
            """
            - {name: price, kind: transform, expr: 'input.qty * 3'}
            - {name: notify, kind: http, method: POST, url: '%s', body: '{"p": steps.price.output}'}
            - {name: done, kind: transform, expr: 'steps.price.output + 1'}
            """
                .formatted(url));
    Thread run = new Thread(() -> cli("run", file.toString()), "calling-run");
    run.start();
    return run;
  }

  /** Drops this data's schema: a benchmark's 100,000 runs should not outlive it. */
  void drop(Database database) {
    try (Connection connection = database.dataSource().getConnection();
        Statement drop = connection.createStatement()) {
      drop.execute("DROP SCHEMA " + config.schema() + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("dropping " + config.schema(), e);
    }
  }

  private void cli(String... args) {
    Cli.Outcome outcome = Cli.shadowflow(withDatabase(args));
    assertThat(outcome.exitCode()).as(outcome.err()).isZero();
  }

  private String[] withDatabase(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--jdbc-url", TestDatabase.JDBC_URL, "--db-schema", config.schema()));
    return all.toArray(String[]::new);
  }

  private Path manifest(String namespace, String name, String steps) {
    return write(namespace, name, "{item: sku-7, qty: 3}", steps);
  }

  private Path write(String namespace, String name, String input, String steps) {
    try {
      Path file = folder.resolve(namespace + "-" + name + ".yaml");
      Files.writeString(
          file,
          """
          apiVersion: shadowflow.io/v1alpha1
          kind: Workflow
          metadata:
            name: %s
            namespace: %s
          spec:
            type: %s
            seed: 1
            input: %s
            steps:
          %s
          """
              .formatted(name, namespace, name, input, steps.indent(4)));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final String ORDERS =
      """
      - {name: price, kind: transform, expr: '{"price": input.qty * 3}'}
      - {name: pick, kind: random, choice: [red, green, blue]}
      - {name: label, kind: transform, expr: 'input.item + "/" + steps.pick.output'}
      - {name: total, kind: transform, expr: 'steps.price.output.price * 2'}
      """;

  private static final String DRIFTING =
      """
      - {name: price, kind: transform, expr: '{"price": input.qty * 3}'}
      - {name: pick, kind: random, choice: [red, green, blue]}
      - {name: clock, kind: wallclock}
      - {name: label, kind: transform, expr: 'input.item + "/" + steps.pick.output'}
      """;
}
