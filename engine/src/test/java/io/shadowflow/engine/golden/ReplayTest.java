package io.shadowflow.engine.golden;

import static io.shadowflow.engine.testing.GoldenRecords.withStep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shadowflow.engine.exec.WorkflowExecutor;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.model.InvalidManifestException;
import io.shadowflow.engine.testing.LocalHttpServer;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.engine.testing.Workflows;
import org.junit.jupiter.api.Test;

class ReplayTest {
  private final RecordingExecutor executor =
      new RecordingExecutor(WorkflowExecutor.defaultHttpClient());

  @Test
  void replayServesRecordedResponsesAndCallsNothing() throws Exception {
    CompiledWorkflow workflow;
    GoldenRecord golden;
    try (LocalHttpServer server = new LocalHttpServer()) {
      workflow = Workflows.calling(server.url("/notify"));
      golden = executor.run(workflow);
      assertThat(server.requests()).hasSize(1);
      ReplayReport report = executor.replayAndCompare(workflow, golden);
      assertThat(report.divergence()).isEmpty();
      assertThat(server.requests()).as("a replay sends nothing").hasSize(1);
    }
    assertThat(golden.success()).isTrue();
    assertThat(golden.steps().get(1).external().toString())
        .isEqualTo("{\"response\":{\"result\":{\"status\":200,\"body\":{\"echo\":{\"p\":9}}}}}");
    // The server is gone: a replay still reproduces the run from the record alone.
    ReplayReport offline = executor.replayAndCompare(workflow, golden);
    assertThat(offline.divergence()).isEmpty();
    assertThat(offline.actual().workflowHash()).isEqualTo(golden.workflowHash());
  }

  @Test
  void replayReproducesAFailedCallFromTheRecord() throws Exception {
    Recorded recorded = recordAgainstAServerAnswering(503);
    CompiledWorkflow workflow = recorded.workflow();
    GoldenRecord golden = recorded.golden();
    assertThat(golden.errorCode()).isEqualTo("HTTP_503");
    assertThat(golden.failedStep()).isEqualTo("steps/1");
    assertThat(golden.failedStepExternal()).isNotNull();
    ReplayReport replay = executor.replayAndCompare(workflow, golden);
    assertThat(replay.divergence()).isEmpty();
    assertThat(replay.actual().errorCode()).isEqualTo("HTTP_503");
  }

  @Test
  void replayReproducesATransportFailureFromTheRecord() throws Exception {
    String closedPort;
    try (LocalHttpServer server = new LocalHttpServer()) {
      closedPort = server.url("/notify");
    }
    CompiledWorkflow workflow = Workflows.calling(closedPort);
    GoldenRecord golden = executor.run(workflow);
    assertThat(golden.errorCode()).isEqualTo("CONNECTION_REFUSED");
    assertThat(golden.failedStepExternal().path("response").path("failure").path("code").asText())
        .isEqualTo("CONNECTION_REFUSED");
    assertThat(executor.replayAndCompare(workflow, golden).divergence()).isEmpty();
  }

  @Test
  void replayWithoutARecordedResultFailsAsADeterminismViolation() throws Exception {
    Recorded recorded = recordAgainstAServerAnswering(200);
    CompiledWorkflow workflow = recorded.workflow();
    GoldenRecord golden = recorded.golden();
    GoldenRecord withoutExternals = withStep(golden, 1, withoutExternal(golden.steps().get(1)));
    ReplayReport replay = executor.replayAndCompare(workflow, withoutExternals);
    assertThat(replay.actual().errorCode()).isEqualTo("DETERMINISM_VIOLATION");
    assertThat(replay.divergence()).get().extracting(Divergence::at).isEqualTo("steps/1");
  }

  @Test
  void aDivergenceNamesTheFirstDivergingStepSideBySideWithADiff() throws Exception {
    CompiledWorkflow workflow = Manifests.compileExample("reference-workflow.yaml");
    GoldenRecord golden = executor.run(workflow);
    GoldenStep pick = golden.steps().get(1);
    GoldenStep tampered =
        new GoldenStep(
            pick.seq(),
            pick.path(),
            pick.name(),
            pick.kind(),
            pick.input(),
            Json.NODES.textNode("purple"),
            null,
            "0".repeat(64));
    ReplayReport replay = executor.replayAndCompare(workflow, withStep(golden, 1, tampered));

    Divergence divergence = replay.divergence().orElseThrow();
    assertThat(divergence.at()).isEqualTo("steps/1");
    assertThat(divergence.name()).isEqualTo("pick");
    assertThat(divergence.expected().path("output").asText()).isEqualTo("purple");
    assertThat(divergence.actual().path("output").asText()).isEqualTo(pick.output().asText());
    String report = DivergenceReport.render(divergence);
    assertThat(report)
        .contains("first diverging step: steps/1 (pick)")
        .containsPattern(
            "\"output\" : \"purple\",\\s+\\|\\s+\"output\" : \"" + pick.output().asText())
        .contains("--- expected", "+++ actual", "-  \"output\" : \"purple\"");
  }

  @Test
  void replayWithAnotherWorkflowIsRefusedWithTheFix() throws Exception {
    GoldenRecord golden = executor.run(Manifests.compileExample("reference-workflow.yaml"));
    InvalidManifestException refused =
        catchThrowableOfType(
            InvalidManifestException.class,
            () -> executor.replay(Workflows.nonDeterministicAtStep2(), golden));
    assertThat(refused.getMessage())
        .contains("is not the one golden record " + golden.runId())
        .contains("replay it with that manifest");
  }

  /** A workflow with an http step, and its golden record. */
  private record Recorded(CompiledWorkflow workflow, GoldenRecord golden) {}

  /** Records a run against a server that is gone when the record is returned. */
  private Recorded recordAgainstAServerAnswering(int status) throws Exception {
    try (LocalHttpServer server = new LocalHttpServer()) {
      server.answerWith(status);
      CompiledWorkflow workflow = Workflows.calling(server.url("/notify"));
      return new Recorded(workflow, executor.run(workflow));
    }
  }

  /** {@code step} as if its call had not been recorded. */
  private static GoldenStep withoutExternal(GoldenStep step) {
    return new GoldenStep(
        step.seq(),
        step.path(),
        step.name(),
        step.kind(),
        step.input(),
        step.output(),
        Json.object(),
        step.stepHash());
  }
}
