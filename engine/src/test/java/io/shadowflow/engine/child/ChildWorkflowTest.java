package io.shadowflow.engine.child;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.InMemoryCheckpointStore;
import io.shadowflow.engine.checkpoint.StepRecord;
import io.shadowflow.engine.exec.ExecutionListener;
import io.shadowflow.engine.exec.RunOptions;
import io.shadowflow.engine.exec.RunResult;
import io.shadowflow.engine.exec.WorkflowExecutor;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.manifest.WorkflowCompiler;
import io.shadowflow.engine.model.CompiledStep;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.model.InvalidManifestException;
import io.shadowflow.engine.model.Problem;
import io.shadowflow.engine.testing.Cli;
import io.shadowflow.engine.testing.EngineJob;
import io.shadowflow.engine.testing.EngineProcess;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.engine.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Child workflows both ways: run in the parent's process (the CLI), and run as Workflows of their
 * own that engine Jobs execute (the operator), the database bringing each child's outcome to its
 * parked parent. Both end with the same hash.
 */
class ChildWorkflowTest {
  private static final String PARENT = Manifests.CHILD_WORKFLOW_STEPS;

  private final Database database = TestDatabase.fresh();

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void childrenRunAsWorkflowsOfTheirOwnGiveTheParentTheHashOfChildrenRunInItsProcess()
      throws Exception {
    CompiledWorkflow parent = compile(PARENT);
    String runId = EngineJob.allocate(database, parent);

    assertThat(EngineJob.execute(database, runId, "0s").out())
        .contains("parked, waiting for the child workflow of step steps/0");
    assertThat(EngineJob.execute(database, runId, "0s").out())
        .as("woken before its child ended, the parent parks again")
        .contains("parked, waiting for the child workflow of step steps/0");
    assertThat(requested(runId)).as("and records its child once").hasSize(1);

    Cli.Outcome reserve = runChild(runId, "steps/0");
    assertThat(reserve.exitCode()).as(reserve.err()).isZero();
    assertThat(EngineJob.execute(database, runId, "0s").out())
        .contains("parked, waiting for the child workflow of step steps/1");
    Cli.Outcome bill = runChild(runId, "steps/1");
    assertThat(bill.out()).as("the child fails").contains("HTTP_422");

    Cli.Outcome resumed = EngineJob.execute(database, runId, "0s");
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    RunResult inProcess = inProcess(parent);
    assertThat(inProcess.success()).as("a failed child is an outcome, not a failed step").isTrue();
    assertThat(resumed.out()).contains("workflow hash: " + inProcess.workflowHash());
    assertThat(requested(runId)).hasSize(2);
  }

  @Test
  void aChildsStepsAreCheckedWithItsParentsAndItsInputMustBeAnObject() throws Exception {
    assertThatThrownBy(
            () ->
                compile(
                    """
                    - name: child
                      kind: workflow
                      steps:
                        - {name: a, kind: transform, expr: '1 +'}
                    """))
        .isInstanceOf(InvalidManifestException.class)
        .satisfies(
            e ->
                assertThat(((InvalidManifestException) e).problems())
                    .extracting(Problem::path)
                    .containsExactly("spec.steps[0].steps[0].expr"));

    RunResult notAnObject =
        inProcess(
            compile(
                """
                - name: child
                  kind: workflow
                  input: '[1, 2]'
                  steps:
                    - {name: a, kind: transform, expr: '1'}
                """));
    assertThat(notAnObject.errorCode()).isEqualTo("CHILD_INPUT_INVALID");
    assertThat(notAnObject.errorMessage()).contains("spec.steps[0].input", "[1,2]");

    CompiledWorkflow limited =
        Manifests.compileYaml(
            Manifests.workflowYaml(
                    "limited",
                    """
                    - name: child
                      kind: workflow
                      steps:
                        - {name: r, kind: random, uuid: true}
                    """)
                .replace("  seed: 42\n", "  seed: 42\n  policy: {allowedKinds: [workflow]}\n"));
    List<StepRecord> events = new ArrayList<>();
    RunResult refused = inProcess(limited, events);
    assertThat(refused.success()).isTrue();
    assertThat(events.get(0).output().path("outcome").asText())
        .as("the child obeys its parent's policy")
        .isEqualTo("FAILED");
    assertThat(events.get(0).output().path("errorCode").asText())
        .isEqualTo("POLICY_KIND_NOT_ALLOWED");
  }

  @Test
  void aCliKilledWhileItsChildRunsResumesThatChildInsteadOfStartingAnother(@TempDir Path temp)
      throws Exception {
    Path manifest =
        Files.writeString(
            temp.resolve("parent.yaml"),
            Manifests.workflowYaml(
                "parent",
                """
                - name: slow
                  kind: workflow
                  steps:
                    - {name: a, kind: random, uuid: true}
                    - {name: nap, kind: sleep, duration: 3s}
                    - {name: b, kind: transform, expr: 'steps.a.output'}
                - {name: after, kind: transform, expr: 'steps.slow.output.output'}
                """));
    Process first = EngineProcess.run(manifest, database.config(), 42);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM step_progress p JOIN runs r USING (run_id)"
                            + " WHERE r.name LIKE 'parent-%' AND r.status = 'RUNNING'"
                            + " AND p.step_path = 'steps/1' AND p.timer_due_at IS NOT NULL")
                    == 1);
    // Killed as the child sleeps: its first step is held in memory, its timer is in the database.
    first.destroyForcibly().waitFor();

    Process second = EngineProcess.run(manifest, database.config(), 42);
    assertThat(second.waitFor()).as(EngineProcess.errors(manifest)).isZero();
    String hash =
        Json.parse(new String(second.getInputStream().readAllBytes()))
            .path("workflow_hash")
            .asText();
    assertThat(hash)
        .isEqualTo(inProcess(new WorkflowCompiler().compileFile(manifest, null)).workflowHash());
    assertThat(count("SELECT count(*) FROM runs WHERE name LIKE 'parent-%'"))
        .as("one run of the child, resumed")
        .isEqualTo(1);
  }

  @Test
  void aChildTakesTheStepsOfTheTemplateItNamesFromItsOwnNamespaceOnly(@TempDir Path temp)
      throws Exception {
    String pricing = "- {name: total, kind: transform, expr: '{\"total\": input.qty * 3}'}";
    Path otherTemplate =
        write(temp, "other.yaml", inNamespace(Manifests.workflowYaml("pricing", pricing), "other"));
    Path parent =
        write(
            temp,
            "parent.yaml",
            Manifests.workflowYaml(
                "parent",
                """
                - {name: price, kind: workflow, workflowRef: {name: pricing}}
                - {name: total, kind: transform, expr: 'steps.price.output.output.total'}
                """));
    assertThat(runInDatabase(otherTemplate).exitCode()).isZero();
    assertThat(runInDatabase(parent).out())
        .as("a Workflow of another namespace is no template here")
        .contains("\"error_code\":\"CHILD_TEMPLATE_NOT_FOUND\"");

    assertThat(
            runInDatabase(write(temp, "pricing.yaml", Manifests.workflowYaml("pricing", pricing)))
                .exitCode())
        .isZero();
    Path again =
        write(temp, "again.yaml", Files.readString(parent).replace("name: parent", "name: again"));
    Cli.Outcome priced = runInDatabase(again);
    assertThat(priced.exitCode()).as(priced.out() + priced.err()).isZero();
    assertThat(Json.parse(priced.out()).path("success").asBoolean()).isTrue();

    assertThatThrownBy(
            () ->
                compile(
                    """
                    - name: both
                      kind: workflow
                      workflowRef: {name: pricing}
                      steps:
                        - {name: a, kind: transform, expr: '1'}
                    """))
        .hasMessageContaining("spec.steps[0].steps: give the child's steps, or workflowRef");
  }

  private Cli.Outcome runInDatabase(Path manifest) {
    return Cli.shadowflow(
        "run",
        manifest.toString(),
        "--output",
        "json",
        "--jdbc-url",
        TestDatabase.JDBC_URL,
        "--db-schema",
        database.config().schema());
  }

  private static Path write(Path folder, String name, String manifest) throws Exception {
    return Files.writeString(folder.resolve(name), manifest);
  }

  private static String inNamespace(String manifest, String namespace) {
    return manifest.replace("spec:\n", "  namespace: " + namespace + "\nspec:\n");
  }

  /** Creates the child the parent recorded and runs it as the operator's Job would. */
  private Cli.Outcome runChild(String parentRunId, String stepPath) throws SQLException {
    JsonNode manifest = requested(parentRunId).get(requested(parentRunId).size() - 1);
    assertThat(manifest.path("metadata").path("name").asText())
        .isEqualTo(ChildWorkflow.name("parent", parentRunId, stepPath));
    CompiledWorkflow child = new WorkflowCompiler().compile(manifest);
    return EngineJob.execute(database, EngineJob.allocate(database, child), "0s");
  }

  private static RunResult inProcess(CompiledWorkflow workflow) throws InterruptedException {
    return inProcess(workflow, new ArrayList<>());
  }

  /**
   * Runs {@code workflow} and its children in this process; the parent's steps go to {@code steps}.
   */
  private static RunResult inProcess(CompiledWorkflow workflow, List<StepRecord> steps)
      throws InterruptedException {
    WorkflowExecutor executor = new WorkflowExecutor(new InMemoryCheckpointStore());
    return executor.run(
        workflow,
        RunOptions.DEFAULT.withChildren(new InProcessChildren(executor, RunOptions.DEFAULT, null)),
        new ExecutionListener() {
          @Override
          public void stepCompleted(CompiledStep step, StepRecord record) {
            steps.add(record);
          }
        });
  }

  private static CompiledWorkflow compile(String steps) {
    return Manifests.compileYaml(Manifests.workflowYaml("parent", steps));
  }

  private long count(String sql) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        ResultSet row = connection.createStatement().executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  /** The manifests of the children the run recorded, in the order it recorded them. */
  private List<JsonNode> requested(String runId) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT manifest FROM child_workflows WHERE run_id = ? ORDER BY requested_at")) {
      select.setString(1, runId);
      try (ResultSet rows = select.executeQuery()) {
        List<JsonNode> manifests = new ArrayList<>();
        while (rows.next()) {
          manifests.add(Json.parse(rows.getString(1)));
        }
        return manifests;
      }
    }
  }
}
