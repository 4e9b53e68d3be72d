package io.shadowflow.engine.failure;

import static io.shadowflow.engine.testing.Manifests.compileYaml;
import static io.shadowflow.engine.testing.Manifests.workflowYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shadowflow.engine.checkpoint.PostgresCheckpointStore;
import io.shadowflow.engine.checkpoint.RunDefinition;
import io.shadowflow.engine.exec.ExecutionListener;
import io.shadowflow.engine.exec.RunResult;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.CompiledStep;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.model.Step;
import io.shadowflow.engine.model.StepResult;
import io.shadowflow.engine.testing.FailureRows;
import io.shadowflow.engine.testing.FakeTime;
import io.shadowflow.engine.testing.LocalHttpServer;
import io.shadowflow.engine.testing.PostgresStore;
import io.shadowflow.engine.testing.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real failures of real components arrive as their catalog codes, never as raw exceptions. */
class FailureMappingTest {
  @RegisterExtension final PostgresStore postgres = new PostgresStore();
  @RegisterExtension final LocalHttpServer server = LocalHttpServer.start();

  private RunResult run(String name, String steps) throws InterruptedException {
    return new FakeTime()
        .executor(postgres.store())
        .run(compileYaml(workflowYaml(name, steps)), ExecutionListener.NONE);
  }

  private RunResult call(String name) throws InterruptedException {
    return run(name, "- {name: call, kind: http, url: '%s'}".formatted(server.url("/" + name)));
  }

  @Test
  void httpAnswersMapToTheirStatusCodeOrClass() throws Exception {
    server.answerWith(422);
    assertThat(call("unprocessable").errorCode()).isEqualTo("HTTP_422");
    server.answerWith(418);
    assertThat(call("teapot").errorCode()).isEqualTo("HTTP_4XX");
  }

  @Test
  void aJsonResponseThatDoesNotParseIsMalformed() throws Exception {
    server.answerBody("{\"half\": ");
    RunResult result = call("half");
    assertThat(result.errorCode()).isEqualTo("RESPONSE_MALFORMED");
    assertThat(result.errorMessage()).contains("steps/0", "/half");
  }

  @Test
  void aResponseJsonCannotCarryIsASchemaViolation() throws Exception {
    server.answerBody("{\"n\": 1e400}");
    assertThat(call("huge-number").errorCode()).isEqualTo("RESPONSE_SCHEMA_VIOLATION");
  }

  @Test
  void anOversizedResponseIsRejectedBeforeItReachesACheckpoint() throws Exception {
    server.answerBody("\"" + "x".repeat((1 << 20) + 1) + "\"");
    RunResult result = call("oversized");
    assertThat(result.errorCode()).isEqualTo("RESPONSE_TOO_LARGE");
    assertThat(postgres.store().readRun(result.runId()).steps()).isEmpty();
  }

  @Test
  void aHugeReplyIsReadOnlyUpToItsCapAndFailsAsResponseTooLarge() throws Exception {
    server.answerStreamed(
        300_000_000L,
        Duration.ZERO); // 300 MB: read whole, the reply alone would take 600 MB of heap as text
    long started = System.nanoTime();
    RunResult result = call("huge");
    assertThat(result.errorCode()).isEqualTo("RESPONSE_TOO_LARGE");
    assertThat(result.errorMessage()).contains("steps/0", "1048576 bytes");
    assertThat(server.requests()).hasSize(1);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void nothingListeningIsConnectionRefusedAndRetried() throws Exception {
    String url = server.url("/gone");
    server.close();
    RunResult result =
        run(
            "refused",
            "- {name: call, kind: http, url: '%s', retry: [{maxAttempts: 2}]}".formatted(url));
    assertThat(result.errorCode()).isEqualTo("CONNECTION_REFUSED");
    assertThat(result.errorMessage()).contains("gave up after 2 attempts");
  }

  @Test
  void aHostThatDoesNotResolveIsUnknownHostAndNotRetried() throws Exception {
    RunResult result =
        run("unresolvable", "- {name: call, kind: http, url: 'http://nothing.invalid/x'}");
    assertThat(result.errorCode()).isEqualTo("UNKNOWN_HOST");
    assertThat(result.errorMessage()).contains("nothing.invalid").doesNotContain("gave up after");
    assertThat(FailureRows.of(postgres.database(), result.runId()))
        .containsExactly("steps/0#1 UNKNOWN_HOST PERMANENT");
  }

  @Test
  void anExpressionPastItsIterationLimitIsTooCostly() throws Exception {
    String range = "[" + "1,".repeat(199) + "1]";
    RunResult result =
        run(
            "burn",
            "- {name: burn, kind: transform, expr: '%s.map(a, %s.map(b, a * b))'}"
                .formatted(range, range));
    assertThat(result.errorCode()).isEqualTo("EXPRESSION_TOO_COSTLY");
  }

  @Test
  void bugsAndExhaustedMemoryInAStepBecomeCatalogCodes() throws Exception {
    CompiledWorkflow bug =
        withStep(
            context -> {
              throw new IllegalStateException("oops");
            });
    RunResult result = new FakeTime().executor(postgres.store()).run(bug, ExecutionListener.NONE);
    assertThat(result.errorCode()).isEqualTo("INTERNAL_ERROR");
    assertThat(result.errorMessage()).contains("steps/0 (only)", "IllegalStateException: oops");

    CompiledWorkflow hungry =
        withStep(
                context -> {
                  throw new OutOfMemoryError("Java heap space");
                })
            .withSeed(2);
    WorkflowFailure stop =
        catchThrowableOfType(
            WorkflowFailure.class,
            () -> new FakeTime().executor(postgres.store()).run(hungry, ExecutionListener.NONE));
    assertThat(stop.code()).isEqualTo(FailureCode.OUT_OF_MEMORY);
    assertThat(stop.code().recovery()).isEqualTo(RecoveryMode.RESUME_FROM_CHECKPOINT);
  }

  @Test
  void anErrorOutsideTheStepGuardLeavesTheRunToResume() throws Exception {
    // Measuring this output runs out of memory, and the size check runs outside the step's guard.
    JsonNode hungryOutput =
        new TextNode("large") {
          @Override
          public String textValue() {
            throw new OutOfMemoryError("Java heap space");
          }
        };
    CompiledWorkflow hungry =
        withStep(context -> new StepResult(Json.object(), hungryOutput)).withSeed(3);
    assertThatThrownBy(
            () -> new FakeTime().executor(postgres.store()).run(hungry, ExecutionListener.NONE))
        .isInstanceOf(OutOfMemoryError.class); // Main turns it into OUT_OF_MEMORY, exit 3
    String runId = hungry.runId("");
    // Not recorded as failed: having committed nothing, the new run was not stored at all.
    assertThat(catchThrowableOfType(WorkflowFailure.class, () -> postgres.store().readRun(runId)))
        .hasMessageContaining("does not exist");

    CompiledWorkflow fed =
        withStep(context -> new StepResult(Json.object(), Json.NODES.textNode("small")))
            .withSeed(3);
    RunResult resumed = new FakeTime().executor(postgres.store()).run(fed, ExecutionListener.NONE);
    assertThat(resumed.runId()).isEqualTo(runId);
    assertThat(resumed.success()).isTrue();
  }

  private static CompiledWorkflow withStep(Step step) {
    CompiledWorkflow workflow =
        compileYaml(workflowYaml("custom", "- {name: only, kind: transform, expr: '1'}"));
    CompiledStep only = workflow.steps().get(0);
    return workflow.withSteps(List.of(only.runBy(step)));
  }

  @Test
  void aSchemaWithoutTheEnginesTablesIsASchemaMismatch() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(TestDatabase.JDBC_URL);
    config.setSchema("no_such_schema");
    try (HikariDataSource empty = new HikariDataSource(config)) {
      WorkflowFailure failure =
          catchThrowableOfType(
              WorkflowFailure.class,
              () ->
                  new PostgresCheckpointStore(empty)
                      .openRun(
                          new RunDefinition(
                              "run-x",
                              "ns",
                              "wf",
                              "t",
                              1,
                              "d".repeat(64),
                              "{}",
                              1,
                              Instant.now())));
      assertThat(failure.code()).isEqualTo(FailureCode.DB_SCHEMA_MISMATCH);
      assertThat(failure.getMessage()).contains("SQLState 42P01");
    }
  }

  @Test
  void aPoolWithEveryConnectionBusyIsPoolExhausted() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(TestDatabase.JDBC_URL);
    config.setSchema(postgres.database().config().schema());
    config.setMaximumPoolSize(1);
    config.setConnectionTimeout(250);
    try (HikariDataSource tiny = new HikariDataSource(config);
        Connection held = tiny.getConnection()) {
      WorkflowFailure failure =
          catchThrowableOfType(
              WorkflowFailure.class, () -> new PostgresCheckpointStore(tiny).readRun("run-x"));
      assertThat(failure.code()).isEqualTo(FailureCode.DB_POOL_EXHAUSTED);
      assertThat(held.isValid(1)).isTrue();
    }
  }

  @Test
  void aRunThatIsNotThereIsRunNotFound() {
    WorkflowFailure failure =
        catchThrowableOfType(WorkflowFailure.class, () -> postgres.store().readRun("run-missing"));
    assertThat(failure.code()).isEqualTo(FailureCode.RUN_NOT_FOUND);
  }
}
