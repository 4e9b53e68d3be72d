package io.shadowflow.e2e;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.shadowflow.engine.checkpoint.DatabaseConfig;
import io.shadowflow.operator.containers.ContainerStepPods;
import io.shadowflow.operator.jobs.Labels;
import io.shadowflow.operator.runtime.OperatorConfig;
import io.shadowflow.operator.runtime.OperatorOptions;
import io.shadowflow.operator.runtime.OperatorSupervisor;
import io.shadowflow.operator.runtime.ShadowflowOperator;
import io.shadowflow.operator.shadow.StoredShadowSummaries;
import io.shadowflow.testkit.ImageCommands;
import io.shadowflow.testkit.KubeApiServer;
import io.shadowflow.testkit.LocalPodRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * A whole shadowflow installation on one machine: the Kubernetes API ({@link KubeApiServer}) with
 * the shadowflow CRDs, the operator in-process with its production settings, and a {@link
 * LocalPodRunner} that runs engine pods as local JVMs. The end-to-end tests and {@code ./shadowflow
 * dev} both start it; PostgreSQL is the caller's.
 */
public final class LocalControlPlane implements AutoCloseable {
  private final DatabaseConfig database;
  private final KubeApiServer api;
  private final LocalPodRunner runner;
  private final KubernetesClient operatorClient;
  private final OperatorConfig config;
  private final OperatorSupervisor supervisor;

  private LocalControlPlane(
      DatabaseConfig database,
      KubeApiServer api,
      LocalPodRunner runner,
      KubernetesClient operatorClient,
      OperatorConfig config) {
    this.database = database;
    this.api = api;
    this.runner = runner;
    this.operatorClient = operatorClient;
    this.config = config;
    // An operator that cannot go on is started again, as the kubelet would; this JVM goes on.
    this.supervisor =
        new OperatorSupervisor(
            host ->
                ShadowflowOperator.start(config, operatorClient, StoredShadowSummaries::new, host));
  }

  /**
   * Starts the API, applies the CRDs of {@code crdDirectory}, creates {@code namespace}, and starts
   * the pod runner and the operator (which provisions the namespace's database Secret).
   *
   * @param engineCommand the command that stands for the engine image's entrypoint (a JVM running
   *     {@code io.shadowflow.engine.cli.Main})
   * @param logDirectory where pod logs (and ConfigMap volumes) go
   */
  public static LocalControlPlane start(
      DatabaseConfig database,
      Path crdDirectory,
      String namespace,
      List<String> engineCommand,
      Path logDirectory) {
    KubeApiServer api = KubeApiServer.start();
    LocalPodRunner runner = null;
    KubernetesClient operatorClient = null;
    try {
      applyCrds(api.client(), crdDirectory);
      OperatorConfig config = operatorConfig(database);
      runner =
          LocalPodRunner.builder(api.client())
              .jobSelector(Map.of(Labels.MANAGED_BY, Labels.OPERATOR))
              .podSelector(
                  Map.of(
                      Labels.MANAGED_BY,
                      Labels.OPERATOR,
                      Labels.COMPONENT,
                      ContainerStepPods.COMPONENT))
              // Any other image is a container step's: its own command runs on this machine.
              .images(
                  new ImageCommands()
                      .map(config.engine().image(), engineCommand.toArray(String[]::new))
                      .map("*"))
              .logDirectory(logDirectory)
              .start();
      api.podLogs(runner);
      // The operator gets a client of its own, as in a cluster; it is not closed by a stop.
      operatorClient = api.newClient(namespace);
      LocalControlPlane plane =
          new LocalControlPlane(database, api, runner, operatorClient, config);
      plane.namespace(namespace);
      plane.startOperator();
      return plane;
    } catch (RuntimeException e) {
      if (runner != null) {
        runner.close();
      }
      if (operatorClient != null) {
        operatorClient.close();
      }
      api.close();
      throw e;
    }
  }

  /** The engine CLI on this JVM's own class path, with the launcher's quick-start JVM flags. */
  public static List<String> engineOnThisClasspath() {
    String java = ProcessHandle.current().info().command().orElse("java");
    return List.of(
        java,
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",
        "-cp",
        System.getProperty("java.class.path"),
        "io.shadowflow.engine.cli.Main");
  }

  /** The operator as {@code OperatorMain} configures it, on this database, probes on any port. */
  private static OperatorConfig operatorConfig(DatabaseConfig database) {
    OperatorOptions options = new OperatorOptions();
    new CommandLine(options).parseArgs(operatorFlags(database, 0).toArray(String[]::new));
    return options.toConfig();
  }

  /**
   * The flags of the local control plane's operator on {@code database}, its probes and metrics on
   * {@code httpPort} (0: any).
   */
  public static List<String> operatorFlags(DatabaseConfig database, int httpPort) {
    List<String> flags =
        new ArrayList<>(
            List.of(
                "--jdbc-url",
                database.jdbcUrl(),
                "--db-schema",
                database.schema(),
                "--http-port",
                Integer.toString(httpPort),
                // Engine "pods" are local processes calling the tests' loopback servers; the
                // service range stands for a cluster's, which engine pods must not call.
                "--engine-egress-allow",
                "127.0.0.0/8,::1/128",
                "--cluster-cidrs",
                "10.96.0.0/12",
                // A run waiting longer parks within seconds here, where a pod is a JVM start away.
                "--engine-park-after",
                System.getenv().getOrDefault("SHADOWFLOW_ENGINE_PARK_AFTER", "5s")));
    if (database.user() != null) {
      flags.addAll(List.of("--db-user", database.user()));
    }
    if (database.password() != null) {
      flags.addAll(List.of("--db-password", database.password()));
    }
    return flags;
  }

  /** Applies the CRDs of {@code crdDirectory}. */
  public static void applyCrds(KubernetesClient client, Path crdDirectory) {
    try (Stream<Path> files = Files.list(crdDirectory)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
        try (InputStream yaml = Files.newInputStream(file)) {
          client.load(yaml).serverSideApply();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Creates a namespace, ready for Workflows. Its database Secret is the operator's to make, as in
   * a cluster: nobody copies one in.
   */
  public void namespace(String name) {
    createNamespace(api.client(), name);
  }

  /** Creates namespace {@code name} through {@code client}. */
  public static void createNamespace(KubernetesClient client, String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
  }

  /** Starts the operator (again, after {@link #stopOperator()}). */
  public void startOperator() {
    supervisor.start();
  }

  /** Stops the operator as a SIGTERM would; pods and the API go on. */
  public void stopOperator() {
    supervisor.stop();
  }

  /** The operator running now (null between {@link #stopOperator()} and its restart). */
  public ShadowflowOperator operator() {
    return supervisor.operator();
  }

  public KubeApiServer api() {
    return api;
  }

  public LocalPodRunner runner() {
    return runner;
  }

  public DatabaseConfig database() {
    return database;
  }

  /** The engine image the operator puts in its Jobs, mapped to the local engine command. */
  public String engineImage() {
    return config.engine().image();
  }

  /** Stops the operator, every pod process, and the API. */
  @Override
  public void close() {
    try {
      stopOperator();
    } finally {
      try {
        runner.close();
      } finally {
        operatorClient.close();
        api.close();
      }
    }
  }
}
