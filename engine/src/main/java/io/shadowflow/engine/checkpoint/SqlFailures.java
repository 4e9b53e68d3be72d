package io.shadowflow.engine.checkpoint;

import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Maps database errors to catalog codes, so no raw SQLException reaches a user. */
public final class SqlFailures {
  private SqlFailures() {}

  public static WorkflowFailure of(String action, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    boolean unreachable =
        e instanceof SQLTransientConnectionException
            || state.startsWith("08")
            || state.equals("57P01");
    FailureCode code =
        unreachable ? FailureCode.DATABASE_UNAVAILABLE : FailureCode.CHECKPOINT_WRITE_FAILED;
    return new WorkflowFailure(
        code, action + " failed: " + e.getMessage() + " (SQLState " + state + ")", e);
  }
}
