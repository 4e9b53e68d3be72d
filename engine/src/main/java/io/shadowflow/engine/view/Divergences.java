package io.shadowflow.engine.view;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.checkpoint.PostgresCheckpointStore;
import io.shadowflow.engine.checkpoint.RunStatus;
import io.shadowflow.engine.golden.Divergence;
import io.shadowflow.engine.golden.DivergenceReport;
import io.shadowflow.engine.golden.GoldenRecord;
import io.shadowflow.engine.golden.GoldenStep;
import io.shadowflow.engine.golden.PostgresGoldenStore;
import io.shadowflow.engine.golden.RecordComparison;
import io.shadowflow.engine.json.CanonicalJson;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.StepPath;
import io.shadowflow.engine.view.DivergenceView.DownstreamStep;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Serves where two records of a workflow part: a shadow run's stored mismatch (found by the engine
 * as it replayed), or two stored runs compared by the engine's own {@link RecordComparison}.
 * Nothing is compared again for a mismatch: the row is what the replay found.
 */
public final class Divergences {
  private static final String MISMATCH =
      """
      SELECT m.run_id, m.check_kind, m.expected_hash, m.actual_hash, m.first_diverging_step,
             m.expected, m.actual
      FROM shadow_mismatches m JOIN shadow_runs s USING (shadow_run_id)
      WHERE m.shadow_run_id = ? AND m.cycle = ? AND m.seed = ? AND s.namespace = ANY(?)
      """;
  private final DataSource dataSource;
  private final RunViews runs;

  public Divergences(DataSource dataSource) {
    this.dataSource = dataSource;
    this.runs = new RunViews(dataSource);
  }

  /**
   * The first divergence of {@code seed} in {@code cycle} of a shadow run, aligned with the seed's
   * golden record while it is stored; empty when there is none the reader may see.
   */
  public Optional<DivergenceView> ofShadowSeed(
      String shadowRunId, int cycle, long seed, Set<String> namespaces) {
    return new Query(
            dataSource,
            "reading the mismatch of seed " + seed + " of " + shadowRunId,
            MISMATCH,
            shadowRunId,
            cycle,
            seed,
            namespaces)
        .first(
            row -> {
              String runId = row.getString("run_id");
              JsonNode expected = Json.parse(row.getString("expected"));
              JsonNode actual = Json.parse(row.getString("actual"));
              String at = row.getString("first_diverging_step");
              Optional<GoldenRecord> golden = golden(runId);
              return view(
                  row.getString("check_kind"),
                  runId,
                  runId,
                  new Divergence(
                      at,
                      expected.path("name").asText(actual.path("name").asText(at)),
                      expected,
                      actual,
                      row.getString("expected_hash"),
                      row.getString("actual_hash")),
                  golden.map(GoldenRecord::steps).orElse(null),
                  List.of());
            });
  }

  /**
   * Where run {@code actualRunId} first departs from run {@code expectedRunId}, both ended; {@code
   * at} is null when they agree. Empty when either is not a run the reader may see.
   *
   * @throws IllegalStateException when either run has not ended (it has no workflow hash yet)
   */
  public Optional<DivergenceView> ofRuns(
      String expectedRunId, String actualRunId, Set<String> namespaces) {
    Optional<GoldenRecord> expected = ended(expectedRunId, namespaces);
    Optional<GoldenRecord> actual = ended(actualRunId, namespaces);
    if (expected.isEmpty() || actual.isEmpty()) {
      return Optional.empty();
    }
    GoldenRecord left = expected.get();
    GoldenRecord right = actual.get();
    return Optional.of(
        RecordComparison.firstDivergence(left, right)
            .map(d -> view("runs", left.runId(), right.runId(), d, left.steps(), right.steps()))
            .orElseGet(
                () ->
                    new DivergenceView(
                        "runs",
                        left.runId(),
                        right.runId(),
                        left.workflowHash(),
                        right.workflowHash(),
                        left.steps().size(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        List.of(),
                        List.of())));
  }

  private Optional<GoldenRecord> golden(String runId) {
    return Optional.ofNullable(
        new PostgresGoldenStore(dataSource).findAll(List.of(runId)).get(runId));
  }

  /** A stored run as a record the engine compares, once it has ended. */
  private Optional<GoldenRecord> ended(String runId, Set<String> namespaces) {
    return runs.header(runId, namespaces, 0)
        .map(
            header -> {
              if (header.workflowHash() == null) {
                throw new IllegalStateException(
                    "run " + runId + " has not ended: compare it once it has a workflow hash");
              }
              // The engine's own reader of a run's step log: what a resume would see.
              List<GoldenStep> steps =
                  new PostgresCheckpointStore(dataSource)
                      .readRun(runId).steps().stream().map(GoldenStep::of).toList();
              return new GoldenRecord(
                  header.runId(),
                  header.namespace(),
                  header.workflow(),
                  header.workflowType(),
                  header.seed(),
                  header.definitionHash(),
                  steps,
                  header.status() == RunStatus.SUCCEEDED,
                  header.errorCode(),
                  header.failedStep(),
                  null,
                  header.workflowHash(),
                  null,
                  null,
                  null);
            });
  }

  /**
   * Aligns a divergence by path: the expected steps before {@code at} are the equal prefix (null
   * when unknown), those after it downstream, with the actual side's hashes where stored.
   */
  private static DivergenceView view(
      String check,
      String expectedRunId,
      String actualRunId,
      Divergence divergence,
      List<GoldenStep> expectedSteps,
      List<GoldenStep> actualSteps) {
    String at = divergence.at();
    boolean atStep = !at.equals(Divergence.OUTCOME) && !at.equals(Divergence.RUN);
    Map<String, GoldenStep> expected = byPath(expectedSteps == null ? List.of() : expectedSteps);
    Map<String, GoldenStep> actual = byPath(actualSteps);
    TreeMap<String, String> downstreamNames = new TreeMap<>(StepPath.TREE_ORDER);
    expected.values().forEach(s -> downstreamNames.put(s.path(), s.name()));
    actual.values().forEach(s -> downstreamNames.put(s.path(), s.name()));
    List<DownstreamStep> downstream =
        atStep
            ? downstreamNames.tailMap(at, false).entrySet().stream()
                .map(
                    e ->
                        new DownstreamStep(
                            e.getKey(),
                            e.getValue(),
                            hash(expected.get(e.getKey())),
                            hash(actual.get(e.getKey()))))
                .toList()
            : List.of();
    Integer equalSteps =
        expectedSteps == null
            ? null
            : atStep
                ? (int)
                    expectedSteps.stream()
                        .filter(s -> StepPath.TREE_ORDER.compare(s.path(), at) < 0)
                        .count()
                : expectedSteps.size();
    return new DivergenceView(
        check,
        expectedRunId,
        actualRunId,
        divergence.expectedHash(),
        divergence.actualHash(),
        equalSteps,
        at,
        divergence.name(),
        stepHash(divergence.expected()),
        stepHash(divergence.actual()),
        CanonicalJson.of(divergence.expected()),
        CanonicalJson.of(divergence.actual()),
        DivergenceReport.alignedLines(divergence.expected(), divergence.actual()),
        downstream);
  }

  private static Map<String, GoldenStep> byPath(List<GoldenStep> steps) {
    return steps.stream().collect(Collectors.toMap(GoldenStep::path, Function.identity()));
  }

  private static String hash(GoldenStep step) {
    return step == null ? null : step.stepHash();
  }

  /** The step hash a side of a step divergence carries; null for no step or a non-step side. */
  private static String stepHash(JsonNode side) {
    JsonNode hash = side.path("step_hash");
    return hash.isTextual() ? hash.asText() : null;
  }
}
