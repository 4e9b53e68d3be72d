package io.shadowflow.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.shadowflow.testkit.Folders;
import io.shadowflow.testkit.KubeApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's Kubernetes API and kubectl, started before its tests and closed after them:
 * {@code @RegisterExtension static final ControlPlane plane = ControlPlane.withToyCrds();}.
 */
final class ControlPlane implements BeforeAllCallback, AfterAllCallback {
  private final boolean toyCrds;
  private Path workDir;
  private KubeApiServer api;
  private Kubectl kubectl;

  private ControlPlane(boolean toyCrds) {
    this.toyCrds = toyCrds;
  }

  static ControlPlane plain() {
    return new ControlPlane(false);
  }

  /** With the test CRDs (Widget, Gizmo) applied by kubectl. */
  static ControlPlane withToyCrds() {
    return new ControlPlane(true);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    workDir = Files.createTempDirectory("control-plane");
    api = KubeApiServer.start();
    kubectl = new Kubectl(api, workDir, "default");
    if (toyCrds) {
      kubectl.apply(Resources.text(Resources.TOY_CRDS));
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    api.close();
    Folders.delete(workDir);
  }

  KubeApiServer api() {
    return api;
  }

  Kubectl kubectl() {
    return kubectl;
  }

  KubernetesClient client() {
    return api.client();
  }

  /** A folder of this class's own, deleted after its tests. */
  Path workDir() {
    return workDir;
  }
}
