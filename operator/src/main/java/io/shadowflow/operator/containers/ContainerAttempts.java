package io.shadowflow.operator.containers;

import io.shadowflow.engine.checkpoint.SqlFailures;
import io.shadowflow.engine.container.ContainerRequest;
import io.shadowflow.engine.json.Json;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The {@code container_steps} rows the operator works on: the open attempts of a run. */
final class ContainerAttempts {
  private final DataSource dataSource;

  ContainerAttempts(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The attempts of {@code runId} whose pods have not ended, oldest first. */
  List<ContainerAttempt> open(String runId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT request, pod_name, cancelled FROM container_steps"
                    + " WHERE run_id = ? AND finished_at IS NULL ORDER BY requested_at")) {
      select.setString(1, runId);
      List<ContainerAttempt> attempts = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          attempts.add(
              new ContainerAttempt(
                  Json.MAPPER.readValue(row.getString(1), ContainerRequest.class),
                  row.getString(2),
                  row.getBoolean(3)));
        }
      }
      return attempts;
    } catch (SQLException e) {
      throw SqlFailures.of("reading the container steps of run " + runId, e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException("a stored container step request is unreadable", e);
    }
  }

  /** Records that {@code podName} runs the attempt. */
  void started(ContainerRequest request, String podName) {
    update(
        "UPDATE container_steps SET pod_name = ?",
        request,
        statement -> {
          statement.setString(1, podName);
          return 2;
        });
  }

  /** Records how the attempt's pod ended; the engine waiting for it reads this. */
  void finished(ContainerRequest request, PodEnd end) {
    update(
        "UPDATE container_steps SET exit_code = ?, output = ?, log_tail = ?, failure_code = ?,"
            + " failure_message = ?, finished_at = clock_timestamp()",
        request,
        statement -> {
          if (end.exitCode() == null) {
            statement.setNull(1, Types.INTEGER);
          } else {
            statement.setInt(1, end.exitCode());
          }
          statement.setBytes(2, end.output());
          statement.setString(3, end.logTail());
          statement.setString(4, end.failure() == null ? null : end.failure().name());
          statement.setString(5, end.message());
          return 6;
        });
  }

  /** Sets the columns {@code binder} binds, returning the next parameter index, of one open row. */
  private interface Binder {
    int bind(PreparedStatement statement) throws SQLException;
  }

  private void update(String set, ContainerRequest request, Binder binder) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                set
                    + " WHERE run_id = ? AND step_path = ? AND attempt = ?"
                    + " AND finished_at IS NULL")) {
      int next = binder.bind(statement);
      statement.setString(next, request.runId());
      statement.setString(next + 1, request.path());
      statement.setInt(next + 2, request.attempt());
      statement.executeUpdate();
    } catch (SQLException e) {
      throw SqlFailures.of("recording the pod of " + request.label(), e);
    }
  }
}
