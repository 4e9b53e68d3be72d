package io.shadowflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.Operator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Java Operator SDK operator with its production defaults (server-side apply for finalizers,
 * status and dependents) works against the test API, driven by the real kubectl.
 */
class OperatorSdkCompatibilityTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private KubeApiServer api;
  private Operator operator;
  private Kubectl kubectl;
  private final WidgetReconciler reconciler = new WidgetReconciler();

  @BeforeEach
  void start(@TempDir Path dir) {
    api = KubeApiServer.start();
    kubectl = new Kubectl(api, dir, "default");
    kubectl.apply(Resources.text(Resources.TOY_CRDS));
    operator = new Operator(o -> o.withKubernetesClient(api.client()).withCloseClientOnStop(false));
    operator.register(reconciler);
    operator.start();
  }

  @AfterEach
  void stop() {
    operator.stop();
    api.close();
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
    assertThat(reconciler.cleaned).containsExactly("managed");
    assertThat(kubectl.run("get", "wg", "managed").exitCode()).isNotZero();
    assertThat(settings()).isNull();
  }

  private ConfigMap settings() {
    return api.client().configMaps().inNamespace("default").withName("managed-settings").get();
  }
}
