package io.shadowflow.engine.exec;

import static io.shadowflow.engine.testing.Manifests.compileYaml;
import static io.shadowflow.engine.testing.Manifests.workflowYaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.api.StepSpec;
import io.shadowflow.engine.model.CompiledStep;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.model.Problems;
import io.shadowflow.engine.model.Step;
import io.shadowflow.engine.model.StepKind;
import io.shadowflow.engine.testing.FailureRows;
import io.shadowflow.engine.testing.FakeTime;
import io.shadowflow.engine.testing.LocalHttpServer;
import io.shadowflow.engine.testing.PostgresStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every attempt has a time limit: the step's timeout, or its kind's default when it sets none. */
class StepTimeoutTest {
  @RegisterExtension final PostgresStore postgres = new PostgresStore();
  @RegisterExtension final LocalHttpServer server = LocalHttpServer.start();

  @Test
  void everyKindHasADefaultTimeout() {
    CompiledWorkflow workflow =
        compileYaml(
            workflowYaml(
                "defaults",
                """
                - {name: call, kind: http, url: 'http://127.0.0.1:1/'}
                - {name: nap, kind: sleep, duration: 2s}
                - {name: sum, kind: transform, expr: '1 + 1'}
                """));
    assertThat(workflow.steps())
        .extracting(step -> step.kind().defaultTimeout(step.spec()))
        .containsExactly(
            Duration.ofSeconds(30), Duration.ofMinutes(5).plusSeconds(2), Duration.ofMinutes(5));
  }

  @Test
  void aBodyTrickledPastTheDefaultTimeoutIsCutByIt() throws Exception {
    server.answerStreamed(1_000, Duration.ofMillis(100)); // 100 s for the whole body
    CompiledWorkflow workflow =
        compileYaml(
            workflowYaml(
                "trickle",
                """
                - name: call
                  kind: http
                  url: '%s'
                  retry: [{errors: [STEP_TIMEOUT], maxAttempts: 2}]
                """
                    .formatted(server.url("/slow"))));
    long started = System.nanoTime();
    RunResult result =
        new FakeTime()
            .executor(postgres.store())
            .run(withDefaultTimeoutOfOneSecond(workflow), ExecutionListener.NONE);

    assertThat(result.errorCode()).isEqualTo("STEP_TIMEOUT");
    assertThat(result.errorMessage()).contains("1s (the default of kind http)");
    assertThat(FailureRows.of(postgres.database(), result.runId()))
        .containsExactly("steps/0#1 STEP_TIMEOUT TRANSIENT", "steps/0#2 STEP_TIMEOUT TRANSIENT");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
  }

  /** The same steps under a kind like theirs whose default is one second, to wait less than 30. */
  private static CompiledWorkflow withDefaultTimeoutOfOneSecond(CompiledWorkflow workflow) {
    CompiledStep call = workflow.steps().get(0);
    StepKind impatient =
        new StepKind() {
          @Override
          public String name() {
            return call.kind().name();
          }

          @Override
          public Set<String> fields() {
            return call.kind().fields();
          }

          @Override
          public Step compile(StepSpec spec, String path, Problems problems) {
            return call.kind().compile(spec, path, problems);
          }

          @Override
          public Duration defaultTimeout(StepSpec spec) {
            return Duration.ofSeconds(1);
          }
        };
    return workflow.withSteps(List.of(call.ofKind(impatient)));
  }
}
