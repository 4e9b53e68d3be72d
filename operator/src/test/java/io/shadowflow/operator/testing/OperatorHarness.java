package io.shadowflow.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.shadowflow.api.ShadowRun;
import io.shadowflow.api.Signal;
import io.shadowflow.api.SignalStatus;
import io.shadowflow.api.Workflow;
import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.DatabaseConfig;
import io.shadowflow.engine.checkpoint.PostgresCheckpointStore;
import io.shadowflow.engine.testing.TestDatabase;
import io.shadowflow.operator.jobs.Labels;
import io.shadowflow.operator.runtime.FatalStop;
import io.shadowflow.operator.runtime.OperatorOptions;
import io.shadowflow.operator.runtime.OperatorSupervisor;
import io.shadowflow.operator.runtime.ShadowflowOperator;
import io.shadowflow.operator.shadow.ShadowSummaries;
import io.shadowflow.testkit.KubeApiServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import picocli.CommandLine;

/**
 * The test kit's API server (the one the end-to-end tests and {@code ./shadowflow dev} use) with
 * our CRDs and the namespace {@value #NAMESPACE}, a fresh schema in the real PostgreSQL, and the
 * operator started exactly as its main class starts it. No pod runs: a test plays the engine pods
 * (see {@link EnginePod}).
 */
public final class OperatorHarness implements AutoCloseable {
  public static final String NAMESPACE = "apps";

  /** Header on every request of the operator's own client, so a test can tell them apart. */
  public static final String CLIENT_HEADER = "X-Shadowflow-Test-Client";

  private final KubeApiServer server;
  private final KubernetesClient client;
  private final KubernetesClient operatorClient;
  private final DatabaseConfig databaseConfig;
  private final Database database;
  private final List<String> flags;
  private final OperatorSupervisor supervisor;
  private ShadowSummaries shadowResults = ShadowSummaries.NONE;

  /** Starts everything; {@code flags} are operator flags on top of the test's database. */
  public OperatorHarness(String... flags) {
    server = KubeApiServer.startRecording();
    client = server.client();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
    operatorClient =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration())
                    .withCustomHeaders(Map.of(CLIENT_HEADER, "operator"))
                    .build())
            .build();
    installCrds(client);
    databaseConfig = TestDatabase.freshConfig();
    database = Database.connect(databaseConfig);
    this.flags =
        new ArrayList<>(
            List.of(
                "--jdbc-url",
                databaseConfig.jdbcUrl(),
                "--db-schema",
                databaseConfig.schema(),
                "--http-port",
                "0",
                "--engine-image",
                "registry.example/shadowflow/engine:test"));
    this.flags.addAll(List.of(flags));
    // Restarted when it cannot go on, as in ./shadowflow dev: a lost Lease never ends the test JVM.
    supervisor = new OperatorSupervisor(this::newOperator);
    startOperator();
  }

  public void startOperator() {
    supervisor.start();
  }

  private ShadowflowOperator newOperator(FatalStop host) {
    OperatorOptions options = new OperatorOptions();
    new CommandLine(options).parseArgs(flags.toArray(String[]::new));
    return ShadowflowOperator.start(
        options.toConfig(), operatorClient, dataSource -> shadowResults, host);
  }

  /** Results the ShadowRun reconciler reads from the next operator start on. */
  public void shadowResults(ShadowSummaries results) {
    this.shadowResults = results;
  }

  public void stopOperator() {
    supervisor.stop();
  }

  public ShadowflowOperator operator() {
    return supervisor.operator();
  }

  /** How many operators this harness started: one more after each restart. */
  public long operatorStarts() {
    return supervisor.starts();
  }

  /**
   * Edits a resource as a user would: read, change, write, and again when the operator wrote it in
   * between (409 Conflict), which is no failure of the test.
   */
  public <T extends HasMetadata> void edit(Class<T> type, String name, UnaryOperator<T> change) {
    Awaitility.await()
        .ignoreException(KubernetesClientException.class)
        .until(
            () -> {
              client().resources(type).inNamespace(NAMESPACE).withName(name).edit(change);
              return true;
            });
  }

  public KubernetesClient client() {
    return client;
  }

  /** A port nothing listens on now, for a server the operator starts (its console). */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The API server the operator talks to: it also issues tokens and answers access reviews. */
  public KubeApiServer apiServer() {
    return server;
  }

  /** Creates the Workflow and ShadowRun CRDs (as the build generated them) in an API server. */
  public static void installCrds(KubernetesClient client) {
    for (String crd :
        List.of(
            "workflows.shadowflow.io-v1.yml",
            "shadowruns.shadowflow.io-v1.yml",
            "signals.shadowflow.io-v1.yml")) {
      try (InputStream yaml =
          OperatorHarness.class.getResourceAsStream("/META-INF/fabric8/" + crd)) {
        client
            .resource(
                client.getKubernetesSerialization().unmarshal(yaml, CustomResourceDefinition.class))
            .create();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Every request the API server received since the last call, oldest first. */
  public List<RecordedRequest> takeRequests() {
    return server.takeRequests();
  }

  public Database database() {
    return database;
  }

  public PostgresCheckpointStore store() {
    return new PostgresCheckpointStore(database.dataSource());
  }

  /** Creates a Workflow from a manifest. */
  /** The Events recorded about the object named {@code name} in the harness's namespace. */
  public List<Event> events(String name) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  public Workflow create(String manifest) {
    return create(manifest, Workflow.class);
  }

  /** Creates a ShadowRun from a manifest. */
  public ShadowRun createShadowRun(String manifest) {
    return create(manifest, ShadowRun.class);
  }

  /** Creates a Signal for {@code workflow}'s run, its payload YAML (a flow value or null). */
  public Signal createSignal(String name, String workflow, String signal, String payload) {
    return create(
        """
        apiVersion: shadowflow.io/v1alpha1
        kind: Signal
        metadata: {name: %s}
        spec: {workflowRef: {name: %s}, signal: %s, payload: %s}
        """
            .formatted(name, workflow, signal, payload),
        Signal.class);
  }

  /** The status of Signal {@code name} once the operator decided it. */
  public SignalStatus awaitSignalDecided(String name) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> get(Signal.class, name).getStatus(),
            status -> status != null && status.phase != null);
  }

  private <T extends HasMetadata> T create(String manifest, Class<T> type) {
    T resource = client.getKubernetesSerialization().unmarshal(manifest, type);
    return client.resources(type).inNamespace(NAMESPACE).resource(resource).create();
  }

  public Workflow workflow(String name) {
    return get(Workflow.class, name);
  }

  public ShadowRun shadowRun(String name) {
    return get(ShadowRun.class, name);
  }

  private <T extends HasMetadata> T get(Class<T> type, String name) {
    return client.resources(type).inNamespace(NAMESPACE).withName(name).get();
  }

  /** Deletes a resource as kubectl would; finalizers still run. */
  public <T extends HasMetadata> void delete(Class<T> type, String name) {
    client.resources(type).inNamespace(NAMESPACE).withName(name).delete();
  }

  /** Waits until the Workflow has a status that satisfies {@code condition}, and returns it. */
  public Workflow awaitWorkflow(String name, Predicate<Workflow> condition) {
    return awaitStatus(Workflow.class, name, condition);
  }

  /** Waits until the ShadowRun has a status that satisfies {@code condition}, and returns it. */
  public ShadowRun awaitShadowRun(String name, Predicate<ShadowRun> condition) {
    return awaitStatus(ShadowRun.class, name, condition);
  }

  private <T extends CustomResource<?, ?>> T awaitStatus(
      Class<T> type, String name, Predicate<T> condition) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> get(type, name), r -> r != null && r.getStatus() != null && condition.test(r));
  }

  /** The child Workflows the operator created for {@code parent}'s workflow steps. */
  public List<Workflow> childWorkflows(String parent) {
    return client
        .resources(Workflow.class)
        .inNamespace(NAMESPACE)
        .withLabel(Labels.PARENT, parent)
        .list()
        .getItems();
  }

  /** The engine Jobs of one Workflow. */
  public List<Job> jobs(String workflowName) {
    return jobsLabelled(Labels.WORKFLOW, workflowName);
  }

  /** The worker Jobs of one ShadowRun. */
  public List<Job> workerJobs(String shadowRunName) {
    return jobsLabelled(Labels.SHADOW_RUN, shadowRunName);
  }

  private List<Job> jobsLabelled(String label, String value) {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NAMESPACE)
        .withLabel(label, value)
        .list()
        .getItems();
  }

  public Job awaitJob(String workflowName, Predicate<Job> condition) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> jobs(workflowName).stream().filter(condition).findFirst().orElse(null),
            Objects::nonNull);
  }

  @Override
  public void close() {
    try {
      supervisor.close();
    } finally {
      operatorClient.close();
      server.close();
      database.close();
    }
  }
}
