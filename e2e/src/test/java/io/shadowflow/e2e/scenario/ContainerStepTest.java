package io.shadowflow.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.e2e.Kubectl;
import io.shadowflow.operator.containers.ContainerStepPods;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Container steps through the operator: the engine pod asks, the operator runs the step as a pod
 * (init container, then the output container), and the engine reads back its output. The pod runner
 * runs the step's own command on this machine, as {@code ./shadowflow dev} does.
 */
class ContainerStepTest {
  private static final Duration RUN = Duration.ofSeconds(90);

  @RegisterExtension static final Shadowflow shadowflow = new Shadowflow();
  @TempDir Path temp;

  @Test
  void itsPodsOutputGivesTheHashOfALocalRun() {
    Kubectl kubectl = shadowflow.kubectl();
    String manifest =
        workflow(
            "echo",
            "echo 'resizing' >&2; printf '{\"got\": %s}' \"$(cat \"$SHADOWFLOW_INPUT\")\""
                + " > \"$SHADOWFLOW_OUTPUT\"");

    kubectl.apply(manifest);

    kubectl.awaitValue("wf", "echo", "{.status.phase}", "Succeeded", RUN);
    assertThat(kubectl.jsonpath("wf", "echo", "{.status.workflowHash}"))
        .as("the pod's output is what the same command gives a local run")
        .isEqualTo(EngineCli.inMemoryHash(manifest));
    await(() -> pods(kubectl, ContainerStepPods.COMPONENT).isEmpty());
  }

  @Test
  void anEngineKilledMidStepResumesWithoutRunningItAgain() throws IOException {
    Kubectl kubectl = shadowflow.kubectl();
    Path runs = temp.resolve("runs");
    Path gate = temp.resolve("gate");
    kubectl.apply(
        workflow(
            "killed",
            "echo x >> '%s'; while [ ! -e '%s' ]; do sleep 0.1; done; echo '\"done\"' > \"$SHADOWFLOW_OUTPUT\""
                .formatted(runs, gate)));
    await(() -> Files.exists(runs));
    String engine = pods(kubectl, "engine").get(0);

    assertThat(shadowflow.plane().runner().killProcess(engine)).isTrue();
    await(() -> pods(kubectl, "engine").size() == 2);
    Files.createFile(gate);

    kubectl.awaitValue("wf", "killed", "{.status.phase}", "Succeeded", RUN);
    assertThat(Files.readAllLines(runs)).as("the step ran once").hasSize(1);
  }

  @Test
  void aStepThatFailsFailsItsWorkflowWithTheCodeAndItsLastLines() {
    Kubectl kubectl = shadowflow.kubectl();
    kubectl.apply(workflow("broken", "echo 'no such table: orders' >&2; exit 3"));

    kubectl.awaitValue("wf", "broken", "{.status.phase}", "Failed", RUN);
    assertThat(kubectl.jsonpath("wf", "broken", "{.status.error.code}"))
        .isEqualTo("CONTAINER_FAILED");
    assertThat(kubectl.jsonpath("wf", "broken", "{.status.error.message}"))
        .contains("exited 3")
        .contains("no such table: orders");
  }

  @Test
  void anImageThatCannotBePulledIsAMissingImage() {
    Kubectl kubectl = shadowflow.kubectl();
    // The pod runner has no command for an image whose step names none: ErrImagePull.
    kubectl.apply(workflow("unpulled", "true").replace("      command: [bash, -c, 'true']\n", ""));

    kubectl.awaitValue("wf", "unpulled", "{.status.phase}", "Failed", RUN);
    assertThat(kubectl.jsonpath("wf", "unpulled", "{.status.error.code}"))
        .isEqualTo("CONTAINER_IMAGE_MISSING");
    assertThat(kubectl.jsonpath("wf", "unpulled", "{.status.error.message}"))
        .contains("example.com/steps/shell:1");
  }

  @Test
  void aStepsPodDeletedBeforeItEndsFailsTheStep() {
    Kubectl kubectl = shadowflow.kubectl();
    kubectl.apply(workflow("deleted", "sleep 600"));
    await(() -> !pods(kubectl, ContainerStepPods.COMPONENT).isEmpty());

    kubectl.ok("delete", "pod", pods(kubectl, ContainerStepPods.COMPONENT).get(0));

    kubectl.awaitValue("wf", "deleted", "{.status.phase}", "Failed", RUN);
    assertThat(kubectl.jsonpath("wf", "deleted", "{.status.error.code}"))
        .isEqualTo("CONTAINER_KILLED");
  }

  @Test
  void aShadowRunCatchesAContainerWhoseOutputDrifts() {
    Kubectl kubectl = shadowflow.kubectl();
    String namespace = shadowflow.namespace();
    kubectl.apply(
        workflow("stamped", "echo \"\\\"$(date +%N)\\\"\" > \"$SHADOWFLOW_OUTPUT\"")
            .replace("  seed: 5\n", "  seed: 5\n  replicas: 0\n"));
    kubectl.apply(Manifests.shadowRun("stamped-shadow", namespace, "stamped", 2));

    kubectl.await(
        "sr",
        "stamped-shadow",
        "{.status.phase}",
        phase -> phase.equals("Succeeded") || phase.equals("Failed"),
        RUN);

    assertThat(Long.parseLong(kubectl.jsonpath("sr", "stamped-shadow", "{.status.mismatches}")))
        .isPositive();
    assertThat(
            kubectl.jsonpath("sr", "stamped-shadow", "{.status.lastMismatch.firstDivergingStep}"))
        .isEqualTo("steps/1");
    await(() -> pods(kubectl, ContainerStepPods.COMPONENT).isEmpty());
  }

  private static String workflow(String name, String script) {
    return """
        apiVersion: shadowflow.io/v1alpha1
        kind: Workflow
        metadata:
          name: %s
          namespace: %s
        spec:
          type: containers
          seed: 5
          input: {qty: 2}
          steps:
            - {name: price, kind: transform, expr: '{"price": input.qty * 3}'}
            - name: step
              kind: container
              image: example.com/steps/shell:1
              command: [bash, -c, '%s']
              input: steps.price.output
            - {name: after, kind: transform, expr: 'steps.step.output'}
        """
        .formatted(name, shadowflow.namespace(), script.replace("'", "''"));
  }

  /** The pods of one shadowflow component in the test's namespace. */
  private static List<String> pods(Kubectl kubectl, String component) {
    String names =
        kubectl
            .ok(
                "get",
                "pods",
                "-l",
                "app.kubernetes.io/component=" + component,
                "-o",
                "jsonpath={.items[*].metadata.name}")
            .trim();
    return names.isEmpty() ? List.of() : List.of(names.split(" "));
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + RUN.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited too long").isLessThan(deadline);
      Kubectl.sleep(Duration.ofMillis(100));
    }
  }
}
