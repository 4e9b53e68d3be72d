package io.shadowflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.shadowflow.engine.testing.Manifests;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kubectl validates and explains our custom resources from the server's OpenAPI v3 documents, built
 * from the stored CRDs, as it does against a real cluster: no {@code --validate=false}.
 */
class KubectlOpenApiTest {
  @RegisterExtension static final ControlPlane PLANE = ControlPlane.plain();
  private static final Path ROOT = Manifests.repositoryRoot();
  private static Kubectl kubectl;

  private static final String MISSPELLED =
      """
      apiVersion: shadowflow.io/v1alpha1
      kind: Workflow
      metadata: {name: %s}
      spec:
        type: hello
        sede: 42
        steps:
          - {name: one, kind: transform, expr: '1', nmae: typo}
      """;

  @BeforeAll
  static void installCrds() {
    kubectl = PLANE.kubectl();
    assertThat(kubectl.ok("apply", "-f", ROOT.resolve("crds/generated").toString()))
        .contains("customresourcedefinition.apiextensions.k8s.io/workflows.shadowflow.io created");
    // kubectl cached discovery before the CRDs existed; explain, unlike get, does not refresh it.
    kubectl.ok("api-resources");
  }

  @Test
  void appliesTheExampleManifestsWithValidationOn() {
    String workflow =
        kubectl.ok("apply", "-f", ROOT.resolve("examples/hello-workflow.yaml").toString());
    String shadowRun =
        kubectl.ok("apply", "-f", ROOT.resolve("examples/hello-shadowrun.yaml").toString());

    assertThat(workflow).contains("workflow.shadowflow.io/hello created");
    assertThat(shadowRun).contains("shadowrun.shadowflow.io/hello-shadow created");
  }

  @Test
  void refusesMisspelledFieldsOnCreateAsARealServer() {
    Kubectl.Result result =
        kubectl.runWithInput(MISSPELLED.formatted("typo-new"), "apply", "-f", "-");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err())
        .contains(
            "Error from server (BadRequest): error when creating \"STDIN\": Workflow in version"
                + " \"v1alpha1\" cannot be handled as a Workflow: strict decoding error: unknown"
                + " field \"spec.sede\", unknown field \"spec.steps[0].nmae\"");
    assertThat(kubectl.run("get", "wf", "typo-new").err()).contains("NotFound");
  }

  @Test
  void refusesAMisspelledFieldAddedToAnExistingObject() {
    kubectl.apply(
        """
        apiVersion: shadowflow.io/v1alpha1
        kind: Workflow
        metadata: {name: typo-later}
        spec:
          type: hello
          steps:
            - {name: one, kind: transform, expr: '1'}
        """);

    Kubectl.Result result =
        kubectl.runWithInput(MISSPELLED.formatted("typo-later"), "apply", "-f", "-");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err())
        .contains("error when patching \"STDIN\": strict decoding error:")
        .contains("unknown field \"spec.sede\"")
        .contains("unknown field \"spec.steps[0].nmae\"");
    assertThat(kubectl.jsonpath("wf", "typo-later", "{.spec.steps[0]}")).doesNotContain("nmae");
  }

  @Test
  void warnsAboutMisspelledFieldsWithValidateWarn() {
    Kubectl.Result result =
        kubectl.runWithInput(
            MISSPELLED.formatted("typo-warned"), "apply", "--validate=warn", "-f", "-");

    assertThat(result.exitCode()).isZero();
    assertThat(result.err())
        .contains("Warning: unknown field \"spec.sede\"")
        .contains("Warning: unknown field \"spec.steps[0].nmae\"");
  }

  @Test
  void explainsFieldsWithTheCrdDescriptions() throws IOException {
    JsonNode spec =
        new YAMLMapper()
            .readTree(ROOT.resolve("crds/generated/workflows.shadowflow.io-v1.yml").toFile())
            .at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties");

    String steps = kubectl.ok("explain", "wf.spec.steps");
    String specFields = kubectl.ok("explain", "workflows.spec");

    assertThat(flat(steps))
        .contains("FIELD: steps <[]Object>")
        .contains(flat(spec.at("/steps/description").asText()))
        .contains(flat(spec.at("/steps/items/properties/kind/description").asText()));
    assertThat(flat(specFields))
        .contains("steps <[]Object> -required-")
        .contains(flat(spec.at("/seed/description").asText()));
    assertThat(flat(kubectl.ok("explain", "wf"))).contains("metadata <ObjectMeta>");
  }

  @Test
  void redirectsAStaleDocumentHashToTheCurrentOne() {
    String index = kubectl.ok("get", "--raw", "/openapi/v3");
    assertThat(index).contains("\"apis/shadowflow.io/v1alpha1\":{\"serverRelativeURL\":");

    String document =
        kubectl.ok("get", "--raw", "/openapi/v3/apis/shadowflow.io/v1alpha1?hash=STALE");

    assertThat(document).contains("\"io.shadowflow.v1alpha1.Workflow\"");
  }

  // kubectl wraps descriptions at 80 columns and aligns fields with tabs.
  private static String flat(String text) {
    return text.replaceAll("\\s+", " ").trim();
  }
}
