package io.shadowflow.e2e.scenario;

import io.shadowflow.e2e.Kubectl;
import io.shadowflow.e2e.LocalControlPlane;
import io.shadowflow.engine.testing.TestDatabase;
import io.shadowflow.testkit.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A whole shadowflow installation for a test class ({@link LocalControlPlane} on the real
 * PostgreSQL, in a fresh schema, with the CRDs of {@code crds/generated}), and for each test a
 * namespace of its own and a kubectl pointed at it: {@code @RegisterExtension static final
 * Shadowflow shadowflow = new Shadowflow();}.
 */
final class Shadowflow implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private Path workDir;
  private LocalControlPlane plane;
  private String namespace;
  private Kubectl kubectl;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    workDir = Files.createTempDirectory("shadowflow-e2e");
    try {
      plane =
          LocalControlPlane.start(
              TestDatabase.freshConfig(),
              // The engine's helper: this package's Manifests is another class.
              io.shadowflow.engine.testing.Manifests.repositoryRoot().resolve("crds/generated"),
              "default",
              LocalControlPlane.engineOnThisClasspath(),
              workDir.resolve("pods"));
    } catch (RuntimeException e) {
      deleteWorkDir();
      throw e;
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    namespace =
        "e2e-"
            + context
                .getRequiredTestMethod()
                .getName()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]", "")
            + "-"
            + NAMESPACES.incrementAndGet();
    // A DNS label: at most 63 characters, starting with a letter or digit.
    namespace =
        namespace.length() > 63
            ? namespace.substring(namespace.length() - 63).replaceFirst("^-+", "")
            : namespace;
    plane.namespace(namespace);
    kubectl = new Kubectl(plane.api(), workDir.resolve(namespace), namespace);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (plane != null) {
        plane.close();
      }
    } finally {
      deleteWorkDir();
    }
  }

  LocalControlPlane plane() {
    return plane;
  }

  /** kubectl in this test's namespace. */
  Kubectl kubectl() {
    return kubectl;
  }

  String namespace() {
    return namespace;
  }

  private void deleteWorkDir() {
    Folders.delete(workDir);
  }
}
