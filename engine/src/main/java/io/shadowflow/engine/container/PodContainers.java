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
 * Runs container steps as pods, for engine pods and ShadowRun workers: the engine never talks to
 * Kubernetes, so it asks for the pod in the {@code container_steps} table, and the operator starts
 * it in the owner's namespace and writes back how it ended. The Secret variables are the pod's own
 * ({@code secretKeyRef}): their values never pass through the engine.
 */
public final class PodContainers implements ContainerRunner {
  /** How often the engine looks for the pod's end: a pod takes seconds to start, at least. */
  private static final Duration POLL = Duration.ofMillis(250);

  private final DataSource dataSource;
  private final PodOwner owner;

  public PodContainers(DataSource dataSource, PodOwner owner) {
    this.dataSource = dataSource;
    this.owner = owner;
  }

  @Override
  public JsonNode run(ContainerRequest request, SecretDirectory secrets)
      throws InterruptedException {
    Attempt attempt = ask(owner.key(request), request);
    try {
      Optional<Ended> ended = ended(attempt, request);
      while (ended.isEmpty()) {
        Thread.sleep(POLL.toMillis());
        ended = ended(attempt, request);
      }
      if (owner.forgetsFinished()) {
        update(
            "DELETE FROM container_steps WHERE namespace = ? AND attempt_key = ?",
            attempt,
            request);
      }
      return ended.get().outcome(request);
    } catch (InterruptedException e) {
      cancel(attempt, request);
      throw e;
    }
  }

  /** An attempt's row: its key within its owner's namespace. */
  private record Attempt(String namespace, String key) {}

  /** How the operator found the pod ended. */
  private record Ended(
      int exitCode, byte[] output, String logTail, String failureCode, String message) {
    JsonNode outcome(ContainerRequest request) {
      if (failureCode != null) {
        throw new WorkflowFailure(
            FailureCode.lookup(failureCode).orElse(FailureCode.INTERNAL_ERROR),
            request.label() + ": " + message);
      }
      return ContainerOutcome.of(request.label(), exitCode, output, logTail);
    }
  }

  /**
   * Asks for the attempt's pod, in the owner's namespace, and wakes the operator up on the
   * checkpoint channel (whose payload names the run). An engine asking again with the same key gets
   * the same pod.
   */
  private Attempt ask(String key, ContainerRequest request) {
    String notice =
        owner.notifies()
            ? "pg_notify(%s, json_build_object('runId', %s)::text)"
                .formatted(CheckpointChannel.OF_CURRENT_SCHEMA, owner.column())
            : "true";
    String sql =
        ("WITH owner AS (SELECT * FROM %2$s WHERE %1$s = ?),"
                + " asked AS (INSERT INTO container_steps (attempt_key, namespace, %1$s, request)"
                + " SELECT ?, namespace, %1$s, ? FROM owner ON CONFLICT DO NOTHING)"
                + " SELECT namespace, %3$s FROM owner")
            .formatted(owner.column(), owner.table(), notice);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, owner.id(request));
      statement.setString(2, key);
      statement.setString(3, Json.write(request));
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          throw new WorkflowFailure(
              FailureCode.RUN_ROW_MISSING,
              request.label()
                  + ": no "
                  + owner.table()
                  + " row "
                  + owner.id(request)
                  + " to ask a pod for");
        }
        return new Attempt(row.getString(1), key);
      }
    } catch (SQLException e) {
      throw SqlFailures.of("asking for the pod of " + request.label(), e);
    }
  }

  /** Tells the operator to stop the pod: the attempt timed out, or the run was cancelled. */
  private void cancel(Attempt attempt, ContainerRequest request) {
    try {
      update(
          "UPDATE container_steps SET cancelled = true"
              + " WHERE namespace = ? AND attempt_key = ? AND finished_at IS NULL",
          attempt,
          request);
    } catch (WorkflowFailure e) {
      // The pod's own deadline (the attempt's timeout) stops it anyway.
    }
  }

  /** How the pod ended; empty while it runs. */
  private Optional<Ended> ended(Attempt attempt, ContainerRequest request) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT exit_code, output, log_tail, failure_code, failure_message"
                    + " FROM container_steps WHERE namespace = ? AND attempt_key = ?"
                    + " AND finished_at IS NOT NULL")) {
      select.setString(1, attempt.namespace());
      select.setString(2, attempt.key());
      try (ResultSet row = select.executeQuery()) {
        return row.next()
            ? Optional.of(
                new Ended(
                    row.getInt(1),
                    row.getBytes(2),
                    row.getString(3),
                    row.getString(4),
                    row.getString(5)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw SqlFailures.of("reading the pod of " + request.label(), e);
    }
  }

  private void update(String sql, Attempt attempt, ContainerRequest request) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, attempt.namespace());
      statement.setString(2, attempt.key());
      statement.executeUpdate();
    } catch (SQLException e) {
      throw SqlFailures.of("recording the pod of " + request.label(), e);
    }
  }
}
