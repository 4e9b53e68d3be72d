package io.shadowflow.operator.deploy;

/** Manifests the deploy tests run the operator through. */
final class Scenario {
  /** A ShadowRun replaying the Workflow {@code orders}. */
  static final String SHADOW_RUN =
      """
      apiVersion: shadowflow.io/v1alpha1
      kind: ShadowRun
      metadata: {name: nightly}
      spec:
        workflowRef: {name: orders}
        seeds: {from: 0, count: 10}
        iterations: 1
        workers: 2
        mode: replay
      """;

  private Scenario() {}
}
