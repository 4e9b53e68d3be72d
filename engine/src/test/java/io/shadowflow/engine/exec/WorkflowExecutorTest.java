package io.shadowflow.engine.exec;

import static io.shadowflow.engine.testing.Manifests.compileYaml;
import static io.shadowflow.engine.testing.Manifests.workflowYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.InMemoryCheckpointStore;
import io.shadowflow.engine.checkpoint.PostgresCheckpointStore;
import io.shadowflow.engine.checkpoint.RunDefinition;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.hash.Sha256;
import io.shadowflow.engine.json.CanonicalJson;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.run.RunIdentity;
import io.shadowflow.engine.testing.LocalHttpServer;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.engine.testing.TestDatabase;
import io.shadowflow.engine.testing.Workflows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkflowExecutorTest {
  private Database database;
  private PostgresCheckpointStore store;
  private LocalHttpServer server;

  @BeforeEach
  void setUp() throws Exception {
    database = TestDatabase.fresh();
    store = new PostgresCheckpointStore(database.dataSource());
    server = new LocalHttpServer();
  }

  @AfterEach
  void tearDown() {
    server.close();
    database.close();
  }

  @Test
  void resumesFromLastCheckpointWithoutExecutingCommittedStepsAgain() throws Exception {
    CompiledWorkflow workflow = Workflows.calling(server.url("/notify"));
    Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();

    // The database goes away during steps/2, after the call committed: the run stops, to resume
    // from steps/1.
    CompiledWorkflow crashing = Workflows.counting(workflow, executions, "steps/2");
    WorkflowFailure crash =
        catchThrowableOfType(
            WorkflowFailure.class,
            () -> new WorkflowExecutor(store).run(crashing, ExecutionListener.NONE));
    assertThat(crash.code()).isEqualTo(FailureCode.DATABASE_UNAVAILABLE);

    RunResult resumed =
        new WorkflowExecutor(store)
            .run(Workflows.counting(workflow, executions, null), ExecutionListener.NONE);
    RunResult uninterrupted =
        new WorkflowExecutor(new InMemoryCheckpointStore()).run(workflow, ExecutionListener.NONE);

    assertThat(resumed.restoredSteps()).isEqualTo(2);
    assertThat(executions).containsOnlyKeys("steps/0", "steps/1", "steps/2");
    assertThat(executions.get("steps/0")).hasValue(1);
    assertThat(executions.get("steps/1")).hasValue(1);
    assertThat(executions.get("steps/2")).hasValue(2);
    assertThat(server.requests()).hasSize(2); // one by this run, one by the uninterrupted one
    assertThat(resumed.workflowHash()).isEqualTo(uninterrupted.workflowHash());
  }

  @Test
  void aCommittedHttpCallIsNeverMadeAgain() throws Exception {
    CompiledWorkflow workflow =
        compileYaml(
            workflowYaml(
                "notify",
                """
                - {name: label, kind: transform, expr: 'input.item'}
                - {name: notify, kind: http, method: POST, url: '%s', body: '{"label": steps.label.output}'}
                """
                    .formatted(server.url("/notify"))));
    RunResult first = new WorkflowExecutor(store).run(workflow, ExecutionListener.NONE);
    RunResult again = new WorkflowExecutor(store).run(workflow, ExecutionListener.NONE);

    assertThat(first.success()).isTrue();
    assertThat(again.workflowHash()).isEqualTo(first.workflowHash());
    assertThat(server.requests())
        .singleElement()
        .satisfies(
            request -> {
              assertThat(request.body()).isEqualTo("{\"label\":\"sku-7\"}");
              assertThat(request.idempotencyKey())
                  .isEqualTo(Sha256.hex(first.runId() + "/steps/1").substring(0, 32));
            });
    assertThat(CanonicalJson.of(store.readRun(first.runId()).steps().get(1).output()))
        .isEqualTo("{\"body\":{\"echo\":{\"label\":\"sku-7\"}},\"status\":200}");
  }

  @Test
  void anHttpErrorFailsTheRunWithItsCatalogCode() throws Exception {
    server.answerWith(404);
    CompiledWorkflow workflow =
        compileYaml(
            workflowYaml(
                "lookup",
                "- {name: get, kind: http, url: '%s'}".formatted(server.url("/missing"))));
    RunResult result = new WorkflowExecutor(store).run(workflow, ExecutionListener.NONE);
    assertThat(result.success()).isFalse();
    assertThat(result.errorCode()).isEqualTo("HTTP_404");
    assertThat(result.failedStep()).isEqualTo("steps/0");
    assertThat(store.readRun(result.runId()).outcome().errorMessage()).contains("answered 404");
  }

  @Test
  void aResumedSleepWaitsOnlyForWhatIsLeft() throws Exception {
    CompiledWorkflow workflow =
        compileYaml(workflowYaml("nap", "- {name: nap, kind: sleep, duration: 1h}"));
    // A first process started the one-hour timer 59m59.5s ago, then died.
    String runId = RunIdentity.runId("default", "nap", workflow.definitionHash(), 42, "");
    store.openRun(
        new RunDefinition(
            runId, "default", "nap", "nap", 42, workflow.definitionHash(), "{}", 1, Instant.now()));
    store.startTimer(runId, "steps/0", Instant.now().plusMillis(500));
    store.releaseRun(runId);

    long started = System.nanoTime();
    RunResult result = new WorkflowExecutor(store).run(workflow, ExecutionListener.NONE);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(result.success()).isTrue();
    assertThat(took).isBetween(Duration.ofMillis(300), Duration.ofSeconds(10));
  }

  @Test
  void aFailStepEndsTheRunAndLaterStepsNeverRun() throws Exception {
    CompiledWorkflow workflow =
        compileYaml(
            workflowYaml(
                "drill",
                """
                - {name: a, kind: transform, expr: '1'}
                - {name: boom, kind: fail, code: HTTP_403, message: drill}
                """));
    RunResult result = new WorkflowExecutor(store).run(workflow, ExecutionListener.NONE);
    assertThat(result.errorCode()).isEqualTo("HTTP_403");
    assertThat(result.stepHashes()).containsOnlyKeys("steps/0");
    assertThat(new WorkflowExecutor(store).run(workflow, ExecutionListener.NONE).workflowHash())
        .isEqualTo(result.workflowHash());
  }

  @Test
  void aSucceedingRunEndsInTheTransactionOfItsLastStep() throws Exception {
    RunResult result =
        new WorkflowExecutor(store)
            .run(Manifests.compileExample("reference-workflow.yaml"), ExecutionListener.NONE);

    // Rows written by one transaction carry its id: one commit held the last step and the end.
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                """
                SELECT r.status, r.workflow_hash, r.xmin::text = l.xmin::text AS together
                FROM runs r JOIN step_log l ON l.run_id = r.run_id
                WHERE r.run_id = ? AND l.step_path = 'steps/4'
                """)) {
      select.setString(1, result.runId());
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).isTrue();
        assertThat(row.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(row.getString("workflow_hash")).isEqualTo(result.workflowHash());
        assertThat(row.getBoolean("together")).isTrue();
      }
    }
  }
}
