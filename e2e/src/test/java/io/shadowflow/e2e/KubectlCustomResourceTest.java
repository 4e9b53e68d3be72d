package io.shadowflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A user's day with a custom resource, through the real kubectl: apply, get, patch, scale, delete.
 */
class KubectlCustomResourceTest {
  @RegisterExtension static final ControlPlane PLANE = ControlPlane.withToyCrds();
  private static Kubectl kubectl;

  @BeforeAll
  static void kubectl() {
    kubectl = PLANE.kubectl();
  }

  private static void applyWidget(String name, int replicas, String color) {
    kubectl.apply(
        """
        apiVersion: e2e.shadowflow.io/v1
        kind: Widget
        metadata: {name: %s}
        spec: {replicas: %d, color: %s}
        """
            .formatted(name, replicas, color));
  }

  @Test
  void appliesAndReappliesACustomResource() {
    applyWidget("applied", 1, "red");
    assertThat(kubectl.jsonpath("wg", "applied", "{.spec.color} {.metadata.generation}"))
        .isEqualTo("red 1");

    applyWidget("applied", 1, "blue");

    assertThat(kubectl.jsonpath("wg", "applied", "{.spec.color} {.metadata.generation}"))
        .isEqualTo("blue 2");
    assertThat(kubectl.jsonpath("widget", "applied", "{.metadata.annotations}"))
        .contains("kubectl.kubernetes.io/last-applied-configuration");
  }

  @Test
  void mergePatchesChangeAndRemoveFields() {
    applyWidget("patched", 1, "red");

    kubectl.ok(
        "patch", "wg", "patched", "--type=merge", "-p", "{\"spec\":{\"size\":3,\"color\":null}}");

    assertThat(kubectl.jsonpath("wg", "patched", "{.spec}"))
        .isEqualTo("{\"replicas\":1,\"size\":3}");
  }

  @Test
  void jsonPatchesApply() {
    applyWidget("json-patched", 1, "red");

    kubectl.ok(
        "patch",
        "wg",
        "json-patched",
        "--type=json",
        "-p",
        "[{\"op\":\"replace\",\"path\":\"/spec/color\",\"value\":\"green\"}]");

    assertThat(kubectl.jsonpath("wg", "json-patched", "{.spec.color}")).isEqualTo("green");
  }

  @Test
  void refusesStrategicMergePatchOnCustomResourcesLikeARealServer() {
    applyWidget("strategic", 1, "red");

    Kubectl.Result result =
        kubectl.run("patch", "wg", "strategic", "-p", "{\"spec\":{\"size\":3}}");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err()).contains("application/strategic-merge-patch+json is not supported");
  }

  @Test
  void patchesTheStatusSubresourceWithoutTouchingSpec() {
    applyWidget("status-patched", 1, "red");

    kubectl.ok(
        "patch",
        "wg",
        "status-patched",
        "--subresource=status",
        "--type=merge",
        "-p",
        "{\"spec\":{\"color\":\"ignored\"},\"status\":{\"phase\":\"Running\",\"replicas\":1}}");

    assertThat(
            kubectl.jsonpath(
                "wg", "status-patched", "{.status.phase} {.spec.color} {.metadata.generation}"))
        .isEqualTo("Running red 1");
  }

  @Test
  void patchesToTheObjectLeaveItsStatusAlone() {
    applyWidget("spec-patched", 1, "red");
    kubectl.ok(
        "patch",
        "wg",
        "spec-patched",
        "--subresource=status",
        "--type=merge",
        "-p",
        "{\"status\":{\"phase\":\"Running\"}}");

    kubectl.ok(
        "patch",
        "wg",
        "spec-patched",
        "--type=merge",
        "-p",
        "{\"spec\":{\"size\":2},\"status\":{\"phase\":\"Hacked\"}}");

    assertThat(kubectl.jsonpath("wg", "spec-patched", "{.status.phase} {.spec.size}"))
        .isEqualTo("Running 2");
  }

  @Test
  void scalesThroughTheScaleSubresource() {
    applyWidget("scaled", 1, "red");
    kubectl.ok(
        "patch",
        "wg",
        "scaled",
        "--subresource=status",
        "--type=merge",
        "-p",
        "{\"status\":{\"replicas\":1,\"selector\":\"app=scaled\"}}");

    assertThat(kubectl.ok("scale", "wg", "scaled", "--replicas=0"))
        .contains("widget.e2e.shadowflow.io/scaled scaled");

    assertThat(kubectl.jsonpath("wg", "scaled", "{.spec.replicas} {.metadata.generation}"))
        .isEqualTo("0 2");
    String scale =
        kubectl.ok(
            "get", "--raw", "/apis/e2e.shadowflow.io/v1/namespaces/default/widgets/scaled/scale");
    assertThat(scale)
        .contains("\"kind\":\"Scale\",\"apiVersion\":\"autoscaling/v1\"")
        .contains("\"spec\":{\"replicas\":0}")
        .contains("\"status\":{\"replicas\":1,\"selector\":\"app=scaled\"}");
  }

  @Test
  void scalesSeveralObjectsAtOnceAndChecksTheCurrentCount() {
    applyWidget("first", 1, "red");
    applyWidget("second", 1, "red");

    kubectl.ok("scale", "wg", "first", "second", "--replicas=3");
    Kubectl.Result stale =
        kubectl.run("scale", "wg", "first", "--current-replicas=1", "--replicas=5");

    assertThat(kubectl.jsonpath("wg", "first", "{.spec.replicas}")).isEqualTo("3");
    assertThat(kubectl.jsonpath("wg", "second", "{.spec.replicas}")).isEqualTo("3");
    assertThat(stale.exitCode()).isNotZero();
    assertThat(stale.err()).contains("Expected replicas to be 1, was 3");
  }

  @Test
  void refusesANegativeScale() {
    applyWidget("negative", 1, "red");

    Kubectl.Result result = kubectl.run("scale", "wg", "negative", "--replicas=-1");

    assertThat(result.exitCode()).isNotZero();
    assertThat(kubectl.jsonpath("wg", "negative", "{.spec.replicas}")).isEqualTo("1");
  }

  @Test
  void scaleIsNotFoundForATypeWithoutIt() {
    kubectl.apply(
        """
        apiVersion: e2e.shadowflow.io/v1
        kind: Gizmo
        metadata: {name: unscalable}
        spec: {}
        """);

    Kubectl.Result result = kubectl.run("scale", "gz", "unscalable", "--replicas=2");

    assertThat(result.exitCode()).isNotZero();
  }

  @Test
  void deletesAndThenReportsNotFound() {
    applyWidget("deleted", 1, "red");

    assertThat(kubectl.ok("get", "wg", "deleted", "-o", "yaml"))
        .contains("kind: Widget", "name: deleted");
    assertThat(kubectl.ok("delete", "wg", "deleted"))
        .contains("widget.e2e.shadowflow.io \"deleted\" deleted");

    Kubectl.Result result = kubectl.run("get", "wg", "deleted");
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err())
        .contains("Error from server (NotFound): widgets.e2e.shadowflow.io \"deleted\" not found");
  }

  @Test
  void createTwiceIsAConflict() {
    String gizmo =
        """
        apiVersion: e2e.shadowflow.io/v1
        kind: Gizmo
        metadata: {name: created}
        """;
    assertThat(kubectl.runWithInput(gizmo, "create", "-f", "-").exitCode()).isZero();

    Kubectl.Result again = kubectl.runWithInput(gizmo, "create", "-f", "-");

    assertThat(again.exitCode()).isNotZero();
    assertThat(again.err()).contains("AlreadyExists").contains("already exists");
  }

  @Test
  void describesACustomResource() {
    applyWidget("described", 2, "red");

    assertThat(kubectl.ok("describe", "wg", "described"))
        .contains("Name:         described")
        .contains("Kind:         Widget")
        .contains("Color:     red");
  }

  @Test
  void worksInOtherNamespaces() {
    kubectl.apply(
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: elsewhere}
        """);
    kubectl.apply(
        """
        apiVersion: e2e.shadowflow.io/v1
        kind: Widget
        metadata: {name: abroad, namespace: elsewhere}
        spec: {replicas: 1}
        """);

    assertThat(kubectl.ok("get", "wg", "-n", "elsewhere", "-o", "name"))
        .isEqualTo("widget.e2e.shadowflow.io/abroad\n");
    assertThat(
            kubectl.ok(
                "get",
                "wg",
                "-A",
                "-o",
                "jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name} {end}"))
        .contains("elsewhere/abroad");
    assertThat(kubectl.run("get", "wg", "abroad").exitCode()).isNotZero();

    kubectl.ok("delete", "wg", "--all", "-n", "elsewhere");

    assertThat(kubectl.ok("get", "wg", "-n", "elsewhere", "-o", "name")).isEmpty();
  }

  @Test
  void imperativeCreateCommandsAreRefusedWithAHint() {
    // kubectl create <type> encodes built-in types as protobuf, which this server cannot read.
    Kubectl.Result result = kubectl.run("create", "namespace", "imperative");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err()).contains("use kubectl apply -f");
  }

  @Test
  void printsTheCrdsPrinterColumns() {
    applyWidget("tabled", 2, "red");
    kubectl.ok(
        "patch",
        "wg",
        "tabled",
        "--subresource=status",
        "--type=merge",
        "-p",
        "{\"status\":{\"phase\":\"Running\"}}");

    List<String> lines = kubectl.ok("get", "wg", "tabled").lines().toList();

    assertThat(lines.get(0).split("\\s+")).containsExactly("NAME", "REPLICAS", "PHASE", "AGE");
    assertThat(lines.get(1)).matches("tabled\\s+2\\s+Running\\s+\\d+s");
  }

  @Test
  void fillsInTheSchemaDefaults() {
    kubectl.apply(
        """
        apiVersion: e2e.shadowflow.io/v1
        kind: Widget
        metadata: {name: defaulted}
        spec: {color: red}
        """);

    assertThat(kubectl.jsonpath("wg", "defaulted", "{.spec.replicas}")).isEqualTo("1");
    kubectl.ok("scale", "wg", "defaulted", "--current-replicas=1", "--replicas=0");
    assertThat(kubectl.jsonpath("wg", "defaulted", "{.spec.replicas}")).isEqualTo("0");
  }

  @Test
  void diffAndServerDryRunsChangeNothing() {
    applyWidget("dry", 1, "red");
    String blue =
        """
        apiVersion: e2e.shadowflow.io/v1
        kind: Widget
        metadata: {name: dry}
        spec: {replicas: 1, color: blue}
        """;

    Kubectl.Result diff = kubectl.runWithInput(blue, "diff", "-f", "-");
    kubectl.apply(blue, "--dry-run=server");
    kubectl.ok("delete", "wg", "dry", "--dry-run=server");
    kubectl.ok("delete", "wg", "--all", "--dry-run=server");

    assertThat(diff.exitCode()).as(diff.err()).isEqualTo(1);
    assertThat(diff.out()).contains("-  color: red", "+  color: blue");
    assertThat(kubectl.jsonpath("wg", "dry", "{.spec.color} {.metadata.generation}"))
        .isEqualTo("red 1");
  }

  @Test
  void labelsAndAnnotates() {
    applyWidget("labelled", 1, "red");

    kubectl.ok("label", "wg", "labelled", "team=a");
    kubectl.ok("annotate", "wg", "labelled", "note=hello");

    assertThat(kubectl.ok("get", "wg", "-l", "team=a", "-o", "name"))
        .isEqualTo("widget.e2e.shadowflow.io/labelled\n");
    assertThat(kubectl.jsonpath("wg", "labelled", "{.metadata.annotations.note}"))
        .isEqualTo("hello");
  }

  @Test
  void replacesAndDeletesFromAManifest() {
    String manifest =
        """
        apiVersion: e2e.shadowflow.io/v1
        kind: Widget
        metadata: {name: from-file}
        spec: {replicas: 1, color: %s}
        """;
    kubectl.apply(manifest.formatted("red"));

    kubectl.runWithInput(manifest.formatted("blue"), "replace", "-f", "-");
    assertThat(kubectl.jsonpath("wg", "from-file", "{.spec.color}")).isEqualTo("blue");

    assertThat(kubectl.runWithInput(manifest.formatted("blue"), "delete", "-f", "-").out())
        .contains("\"from-file\" deleted");
    assertThat(kubectl.run("get", "wg", "from-file").exitCode()).isNotZero();
  }
}
