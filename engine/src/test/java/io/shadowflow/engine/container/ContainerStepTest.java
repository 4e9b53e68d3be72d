package io.shadowflow.engine.container;

import static io.shadowflow.engine.testing.Cli.shadowflow;
import static io.shadowflow.engine.testing.Manifests.compileYaml;
import static io.shadowflow.engine.testing.Manifests.workflowYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowflow.engine.cli.Main;
import io.shadowflow.engine.exec.ExecutionListener;
import io.shadowflow.engine.exec.RunOptions;
import io.shadowflow.engine.exec.RunResult;
import io.shadowflow.engine.exec.WorkflowExecutor;
import io.shadowflow.engine.golden.GoldenRecord;
import io.shadowflow.engine.golden.RecordingExecutor;
import io.shadowflow.engine.golden.ReplayReport;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.model.InvalidManifestException;
import io.shadowflow.engine.secret.SecretDirectory;
import io.shadowflow.engine.testing.Cli;
import io.shadowflow.engine.testing.PostgresStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Container steps run locally as processes (as in the CLI): input and output through the files the
 * two variables name, each way of failing mapped to its catalog code, and the output recorded so
 * that nothing runs the container twice for one committed step.
 */
class ContainerStepTest {
  @RegisterExtension final PostgresStore postgres = new PostgresStore();
  @TempDir Path temp;

  @Test
  void theContainerReadsItsInputFileAndItsOutputIsTheStepsOutput() throws Exception {
    RunResult result =
        run(
            "echo 'resizing' >&2; printf '{\"got\": %s, \"greeting\": \"%s\"}' \"$(cat"
                + " \"$SHADOWFLOW_INPUT\")\" \"$GREETING\" > \"$SHADOWFLOW_OUTPUT\"",
            """
            input: '{"qty": input.qty * 2}'
            env: [{name: GREETING, value: hello}]
            """);
    assertThat(result.success()).as(result.errorMessage()).isTrue();
    assertThat(output(result)).isEqualTo("{\"got\":{\"qty\":6},\"greeting\":\"hello\"}");
  }

  @Test
  void eachWayOfFailingHasItsCode() throws Exception {
    assertThat(failure("echo 'no such table' >&2; exit 3"))
        .startsWith("CONTAINER_FAILED")
        .contains("exited 3")
        .contains("no such table");
    assertThat(failure("kill -9 $$")).startsWith("CONTAINER_KILLED").contains("signal 9");
    assertThat(failure("true")).startsWith("CONTAINER_OUTPUT_INVALID").contains("without writing");
    assertThat(failure("echo '{\"a\": 1} trailing' > \"$SHADOWFLOW_OUTPUT\""))
        .startsWith("CONTAINER_OUTPUT_INVALID")
        .contains("not one JSON document");
    assertThat(
            failure(
                "printf '\"%s\"' \"$(head -c 1100000 /dev/zero | tr '\\0' a)\""
                    + " > \"$SHADOWFLOW_OUTPUT\""))
        .startsWith("CONTAINER_OUTPUT_TOO_LARGE");
  }

  @Test
  void aCommandThatCannotStartIsAMissingImage() throws Exception {
    RunResult result =
        execute(
            steps(
                """
                - name: step
                  kind: container
                  image: ghcr.io/acme/none:1
                  command: [/no/such/program]
                """));
    assertThat(result.errorCode()).isEqualTo("CONTAINER_IMAGE_MISSING");
    assertThat(result.errorMessage()).contains("/no/such/program");
  }

  @Test
  void exitCode75IsRetried() throws Exception {
    Path tries = temp.resolve("tries");
    RunResult result =
        run(
            "echo x >> '%s'; [ $(wc -l < '%s') -ge 2 ] || exit 75; echo '\"ok\"' >"
                    .formatted(tries, tries)
                + " \"$SHADOWFLOW_OUTPUT\"",
            "retry: [{errors: [CONTAINER_RETRYABLE], maxAttempts: 3, initialInterval: 10ms}]");
    assertThat(result.success()).as(result.errorMessage()).isTrue();
    assertThat(Files.readAllLines(tries)).hasSize(2);
  }

  @Test
  void aTimeoutStopsTheProcess() throws Exception {
    Path pid = temp.resolve("pid");
    RunResult result = run("echo $$ > '%s'; exec sleep 60".formatted(pid), "timeout: 1s");
    assertThat(result.errorCode()).isEqualTo("STEP_TIMEOUT");
    long process = Long.parseLong(Files.readString(pid).strip());
    assertThat(ProcessHandle.of(process).map(ProcessHandle::isAlive))
        .as("the process is stopped with its attempt")
        .isNotEqualTo(Optional.of(true));
  }

  @Test
  void secretVariablesAreReadAtRunTimeAndRecordedByReferenceOnly() throws Exception {
    Path secrets = Files.createDirectories(temp.resolve("secrets/api"));
    Files.writeString(secrets.resolve("token"), "s3cr3t-value\n");
    CompiledWorkflow workflow =
        compileYaml(
            steps(
                step(
                    "printf '\"%s\"' \"${#TOKEN}\" > \"$SHADOWFLOW_OUTPUT\"",
                    "env: [{name: TOKEN, valueFrom: {secretKeyRef: {name: api, key: token}}}]")));
    RunResult result =
        new WorkflowExecutor(postgres.store())
            .run(
                workflow,
                RunOptions.DEFAULT.withSecrets(new SecretDirectory(temp.resolve("secrets"))),
                ExecutionListener.NONE);
    assertThat(output(result)).isEqualTo("\"12\"");
    String recorded = stepRows(result.runId());
    assertThat(recorded).contains("api/token").doesNotContain("s3cr3t-value");
  }

  @Test
  void aResumedRunAndAReplayNeverRunTheContainerAgain() throws Exception {
    Path runs = temp.resolve("runs");
    CompiledWorkflow workflow =
        compileYaml(
            steps(
                step(
                    "echo x >> '%s'; echo \"$RANDOM\" > \"$SHADOWFLOW_OUTPUT\"".formatted(runs),
                    "")));
    RunResult first = execute(workflow);
    RunResult again = execute(workflow);
    assertThat(again.restoredSteps()).isEqualTo(1);
    assertThat(again.workflowHash()).isEqualTo(first.workflowHash());

    RecordingExecutor recorder = new RecordingExecutor(WorkflowExecutor.defaultHttpClient());
    GoldenRecord golden = recorder.run(workflow);
    ReplayReport replay = recorder.replayAndCompare(workflow, golden);
    assertThat(replay.divergence()).isEmpty();
    assertThat(Files.readAllLines(runs))
        .as("one live run, one recorded; none resumed or replayed")
        .hasSize(2);
  }

  @Test
  void aCrossWorkerShadowRunRunsTheContainerAndCatchesItsDrift() throws IOException {
    Path manifest =
        Files.writeString(
            temp.resolve("drift.yaml"),
            steps(
                "- {name: first, kind: transform, expr: '1'}\n"
                    // A JSON string: as a number, nanoseconds with a leading zero are not JSON.
                    + step("printf '\"%s\"' \"$(date +%N)\" > \"$SHADOWFLOW_OUTPUT\"", "")));
    Cli.Outcome outcome =
        shadowflow(
            "shadow",
            manifest.toString(),
            "--seeds",
            "0..2",
            "--iterations",
            "2",
            "--workers",
            "2",
            "--in-memory",
            "--mode",
            "crossWorker");
    assertThat(outcome.exitCode()).as(outcome.out()).isEqualTo(Main.MISMATCH);
    assertThat(outcome.out()).contains("first diverging step: steps/1 (step)");
  }

  @Test
  void badFieldsAreNamedByPath() {
    assertThatThrownBy(
            () ->
                compileYaml(
                    steps(
                        """
                        - name: step
                          kind: container
                          image: 'Not An Image'
                          env: [{name: A, value: x, valueFrom: {secretKeyRef: {name: s, key: k}}}]
                          resources: {limits: {gpu: '1', memory: lots}}
                        """)))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("spec.steps[0].image")
        .hasMessageContaining("spec.steps[0].env[0]: give either value or valueFrom")
        .hasMessageContaining("spec.steps[0].resources.limits.gpu: not one of")
        .hasMessageContaining("spec.steps[0].resources.limits.memory: 'lots' is not a quantity");
  }

  private RunResult run(String script, String fields) throws Exception {
    return execute(steps(step(script, fields)));
  }

  private String failure(String script) throws Exception {
    RunResult result = run(script, "");
    assertThat(result.success()).isFalse();
    return result.errorCode() + ": " + result.errorMessage();
  }

  private RunResult execute(String yaml) throws Exception {
    return execute(compileYaml(yaml));
  }

  private RunResult execute(CompiledWorkflow workflow) throws Exception {
    return new WorkflowExecutor(postgres.store()).run(workflow, ExecutionListener.NONE);
  }

  private String output(RunResult result) throws SQLException {
    return query(
        "SELECT output FROM step_log WHERE run_id = ? ORDER BY seq DESC LIMIT 1", result.runId());
  }

  private String stepRows(String runId) throws SQLException {
    return query("SELECT string_agg(input || output, ' ') FROM step_log WHERE run_id = ?", runId);
  }

  private String query(String sql, String runId) throws SQLException {
    try (Connection connection = postgres.database().dataSource().getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, runId);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getString(1) : null;
      }
    }
  }

  private static String steps(String steps) {
    return workflowYaml("containers", steps);
  }

  private static String step(String script, String fields) {
    return """
        - name: step
          kind: container
          image: ghcr.io/acme/step:1
          command: [bash, -c, %s]
        %s
        """
        .formatted(quoted(script), fields.indent(2));
  }

  private static String quoted(String script) {
    return "'" + script.replace("'", "''") + "'";
  }
}
