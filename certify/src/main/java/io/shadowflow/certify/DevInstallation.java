package io.shadowflow.certify;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.shadowflow.e2e.LocalControlPlane;
import io.shadowflow.engine.checkpoint.DatabaseConfig;
import io.shadowflow.engine.checkpoint.EmbeddedDatabase;
import io.shadowflow.engine.run.EngineBuild;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The local control plane of {@code ./shadowflow dev}, started for the certification: the API, the
 * operator in this process and engine pods as local JVMs, on the given PostgreSQL or an embedded
 * one.
 */
final class DevInstallation implements Installation {
  private final LocalControlPlane plane;
  private final EmbeddedDatabase embedded;
  private final DriftServer drift;
  private final Path root;
  private final Path work;

  private DevInstallation(
      LocalControlPlane plane, EmbeddedDatabase embedded, DriftServer drift, Path root, Path work) {
    this.plane = plane;
    this.embedded = embedded;
    this.drift = drift;
    this.root = root;
    this.work = work;
  }

  /**
   * @param root the repository checkout (its crds/generated)
   * @param database PostgreSQL to use; null starts an embedded one under {@code work}
   */
  static DevInstallation start(Path root, DatabaseConfig database, String namespace, Path work)
      throws IOException {
    EmbeddedDatabase embedded =
        database == null ? EmbeddedDatabase.start(work.resolve("postgres")) : null;
    try {
      LocalControlPlane plane =
          LocalControlPlane.start(
              database == null ? DatabaseConfig.of(embedded.jdbcUrl()) : database,
              root.resolve("crds/generated"),
              namespace,
              LocalControlPlane.engineOnThisClasspath(),
              work.resolve("pods"));
      // Engine pods here are processes on this machine: loopback is their network too.
      return new DevInstallation(plane, embedded, DriftServer.start(), root, work);
    } catch (RuntimeException | IOException e) {
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
  }

  LocalControlPlane plane() {
    return plane;
  }

  @Override
  public KubernetesClient client() {
    return plane.api().client();
  }

  @Override
  public String describe() {
    // The pods' logs stay there after the certification, beside the evidence that names them.
    return "local control plane (./shadowflow dev) at "
        + plane.api().url()
        + ", pod logs in "
        + work.resolve("pods");
  }

  @Override
  public String operatorMetrics() {
    return plane.operator().registry().scrape();
  }

  @Override
  public Map<String, String> versions() {
    String build = EngineBuild.current().toString();
    return Map.of("operator", build + ", in-process", "engine image", plane.engineImage());
  }

  @Override
  public Optional<DatabaseConfig> database() {
    return Optional.of(plane.database());
  }

  @Override
  public Optional<String> driftUrl() {
    return Optional.of(drift.url());
  }

  @Override
  public Optional<Path> rulesWithoutPrometheus() {
    return Optional.of(root.resolve("helm/shadowflow/files/alerts.yaml"));
  }

  @Override
  public void stopOperator() {
    plane.stopOperator();
  }

  @Override
  public void startOperator() {
    plane.startOperator();
  }

  @Override
  public void killPod(String namespace, String pod) {
    if (!plane.runner().killProcess(pod)) {
      throw new IllegalStateException("no process runs pod " + namespace + "/" + pod);
    }
  }

  @Override
  public void close() {
    try {
      drift.close();
      plane.close();
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }
}
