package io.shadowflow.engine.exec;

import static io.shadowflow.engine.testing.Manifests.compileYaml;
import static io.shadowflow.engine.testing.Manifests.workflowYaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.engine.checkpoint.InMemoryCheckpointStore;
import io.shadowflow.engine.checkpoint.StepRecord;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.CompiledStep;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.model.StepResult;
import io.shadowflow.engine.testing.FailureRows;
import io.shadowflow.engine.testing.FakeTime;
import io.shadowflow.engine.testing.PostgresStore;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A run cannot commit more than a step's or a run's share of data: it fails with a final code. */
class RunLimitsTest {
  @RegisterExtension final PostgresStore postgres = new PostgresStore();

  /** {@code steps} steps, each answering a text of {@code chars} ASCII characters. */
  private static CompiledWorkflow stepsAnswering(int steps, int... chars) {
    String yaml =
        IntStream.range(0, steps)
            .mapToObj(i -> "- {name: s" + i + ", kind: transform, expr: '1'}")
            .reduce((a, b) -> a + "\n" + b)
            .orElseThrow();
    CompiledWorkflow workflow = compileYaml(workflowYaml("large-" + steps, yaml));
    List<CompiledStep> sized =
        IntStream.range(0, steps)
            .mapToObj(
                i -> {
                  CompiledStep step = workflow.steps().get(i);
                  String text = "x".repeat(chars[Math.min(i, chars.length - 1)]);
                  return step.runBy(
                      context -> new StepResult(Json.object(), Json.NODES.textNode(text)));
                })
            .toList();
    return workflow.withSteps(sized);
  }

  @Test
  void aStepOutputOverTwoMibFailsTheRunWithoutRetryBeforeItIsCommitted() throws Exception {
    // The canonical form adds two quotes: 2 MiB - 2 characters is exactly at the limit.
    int limit = (int) RunLimits.MAX_STEP_OUTPUT_BYTES;
    RunResult result =
        new FakeTime()
            .executor(postgres.store())
            .run(stepsAnswering(2, limit - 2, limit - 1), ExecutionListener.NONE);

    assertThat(result.success()).isFalse();
    assertThat(result.errorCode()).isEqualTo("STEP_OUTPUT_TOO_LARGE");
    assertThat(result.failedStep()).isEqualTo("steps/1");
    assertThat(result.errorMessage()).contains("steps/1 (s1)", "2097153 bytes", "2097152");
    assertThat(postgres.store().readRun(result.runId()).steps())
        .extracting(StepRecord::path)
        .containsExactly("steps/0");
    assertThat(FailureRows.of(postgres.database(), result.runId()))
        .containsExactly("steps/1#1 STEP_OUTPUT_TOO_LARGE RESOURCE");
  }

  @Test
  void theOutputsOfARunTogetherAreCappedAtThirtyTwoMib() throws Exception {
    int stepSize = 2_000_000; // 17 of them pass 32 MiB (33,554,432 bytes)
    InMemoryCheckpointStore store = new InMemoryCheckpointStore();
    RunResult result =
        new FakeTime().executor(store).run(stepsAnswering(20, stepSize), ExecutionListener.NONE);

    assertThat(result.errorCode()).isEqualTo("RUN_TOO_LARGE");
    assertThat(result.failedStep()).isEqualTo("steps/16");
    assertThat(store.readRun(result.runId()).steps()).hasSize(16);
  }
}
