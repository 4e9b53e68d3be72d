package io.shadowflow.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.e2e.Kubectl;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Manifests that cannot run: each one is told why, and the runs beside it go on. */
class BadInputTest {
  private static final Duration RUN = Duration.ofSeconds(60);
  private static final String VALID = "{.status.conditions[?(@.type==\"Valid\")]}";

  @RegisterExtension static final Shadowflow shadowflow = new Shadowflow();

  @Test
  void kubectlShowsTheSchemaViolationsOfAManifestTheCrdRejects() {
    Kubectl kubectl = shadowflow.kubectl();
    String namespace = shadowflow.namespace();
    kubectl.apply(Manifests.sleepy("neighbour", namespace, "1s"));
    String broken =
        """
        apiVersion: shadowflow.io/v1alpha1
        kind: Workflow
        metadata: {name: broken, namespace: %s}
        spec:
          seed: lots
          steps: []
        """
            .formatted(namespace);

    Kubectl.Result result = kubectl.runWithInput(broken, "apply", "-f", "-");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err())
        .contains("The Workflow \"broken\" is invalid")
        .contains("spec.type: Required value")
        .contains("spec.seed: Invalid value: \"string\": spec.seed in body must be of type integer")
        .contains("spec.steps: Invalid value: 0: spec.steps in body should have at least 1 items");
    assertThat(kubectl.run("get", "wf", "broken").err()).contains("NotFound");
    kubectl.awaitValue("wf", "neighbour", "{.status.phase}", "Succeeded", RUN);
  }

  @Test
  void anExpressionThatDoesNotCompileFailsItsWorkflowWithAValidConditionAndNothingElse() {
    Kubectl kubectl = shadowflow.kubectl();
    String namespace = shadowflow.namespace();
    String manifest = Manifests.sleepy("neighbour", namespace, "1s");
    kubectl.apply(manifest);
    kubectl.apply(
        """
        apiVersion: shadowflow.io/v1alpha1
        kind: Workflow
        metadata: {name: uncompilable, namespace: %s}
        spec:
          type: broken
          steps:
            - {name: total, kind: transform, expr: 'input.qty *'}
        """
            .formatted(namespace));

    kubectl.awaitValue("wf", "uncompilable", "{.status.phase}", "Failed", RUN);
    String valid = kubectl.jsonpath("wf", "uncompilable", VALID);
    assertThat(valid)
        .contains("\"status\":\"False\"")
        .contains("spec.steps[0].expr: does not compile");
    assertThat(kubectl.jsonpath("wf", "uncompilable", "{.status.error.code}"))
        .isEqualTo("MANIFEST_INVALID");
    assertThat(kubectl.ok("get", "jobs", "-l", "shadowflow.io/workflow=uncompilable", "-o", "name"))
        .isBlank();
    kubectl.awaitValue("wf", "neighbour", "{.status.phase}", "Succeeded", RUN);
    assertThat(kubectl.jsonpath("wf", "neighbour", "{.status.workflowHash}"))
        .isEqualTo(EngineCli.inMemoryHash(manifest));
  }
}
