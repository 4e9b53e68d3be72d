package io.shadowflow.engine.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.hash.Sha256;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Two stores on one database stand for two engine processes: only one owns a run, a writer whose
 * ownership went stale has its writes refused by the database, and a finished run takes none.
 */
class RunOwnershipTest {
  private final Database database = TestDatabase.fresh();
  private final PostgresCheckpointStore first = new PostgresCheckpointStore(database.dataSource());
  private final PostgresCheckpointStore second = new PostgresCheckpointStore(database.dataSource());

  @AfterEach
  void tearDown() {
    first.close();
    second.close();
    database.close();
  }

  private static RunDefinition run() {
    return new RunDefinition(
        "run-1", "ns", "wf", "type", 42, "d".repeat(64), "{}", 3, Instant.now());
  }

  private static StepRecord step(int seq) {
    return new StepRecord(
        seq,
        "steps/" + seq,
        "s" + seq,
        "transform",
        Json.object(),
        Json.object().put("v", seq),
        Sha256.hex("step" + seq),
        1,
        1,
        null);
  }

  private static FailureEvent failedAttempt() {
    Instant now = Instant.now();
    return new FailureEvent(
        "steps/1", "s1", 1, 2, FailureCode.HTTP_502, "502", false, now.plusSeconds(1), now);
  }

  private static FailureCode refusal(Executable write) {
    return catchThrowableOfType(WorkflowFailure.class, write::execute).code();
  }

  @Test
  void aRunOwnedByOneProcessCannotBeOpenedByAnother() throws SQLException {
    first.openRun(run());
    first.commitStep("run-1", step(0)); // stores the run, and takes its lock: it goes on
    assertThat(refusal(() -> second.openRun(run()))).isEqualTo(FailureCode.RUN_OWNED_ELSEWHERE);

    first.releaseRun("run-1");
    await().until(() -> advisoryLocks("count(*)") == 0); // the lock goes with the next batch
    second.openRun(run()); // once let go of, another process may take the run
    second.commitStep("run-1", step(1));
  }

  @Test
  void ofTwoProcessesThatOpenOneNewRunOnlyTheOneHoldingItsLockCallsOutOrStoresIt()
      throws SQLException {
    first.openRun(run());
    second.openRun(run()); // neither has written anything: both may compute
    first.lockRun("run-1"); // about to call out

    assertThat(refusal(() -> second.lockRun("run-1"))).isEqualTo(FailureCode.RUN_OWNED_ELSEWHERE);
    assertThat(refusal(() -> second.commitStep("run-1", step(0))))
        .isEqualTo(FailureCode.RUN_OWNED_ELSEWHERE);
    var end = new RunOutcome(true, null, null, null, "h".repeat(64));
    assertThat(refusal(() -> second.commitLastStep("run-1", step(0), end)))
        .isEqualTo(FailureCode.RUN_OWNED_ELSEWHERE); // its commit could not take the lock
    first.commitStep("run-1", step(0));
    assertThat(first.readRun("run-1").steps()).containsExactly(step(0));
    assertThat(first.readRun("run-1").status()).isEqualTo(RunStatus.RUNNING);
  }

  @Test
  void aNewRunStoredByAnotherProcessMeanwhileRefusesThisOnesLockAndWrites() throws SQLException {
    first.openRun(run());
    second.openRun(run());
    var end = new RunOutcome(true, null, null, null, "h".repeat(64));
    first.commitLastStep("run-1", step(0), end); // stored and ended in one commit, no lock kept
    assertThat(advisoryLocks("count(*)")).isZero();

    assertThat(refusal(() -> second.lockRun("run-1"))).isEqualTo(FailureCode.RUN_OWNED_ELSEWHERE);
    assertThat(refusal(() -> second.commitLastStep("run-1", step(0), end)))
        .isEqualTo(FailureCode.RUN_OWNED_ELSEWHERE);
    assertThat(second.readRun("run-1").steps()).containsExactly(step(0));
    assertThat(second.readRun("run-1").status()).isEqualTo(RunStatus.SUCCEEDED);
    second.releaseRun("run-1");
    await().until(() -> advisoryLocks("count(*)") == 0); // the refused lock is let go of too
  }

  @Test
  void aWriterWhoseOwnershipWentStaleIsRefusedByTheDatabase() throws SQLException {
    first.openRun(run());
    first.commitStep("run-1", step(0));
    // The first process's session dies (a network partition): its lock goes, it does not know.
    advisoryLocks("pg_terminate_backend(pid)");
    await().until(() -> advisoryLocks("count(*)") == 0); // the backend exits a moment later
    second.openRun(run());

    // The engine retries a write whose connection broke; the retry is refused.
    assertThat(refusal(() -> first.commitStep("run-1", step(1))))
        .isEqualTo(FailureCode.DB_CONNECTION_LOST);
    assertThat(refusal(() -> first.commitStep("run-1", step(1))))
        .isEqualTo(FailureCode.RUN_OWNED_ELSEWHERE);
    assertThat(
            refusal(
                () ->
                    first.finishRun(
                        "run-1",
                        new RunOutcome(false, "HTTP_500", "x", "steps/1", "a".repeat(64)))))
        .isEqualTo(FailureCode.RUN_OWNED_ELSEWHERE);
    // Nor may it start a timer or move a step's retry state.
    assertThat(refusal(() -> first.startTimer("run-1", "steps/1", Instant.now())))
        .isEqualTo(FailureCode.RUN_OWNED_ELSEWHERE);
    assertThat(refusal(() -> first.recordFailure("run-1", failedAttempt())))
        .isEqualTo(FailureCode.RUN_OWNED_ELSEWHERE);
    assertThat(second.readRun("run-1").progress()).isEmpty();
    second.commitStep("run-1", step(1));
    assertThat(second.readRun("run-1").steps()).containsExactly(step(0), step(1));
    assertThat(second.readRun("run-1").status()).isEqualTo(RunStatus.RUNNING);
  }

  /** Selects {@code what} over the lock of run-1 in this schema. */
  private long advisoryLocks(String what) throws SQLException {
    try (Connection admin = database.dataSource().getConnection();
        Statement select = admin.createStatement();
        var row =
            select.executeQuery(
                "SELECT "
                    + what
                    + " FROM pg_locks WHERE locktype = 'advisory'"
                    + " AND ((classid::bigint << 32) | objid::bigint)"
                    + " = hashtextextended(current_setting('search_path') || '/run-1', 0)")) {
      return row.next() && row.getObject(1) instanceof Long count ? count : 0;
    }
  }

  @Test
  void aFinishedRunAcceptsNoWrites() throws SQLException {
    first.openRun(run());
    first.commitLastStep("run-1", step(0), new RunOutcome(true, null, null, null, "h".repeat(64)));

    assertThat(refusal(() -> first.commitStep("run-1", step(1))))
        .isEqualTo(FailureCode.RUN_OWNED_ELSEWHERE);
    first.releaseRun("run-1");
    await().until(() -> advisoryLocks("count(*)") == 0);
    assertThat(second.openRun(run()).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(refusal(() -> second.commitStep("run-1", step(1))))
        .isEqualTo(FailureCode.RUN_OWNED_ELSEWHERE);
    assertThat(refusal(() -> second.startTimer("run-1", "steps/1", Instant.now())))
        .isEqualTo(FailureCode.RUN_OWNED_ELSEWHERE);
    assertThat(refusal(() -> second.recordFailure("run-1", failedAttempt())))
        .isEqualTo(FailureCode.RUN_OWNED_ELSEWHERE);
    assertThat(second.readRun("run-1").steps()).containsExactly(step(0));
    assertThat(second.readRun("run-1").progress()).isEmpty();
  }

  @Test
  void aWriteToARunWhoseRowIsMissingIsTransientAndTheRunOpensAgain() throws SQLException {
    first.openRun(run());
    first.commitStep("run-1", step(1));
    try (Connection admin = database.dataSource().getConnection();
        Statement delete = admin.createStatement()) {
      delete.execute("DELETE FROM runs WHERE run_id = 'run-1'");
    }
    assertThat(refusal(() -> first.commitStep("run-1", step(2))))
        .isEqualTo(FailureCode.RUN_ROW_MISSING);
    assertThat(refusal(() -> first.startTimer("run-1", "steps/0", Instant.now())))
        .isEqualTo(FailureCode.RUN_ROW_MISSING);
    assertThat(FailureCode.RUN_ROW_MISSING.category().name()).isEqualTo("TRANSIENT");

    first.releaseRun("run-1");
    first.openRun(run()); // a rerun writes the row again and goes on
    first.commitStep("run-1", step(1));
    assertThat(first.readRun("run-1").steps()).containsExactly(step(1));
  }
}
