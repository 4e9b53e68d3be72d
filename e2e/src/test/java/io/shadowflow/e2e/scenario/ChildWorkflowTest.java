package io.shadowflow.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.e2e.Kubectl;
import io.shadowflow.engine.testing.Manifests;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A parent with two child workflows, created with {@code kubectl create} from a manifest with
 * {@code generateName} (each create a new run): the operator creates the children as Workflows
 * owned by the parent, their engine pods run them, and the parent ends with the hash that {@code
 * shadowflow run} prints, its children run in the CLI's process.
 */
class ChildWorkflowTest {
  private static final Duration RUN = Duration.ofSeconds(120);

  @RegisterExtension static final Shadowflow shadowflow = new Shadowflow();

  @Test
  void aParentCreatedTwiceFromOneManifestRunsTwiceWithTwoChildrenEach() {
    Kubectl kubectl = shadowflow.kubectl();
    String first = create(kubectl);
    String second = create(kubectl);
    assertThat(first).startsWith("order-").isNotEqualTo(second);

    for (String parent : List.of(first, second)) {
      kubectl.awaitValue("wf", parent, "{.status.phase}", "Succeeded", RUN);
      assertThat(kubectl.jsonpath("wf", parent, "{.status.workflowHash}"))
          .isEqualTo(EngineCli.inMemoryHash(manifest("name: " + parent)));
      String children =
          kubectl.ok(
              "get",
              "wf",
              "-l",
              "shadowflow.io/parent=" + parent,
              "-o",
              "jsonpath={.items[*].status.phase}");
      assertThat(Arrays.asList(children.split(" ")))
          .containsExactlyInAnyOrder("Succeeded", "Failed");
    }
  }

  /** {@code kubectl create} of the generateName manifest; returns the new Workflow's name. */
  private static String create(Kubectl kubectl) {
    return kubectl
        .runWithInput(manifest("generateName: order-"), "create", "-f", "-", "-o", "name")
        .out()
        .strip()
        .replaceFirst("^workflow\\.shadowflow\\.io/", "");
  }

  private static String manifest(String naming) {
    return Manifests.workflowYaml("order", Manifests.CHILD_WORKFLOW_STEPS)
        .replace(
            "  name: order\n", "  " + naming + "\n  namespace: " + shadowflow.namespace() + "\n");
  }
}
