package io.shadowflow.engine.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

class PostgresCheckpointStoreTest {
  private Database database;
  private PostgresCheckpointStore store;

  @BeforeEach
  void setUp() {
    database = TestDatabase.fresh();
    store = new PostgresCheckpointStore(database.dataSource());
  }

  @AfterEach
  void tearDown() {
    database.close();
  }

  private RunState open(String runId) {
    return store.openRun(
        new RunDefinition(
            runId,
            "ns",
            "wf",
            "type",
            42,
            "d".repeat(64),
            "{}",
            3,
            Instant.parse("2026-01-01T00:00:00Z")));
  }

  private static StepRecord step(int seq, String output) {
    return new StepRecord(
        seq,
        "steps/" + seq,
        "s" + seq,
        "transform",
        Json.object().put("expr", "x"),
        Json.NODES.textNode(output),
        hashOf(output),
        5,
        1,
        null);
  }

  private static String hashOf(String output) {
    return io.shadowflow.engine.hash.Sha256.hex(output);
  }

  @Test
  void committedStepsComeBackInOrderWithTheRecordedStart() {
    open("run-1");
    store.commitStep("run-1", step(0, "a"));
    store.commitStep("run-1", step(1, "b"));

    RunState state = store.readRun("run-1");
    assertThat(state.startedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(state.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(state.steps()).containsExactly(step(0, "a"), step(1, "b"));
  }

  @Test
  void recommittingTheSameResultIsANoOp() {
    open("run-1");
    store.commitStep("run-1", step(0, "a"));
    store.commitStep("run-1", step(0, "a"));
    assertThat(store.readRun("run-1").steps()).hasSize(1);
  }

  @Test
  void aDifferentResultIsADeterminismViolationAndTheCommittedOneStays() {
    open("run-1");
    store.commitStep("run-1", step(0, "a"));
    WorkflowFailure failure =
        catchThrowableOfType(
            WorkflowFailure.class, () -> store.commitStep("run-1", step(0, "other")));
    assertThat(failure.code()).isEqualTo(FailureCode.DETERMINISM_VIOLATION);
    assertThat(failure.getMessage()).contains("steps/0").contains("committed record is kept");
    assertThat(store.readRun("run-1").steps()).containsExactly(step(0, "a"));
  }

  @Test
  void theStepLogIsAppendOnly() throws SQLException {
    open("run-1");
    store.commitStep("run-1", step(0, "a"));
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("UPDATE step_log SET output = '\"forged\"'"))
          .hasMessageContaining("append-only");
    }
    assertThat(store.readRun("run-1").steps()).containsExactly(step(0, "a"));
  }

  @Test
  void aCommitNotifiesEachRunItWroteOnceNamingOnlyTheRun() throws SQLException {
    String runId = "notified-" + UUID.randomUUID();
    open(runId);
    List<JsonNode> notes =
        notifications(
            runId,
            3,
            () -> {
              store.commitStep(runId, step(0, "a"));
              store.commitStep(runId, step(0, "a")); // a repeat is no checkpoint: no notification
              store.commitSteps(runId, List.of(step(1, "b"), step(2, "c")), null);
              store.commitSteps(
                  runId,
                  List.of(step(3, "d")),
                  new RunOutcome(true, null, null, null, "h".repeat(64)));
            });
    // A notification names the run and nothing else: any role may listen (CheckpointChannel).
    assertThat(notes).containsOnly(Json.parse("{\"runId\":\"" + runId + "\"}"));
  }

  @Test
  void anotherSchemasListenerHearsNothingOfThisOne() throws SQLException {
    String runId = "notified-" + UUID.randomUUID();
    open(runId);
    try (Database other = TestDatabase.fresh();
        Connection elsewhere = DriverManager.getConnection(TestDatabase.JDBC_URL)) {
      try (Statement s = elsewhere.createStatement()) {
        s.execute("LISTEN " + CheckpointChannel.of(other.config().schema()));
      }
      notifications(runId, 1, () -> store.commitStep(runId, step(0, "a")));
      // Sent at the commit the other listener just heard: had it gone to both, it would be here.
      assertThat(poll(elsewhere, runId, 200)).isEmpty();
    }
  }

  private static List<JsonNode> poll(Connection listener, String runId, int millis)
      throws SQLException {
    PGNotification[] arrived = listener.unwrap(PGConnection.class).getNotifications(millis);
    List<JsonNode> notes = new ArrayList<>();
    for (PGNotification note : arrived == null ? new PGNotification[0] : arrived) {
      JsonNode payload = Json.parse(note.getParameter());
      if (payload.path("runId").asText().equals(runId)) {
        notes.add(payload);
      }
    }
    return notes;
  }

  /** The notifications of {@code runId} that {@code writes} make: {@code expected} of them. */
  private List<JsonNode> notifications(String runId, int expected, Runnable writes)
      throws SQLException {
    try (Connection listener = DriverManager.getConnection(TestDatabase.JDBC_URL)) {
      try (Statement s = listener.createStatement()) {
        s.execute("LISTEN " + CheckpointChannel.of(database.config().schema()));
      }
      writes.run();
      // Notifications reach the socket one by one: a busy machine may deliver one later.
      List<JsonNode> notes = new ArrayList<>();
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (notes.size() < expected && System.nanoTime() < deadline) {
        notes.addAll(poll(listener, runId, 500));
      }
      notes.addAll(poll(listener, runId, 200)); // any more than expected came with the others
      assertThat(notes).hasSize(expected);
      return notes;
    }
  }

  @Test
  void aStepThatHasNoCanonicalFormFailsItsCallerOnlyAndTheStoreGoesOn() {
    open("run-1");
    StepRecord good = step(0, "a");
    StepRecord notJson =
        new StepRecord(
            0,
            good.path(),
            good.name(),
            good.kind(),
            good.input(),
            Json.NODES.numberNode(Double.NaN),
            good.stepHash(),
            5,
            1,
            null);

    assertThatThrownBy(() -> store.commitStep("run-1", notJson))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RFC 8785");
    store.commitStep("run-1", good);
    assertThat(store.readRun("run-1").steps()).singleElement().isEqualTo(good);
  }

  @Test
  void theFirstTimerWins() {
    open("run-1");
    Instant due = Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
    assertThat(store.startTimer("run-1", "steps/0", due)).isEqualTo(due);
    assertThat(store.startTimer("run-1", "steps/0", due.plusSeconds(60))).isEqualTo(due);
  }

  @Test
  void aFinishedRunIsNeverChanged() {
    open("run-1");
    store.finishRun("run-1", new RunOutcome(false, "HTTP_503", "down", "steps/1", "a".repeat(64)));
    store.finishRun("run-1", new RunOutcome(true, null, null, null, "b".repeat(64)));
    RunState state = store.readRun("run-1");
    assertThat(state.status()).isEqualTo(RunStatus.FAILED);
    assertThat(state.outcome().errorCode()).isEqualTo("HTTP_503");
  }

  @Test
  void theLastStepCommitsWithTheRunsEnd() {
    open("run-1");
    store.commitStep("run-1", step(0, "a"));
    RunOutcome end = new RunOutcome(true, null, null, null, "h".repeat(64));
    store.commitLastStep("run-1", step(1, "b"), end);

    RunState state = store.readRun("run-1");
    assertThat(state.steps()).containsExactly(step(0, "a"), step(1, "b"));
    assertThat(state.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(state.outcome()).isEqualTo(end);
  }

  @Test
  void aLastStepThatConflictsLeavesTheRunRunning() {
    open("run-1");
    store.commitStep("run-1", step(0, "a"));
    RunOutcome end = new RunOutcome(true, null, null, null, "h".repeat(64));
    WorkflowFailure failure =
        catchThrowableOfType(
            WorkflowFailure.class, () -> store.commitLastStep("run-1", step(0, "other"), end));

    assertThat(failure.code()).isEqualTo(FailureCode.DETERMINISM_VIOLATION);
    RunState state = store.readRun("run-1");
    assertThat(state.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(state.steps()).containsExactly(step(0, "a"));
  }

  @Test
  void aLastStepCommittedBeforeACrashStillEndsTheRun() {
    open("run-1");
    store.commitStep("run-1", step(0, "a")); // the process died before it recorded the end
    RunOutcome end = new RunOutcome(true, null, null, null, "h".repeat(64));
    store.commitLastStep("run-1", step(0, "a"), end);

    assertThat(store.readRun("run-1").outcome()).isEqualTo(end);
  }

  @Test
  void anUnreachableDatabaseIsACatalogFailure() {
    DatabaseConfig nowhere =
        DatabaseConfig.of("jdbc:postgresql://127.0.0.1:1/none?user=x&connectTimeout=2");
    WorkflowFailure failure =
        catchThrowableOfType(WorkflowFailure.class, () -> Database.connect(nowhere));
    assertThat(failure.code()).isEqualTo(FailureCode.DATABASE_UNAVAILABLE);
    assertThat(failure.getMessage()).contains("127.0.0.1:1/none").doesNotContain("user=x");
  }

  @Test
  void theCommitWriterGivesItsConnectionBackAsItFoundIt() throws SQLException {
    try (Database single = Database.connect(TestDatabase.freshConfig().withPoolSize(1));
        PostgresCheckpointStore writer = new PostgresCheckpointStore(single.dataSource())) {
      writer.createRun(
          new RunDefinition(
              "run-1", "ns", "wf", "type", 42, "d".repeat(64), "{}", 1, Instant.now()));
      writer.commitStep("run-1", step(0, "a"));
      writer.close();

      // One connection in the pool: this is the one the writer held and set up for itself.
      try (Connection connection = single.dataSource().getConnection();
          Statement show = connection.createStatement();
          var settings =
              show.executeQuery(
                  "SELECT current_setting('plan_cache_mode'), current_setting('enable_seqscan')")) {
        settings.next();
        assertThat(settings.getString(1)).isEqualTo("auto");
        assertThat(settings.getString(2)).isEqualTo("on");
      }
      assertThat(writer.readRun("run-1").steps()).hasSize(1);
    }
  }
}
