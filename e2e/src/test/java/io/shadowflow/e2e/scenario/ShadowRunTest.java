package io.shadowflow.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.e2e.Kubectl;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ShadowRuns on three worker pods: a deterministic workflow passes, a drifting one is caught. */
class ShadowRunTest {
  private static final Duration RUN = Duration.ofSeconds(90);
  private static final String DETERMINISTIC =
      "{.status.conditions[?(@.type==\"Deterministic\")].status}";

  @RegisterExtension static final Shadowflow shadowflow = new Shadowflow();

  @Test
  void threeWorkersReplayADeterministicWorkflowWithoutMismatches() {
    Kubectl kubectl = shadowflow.kubectl();
    String namespace = shadowflow.namespace();
    kubectl.apply(Manifests.sleepy("steady", namespace, "0s"));
    kubectl.apply(Manifests.shadowRun("steady-shadow", namespace, "steady", 3));

    kubectl.awaitValue("sr", "steady-shadow", "{.status.phase}", "Succeeded", RUN);

    assertThat(kubectl.jsonpath("sr", "steady-shadow", "{.status.workflowsReplayed}"))
        .isEqualTo("12");
    assertThat(kubectl.jsonpath("sr", "steady-shadow", "{.status.mismatches}")).isEqualTo("0");
    assertThat(kubectl.jsonpath("sr", "steady-shadow", DETERMINISTIC)).isEqualTo("True");
    assertThat(kubectl.ok("get", "pods", "-o", "name").lines().filter(p -> p.contains("shadow")))
        .hasSize(3);
  }

  @Test
  void aNonDeterministicStepIsCountedAndNamedAsTheFirstDivergingStep() {
    Kubectl kubectl = shadowflow.kubectl();
    String namespace = shadowflow.namespace();
    kubectl.apply(Manifests.drifting("drifting", namespace));
    kubectl.apply(Manifests.shadowRun("drifting-shadow", namespace, "drifting", 3));

    kubectl.await(
        "sr",
        "drifting-shadow",
        "{.status.phase}",
        p -> p.equals("Succeeded") || p.equals("Failed"),
        RUN);

    assertThat(Long.parseLong(kubectl.jsonpath("sr", "drifting-shadow", "{.status.mismatches}")))
        .isPositive();
    // The engine records the diverging step by its path: steps/1 is the wallclock step.
    assertThat(
            kubectl.jsonpath("sr", "drifting-shadow", "{.status.lastMismatch.firstDivergingStep}"))
        .isEqualTo("steps/1");
    assertThat(kubectl.jsonpath("sr", "drifting-shadow", DETERMINISTIC)).isEqualTo("False");
  }
}
