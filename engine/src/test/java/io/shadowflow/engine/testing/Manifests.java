package io.shadowflow.engine.testing;

import io.shadowflow.engine.manifest.ManifestReader;
import io.shadowflow.engine.manifest.WorkflowCompiler;
import io.shadowflow.engine.model.CompiledWorkflow;
import java.nio.file.Path;

/** Manifests for tests: the repository's examples, or YAML written in the test. */
public final class Manifests {
  private Manifests() {}

  /** A file under the repository's {@code examples/}. */
  public static Path example(String name) {
    return repositoryRoot().resolve("examples").resolve(name);
  }

  /** The repository's top folder: the first one above the working folder with an examples/. */
  public static Path repositoryRoot() {
    Path here = Path.of("").toAbsolutePath();
    while (here != null && !here.resolve("examples").toFile().isDirectory()) {
      here = here.getParent();
    }
    if (here == null) {
      throw new IllegalStateException("no examples/ folder above " + Path.of("").toAbsolutePath());
    }
    return here;
  }

  public static CompiledWorkflow compileExample(String name) {
    return new WorkflowCompiler().compileFile(example(name), null);
  }

  public static CompiledWorkflow compileYaml(String yaml) {
    return new WorkflowCompiler().compile(ManifestReader.parse(yaml, "test"));
  }

  /**
   * Steps that wait for signal {@code approve} (a payload {@code {ok: boolean}}) and then read its
   * answer: {@code shipped} or {@code held}.
   */
  public static final String APPROVAL_STEPS =
      """
      - name: approval
        kind: wait
        signal: approve
        accepts: {type: object, required: [ok], properties: {ok: {type: boolean}}}
      - {name: after, kind: transform, expr: 'steps.approval.output.ok ? "shipped" : "held"'}
      """;

  /**
   * Steps that start two child workflows, the first succeeding with its input's {@code qty} and the
   * second failing with HTTP_422, then read both outcomes.
   */
  public static final String CHILD_WORKFLOW_STEPS =
      """
      - name: reserve
        kind: workflow
        input: '{"qty": input.qty}'
        steps:
          - {name: pick, kind: random, choice: [north, south]}
          - {name: held, kind: transform, expr: '{"warehouse": steps.pick.output, "qty": input.qty}'}
      - name: bill
        kind: workflow
        steps:
          - {name: refuse, kind: fail, code: HTTP_422, message: card declined}
      - name: summary
        kind: transform
        expr: '[steps.reserve.output.output.qty, steps.reserve.output.outcome, steps.bill.output.outcome]'
      """;

  /** A minimal Workflow manifest around the given steps (YAML list items, two-space indented). */
  public static String workflowYaml(String name, String steps) {
    return """
        apiVersion: shadowflow.io/v1alpha1
        kind: Workflow
        metadata:
          name: %s
        spec:
          type: %s
          seed: 42
          input: {item: sku-7, qty: 3}
          steps:
        %s
        """
        .formatted(name, name, steps.indent(2));
  }

  /**
   * A step list item {@code call}: a POST to {@code url} with three secrets by reference, a bearer
   * header (Secret {@code api}, key {@code token}), a query parameter ({@code api/query-key}) and a
   * body field ({@code db/password}).
   */
  public static String callWithSecrets(String url) {
    return """
        - name: call
          kind: http
          method: POST
          url: '%s'
          body: '{"item": input.item}'
          secrets:
            - {in: header, name: Authorization, prefix: 'Bearer ', valueFrom: {secretKeyRef: {name: api, key: token}}}
            - {in: query, name: api_key, valueFrom: {secretKeyRef: {name: api, key: query-key}}}
            - {in: body, name: password, valueFrom: {secretKeyRef: {name: db, key: password}}}
        """
        .formatted(url);
  }
}
