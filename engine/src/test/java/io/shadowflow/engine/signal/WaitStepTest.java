package io.shadowflow.engine.signal;

import static io.shadowflow.engine.testing.Cli.shadowflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shadowflow.engine.checkpoint.DatabaseConfig;
import io.shadowflow.engine.cli.Main;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.testing.Cli;
import io.shadowflow.engine.testing.EngineProcess;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.engine.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wait steps through the CLI: a signal given up front, or delivered from another terminal to a run
 * waiting in the database (even one whose engine was killed meanwhile), gives the same hash; a
 * signal the run cannot take is refused with the reason and changes nothing; a timeout takes the
 * step's default or fails it.
 */
class WaitStepTest {
  private static final String APPROVAL =
      "- {name: order, kind: transform, expr: '{\"total\": input.qty * 3}'}\n"
          + Manifests.APPROVAL_STEPS;

  @TempDir Path temp;
  private Path manifest;
  private DatabaseConfig database;

  @BeforeEach
  void setUp() throws IOException {
    manifest = write("approval", APPROVAL);
    database = TestDatabase.freshConfig();
  }

  @Test
  void aSignalGivenUpFrontIsTheStepsOutputAndEntersTheHash() {
    String approved = upFrontHash("{\"ok\": true}");
    assertThat(approved).hasSize(64).isNotEqualTo(upFrontHash("{\"ok\": false}"));
  }

  @Test
  void aSignalDeliveredToARunWhoseEngineWasKilledGivesTheSameHash() throws Exception {
    String expected = upFrontHash("{\"ok\": true}");
    Process first = EngineProcess.run(manifest, database, 42);
    awaitRunOpen();
    first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

    Cli.Outcome delivered = signal("approve", "{\"ok\": true}");
    assertThat(delivered.exitCode()).as(delivered.err()).isZero();
    assertThat(delivered.out()).contains("delivered to run");

    Process second = EngineProcess.run(manifest, database, 42);
    assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String summary = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(second.exitValue()).as(summary + EngineProcess.errors(manifest)).isZero();
    assertThat(Json.parse(summary).path("workflow_hash").asText()).isEqualTo(expected);
  }

  @Test
  void aSignalTheRunCannotTakeIsRefusedWithTheReason() throws Exception {
    // The run is open and its engine gone: every delivery below meets a run that still waits.
    Process first = EngineProcess.run(manifest, database, 42);
    awaitRunOpen();
    first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

    Cli.Outcome noRun = signal("approve", "{\"ok\": true}", "--seed", "7");
    assertThat(noRun.exitCode()).isEqualTo(Main.INVALID_INPUT);
    assertThat(noRun.err()).contains("no run ");
    assertThat(signal("approved", "{\"ok\": true}").err())
        .contains("no wait step", "waits for signal 'approved'", "they wait for [approve]");
    assertThat(signal("approve", "{\"ok\": \"yes\"}").err())
        .contains("step approval does not accept the payload")
        .contains("payload.ok: expected boolean, got string");
    assertThat(signal("approve", "not json").err()).contains("--payload", "not JSON");
    assertThat(signal("approve", "{\"ok\": false}").exitCode()).isZero();
    assertThat(signal("approve", "{\"ok\": true}").err()).contains("already delivered");

    Process second = EngineProcess.run(manifest, database, 42);
    assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String summary = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(Json.parse(summary).path("workflow_hash").asText())
        .as("the first delivery stands")
        .isEqualTo(upFrontHash("{\"ok\": false}"));
    assertThat(signal("approve", "{\"ok\": true}").err()).contains("has ended: SUCCEEDED");
  }

  @Test
  void aTimeoutTakesTheDefaultOrFailsTheStep() throws IOException {
    Path withDefault =
        write(
            "patient",
            """
            - {name: approval, kind: wait, signal: approve, timeout: 300ms, default: {ok: false}}
            """);
    Cli.Outcome defaulted = shadowflow("run", withDefault.toString(), "--in-memory");
    assertThat(defaulted.exitCode()).as(defaulted.out()).isZero();
    assertThat(defaulted.out()).contains("{\"ok\":false}");

    Path without =
        write("impatient", "- {name: approval, kind: wait, signal: approve, timeout: 300ms}");
    Cli.Outcome failed = shadowflow("run", without.toString(), "--in-memory");
    assertThat(failed.exitCode()).isEqualTo(Main.WORKFLOW_FAILED);
    assertThat(failed.out() + failed.err()).contains("SIGNAL_TIMEOUT");
  }

  @Test
  void aShadowRunTakesItsSignalsUpFrontOrRefusesToStart() {
    String[] shadow = {
      "shadow",
      manifest.toString(),
      "--in-memory",
      "--seeds",
      "0..3",
      "--iterations",
      "2",
      "--workers",
      "2",
      "--mode",
      "crossWorker"
    };
    Cli.Outcome refused = shadowflow(shadow);
    assertThat(refused.exitCode()).isEqualTo(Main.INVALID_INPUT);
    assertThat(refused.err()).contains("waits for signals [approve]", "--signal NAME=JSON");

    List<String> signalled = new ArrayList<>(List.of(shadow));
    signalled.addAll(List.of("--signal", "approve={\"ok\": true}"));
    Cli.Outcome deterministic = shadowflow(signalled.toArray(String[]::new));
    assertThat(deterministic.exitCode()).as(deterministic.out()).isZero();
    assertThat(deterministic.out()).contains(" 0 mismatch(es)");
  }

  @Test
  void badFieldsAreNamedByPath() throws IOException {
    Path bad =
        write(
            "bad",
            """
            - name: approval
              kind: wait
              signal: 9lives
              accepts: {type: thing, minimum: 3}
              default: {ok: false}
            """);
    Cli.Outcome validate = shadowflow("validate", bad.toString());
    assertThat(validate.exitCode()).isEqualTo(Main.INVALID_INPUT);
    assertThat(validate.err())
        .contains("spec.steps[0].signal")
        .contains("spec.steps[0].accepts.type: 'thing' is not one of")
        .contains("spec.steps[0].accepts.minimum: not one of")
        .contains("spec.steps[0].default: a default is the output after a timeout");
  }

  private String upFrontHash(String payload) {
    return Cli.inMemoryHash(manifest, "--signal", "approve=" + payload);
  }

  private Cli.Outcome signal(String name, String payload, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "signal",
                manifest.toString(),
                name,
                "--payload",
                payload,
                "--jdbc-url",
                database.jdbcUrl(),
                "--db-schema",
                database.schema()));
    args.addAll(List.of(more));
    return shadowflow(args.toArray(String[]::new));
  }

  /**
   * Until the run is open in the database: from then on it runs until its signal comes, however
   * fast the machine (the step before the wait only computes, and commits with it).
   */
  private void awaitRunOpen() {
    await().atMost(Duration.ofSeconds(60)).until(() -> openRuns() == 1);
  }

  private long openRuns() {
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl());
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT count(*) FROM " + database.schema() + ".runs WHERE status = 'RUNNING'");
        ResultSet row = select.executeQuery()) {
      row.next();
      return row.getLong(1);
    } catch (SQLException e) {
      return 0; // the engine has not made the schema yet
    }
  }

  private Path write(String name, String steps) throws IOException {
    return Files.writeString(temp.resolve(name + ".yaml"), Manifests.workflowYaml(name, steps));
  }
}
