package io.shadowflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code kubectl get -w} and {@code kubectl wait} against the test API, which streams watches over
 * plain HTTP as kube-apiserver does. Each test lets kubectl show that it is watching before it
 * changes anything, so that the change can only reach kubectl through the watch.
 */
class KubectlWatchTest {
  @RegisterExtension static final ControlPlane PLANE = ControlPlane.withToyCrds();
  // Generous: kubectl starts in well under a second, but the machine may be loaded.
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static Kubectl kubectl;

  @BeforeAll
  static void kubectl() {
    kubectl = PLANE.kubectl();
  }

  @Test
  void getWatchPrintsAChangeOfTheWatchedObjectOnly() {
    widget("watched", "red");
    widget("neighbour", "red");
    try (Streaming watch =
        kubectl.start(
            "get",
            "wg",
            "watched",
            "-w",
            "-o",
            "jsonpath={.metadata.name}:{.spec.color}{\"\\n\"}")) {
      watch.awaitLine("watched:red"::equals, PATIENCE);

      kubectl.ok(
          "patch", "wg", "neighbour", "--type=merge", "-p", "{\"spec\":{\"color\":\"green\"}}");
      kubectl.ok("patch", "wg", "watched", "--type=merge", "-p", "{\"spec\":{\"color\":\"blue\"}}");

      assertThat(watch.awaitLine(line -> true, PATIENCE)).isEqualTo("watched:blue");
    }
  }

  @Test
  void getWatchPrintsTableRowsWithThePrinterColumns() {
    widget("tabled", "red");
    try (Streaming watch = kubectl.start("get", "wg", "-w")) {
      watch.awaitLine(line -> line.startsWith("tabled "), PATIENCE);

      kubectl.patchStatus("wg", "tabled", "{\"phase\":\"Shiny\"}");

      assertThat(watch.awaitLine(line -> line.startsWith("tabled "), PATIENCE).split("\\s+"))
          .hasSize(4) // the last column is the age
          .startsWith("tabled", "1", "Shiny");
    }
  }

  @Test
  void waitForJsonpathReturnsWhenTheStatusPatchLands() throws InterruptedException {
    widget("awaited", "red");
    try (Streaming wait = startWait("--for=jsonpath={.status.phase}=Ready", "wg/awaited")) {
      kubectl.patchStatus("wg", "awaited", "{\"phase\":\"Ready\"}");

      assertThat(wait.awaitLine(line -> true, PATIENCE))
          .isEqualTo("widget.e2e.shadowflow.io/awaited condition met");
      assertThat(wait.awaitExit(PATIENCE)).isZero();
    }
  }

  @Test
  void waitForConditionReturnsWhenTheConditionTurnsTrue() throws InterruptedException {
    kubectl.apply("apiVersion: e2e.shadowflow.io/v1\nkind: Gizmo\nmetadata: {name: conditioned}\n");
    try (Streaming wait = startWait("--for=condition=Ready", "gz/conditioned")) {
      kubectl.patchStatus(
          "gz", "conditioned", "{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}");

      assertThat(wait.awaitLine(line -> true, PATIENCE))
          .isEqualTo("gizmo.e2e.shadowflow.io/conditioned condition met");
      assertThat(wait.awaitExit(PATIENCE)).isZero();
    }
  }

  @Test
  void waitForDeleteReturnsWhenTheObjectIsGone() throws InterruptedException {
    widget("doomed", "red");
    try (Streaming wait = startWait("--for=delete", "wg/doomed")) {
      kubectl.ok("delete", "wg", "doomed", "--wait=false");

      assertThat(wait.awaitExit(PATIENCE)).isZero();
    }
  }

  @Test
  void waitTimesOutWithKubectlsMessageWhenNothingChanges() {
    widget("idle", "red");

    Kubectl.Result result =
        kubectl.run("wait", "--for=jsonpath={.status.phase}=Ready", "wg/idle", "--timeout=2s");

    assertThat(result.exitCode()).isOne();
    assertThat(result.err()).contains("error: timed out waiting for the condition on widgets/idle");
  }

  /**
   * Starts {@code kubectl wait} and returns once kubectl has listed the object and not found what
   * it waits for: from then on, only its watch can tell it about a change.
   */
  private static Streaming startWait(String condition, String object) {
    Streaming wait = kubectl.start("wait", condition, object, "--timeout=60s", "-v=6");
    wait.awaitErrorLine(line -> line.contains("Caches populated"), PATIENCE);
    return wait;
  }

  private static void widget(String name, String color) {
    kubectl.apply(
        """
        apiVersion: e2e.shadowflow.io/v1
        kind: Widget
        metadata: {name: %s}
        spec: {color: %s}
        """
            .formatted(name, color));
  }
}
