package io.shadowflow.engine.view;

import io.shadowflow.engine.view.Attempt.Outcome;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** Reads steps of a run with their attempts, for a reader limited to some namespaces. */
public final class StepDetails {
  /** Every step of the run, or the one whose path is the second parameter when it is not null. */
  private static final String COMMITTED =
      """
      SELECT l.step_path, l.step_name, l.kind, l.plugin, l.step_hash, l.input, l.output,
             l.external, l.attempts, l.committed_at
      FROM step_log l JOIN runs r USING (run_id)
      WHERE l.run_id = ? AND (?::text IS NULL OR l.step_path = ?) AND r.namespace = ANY(?)
      ORDER BY l.seq
      """;

  private static final String FAILED =
      """
      SELECT f.step_path, f.step_name, f.attempt, f.code, f.category, f.recovery, f.message,
             f.injected, f.occurred_at, f.retry_at
      FROM failures f JOIN runs r USING (run_id)
      WHERE f.run_id = ? AND (?::text IS NULL OR f.step_path = ?) AND r.namespace = ANY(?)
      ORDER BY f.attempt, f.occurred_at
      """;
  private static final String IN_FLIGHT =
      """
      SELECT 1 FROM step_progress p JOIN runs r USING (run_id)
      WHERE p.run_id = ? AND p.step_path = ? AND r.namespace = ANY(?)
      """;

  private final DataSource dataSource;

  public StepDetails(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * The step at {@code path} of the run, with payloads cut at {@code payloadLimit} characters;
   * empty when the run is not in {@code namespaces} or has no such step, committed or in flight.
   */
  public Optional<StepDetail> find(
      String runId, String path, Set<String> namespaces, int payloadLimit) {
    String action = "reading step " + path + " of run " + runId;
    Map<String, List<Attempt>> failed = new HashMap<>();
    Map<String, String> failedNames = new HashMap<>();
    read(action, FAILED, runId, path, namespaces).list(row -> failed(row, failed, failedNames));
    Optional<StepDetail> committed =
        read(action, COMMITTED, runId, path, namespaces)
            .first(row -> committed(row, runId, failed, payloadLimit));
    if (committed.isPresent()) {
      return committed;
    }
    boolean inFlight =
        !failed.isEmpty()
            || new Query(dataSource, action, IN_FLIGHT, runId, path, namespaces)
                .first(row -> true)
                .isPresent();
    if (!inFlight) {
      return Optional.empty();
    }
    String name = failedNames.getOrDefault(path, path.substring(path.lastIndexOf('/') + 1));
    return Optional.of(
        new StepDetail(
            runId,
            path,
            name,
            null,
            null,
            null,
            null,
            null,
            null,
            failed.getOrDefault(path, List.of())));
  }

  /** Every committed step of the run in full, in commit order; empty for a run it may not see. */
  public List<StepDetail> committed(String runId, Set<String> namespaces) {
    String action = "reading the steps of run " + runId;
    Map<String, List<Attempt>> failed = new HashMap<>();
    read(action, FAILED, runId, null, namespaces).list(row -> failed(row, failed, new HashMap<>()));
    return read(action, COMMITTED, runId, null, namespaces)
        .list(row -> committed(row, runId, failed, Integer.MAX_VALUE));
  }

  private Query read(String action, String sql, String runId, String path, Set<String> namespaces) {
    return new Query(dataSource, action, sql, runId, path, path, namespaces);
  }

  private static Void failed(
      ResultSet row, Map<String, List<Attempt>> byPath, Map<String, String> names)
      throws SQLException {
    String path = row.getString("step_path");
    names.putIfAbsent(path, row.getString("step_name"));
    byPath
        .computeIfAbsent(path, p -> new ArrayList<>())
        .add(
            new Attempt(
                row.getInt("attempt"),
                Outcome.FAILED,
                row.getString("code"),
                row.getString("category"),
                row.getString("recovery"),
                row.getString("message"),
                row.getBoolean("injected"),
                Query.instant(row, "occurred_at"),
                Query.instant(row, "retry_at")));
    return null;
  }

  private static StepDetail committed(
      ResultSet row, String runId, Map<String, List<Attempt>> failed, int payloadLimit)
      throws SQLException {
    String path = row.getString("step_path");
    List<Attempt> attempts = new ArrayList<>(failed.getOrDefault(path, List.of()));
    attempts.add(
        new Attempt(
            row.getInt("attempts"),
            Outcome.COMMITTED,
            null,
            null,
            null,
            null,
            false,
            Query.instant(row, "committed_at"),
            null));
    String external = row.getString("external");
    return new StepDetail(
        runId,
        path,
        row.getString("step_name"),
        row.getString("kind"),
        row.getString("plugin"),
        row.getString("step_hash"),
        Payload.of(row.getString("input"), payloadLimit),
        Payload.of(row.getString("output"), payloadLimit),
        external == null ? null : Payload.of(external, payloadLimit),
        List.copyOf(attempts));
  }
}
