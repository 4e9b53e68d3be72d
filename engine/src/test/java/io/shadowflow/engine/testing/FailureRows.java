package io.shadowflow.engine.testing;

import io.shadowflow.engine.checkpoint.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The failures table of a run, as {@code path#attempt CODE CATEGORY} lines in order. */
public final class FailureRows {
  private FailureRows() {}

  public static List<String> of(Database database, String runId) throws SQLException {
    return query(database, runId, false);
  }

  /** Only the failures a fault plan injected. */
  public static List<String> injected(Database database, String runId) throws SQLException {
    return query(database, runId, true);
  }

  private static List<String> query(Database database, String runId, boolean injectedOnly)
      throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT step_path, attempt, code, category FROM failures"
                    + " WHERE run_id = ? AND (injected OR NOT ?) ORDER BY id")) {
      select.setString(1, runId);
      select.setBoolean(2, injectedOnly);
      List<String> rows = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          rows.add(
              row.getString(1)
                  + "#"
                  + row.getInt(2)
                  + " "
                  + row.getString(3)
                  + " "
                  + row.getString(4));
        }
      }
      return rows;
    }
  }
}
