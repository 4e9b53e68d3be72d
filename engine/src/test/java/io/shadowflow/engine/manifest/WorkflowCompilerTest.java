package io.shadowflow.engine.manifest;

import static io.shadowflow.engine.testing.Manifests.compileYaml;
import static io.shadowflow.engine.testing.Manifests.workflowYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.model.InvalidManifestException;
import io.shadowflow.engine.model.Problem;
import io.shadowflow.engine.testing.Manifests;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkflowCompilerTest {
  @Test
  void compilesTheExampleWithPathsAndADefinitionHash() {
    CompiledWorkflow workflow = Manifests.compileExample("hello-workflow.yaml");
    assertThat(workflow.name()).isEqualTo("hello");
    assertThat(workflow.namespace()).isEqualTo("default");
    assertThat(workflow.seed()).isEqualTo(42);
    assertThat(workflow.steps())
        .extracting(s -> s.path())
        .containsExactly("steps/0", "steps/1", "steps/2", "steps/3", "steps/4");
    assertThat(workflow.definitionHash()).hasSize(64);
  }

  @Test
  void seedAndReplicasDoNotChangeTheDefinition() {
    String yaml = workflowYaml("wf", "- {name: a, kind: transform, expr: '1'}");
    CompiledWorkflow original = compileYaml(yaml);
    CompiledWorkflow reseeded = compileYaml(yaml.replace("seed: 42", "seed: 7\n  replicas: 0"));
    assertThat(reseeded.definitionHash()).isEqualTo(original.definitionHash());
    assertThat(compileYaml(yaml.replace("'1'", "'2'")).definitionHash())
        .isNotEqualTo(original.definitionHash());
  }

  @Test
  void reportsEveryProblemWithItsFieldPath() {
    String yaml =
        workflowYaml(
            "wf",
            """
            - {name: a, kind: transform, expr: 'input.qty +'}
            - {name: a, kind: random, choice: [x]}
            - {name: c, kind: trnsform, expr: '1'}
            - {kind: sleep, duration: 2s}
            - {name: e, kind: random, min: "low", max: 3}
            - {name: f, kind: transform, expr: '1', url: 'http://x'}
            - {name: g, kind: sleep, duration: soon}
            - {name: h, kind: fail, code: NOT_A_CODE}
            - {name: i, kind: http, url: 'ftp://x', method: FETCH}
            - {name: j, kind: random}
            """);
    InvalidManifestException e =
        catchThrowableOfType(InvalidManifestException.class, () -> compileYaml(yaml));
    List<String> paths = e.problems().stream().map(Problem::path).toList();
    assertThat(paths)
        .containsExactlyInAnyOrder(
            "spec.steps[0].expr",
            "spec.steps[1].name",
            "spec.steps[2].kind",
            "spec.steps[3].name",
            "spec.steps[4].min",
            "spec.steps[5].url",
            "spec.steps[6].duration",
            "spec.steps[7].code",
            "spec.steps[8].method",
            "spec.steps[8].url",
            "spec.steps[9]");
    assertThat(e.getMessage())
        .contains("spec.steps[0].expr: does not compile")
        .contains("'a' is already the name of spec.steps[0]")
        .contains(
            "unknown step kind 'trnsform'; known kinds: container, fail, forEach, http, parallel, plan, random, sleep, transform, wait")
        .contains("spec.steps[4].min: expected an integer")
        .contains("spec.steps[5].url: not a field of a transform step");
  }

  @Test
  void rejectsWrongHeaderAndSpecTypes() {
    String yaml =
        """
        apiVersion: shadowflow.io/v1
        kind: Workflow
        metadata: {name: Bad_Name}
        spec:
          type: ""
          seed: "42"
          replicas: 3
          input: [1, 2]
          policy: {maxSteps: 0, timeout: forever, deniedKinds: [teleport]}
          retry: {backoffCoefficient: 0.5}
          steps: []
        """;
    InvalidManifestException e =
        catchThrowableOfType(InvalidManifestException.class, () -> compileYaml(yaml));
    assertThat(e.problems().stream().map(Problem::path))
        .contains("apiVersion", "metadata.name", "spec.seed", "spec.steps");
  }

  @Test
  void bindsSpecFieldsSeparatelySoEachWrongOneIsNamed() {
    String yaml =
        workflowYaml("wf", "- {name: a, kind: transform, expr: '1'}")
            .replace(
                "seed: 42",
                "seed: 42\n  replicas: 3\n  policy: {maxSteps: 0, timeout: forever, deniedKinds: [teleport]}\n  retry: {backoffCoefficient: 0.5}");
    InvalidManifestException e =
        catchThrowableOfType(InvalidManifestException.class, () -> compileYaml(yaml));
    assertThat(e.problems().stream().map(Problem::path))
        .containsExactlyInAnyOrder(
            "spec.replicas",
            "spec.policy.maxSteps",
            "spec.policy.timeout",
            "spec.policy.deniedKinds[0]",
            "spec.retry.backoffCoefficient");
  }

  @Test
  void aNulCharacterIsRejectedWhereverItIs() {
    String yaml =
        workflowYaml(
                "wf",
                """
                - {name: a, kind: transform, expr: '1'}
                - {name: b, kind: random, choice: ["red", "gr\\0een"]}
                """)
            .replace("input: {item: sku-7, qty: 3}", "input: {\"k\\0\": 1, note: \"a\\0\"}");
    InvalidManifestException e =
        catchThrowableOfType(InvalidManifestException.class, () -> compileYaml(yaml));
    assertThat(e.problems().stream().map(Problem::path))
        .containsExactlyInAnyOrder(
            "spec.input.k\\u0000", "spec.input.note", "spec.steps[1].choice[1]");
    assertThat(e.getMessage())
        .contains("spec.input.note: contains the NUL character (U+0000)")
        .contains("remove it");
  }

  @Test
  void malformedYamlNamesLineAndColumn() {
    InvalidManifestException e =
        catchThrowableOfType(
            InvalidManifestException.class,
            () -> ManifestReader.parse("spec:\n  steps: [a\n  b: }", "wf.yaml"));
    assertThat(e.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.path()).startsWith("wf.yaml:"));
    assertThat(e.getMessage()).contains("malformed YAML");
  }
}
