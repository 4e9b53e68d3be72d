package io.shadowflow.engine.exec;

import static io.shadowflow.engine.testing.Manifests.compileYaml;
import static io.shadowflow.engine.testing.Manifests.workflowYaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.engine.checkpoint.InMemoryCheckpointStore;
import io.shadowflow.engine.checkpoint.RunState;
import io.shadowflow.engine.checkpoint.StepRecord;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.testing.FailureRows;
import io.shadowflow.engine.testing.LocalHttpServer;
import io.shadowflow.engine.testing.PostgresStore;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code when} skips a step whose condition is false, recording it as skipped; {@code onError:
 * continue} turns a step's failure into its output. Both are committed and hashed like any step.
 */
class ConditionsAndOnErrorTest {
  @RegisterExtension final PostgresStore postgres = new PostgresStore();
  @RegisterExtension final LocalHttpServer server = LocalHttpServer.start();

  private CompiledWorkflow orders() {
    return compileYaml(
        workflowYaml(
            "orders",
            """
            - {name: qty, kind: transform, expr: 'input.qty'}
            - {name: big, kind: http, method: POST, url: '%s', when: 'steps.qty.output > 100'}
            - {name: small, kind: http, method: POST, url: '%s', when: 'steps.qty.output <= 100'}
            - {name: stock, kind: fail, code: HTTP_404, onError: continue}
            - name: receipt
              kind: transform
              expr: '{"big": steps.big.output, "stock": steps.stock.output.error.code}'
            """
                .formatted(server.url("/big"), server.url("/small"))));
  }

  private static Map<String, StepRecord> byName(RunState state) {
    return state.steps().stream().collect(Collectors.toMap(StepRecord::name, s -> s));
  }

  @Test
  void aFalseConditionSkipsTheStepAndAContinuedFailureBecomesItsOutput() throws Exception {
    RunResult result = new WorkflowExecutor(postgres.store()).run(orders(), ExecutionListener.NONE);

    assertThat(result.success()).as(result.errorMessage()).isTrue();
    assertThat(server.requestsTo("/big")).isEmpty();
    assertThat(server.requestsTo("/small")).hasSize(1);
    Map<String, StepRecord> steps = byName(postgres.store().readRun(result.runId()));
    assertThat(steps.get("big").input())
        .isEqualTo(Json.parse("{\"skipped\": true, \"when\": \"steps.qty.output > 100\"}"));
    assertThat(steps.get("big").output().isNull()).isTrue();
    assertThat(steps.get("stock").output().get("error"))
        .isEqualTo(
            Json.parse(
                "{\"code\": \"HTTP_404\", \"category\": \"PERMANENT\","
                    + " \"message\": \""
                    + steps.get("stock").output().at("/error/message").asText()
                    + "\"}"));
    assertThat(steps.get("receipt").output())
        .isEqualTo(Json.parse("{\"big\": null, \"stock\": \"HTTP_404\"}"));
    assertThat(FailureRows.of(postgres.database(), result.runId())).hasSize(1);
  }

  @Test
  void skippedAndContinuedStepsHashTheSameInMemoryDurablyAndOnResume() throws Exception {
    String durable =
        new WorkflowExecutor(postgres.store()).run(orders(), ExecutionListener.NONE).workflowHash();
    String inMemory =
        new WorkflowExecutor(new InMemoryCheckpointStore())
            .run(orders(), ExecutionListener.NONE)
            .workflowHash();
    RunResult again = new WorkflowExecutor(postgres.store()).run(orders(), ExecutionListener.NONE);

    assertThat(inMemory).isEqualTo(durable);
    assertThat(again.workflowHash()).isEqualTo(durable);
    assertThat(again.restoredSteps()).isEqualTo(5);
    assertThat(server.requestsTo("/small")).hasSize(2); // once per store, never on resume
  }

  @Test
  void aConditionThatIsNotABooleanFailsTheRunAtItsStep() throws Exception {
    CompiledWorkflow workflow =
        compileYaml(
            workflowYaml(
                "odd",
                "- {name: a, kind: transform, expr: '1'}\n"
                    + "- {name: b, kind: transform, expr: '2', when: 'steps.a.output'}\n"));
    RunResult result = new WorkflowExecutor(postgres.store()).run(workflow, ExecutionListener.NONE);

    assertThat(result.success()).isFalse();
    assertThat(result.errorCode()).isEqualTo("CONDITION_NOT_BOOLEAN");
    assertThat(result.failedStep()).isEqualTo("steps/1");
    assertThat(result.errorMessage()).contains("steps/1 (b) when gave 1");
  }

  @Test
  void continuingDoesNotOverrideThePolicy() throws Exception {
    CompiledWorkflow workflow =
        compileYaml(
            workflowYaml(
                    "capped",
                    "- {name: a, kind: transform, expr: '1', cost: 5, onError: continue}\n")
                .replace("spec:\n", "spec:\n  policy: {budget: 2}\n"));
    RunResult result = new WorkflowExecutor(postgres.store()).run(workflow, ExecutionListener.NONE);

    assertThat(result.success()).isFalse();
    assertThat(result.errorCode()).isEqualTo("POLICY_BUDGET");
  }
}
