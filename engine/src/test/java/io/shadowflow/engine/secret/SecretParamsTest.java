package io.shadowflow.engine.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.InvalidManifestException;
import io.shadowflow.engine.testing.Manifests;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretParamsTest {
  @TempDir Path dir;

  private static String httpStep(String secrets) {
    return Manifests.workflowYaml(
        "keyed",
        """
        - name: call
          kind: http
          url: https://api.example.com/v1/things
          secrets:
        %s"""
            .formatted(secrets.indent(4)));
  }

  @Test
  void wrongReferencesAreRejectedNamingTheFieldAndTheFix() {
    String wrong =
        """
        - {in: cookie, name: a, valueFrom: {secretKeyRef: {name: api, key: token}}}
        - {in: header, name: 'X Key', valueFrom: {secretKeyRef: {name: api, key: token}}}
        - {in: query, name: k, valueFrom: {secretKeyRef: {name: '$(SHADOWFLOW_DB_PASSWORD)', key: t}}}
        - {in: query, name: j, valueFrom: {secretKeyRef: {name: api, key: '..'}}}
        - {in: body, name: b}
        """;
    assertThatThrownBy(() -> Manifests.compileYaml(httpStep(wrong)))
        .isInstanceOf(InvalidManifestException.class)
        // The CRD's bounds are checked first, by the same reader the CLI and the operator use.
        .hasMessageContaining("spec.steps[0].secrets[0].in: 'cookie' does not match ^(header|query")
        .hasMessageContaining("spec.steps[0].secrets[1].name: 'X Key' does not match")
        .hasMessageContaining("spec.steps[0].secrets[2].valueFrom.secretKeyRef.name: '$(SHADOW")
        .hasMessageContaining("spec.steps[0].secrets[3].valueFrom.secretKeyRef.key: '..' does not")
        .hasMessageContaining("spec.steps[0].secrets[4].valueFrom.secretKeyRef: required");
  }

  @Test
  void atMostSixteenParametersAndNoneTwice() {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i <= SecretParams.MAX; i++) {
      many.append(
          "- {in: header, name: h%d, valueFrom: {secretKeyRef: {name: api, key: t}}}\n"
              .formatted(i));
    }
    assertThatThrownBy(() -> Manifests.compileYaml(httpStep(many.toString())))
        .hasMessageContaining(
            "spec.steps[0].secrets: has 17 items; at most 16 (the CRD's maxItems)");
    String twice =
        """
        - {in: header, name: X-Key, valueFrom: {secretKeyRef: {name: api, key: a}}}
        - {in: header, name: X-Key, valueFrom: {secretKeyRef: {name: api, key: b}}}
        """;
    assertThatThrownBy(() -> Manifests.compileYaml(httpStep(twice)))
        .hasMessageContaining("spec.steps[0].secrets[1].name: header X-Key is given twice");
  }

  @Test
  void theDefinitionHoldsTheReferenceAndNotTheValue() throws IOException {
    write("api", "token", "s3cr3t-value\n");
    var workflow =
        Manifests.compileYaml(
            httpStep(
                "- {in: header, name: Authorization, prefix: 'Bearer ', valueFrom: {secretKeyRef: {name: api, key: token}}}"));
    String definition = Json.write(workflow.definition());
    assertThat(definition).contains("\"name\":\"api\"").contains("\"key\":\"token\"");
    assertThat(definition).doesNotContain("s3cr3t");
  }

  @Test
  void valuesAreReadFromNameSlashKeyWithoutTheTrailingNewline() throws IOException {
    write("api", "token", "s3cr3t\n");
    var params =
        compiled(
            "- {in: query, name: api_key, prefix: 'k-', valueFrom: {secretKeyRef: {name: api, key: token}}}");
    SecretParams.Values values = params.resolve(new SecretDirectory(dir), "steps/0");
    assertThat(values.query()).containsExactly(Map.entry("api_key", "k-s3cr3t"));
    assertThat(values.headers()).isEmpty();
    assertThat(Json.write(params.references()))
        .isEqualTo("[{\"in\":\"query\",\"name\":\"api_key\",\"secret\":\"api/token\"}]");
  }

  @Test
  void aMissingKeyIsSecretNotFoundNamingTheReference() {
    var params =
        compiled("- {in: header, name: X-Key, valueFrom: {secretKeyRef: {name: api, key: token}}}");
    assertThatThrownBy(() -> params.resolve(new SecretDirectory(dir), "steps/0"))
        .isInstanceOfSatisfying(
            WorkflowFailure.class,
            f -> assertThat(f.code()).isEqualTo(FailureCode.SECRET_NOT_FOUND))
        .hasMessageContaining("steps/0: Secret api key token");
    assertThatThrownBy(() -> params.resolve(SecretDirectory.NONE, "steps/0"))
        .hasMessageContaining("no secrets folder (set --secrets-dir or SHADOWFLOW_SECRETS_DIR)");
  }

  @Test
  void queriesGoIntoTheUrlEncodedAndComeOutOfMessages() {
    Map<String, String> params = new TreeMap<>(Map.of("api_key", "a&b=c d"));
    assertThat(UrlQueries.with(URI.create("https://h/p?x=1#f"), params))
        .hasToString("https://h/p?x=1&api_key=a%26b%3Dc+d#f");
    assertThat(UrlQueries.with(URI.create("https://h/p"), params))
        .hasToString("https://h/p?api_key=a%26b%3Dc+d");
    assertThat(UrlQueries.withoutQuery(URI.create("https://h/p?api_key=k#f")))
        .isEqualTo("https://h/p");
    assertThat(UrlQueries.strip("GET https://h/p?api_key=k answered 500; why? because"))
        .isEqualTo("GET https://h/p answered 500; why? because");
  }

  @Test
  void secretBodyFieldsNeedAnObjectBody() {
    assertThat(Json.write(SecretParams.withFields(null, Map.of("k", "v"), "steps/0")))
        .isEqualTo("{\"k\":\"v\"}");
    assertThatThrownBy(
            () -> SecretParams.withFields(Json.NODES.textNode("x"), Map.of("k", "v"), "steps/0"))
        .hasMessageContaining("steps/0: secret body fields need the body to be a JSON object");
  }

  private SecretParams compiled(String secrets) {
    var step = Manifests.compileYaml(httpStep(secrets)).steps().get(0).spec();
    return SecretParams.compile(step.secrets, "x", new io.shadowflow.engine.model.Problems());
  }

  private void write(String name, String key, String value) throws IOException {
    Files.createDirectories(dir.resolve(name));
    Files.writeString(dir.resolve(name).resolve(key), value);
  }
}
