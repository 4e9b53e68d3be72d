package io.shadowflow.engine.exec;

import static io.shadowflow.engine.testing.Manifests.compileYaml;
import static io.shadowflow.engine.testing.Manifests.workflowYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.InMemoryCheckpointStore;
import io.shadowflow.engine.checkpoint.PostgresCheckpointStore;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.testing.LocalHttpServer;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.engine.testing.TestDatabase;
import io.shadowflow.engine.testing.Workflows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Steps the engine can recompute are committed with the run's next commit that cannot wait (a
 * call's result, the run's end), not one by one; a crash loses only them, and the resumed run
 * computes them again to the same values.
 */
class HeldStepsTest {
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
  void theReferenceWorkflowCommitsItsStepsAndItsEndInOneTransaction() throws Exception {
    RunResult result =
        new WorkflowExecutor(store)
            .run(Manifests.compileExample("reference-workflow.yaml"), ExecutionListener.NONE);

    assertThat(result.success()).isTrue();
    assertThat(transactions(result.runId()))
        .containsExactly(List.of("steps/0", "steps/1", "steps/2", "steps/3", "steps/4", "end"));
  }

  @Test
  void aCallCommitsTheStepsHeldBeforeItAndTheRestGoWithTheEnd() throws Exception {
    CompiledWorkflow workflow = mixed();
    server.hold();
    var running =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new WorkflowExecutor(store).run(workflow, ExecutionListener.NONE);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    awaitCall();
    // While the call is out, the steps before it are computed but not committed: status lags.
    assertThat(transactions(runIdOf(workflow))).isEmpty();
    server.release();
    RunResult result = running.get(30, TimeUnit.SECONDS);

    assertThat(result.success()).isTrue();
    assertThat(transactions(result.runId()))
        .containsExactly(
            List.of("steps/0", "steps/1", "steps/2"), List.of("steps/3", "steps/4", "end"));
  }

  @Test
  void aCrashLosesOnlyHeldStepsAndTheResumedRunComputesThemAgain() throws Exception {
    CompiledWorkflow workflow = mixed();
    Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();

    // The database goes away during the call, before its result is committed: steps/0 and steps/1
    // were computed, and are lost with the process.
    WorkflowFailure crash =
        catchThrowableOfType(
            WorkflowFailure.class,
            () ->
                new WorkflowExecutor(store)
                    .run(
                        Workflows.counting(workflow, executions, "steps/2"),
                        ExecutionListener.NONE));
    assertThat(crash.code()).isEqualTo(FailureCode.DATABASE_UNAVAILABLE);
    assertThat(store.readRun(runIdOf(workflow)).steps()).isEmpty();

    RunResult resumed =
        new WorkflowExecutor(store)
            .run(Workflows.counting(workflow, executions, null), ExecutionListener.NONE);
    RunResult uninterrupted =
        new WorkflowExecutor(new InMemoryCheckpointStore()).run(workflow, ExecutionListener.NONE);

    assertThat(resumed.restoredSteps()).isZero();
    assertThat(executions.get("steps/0")).hasValue(2);
    assertThat(executions.get("steps/1")).hasValue(2);
    assertThat(resumed.stepHashes()).isEqualTo(uninterrupted.stepHashes());
    assertThat(resumed.workflowHash()).isEqualTo(uninterrupted.workflowHash());
  }

  @Test
  void aFailedRunCommitsItsHeldStepsWithItsEnd() throws Exception {
    CompiledWorkflow workflow =
        compileYaml(
            workflowYaml(
                "failing",
                """
                - {name: price, kind: transform, expr: '{"price": input.qty * 3}'}
                - {name: stop, kind: fail, code: HTTP_403, message: drill}
                """));
    RunResult result = new WorkflowExecutor(store).run(workflow, ExecutionListener.NONE);

    assertThat(result.success()).isFalse();
    assertThat(transactions(result.runId())).containsExactly(List.of("steps/0", "end"));
  }

  /** Two pure steps, a call, two more pure steps. */
  private CompiledWorkflow mixed() {
    return compileYaml(
        workflowYaml(
            "mixed",
            """
            - {name: price, kind: transform, expr: '{"price": input.qty * 3}'}
            - {name: pick, kind: random, choice: [red, green, blue]}
            - {name: reserve, kind: http, method: POST, url: '%s', body: '{"pick": steps.pick.output}'}
            - {name: label, kind: transform, expr: 'input.item + "/" + steps.pick.output'}
            - {name: receipt, kind: transform, expr: '{"label": steps.label.output}'}
            """
                .formatted(server.url("/reserve"))));
  }

  private static String runIdOf(CompiledWorkflow workflow) {
    return workflow.runId("");
  }

  private void awaitCall() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (server.requests().isEmpty()) {
      assertThat(System.nanoTime()).as("the call never came").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  /**
   * The run's step paths in order, each run of paths written by one transaction in a list of its
   * own; {@code end} stands for the run's end, in the transaction that recorded it.
   */
  private List<List<String>> transactions(String runId) throws Exception {
    List<List<String>> groups = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                """
                SELECT xmin::text AS tx, step_path AS what, seq FROM step_log WHERE run_id = ?
                UNION ALL
                SELECT xmin::text, 'end', 2147483647 FROM runs
                 WHERE run_id = ? AND status <> 'RUNNING'
                ORDER BY 3
                """)) {
      select.setString(1, runId);
      select.setString(2, runId);
      String tx = null;
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          if (!row.getString("tx").equals(tx)) {
            tx = row.getString("tx");
            groups.add(new ArrayList<>());
          }
          groups.get(groups.size() - 1).add(row.getString("what"));
        }
      }
    }
    return groups;
  }
}
