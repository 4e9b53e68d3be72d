package io.shadowflow.engine.signal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.testing.Manifests;
import org.junit.jupiter.api.Test;

/**
 * The signals a run waits for come from its own step tree at any depth, not from a child workflow's
 * steps (the child waits in its own run) nor from data that looks like a step.
 */
class WaitStepsTest {
  @Test
  void theRunsOwnWaitsAtAnyDepthCountAndAChildsDoNot() {
    JsonNode spec =
        Manifests.compileYaml(
                """
            apiVersion: shadowflow.io/v1alpha1
            kind: Workflow
            metadata: {name: waits}
            spec:
              type: waits
              input: {decoy: {kind: wait, signal: in-input}}
              steps:
                - {name: top, kind: wait, signal: top}
                - name: both
                  kind: parallel
                  branches:
                    - name: a
                      steps: [{name: inBranch, kind: wait, signal: in-branch}]
                - name: each
                  kind: forEach
                  items: '[1, 2]'
                  steps: [{name: inLoop, kind: wait, signal: in-loop}]
                - name: child
                  kind: workflow
                  steps: [{name: inChild, kind: wait, signal: in-child}]
              finally:
                - {name: last, kind: wait, signal: in-cleanup}
            """)
            .definition();

    assertThat(WaitSteps.signals(spec))
        .containsExactly("in-branch", "in-cleanup", "in-loop", "top");
    assertThat(WaitSteps.of(spec))
        .extracting(wait -> wait.path("name").asText())
        .containsExactly("top", "inBranch", "inLoop", "last");
  }
}
