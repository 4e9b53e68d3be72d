package io.shadowflow.engine.analytics;

import io.shadowflow.engine.checkpoint.SqlFailures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Failures recorded in PostgreSQL since a point in time, counted by catalog code and category. */
public final class FailureSummary {
  /**
   * One code's count.
   *
   * @param injected how many of them a fault plan raised
   * @param runs how many runs met it
   */
  public record Row(
      String code, String category, long failures, long injected, long runs, Instant lastSeen) {}

  private static final String QUERY =
      """
      SELECT code, category, count(*) AS failures, count(*) FILTER (WHERE injected) AS injected,
             count(DISTINCT run_id) AS runs, max(occurred_at) AS last_seen
      FROM failures WHERE occurred_at >= ?
      GROUP BY code, category
      ORDER BY failures DESC, code
      """;

  private final DataSource dataSource;

  public FailureSummary(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public List<Row> since(Instant since) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(QUERY)) {
      select.setTimestamp(1, Timestamp.from(since));
      List<Row> rows = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          rows.add(
              new Row(
                  row.getString("code"),
                  row.getString("category"),
                  row.getLong("failures"),
                  row.getLong("injected"),
                  row.getLong("runs"),
                  row.getTimestamp("last_seen").toInstant()));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw SqlFailures.of("summarising failures", e);
    }
  }
}
