package io.shadowflow.engine.view;

import io.shadowflow.engine.checkpoint.RunRows;
import io.shadowflow.engine.checkpoint.SqlFailures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * One read of this package: a statement, its parameters (a collection binds as a text array, for
 * {@code = ANY(?)}), and the rows mapped to values, with database errors mapped to catalog codes.
 */
final class Query {
  private final DataSource dataSource;
  private final String action;
  private final String sql;
  private final Object[] parameters;

  Query(DataSource dataSource, String action, String sql, Object... parameters) {
    this.dataSource = dataSource;
    this.action = action;
    this.sql = sql;
    this.parameters = parameters;
  }

  <T> List<T> list(RunRows.Mapper<T> mapper) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        if (parameters[i] instanceof Collection<?> values) {
          select.setObject(i + 1, values.toArray(String[]::new));
        } else {
          select.setObject(i + 1, parameters[i]);
        }
      }
      List<T> rows = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          rows.add(mapper.map(row));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw SqlFailures.of(action, e);
    }
  }

  <T> Optional<T> first(RunRows.Mapper<T> mapper) {
    return list(mapper).stream().findFirst();
  }

  /** A nullable timestamp column as an instant. */
  static Instant instant(ResultSet row, String column) throws SQLException {
    Timestamp value = row.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }

  /** A nullable integer column. */
  static Integer integer(ResultSet row, String column) throws SQLException {
    int value = row.getInt(column);
    return row.wasNull() ? null : value;
  }
}
