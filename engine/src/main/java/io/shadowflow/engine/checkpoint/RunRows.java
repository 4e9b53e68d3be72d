package io.shadowflow.engine.checkpoint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads the rows of one run, with database errors mapped to catalog codes. */
public final class RunRows {
  /** Turns the current row into a value. */
  @FunctionalInterface
  public interface Mapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  private RunRows() {}

  /** Runs {@code sql} (one parameter: the run id) and maps its first row, if any. */
  public static <T> Optional<T> find(
      DataSource dataSource, String sql, String runId, Mapper<T> mapper) {
    return list(dataSource, sql, runId, mapper).stream().findFirst();
  }

  /** Runs {@code sql} (one parameter: the run id) and maps each of its rows. */
  public static <T> List<T> list(
      DataSource dataSource, String sql, String runId, Mapper<T> mapper) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, runId);
      try (ResultSet rows = select.executeQuery()) {
        List<T> mapped = new ArrayList<>();
        while (rows.next()) {
          mapped.add(mapper.map(rows));
        }
        return mapped;
      }
    } catch (SQLException e) {
      throw SqlFailures.of("reading run " + runId, e);
    }
  }
}
