package io.shadowflow.engine.cli;

import io.shadowflow.engine.analytics.FailureSummary;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code failures --since 1h}: failures recorded in PostgreSQL, by code and by category. */
@Command(
    name = "failures",
    description = "Summarise the failures recorded over a time window, by code and category.")
final class FailuresCommand implements Callable<Integer> {
  @Option(
      names = "--since",
      defaultValue = "1h",
      description = "How far back to look, e.g. 15m, 1h, 24h. Default: ${DEFAULT-VALUE}")
  String since;

  @Mixin DatabaseOptions database;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Duration window = DurationOption.parse(since, "--since", spec.commandLine());
    List<FailureSummary.Row> rows;
    try (DatabaseOptions.Connection connection = database.open(1)) {
      rows =
          new FailureSummary(connection.database().dataSource()).since(Instant.now().minus(window));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("failures in the last %s%n", since);
    out.printf(
        "%-28s %-11s %8s %8s %6s  %s%n",
        "CODE", "CATEGORY", "FAILURES", "INJECTED", "RUNS", "LAST");
    Map<String, Long> byCategory = new TreeMap<>();
    for (FailureSummary.Row row : rows) {
      out.printf(
          "%-28s %-11s %8d %8d %6d  %s%n",
          row.code(), row.category(), row.failures(), row.injected(), row.runs(), row.lastSeen());
      byCategory.merge(row.category(), row.failures(), Long::sum);
    }
    out.println(rows.isEmpty() ? "no failures" : "by category:");
    byCategory.forEach((category, count) -> out.printf("  %-11s %8d%n", category, count));
    out.flush();
    return Main.SUCCESS;
  }
}
