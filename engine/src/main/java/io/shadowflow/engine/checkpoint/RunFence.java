package io.shadowflow.engine.checkpoint;

import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The fence on a run's writes: a checkpoint or a run's end applies only while the run is RUNNING
 * and its {@code owner_epoch} is the one the writer opened it with. The fence locks the run rows it
 * admits (FOR SHARE) until the write commits, so a process opening the run meanwhile (which raises
 * the epoch) waits for the write, and then reads it; a write that comes after the raise is refused.
 */
final class RunFence {
  /**
   * The runs whose writes of the batch statement are admitted, given CTEs {@code steps} and {@code
   * ends} with {@code run_id} and {@code epoch} columns, and {@code created} (see {@link
   * ClaimStatement#CREATE_RUNS}). A stored run is looked up by its key (the lateral join makes it
   * so): the writer's plan is made once, when {@code runs} may be small, and a plan that filtered a
   * scan of the whole key instead cost a 5-step batch 4 ms on a grown table. A run the statement
   * creates admits the writes of its creator, epoch {@link OwnedRuns#CREATING}, and no others: no
   * stored run has a negative epoch.
   */
  static final String FENCED =
      """
      fenced AS (
          SELECT r.run_id, r.owner_epoch
          FROM (SELECT run_id, epoch FROM steps UNION SELECT run_id, epoch FROM ends) w,
               LATERAL (SELECT run_id, owner_epoch FROM runs
                        WHERE run_id = w.run_id AND owner_epoch = w.epoch AND status = 'RUNNING'
                        FOR SHARE) r
          UNION ALL
          SELECT run_id, %d FROM created)"""
          .formatted(OwnedRuns.CREATING);

  /**
   * The fence of a write to one run, a CTE {@code owner} with the run's id when the writer, given
   * the run id and its epoch as parameters, still owns the running run; no row otherwise.
   */
  static final String OWNED =
      """
      owner AS (
          SELECT run_id FROM runs
          WHERE run_id = ?::text AND owner_epoch = ?::bigint AND status = 'RUNNING'
          FOR SHARE)""";

  private static final String OWNER = "SELECT owner_epoch, status FROM runs WHERE run_id = ?";

  /** Who owns a run now, and whether it is still running. */
  record Owner(long epoch, RunStatus status) {}

  private RunFence() {}

  /**
   * Reads why a write was not applied, and refuses it unless the writer still owns the run.
   *
   * @throws WorkflowFailure RUN_OWNED_ELSEWHERE when another process opened the run since, or
   *     RUN_ROW_MISSING when the run has no row
   */
  static Owner requireOwner(Connection connection, String runId, long epoch) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(OWNER)) {
      select.setString(1, runId);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw new WorkflowFailure(
              FailureCode.RUN_ROW_MISSING,
              FailureCode.RUN_ROW_MISSING.withDetail("run " + runId + " has no row"));
        }
        Owner owner = new Owner(row.getLong(1), RunStatus.valueOf(row.getString(2)));
        if (owner.epoch() != epoch) {
          throw OwnedRuns.ownedElsewhere(
              runId, "the process that opened it after this one (epoch " + owner.epoch() + ")");
        }
        return owner;
      }
    }
  }

  /** Why a write fenced by {@link #OWNED} was refused. */
  static WorkflowFailure refusal(Connection connection, String runId, long epoch)
      throws SQLException {
    requireOwner(connection, runId, epoch);
    return ended(runId);
  }

  /** A write to a run that has ended: refused, a finished run accepts no writes. */
  static WorkflowFailure ended(String runId) {
    return new WorkflowFailure(
        FailureCode.RUN_OWNED_ELSEWHERE,
        "run " + runId + " has ended: a finished run accepts no more checkpoints");
  }
}
