package io.shadowflow.engine.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.checkpoint.CheckpointChannel;
import io.shadowflow.engine.checkpoint.SqlFailures;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.secret.SecretDirectory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Runs container steps as pods, for engine pods: the engine never talks to Kubernetes, so it asks
 * for the pod in the {@code container_steps} table, and the operator starts it in the run's
 * namespace and writes back how it ended. The Secret variables are the pod's own ({@code
 * secretKeyRef}): their values never pass through the engine.
 */
public final class PodContainers implements ContainerRunner {
  /** How often the engine looks for the pod's end: a pod takes seconds to start, at least. */
  private static final Duration POLL = Duration.ofMillis(250);

  private final DataSource dataSource;

  public PodContainers(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public JsonNode run(ContainerRequest request, SecretDirectory secrets)
      throws InterruptedException {
    ask(request);
    try {
      while (true) {
        Optional<JsonNode> output = outcome(request);
        if (output.isPresent()) {
          return output.get();
        }
        Thread.sleep(POLL.toMillis());
      }
    } catch (InterruptedException e) {
      cancel(request);
      throw e;
    }
  }

  /**
   * Asks for the attempt's pod, and wakes the operator up on the checkpoint channel (whose payload
   * names the Workflow). A resumed engine making the same attempt finds its row there.
   */
  private void ask(ContainerRequest request) {
    update(
        "WITH asked AS (INSERT INTO container_steps (run_id, step_path, attempt, request)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING)"
            + " SELECT pg_notify('"
            + CheckpointChannel.NAME
            + "', json_build_object('runId', run_id, 'namespace', namespace, 'name', name)::text)"
            + " FROM runs WHERE run_id = ?",
        request,
        Json.write(request));
  }

  /** Tells the operator to stop the pod: the attempt timed out, or the run was cancelled. */
  private void cancel(ContainerRequest request) {
    try {
      update(
          "UPDATE container_steps SET cancelled = true"
              + " WHERE run_id = ? AND step_path = ? AND attempt = ? AND finished_at IS NULL",
          request,
          null);
    } catch (WorkflowFailure e) {
      // The pod's own deadline (the attempt's timeout) stops it anyway.
    }
  }

  /** The output once the pod has ended (or the failure it ended with); empty while it runs. */
  private Optional<JsonNode> outcome(ContainerRequest request) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT exit_code, output, log_tail, failure_code, failure_message"
                    + " FROM container_steps WHERE run_id = ? AND step_path = ? AND attempt = ?"
                    + " AND finished_at IS NOT NULL")) {
      bindKey(select, request);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        String failureCode = row.getString("failure_code");
        if (failureCode != null) {
          throw new WorkflowFailure(
              FailureCode.lookup(failureCode).orElse(FailureCode.INTERNAL_ERROR),
              request.label() + ": " + row.getString("failure_message"));
        }
        return Optional.of(
            ContainerOutcome.of(
                request.label(),
                row.getInt("exit_code"),
                row.getBytes("output"),
                row.getString("log_tail")));
      }
    } catch (SQLException e) {
      throw SqlFailures.of("reading the pod of " + request.label(), e);
    }
  }

  private void update(String sql, ContainerRequest request, String json) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      bindKey(statement, request);
      if (json != null) {
        statement.setString(4, json);
        statement.setString(5, request.runId());
      }
      statement.execute();
    } catch (SQLException e) {
      throw SqlFailures.of("asking for the pod of " + request.label(), e);
    }
  }

  private static void bindKey(PreparedStatement statement, ContainerRequest request)
      throws SQLException {
    statement.setString(1, request.runId());
    statement.setString(2, request.path());
    statement.setInt(3, request.attempt());
  }
}
