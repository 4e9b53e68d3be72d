package io.shadowflow.engine.checkpoint;

import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Maps database errors to catalog codes by their SQLState (PostgreSQL's error codes), so no raw
 * SQLException reaches a user.
 */
public final class SqlFailures {
  /** Exact SQLStates with a code of their own. */
  private static final Map<String, FailureCode> BY_STATE =
      Map.ofEntries(
          Map.entry("08001", FailureCode.DATABASE_UNAVAILABLE),
          Map.entry("08004", FailureCode.DATABASE_UNAVAILABLE),
          Map.entry("57P03", FailureCode.DATABASE_UNAVAILABLE),
          Map.entry("57P01", FailureCode.DB_CONNECTION_LOST),
          Map.entry("57P02", FailureCode.DB_CONNECTION_LOST),
          Map.entry("53100", FailureCode.DB_DISK_FULL),
          Map.entry("53200", FailureCode.DB_OUT_OF_MEMORY),
          Map.entry("53300", FailureCode.DB_TOO_MANY_CONNECTIONS),
          Map.entry("40001", FailureCode.DB_SERIALIZATION_FAILURE),
          Map.entry("40P01", FailureCode.DB_SERIALIZATION_FAILURE),
          Map.entry("57014", FailureCode.DB_STATEMENT_TIMEOUT),
          Map.entry("42501", FailureCode.DB_PERMISSION_DENIED),
          Map.entry("42P01", FailureCode.DB_SCHEMA_MISMATCH),
          Map.entry("42703", FailureCode.DB_SCHEMA_MISMATCH),
          Map.entry("3F000", FailureCode.DB_SCHEMA_MISMATCH),
          Map.entry("XX001", FailureCode.DB_DATA_CORRUPTED),
          Map.entry("XX002", FailureCode.DB_DATA_CORRUPTED),
          Map.entry("02000", FailureCode.RUN_NOT_FOUND));

  /** SQLState classes (first two characters) with a code of their own. */
  private static final Map<String, FailureCode> BY_CLASS =
      Map.of(
          "08", FailureCode.DB_CONNECTION_LOST,
          "28", FailureCode.DB_AUTH_FAILED,
          "22", FailureCode.DB_QUERY_FAILED,
          "23", FailureCode.DB_QUERY_FAILED,
          "42", FailureCode.DB_QUERY_FAILED,
          "P0", FailureCode.DB_QUERY_FAILED);

  private static final String FOREIGN_KEY_VIOLATION = "23503";

  private SqlFailures() {}

  /** Whether a foreign key violation is a write to a run whose row does not exist. */
  private static boolean missesRunRow(SQLException e) {
    ServerErrorMessage server =
        e instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
    String detail = server == null || server.getDetail() == null ? "" : server.getDetail();
    return detail.startsWith("Key (run_id)=")
        && detail.endsWith("is not present in table \"runs\".");
  }

  public static WorkflowFailure of(String action, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String detail = action + " failed: " + e.getMessage() + " (SQLState " + state + ")";
    return new WorkflowFailure(code(e, state), detail, e);
  }

  static FailureCode code(SQLException e, String state) {
    if (e instanceof SQLTransientConnectionException && state.isEmpty()) {
      // HikariCP's timeout with no connection error behind it: every connection is busy.
      return e.getCause() == null
          ? FailureCode.DB_POOL_EXHAUSTED
          : FailureCode.DATABASE_UNAVAILABLE;
    }
    if (state.equals(FOREIGN_KEY_VIOLATION) && missesRunRow(e)) {
      return FailureCode.RUN_ROW_MISSING;
    }
    FailureCode exact = BY_STATE.get(state);
    if (exact != null) {
      return exact;
    }
    if (state.length() >= 2 && BY_CLASS.containsKey(state.substring(0, 2))) {
      return BY_CLASS.get(state.substring(0, 2));
    }
    if (e instanceof SQLTransientConnectionException) {
      return FailureCode.DATABASE_UNAVAILABLE;
    }
    return FailureCode.CHECKPOINT_WRITE_FAILED;
  }
}
