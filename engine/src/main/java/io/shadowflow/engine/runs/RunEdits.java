package io.shadowflow.engine.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.checkpoint.PostgresCheckpointStore;
import io.shadowflow.engine.checkpoint.RunDefinition;
import io.shadowflow.engine.checkpoint.RunState;
import io.shadowflow.engine.checkpoint.StepRecord;
import io.shadowflow.engine.checkpoint.StoredRunDefinitions;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.model.StepPath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Edits to a running Workflow. The run of the previous definition goes on under the edited one when
 * the edit leaves every committed step's definition as it was: the edited run starts with copies of
 * the committed steps (the http calls among them are not made again) and runs the rest. An edit
 * that changes a step with committed work (the whole top-level step it is in), the seed, the input
 * or the type is refused. The previous run then ends as RUN_SUPERSEDED, so no engine writes to it
 * again. docs/operator.md states the rule and what it means for the hash.
 */
public final class RunEdits {
  /** What becomes of the previous definition's run. */
  public sealed interface Decision {}

  /** Nothing was committed, or the run has ended: the edited Workflow starts a run of its own. */
  public record StartOver() implements Decision {}

  /**
   * The run goes on under the edited definition.
   *
   * @param source the previous run, whose committed steps the edited run starts with
   * @param steps the top-level steps with committed work, e.g. {@code steps/0}, {@code finally}
   */
  public record Continue(String source, List<String> steps) implements Decision {}

  /**
   * The edit changes committed work.
   *
   * @param field the field of the Workflow it changes, e.g. {@code spec.steps[2]}
   * @param reason what is wrong and what to do
   */
  public record Refuse(String field, String reason) implements Decision {}

  /** Held by the engine that executes the run (see ClaimStatement); here for one transaction. */
  private static final String LOCK =
      "SELECT pg_try_advisory_xact_lock("
          + "hashtextextended(current_setting('search_path') || '/' || ?, 0))";

  private static final String COMMITTED_STEPS =
      """
      SELECT DISTINCT coalesce(substring(step_path FROM '^[^/]+/[^/]+'), step_path)
      FROM step_log WHERE run_id = ?
      """;

  private static final String SUPERSEDE =
      """
      UPDATE runs SET status = 'FAILED', error_code = 'RUN_SUPERSEDED', error_message = ?,
                      finished_at = now(), updated_at = now()
      WHERE run_id = ? AND status = 'RUNNING'
      """;

  private final DataSource dataSource;
  private final StoredRunDefinitions definitions;
  private final PostgresCheckpointStore store;
  private final RunForks forks;

  public RunEdits(DataSource dataSource) {
    this.dataSource = dataSource;
    this.definitions = new StoredRunDefinitions(dataSource);
    this.store = new PostgresCheckpointStore(dataSource);
    this.forks = new RunForks(dataSource);
  }

  /**
   * Carries out {@code going}: opens {@code edited} with copies of the previous run's committed
   * steps, then ends the previous run as RUN_SUPERSEDED, all of its steps copied, in one
   * transaction that holds the run's owner lock, so no engine can commit to it any more.
   * Idempotent.
   *
   * @return false when the previous run's engine still holds it, or it committed into another step
   *     since the decision: nothing is superseded, and the caller tries again later
   */
  public boolean continueRun(RunDefinition edited, Continue going) {
    forks.fork(edited, going.source(), going.steps());
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        boolean handedOver = handOver(connection, edited.runId(), going);
        if (handedOver) {
          connection.commit();
        } else {
          connection.rollback();
        }
        return handedOver;
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw RunSummaries.unavailable("continuing run " + going.source(), e);
    }
  }

  private static boolean handOver(Connection connection, String target, Continue going)
      throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
      lock.setString(1, going.source());
      try (ResultSet row = lock.executeQuery()) {
        if (!row.next() || !row.getBoolean(1)) {
          return false;
        }
      }
    }
    Set<String> committed = new HashSet<>();
    try (PreparedStatement select = connection.prepareStatement(COMMITTED_STEPS)) {
      select.setString(1, going.source());
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          committed.add(rows.getString(1));
        }
      }
    }
    if (!committed.equals(Set.copyOf(going.steps()))) {
      return false;
    }
    RunForks.copy(connection, target, going.source(), going.steps());
    try (PreparedStatement supersede = connection.prepareStatement(SUPERSEDE)) {
      supersede.setString(1, "continued as run " + target + " under the Workflow's edited spec");
      supersede.setString(2, going.source());
      supersede.executeUpdate();
    }
    return true;
  }

  /** What becomes of run {@code previousRunId} now that its Workflow reads {@code edited}. */
  public Decision decide(CompiledWorkflow edited, String previousRunId) {
    Optional<RunDefinition> previous = definitions.find(previousRunId);
    if (previous.isEmpty()) {
      return new StartOver();
    }
    RunState state = store.readRun(previousRunId);
    boolean handedOver =
        state.outcome() != null
            && FailureCode.RUN_SUPERSEDED.name().equals(state.outcome().errorCode());
    if ((state.status().finished() && !handedOver) || state.steps().isEmpty()) {
      return new StartOver();
    }
    JsonNode before = Json.parse(previous.get().definition());
    JsonNode after = edited.definition();
    String run = "run " + previousRunId + " has committed steps";
    if (previous.get().seed() != edited.seed()) {
      return new Refuse("spec.seed", run + "; the seed enters every step" + REMEDY);
    }
    for (String field : List.of("input", "type")) {
      if (!Objects.equals(before.get(field), after.get(field))) {
        return new Refuse("spec." + field, run + "; the " + field + " enters every step" + REMEDY);
      }
    }
    TreeSet<String> committed = new TreeSet<>(StepPath.TREE_ORDER);
    state.steps().stream().map(StepRecord::path).map(StepPath::topLevel).forEach(committed::add);
    for (String step : committed) {
      Optional<Refuse> changed = changed(step, before, after, previousRunId);
      if (changed.isPresent()) {
        return changed.get();
      }
    }
    return new Continue(previousRunId, List.copyOf(committed));
  }

  private static final String REMEDY =
      "; undo the edit, or set spec.onEdit: newRun to start a new run from step 0 (its side"
          + " effects happen again)";

  /** The refusal if the committed top-level step at {@code path} is not defined as it was. */
  private static Optional<Refuse> changed(
      String path, JsonNode before, JsonNode after, String previousRunId) {
    if (path.equals(StepPath.STEPS_OUTCOME)) {
      // The steps failed and cleanup began: the failure stands for all of them.
      return Objects.equals(before.get("steps"), after.get("steps"))
          ? Optional.empty()
          : Optional.of(
              new Refuse(
                  "spec.steps",
                  "run "
                      + previousRunId
                      + " failed and is cleaning up; its steps are final"
                      + REMEDY));
    }
    String[] segments = path.split("/");
    String list = segments[0];
    int index = Integer.parseInt(segments[1]);
    JsonNode was = before.path(list).path(index);
    JsonNode is = after.path(list).path(index);
    if (was.equals(is)) {
      return Optional.empty();
    }
    return Optional.of(
        new Refuse(
            "spec." + list + "[" + index + "]",
            "step '"
                + was.path("name").asText()
                + "' ("
                + path
                + ") has committed work in run "
                + previousRunId
                + " and the edit changes it"
                + REMEDY));
  }
}
