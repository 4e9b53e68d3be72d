package io.shadowflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Java Operator SDK operator with its production defaults (server-side apply for finalizers,
 * status and dependents) works against the test API, driven by the real kubectl.
 */
class OperatorSdkCompatibilityTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @RegisterExtension static final ControlPlane PLANE = ControlPlane.withToyCrds();
  private static final WidgetReconciler RECONCILER = new WidgetReconciler();
  private static Operator operator;
  private static Kubectl kubectl;

  @BeforeAll
  static void startOperator() {
    kubectl = PLANE.kubectl();
    operator =
        new Operator(o -> o.withKubernetesClient(PLANE.client()).withCloseClientOnStop(false));
    operator.register(RECONCILER);
    operator.start();
  }

  @AfterAll
  static void stopOperator() {
    operator.stop();
  }

  @Test
  void reconcilesWritesStatusKeepsADependentAndCleansUp() {
    kubectl.apply(
        """
        apiVersion: e2e.shadowflow.io/v1
        kind: Widget
        metadata: {name: managed}
        spec: {replicas: 2, color: red}
        """);

    kubectl.awaitValue("wg", "managed", "{.status.phase}/{.status.replicas}", "Ready/2", TIMEOUT);
    assertThat(kubectl.jsonpath("wg", "managed", "{.metadata.finalizers[0]}"))
        .isEqualTo("widgets.e2e.shadowflow.io/finalizer");
    await().atMost(TIMEOUT).until(() -> settings() != null);
    assertThat(settings().getData()).isEqualTo(Map.of("color", "red"));
    assertThat(settings().getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("managed"));

    kubectl.ok("patch", "wg", "managed", "--type=merge", "-p", "{\"spec\":{\"color\":\"blue\"}}");
    await().atMost(TIMEOUT).until(() -> "blue".equals(settings().getData().get("color")));

    kubectl.ok("scale", "wg", "managed", "--replicas=0");
    kubectl.awaitValue("wg", "managed", "{.status.replicas}", "0", TIMEOUT);

    kubectl.ok("delete", "wg", "managed");
    assertThat(RECONCILER.cleaned).containsExactly("managed");
    assertThat(kubectl.run("get", "wg", "managed").exitCode()).isNotZero();
    assertThat(settings()).isNull();
  }

  private ConfigMap settings() {
    return PLANE.client().configMaps().inNamespace("default").withName("managed-settings").get();
  }
}
