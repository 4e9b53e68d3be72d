package io.shadowflow.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.DatabaseConfig;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.testing.Cli;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.engine.testing.ThrowawayPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database dies under a running console (SIGKILL of every PostgreSQL process): readers get a
 * 503 with the failure catalog's code instead of a hang or a stack trace, and the same answers as
 * before once it is back, without restarting the console.
 */
class ConsoleDatabaseCrashTest {
  @TempDir Path temp;

  @Test
  void aCrashedDatabaseIsA503WithItsCodeAndTheConsoleRecoversWithIt() throws Exception {
    try (ThrowawayPostgres postgres = ThrowawayPostgres.start(temp.resolve("pgdata"))) {
      DatabaseConfig config = DatabaseConfig.of(postgres.jdbcUrl()).withSchema("console_crash");
      Path manifest =
          Files.writeString(
              temp.resolve("orders.yaml"),
              Manifests.workflowYaml(
                  "orders", "- {name: price, kind: transform, expr: 'input.qty * 3'}"));
      Cli.Outcome run =
          Cli.shadowflow(
              "run",
              manifest.toString(),
              "--jdbc-url",
              config.jdbcUrl(),
              "--db-schema",
              config.schema());
      assertThat(run.exitCode()).as(run.err()).isZero();

      try (Database database = Database.connectExisting(config);
          ConsoleServer server =
              ConsoleServer.start(
                  database.dataSource(),
                  (request, resource) -> Set.of("default"),
                  ConsoleSettings.DEFAULTS,
                  "127.0.0.1",
                  0)) {
        String before = ApiClient.json(server, "/api/v1/runs").toString();
        assertThat(before).contains("\"workflow\":\"orders\"");

        postgres.crash();
        HttpResponse<String> down = ApiClient.send(server, "/api/v1/runs");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(Json.parse(down.body()).path("code").asText())
            .isIn("DATABASE_UNAVAILABLE", "DB_CONNECTION_LOST");
        assertThat(down.body()).doesNotContain("Exception", "\tat ");

        postgres.restart();
        assertThat(untilAnswered(server, Duration.ofMinutes(2))).isEqualTo(before);
      }
    }
  }

  /**
   * The runs list once the pool has reconnected: a state a slow machine reaches later, not never.
   */
  private static String untilAnswered(ConsoleServer server, Duration patience) throws Exception {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      HttpResponse<String> response = ApiClient.send(server, "/api/v1/runs");
      if (response.statusCode() == 200 || System.nanoTime() > deadline) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.parse(response.body()).toString();
      }
      Thread.sleep(200);
    }
  }
}
