package io.shadowflow.engine.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowflow.engine.cli.Main;
import io.shadowflow.engine.exec.RunDefinitions;
import io.shadowflow.engine.exec.RunOptions;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.engine.testing.TestDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Row-level security on the real PostgreSQL: logged in with namespace A's role, not one row of
 * namespace B can be read, changed or deleted, in every table of the schema. The tables come from
 * the catalog, so a table added later is checked too; the test fails until its seed rows are added
 * here.
 */
class TenantIsolationTest {
  private static final String A = "team-a";
  private static final String B = "team-b";

  private final Database database = TestDatabase.fresh();
  private final String schema = database.config().schema();
  private final TenantRoles roles = new TenantRoles(database.dataSource(), schema);

  @AfterEach
  void close() {
    roles.remove(A);
    roles.remove(B);
    database.close();
  }

  @Test
  void namespaceACannotReadChangeOrDeleteOneRowOfNamespaceB() throws SQLException {
    TenantRoles.Credentials a = roles.provision(A);
    roles.provision(B);
    seed(A);
    seed(B);
    List<String> tables = tables();
    assertThat(tables).contains("runs", "step_log", "golden_records", "tenants");
    Map<String, String> before = new HashMap<>();
    for (String table : tables) {
      assertThat(ownerCount(table, A)).as("seed rows of %s in %s", A, table).isPositive();
      assertThat(ownerCount(table, B)).as("seed rows of %s in %s", B, table).isPositive();
      before.put(table, ownerSnapshot(table, B));
    }
    try (Connection tenant =
            DriverManager.getConnection(TestDatabase.urlWithoutUser(), a.role(), a.password());
        Statement s = tenant.createStatement()) {
      for (String table : tables) {
        String t = qualified(table);
        assertThat(count(s, "SELECT count(*) FROM " + t + " x WHERE x::text LIKE '%" + B + "%'"))
            .as("rows of %s that %s reads in %s", B, A, table)
            .isZero();
        assertThat(count(s, "SELECT count(*) FROM " + t))
            .as("rows %s reads in %s", A, table)
            .isEqualTo(ownerCount(table, A));
        if (!table.equals("tenants")) {
          String column = firstColumn(table);
          assertThat(
                  s.executeUpdate(
                      "UPDATE "
                          + t
                          + " x SET "
                          + column
                          + " = x."
                          + column
                          + " WHERE x::text LIKE '%"
                          + B
                          + "%'"))
              .as("rows of %s that %s updates in %s", B, A, table)
              .isZero();
          assertThat(s.executeUpdate("DELETE FROM " + t + " x WHERE x::text LIKE '%" + B + "%'"))
              .as("rows of %s that %s deletes in %s", B, A, table)
              .isZero();
        }
      }
      // Moving an own row into B's namespace is refused by the policies' WITH CHECK.
      assertThatThrownBy(
              () -> s.executeUpdate("UPDATE " + qualified("runs") + " SET namespace = '" + B + "'"))
          .hasMessageContaining("row-level security");
      assertThatThrownBy(
              () ->
                  s.executeUpdate(
                      "INSERT INTO "
                          + qualified("step_progress")
                          + " (run_id, step_path) VALUES ('run-"
                          + B
                          + "', 'sneaky')"))
          .hasMessageContaining("row-level security");
      // A tenant may not change its own registration or the schema.
      assertThatThrownBy(() -> s.executeUpdate("DELETE FROM " + qualified("tenants")))
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> s.execute("CREATE TABLE " + qualified("mine") + " (x int)"))
          .hasMessageContaining("permission denied");
      assertThatThrownBy(
              () -> s.execute("ALTER TABLE " + qualified("runs") + " DISABLE ROW LEVEL SECURITY"))
          .hasMessageContaining("must be owner");
      // Everything of its own A can delete; B's rows are untouched.
      for (String table : tables) {
        if (!table.equals("tenants")) {
          s.executeUpdate("DELETE FROM " + qualified(table));
        }
      }
    }
    for (String table : tables) {
      assertThat(ownerSnapshot(table, B))
          .as("rows of %s in %s", B, table)
          .isEqualTo(before.get(table));
    }
  }

  @Test
  void anEngineWithItsNamespaceRoleExecutesItsOwnRunAndDoesNotFindAnotherNamespaces()
      throws IOException, SQLException {
    TenantRoles.Credentials a = roles.provision(A);
    PostgresCheckpointStore operator = new PostgresCheckpointStore(database.dataSource());
    String runOfA = operator.createRun(definition(A)).runId();
    String runOfB = operator.createRun(definition(B)).runId();
    assertThat(executeAs(a, runOfA)).isEqualTo(Main.SUCCESS);
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT status FROM " + qualified("runs") + " WHERE run_id = '" + runOfA + "'")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getString(1)).isEqualTo("SUCCEEDED");
    }
    assertThat(executeAs(a, runOfB)).isEqualTo(Main.INVALID_INPUT);
  }

  @Test
  void aNamespaceListeningOnTheCheckpointChannelLearnsNoNameOfAnothersRuns() throws Exception {
    TenantRoles.Credentials a = roles.provision(A);
    TenantRoles.Credentials b = roles.provision(B);
    String runOfA =
        new PostgresCheckpointStore(database.dataSource()).createRun(definition(A)).runId();
    // PostgreSQL lets any role LISTEN on any channel: B listens while A's run commits, and A's
    // seed rows record a child and deliver a signal (the triggers' notifications).
    try (Connection listener =
            DriverManager.getConnection(TestDatabase.urlWithoutUser(), b.role(), b.password());
        Statement listen = listener.createStatement()) {
      listen.execute("LISTEN " + CheckpointChannel.of(schema));
      assertThat(executeAs(a, runOfA)).isEqualTo(Main.SUCCESS);
      seed(A);

      Set<String> runsOfA = Set.of(runOfA, "run-" + A);
      List<String> heard = new ArrayList<>();
      long deadline = System.nanoTime() + 10_000_000_000L;
      // The run's commit (with its end), the child recorded, the signal delivered.
      while (heard.stream().filter(p -> runsOfA.stream().anyMatch(p::contains)).count() < 3
          && System.nanoTime() < deadline) {
        PGNotification[] arrived = listener.unwrap(PGConnection.class).getNotifications(500);
        for (PGNotification note : arrived == null ? new PGNotification[0] : arrived) {
          heard.add(note.getParameter());
        }
      }
      List<String> ofA =
          heard.stream().filter(p -> runsOfA.stream().anyMatch(p::contains)).toList();
      assertThat(ofA).as("notifications of A's runs that B heard").hasSizeGreaterThanOrEqualTo(3);
      assertThat(ofA)
          .allSatisfy(
              payload ->
                  assertThat(Json.parse(payload).fieldNames())
                      .toIterable()
                      .containsExactly("runId"));
      assertThat(ofA)
          .anyMatch(payload -> payload.contains(runOfA))
          .anyMatch(payload -> payload.contains("run-" + A));
    }
  }

  private RunDefinition definition(String ns) throws IOException {
    String yaml =
        Files.readString(Manifests.example("reference-workflow.yaml"))
            .replace("  name: reference\n", "  name: reference\n  namespace: " + ns + "\n");
    return RunDefinitions.of(Manifests.compileYaml(yaml), RunOptions.DEFAULT, Instant.now());
  }

  private int executeAs(TenantRoles.Credentials tenant, String runId) {
    return Main.execute(
        new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()),
        "execute",
        "--run-id",
        runId,
        "--jdbc-url",
        TestDatabase.urlWithoutUser(),
        "--db-user",
        tenant.role(),
        "--db-password",
        tenant.password(),
        "--db-schema",
        schema,
        "--no-migrate",
        "--metrics-port",
        "0");
  }

  @Test
  void aDroppedNamespaceCannotLogInAndLeavesNoRoleBehind() throws SQLException {
    TenantRoles.Credentials a = roles.provision(A);
    roles.remove(A);
    assertThat(roles.provisioned(A)).isEmpty();
    assertThatThrownBy(
            () ->
                DriverManager.getConnection(TestDatabase.urlWithoutUser(), a.role(), a.password()))
        .hasMessageContaining(a.role());
  }

  /** Every table of the schema but Flyway's own history, from the catalog. */
  private List<String> tables() throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection c = database.dataSource().getConnection();
        var s =
            c.prepareStatement(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                    + " AND table_type = 'BASE TABLE' AND table_name <> 'flyway_schema_history'"
                    + " ORDER BY table_name")) {
      s.setString(1, schema);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          tables.add(r.getString(1));
        }
      }
    }
    return tables;
  }

  private String firstColumn(String table) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        var s =
            c.prepareStatement(
                "SELECT column_name FROM information_schema.columns"
                    + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position LIMIT 1")) {
      s.setString(1, schema);
      s.setString(2, table);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getString(1);
      }
    }
  }

  /** One row of every table for {@code ns}; every key carries the namespace's name. */
  private void seed(String ns) throws SQLException {
    String run = "'run-" + ns + "'";
    String shadow = "'shadow-" + ns + "'";
    String hash = "repeat('0', 64)";
    String[] inserts = {
      "INSERT INTO runs (run_id, namespace, name, workflow_type, seed, definition_hash, definition,"
          + " step_count, started_at) VALUES ("
          + run
          + ", '"
          + ns
          + "', 'wf', 'durable', 1, "
          + hash
          + ", '{}', 1, now())",
      "INSERT INTO step_log (run_id, seq, step_path, step_name, kind, input, output, step_hash,"
          + " duration_ms, attempts) VALUES ("
          + run
          + ", 0, 's', 's', 'noop', '{}', '{}', "
          + hash
          + ", 1, 1)",
      "INSERT INTO step_progress (run_id, step_path) VALUES (" + run + ", 's')",
      "INSERT INTO child_workflows (run_id, step_path, child_name, manifest, output_step) VALUES ("
          + run
          + ", 's', 'child', '{}', 's')",
      "INSERT INTO failures (run_id, step_path, step_name, attempt, code, category, recovery,"
          + " message, occurred_at) VALUES ("
          + run
          + ", 's', 's', 1, 'HTTP_500', 'TRANSIENT',"
          + " 'RETRY', 'm', now())",
      "INSERT INTO golden_records (run_id, namespace, name, workflow_type, seed, definition_hash,"
          + " steps, success, workflow_hash, engine_version, engine_commit) VALUES ("
          + run
          + ", '"
          + ns
          + "', 'wf', 'durable', 1, "
          + hash
          + ", '[]', true, "
          + hash
          + ", 'v', 'c')",
      "INSERT INTO shadow_runs (shadow_run_id, namespace, name, workflow_type, definition_hash, mode,"
          + " seed_from, seed_count, iterations, workers, shard_count) VALUES ("
          + shadow
          + ", '"
          + ns
          + "', 'sr', 'durable', "
          + hash
          + ", 'replay', 0, 1, 1, 1, 1)",
      "INSERT INTO shadow_cycles (shadow_run_id, cycle, seeds, iterations, mismatches,"
          + " golden_recorded, started_at, finished_at) VALUES ("
          + shadow
          + ", 0, 1, 1, 0, 0, now(), now())",
      "INSERT INTO shadow_results (shadow_run_id, cycle, seed, shard_index, run_id, expected_hash,"
          + " actual_hash, iterations, mismatches, latencies_us) VALUES ("
          + shadow
          + ", 0, 0, 0, "
          + run
          + ", "
          + hash
          + ", "
          + hash
          + ", 1, 0, '{1}')",
      "INSERT INTO shadow_mismatches (shadow_run_id, cycle, seed, shard_index, run_id, check_kind,"
          + " iteration, worker, expected_hash, actual_hash, first_diverging_step, expected, actual,"
          + " report) VALUES ("
          + shadow
          + ", 0, 0, 0, "
          + run
          + ", 'replay', 0, 0, "
          + hash
          + ", "
          + hash
          + ", 's', '{}', '{}', 'r')",
      "INSERT INTO container_steps (attempt_key, namespace, run_id, request) VALUES ("
          + run
          + " || '/s#1', '"
          + ns
          + "', "
          + run
          + ", '{}')",
      "INSERT INTO signals (run_id, name, payload, delivered_by) VALUES ("
          + run
          + ", 'approve', '{}', 'test')",
      "INSERT INTO container_steps (attempt_key, namespace, shadow_run_id, request) VALUES ("
          + shadow
          + " || '/w/1/s', '"
          + ns
          + "', "
          + shadow
          + ", '{}')"
    };
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      for (String insert : inserts) {
        s.execute(insert);
      }
    }
  }

  private long ownerCount(String table, String ns) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      return count(
          s, "SELECT count(*) FROM " + qualified(table) + " x WHERE x::text LIKE '%" + ns + "%'");
    }
  }

  /** All of {@code ns}'s rows of a table as text, in a stable order. */
  private String ownerSnapshot(String table, String ns) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT coalesce(string_agg(x::text, '|' ORDER BY x::text), '') FROM "
                    + qualified(table)
                    + " x WHERE x::text LIKE '%"
                    + ns
                    + "%'")) {
      r.next();
      return r.getString(1);
    }
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private String qualified(String table) {
    return '"' + schema + "\"." + table;
  }
}
