package io.shadowflow.engine.view;

import io.shadowflow.engine.checkpoint.RunStatus;
import io.shadowflow.engine.json.CanonicalJson;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.StepPath;
import io.shadowflow.engine.view.StepLine.FailedAttempt;
import io.shadowflow.engine.view.StepLine.State;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Reads one run for people looking at it: its header and its step tree, every committed step and
 * every step in flight. Each read names the namespaces its reader may see; a run elsewhere is not
 * found, as if it did not exist.
 */
public final class RunViews {
  private static final String HEADER =
      """
      SELECT run_id, namespace, name, workflow_type, seed, status, definition_hash, workflow_hash,
             definition -> 'input' AS input, step_count, error_code, error_message, failed_step,
             started_at, finished_at
      FROM runs WHERE run_id = ? AND namespace = ANY(?)
      """;
  private static final String COMMITTED =
      """
      SELECT seq, step_path, step_name, kind, duration_ms, attempts, committed_at
      FROM step_log WHERE run_id = ? ORDER BY seq
      """;
  private static final String FAILED_ATTEMPTS =
      """
      SELECT step_path, attempt, code, occurred_at
      FROM failures WHERE run_id = ? ORDER BY step_path, attempt, occurred_at
      """;

  /** Steps with in-flight state and no checkpoint yet, by the database's clock. */
  private static final String IN_FLIGHT =
      """
      SELECT p.step_path, p.attempt,
             (SELECT f.step_name FROM failures f
              WHERE f.run_id = p.run_id AND f.step_path = p.step_path LIMIT 1) AS step_name,
             CASE WHEN p.next_attempt_at > now() THEN 'RETRYING'
                  WHEN p.timer_due_at IS NOT NULL THEN 'WAITING'
                  ELSE 'RUNNING' END AS state,
             CASE WHEN p.next_attempt_at > now() THEN p.next_attempt_at
                  ELSE p.timer_due_at END AS until
      FROM step_progress p
      WHERE p.run_id = ?
        AND NOT EXISTS (SELECT 1 FROM step_log l WHERE l.run_id = p.run_id AND l.step_path = p.step_path)
      """;

  /** How far a run has come, read cheaply: a page polls it to know when to read the tree again. */
  private static final String PROGRESS =
      """
      SELECT r.status,
             (SELECT count(*) FROM step_log l WHERE l.run_id = r.run_id) AS committed,
             greatest(r.updated_at,
                      (SELECT max(p.updated_at) FROM step_progress p WHERE p.run_id = r.run_id))
               AS changed_at
      FROM runs r WHERE r.run_id = ? AND r.namespace = ANY(?)
      """;

  /** A run's header and its step tree. */
  public record RunTree(RunHeader header, List<StepLine> steps) {}

  /**
   * How far a run has come: it changes with every commit, retry, timer and end.
   *
   * @param changedAt the latest change of the run's row or its in-flight steps
   */
  public record Progress(RunStatus status, long committedSteps, Instant changedAt) {}

  private final DataSource dataSource;

  public RunViews(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * The run's header, if the run exists in one of {@code namespaces}, its input cut at {@code
   * inputLimit} characters.
   */
  public Optional<RunHeader> header(String runId, Set<String> namespaces, int inputLimit) {
    return new Query(dataSource, "reading run " + runId, HEADER, runId, namespaces)
        .first(row -> header(row, inputLimit));
  }

  /** The run's progress, if the run exists in one of {@code namespaces}. */
  public Optional<Progress> progress(String runId, Set<String> namespaces) {
    return new Query(dataSource, "reading the progress of " + runId, PROGRESS, runId, namespaces)
        .first(
            row ->
                new Progress(
                    RunStatus.valueOf(row.getString("status")),
                    row.getLong("committed"),
                    Query.instant(row, "changed_at")));
  }

  /**
   * The run with its steps: steps in flight first (by path), then committed ones in the order they
   * committed.
   */
  public Optional<RunTree> tree(String runId, Set<String> namespaces, int inputLimit) {
    return header(runId, namespaces, inputLimit).map(header -> new RunTree(header, steps(runId)));
  }

  private List<StepLine> steps(String runId) {
    Map<String, List<FailedAttempt>> failed = failedAttempts(runId);
    List<StepLine> steps =
        new ArrayList<>(
            new Query(dataSource, "reading the steps in flight of " + runId, IN_FLIGHT, runId)
                .list(row -> inFlight(row, failed)));
    steps.sort(Comparator.comparing(StepLine::path, StepPath.TREE_ORDER));
    steps.addAll(
        new Query(dataSource, "reading the steps of " + runId, COMMITTED, runId)
            .list(row -> committed(row, failed)));
    return steps;
  }

  private Map<String, List<FailedAttempt>> failedAttempts(String runId) {
    Map<String, List<FailedAttempt>> byPath = new HashMap<>();
    new Query(dataSource, "reading the failed attempts of " + runId, FAILED_ATTEMPTS, runId)
        .list(
            row ->
                byPath
                    .computeIfAbsent(row.getString("step_path"), path -> new ArrayList<>())
                    .add(
                        new FailedAttempt(
                            row.getInt("attempt"),
                            row.getString("code"),
                            Query.instant(row, "occurred_at"))));
    return byPath;
  }

  private static RunHeader header(ResultSet row, int inputLimit) throws SQLException {
    String input = row.getString("input");
    return new RunHeader(
        row.getString("run_id"),
        row.getString("namespace"),
        row.getString("name"),
        row.getString("workflow_type"),
        row.getLong("seed"),
        RunStatus.valueOf(row.getString("status")),
        row.getString("definition_hash"),
        row.getString("workflow_hash"),
        Payload.of(input == null ? "null" : CanonicalJson.of(Json.parse(input)), inputLimit),
        row.getInt("step_count"),
        row.getString("error_code"),
        row.getString("error_message"),
        row.getString("failed_step"),
        Query.instant(row, "started_at"),
        Query.instant(row, "finished_at"));
  }

  private static StepLine committed(ResultSet row, Map<String, List<FailedAttempt>> failed)
      throws SQLException {
    String path = row.getString("step_path");
    return new StepLine(
        row.getInt("seq"),
        path,
        row.getString("step_name"),
        row.getString("kind"),
        State.COMMITTED,
        row.getInt("attempts"),
        failed.getOrDefault(path, List.of()),
        row.getLong("duration_ms"),
        Query.instant(row, "committed_at"),
        null);
  }

  private static StepLine inFlight(ResultSet row, Map<String, List<FailedAttempt>> failed)
      throws SQLException {
    String path = row.getString("step_path");
    String name = row.getString("step_name");
    return new StepLine(
        null,
        path,
        name != null ? name : path.substring(path.lastIndexOf('/') + 1),
        null,
        State.valueOf(row.getString("state")),
        row.getInt("attempt"),
        failed.getOrDefault(path, List.of()),
        null,
        null,
        Query.instant(row, "until"));
  }
}
