package io.shadowflow.operator.containers;

import com.fasterxml.jackson.core.JsonProcessingException;
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

/**
 * The {@code container_steps} rows the operator works on: the open attempts of a run or of a
 * ShadowRun's workers.
 */
final class ContainerAttempts {
  private final DataSource dataSource;

  ContainerAttempts(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * The attempts whose pods have not ended, oldest first.
   *
   * <p>Only rows of the owner's namespace: row-level security holds a row's namespace to the
   * namespace of the engine that wrote it, but not its run id, so an engine of another namespace
   * could name this run in a row of its own. Its pod would then start here, with this namespace's
   * Secrets; the namespace filter leaves such a row alone.
   *
   * @param column {@code run_id} or {@code shadow_run_id}
   * @param id the run's or the ShadowRun's id
   * @param namespace the owner's namespace
   */
  List<ContainerAttempt> open(String column, String id, String namespace) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT namespace, attempt_key, request, pod_name, cancelled FROM container_steps"
                    + " WHERE "
                    + column
                    + " = ? AND namespace = ? AND finished_at IS NULL ORDER BY requested_at")) {
      select.setString(1, id);
      select.setString(2, namespace);
      List<ContainerAttempt> attempts = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          attempts.add(
              new ContainerAttempt(
                  row.getString(1),
                  row.getString(2),
                  Json.MAPPER.readValue(row.getString(3), ContainerRequest.class),
                  row.getString(4),
                  row.getBoolean(5)));
        }
      }
      return attempts;
    } catch (SQLException e) {
      throw SqlFailures.of("reading the container steps of " + id, e);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("a stored container step request is unreadable", e);
    }
  }

  /** Records that {@code podName} runs the attempt. */
  void started(ContainerAttempt attempt, String podName) {
    update(
        "UPDATE container_steps SET pod_name = ?",
        attempt,
        statement -> {
          statement.setString(1, podName);
          return 2;
        });
  }

  /** Records how the attempt's pod ended; the engine waiting for it reads this. */
  void finished(ContainerAttempt attempt, PodEnd end) {
    update(
        "UPDATE container_steps SET exit_code = ?, output = ?, log_tail = ?, failure_code = ?,"
            + " failure_message = ?, finished_at = clock_timestamp()",
        attempt,
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

  private void update(String set, ContainerAttempt attempt, Binder binder) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                set + " WHERE namespace = ? AND attempt_key = ? AND finished_at IS NULL")) {
      int next = binder.bind(statement);
      statement.setString(next, attempt.namespace());
      statement.setString(next + 1, attempt.key());
      statement.executeUpdate();
    } catch (SQLException e) {
      throw SqlFailures.of("recording the pod of " + attempt.request().label(), e);
    }
  }
}
