package io.shadowflow.engine.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.engine.checkpoint.StepRecord;
import io.shadowflow.engine.exec.RunDefinitions;
import io.shadowflow.engine.exec.RunOptions;
import io.shadowflow.engine.exec.RunResult;
import io.shadowflow.engine.exec.WorkflowExecutor;
import io.shadowflow.engine.golden.RunRecorder;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.testing.LocalHttpServer;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.engine.testing.PostgresStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RunForksTest {
  @RegisterExtension final PostgresStore postgres = new PostgresStore();
  @RegisterExtension final LocalHttpServer server = LocalHttpServer.start();

  /**
   * steps/0 calls a service, steps/1 plans three steps (one of them a call) that take sequence
   * numbers 2 to 4, and the restart point {@code b} at index 2 has sequence number 5.
   */
  private CompiledWorkflow planThenRestartPoint() {
    return Manifests.compileYaml(
        Manifests.workflowYaml(
            "forked",
            """
            - {name: a, kind: http, method: POST, url: '%1$s', body: '{"a": 1}'}
            - name: plan
              kind: plan
              planner:
                type: static
                allowHttp: true
                steps:
                  - {name: p1, kind: transform, expr: '"p1"'}
                  - {name: p2, kind: http, method: POST, url: '%1$s', body: '{"p": 2}'}
                  - {name: p3, kind: random, choice: [x, y]}
            - {name: b, kind: transform, expr: 'steps.p2.output.body.echo.p + 1'}
            - {name: c, kind: http, method: POST, url: '%1$s', body: '{"c": steps.b.output}'}
            """
                .formatted(server.url("/call"))));
  }

  @Test
  void aForkAfterAPlanStepReusesThePlannedStepsAndTheirCallsAndExecutesFromTheRestartPoint()
      throws Exception {
    CompiledWorkflow workflow = planThenRestartPoint();
    var executor = new WorkflowExecutor(postgres.store());
    RunResult source = executor.run(workflow, new RunRecorder());
    assertThat(source.success()).isTrue();
    assertThat(server.requests()).hasSize(3);
    assertThat(postgres.store().readRun(source.runId()).committed("steps/2").orElseThrow().seq())
        .as("planned steps take sequence numbers before b")
        .isEqualTo(5);

    RunOptions restart = new RunOptions("restart/" + source.runId() + "/b");
    var fork = RunDefinitions.of(workflow, restart, Instant.now());
    new RunForks(postgres.database().dataSource()).fork(fork, source.runId(), 2);
    new RunForks(postgres.database().dataSource()).fork(fork, source.runId(), 2);

    List<StepRecord> copied = postgres.store().readRun(fork.runId()).steps();
    assertThat(copied)
        .extracting(StepRecord::path)
        .containsExactly(
            "steps/0", "steps/1", "steps/1/steps/0", "steps/1/steps/1", "steps/1/steps/2");
    assertThat(copied)
        .as("the recorded external results come along")
        .filteredOn(s -> s.kind().equals("http"))
        .allSatisfy(s -> assertThat(s.external()).isNotNull());

    RunResult forked = executor.run(workflow, restart, new RunRecorder());
    assertThat(forked.success()).isTrue();
    assertThat(forked.restoredSteps()).isEqualTo(5);
    assertThat(server.requests())
        .as("a and p2 are not called again; only c, after the restart point, is")
        .hasSize(4);
    assertThat(forked.stepHashes()).isEqualTo(source.stepHashes());
  }
}
