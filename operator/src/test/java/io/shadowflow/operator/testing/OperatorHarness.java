package io.shadowflow.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.shadowflow.api.ShadowRun;
import io.shadowflow.api.Workflow;
import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.DatabaseConfig;
import io.shadowflow.engine.checkpoint.PostgresCheckpointStore;
import io.shadowflow.engine.testing.TestDatabase;
import io.shadowflow.operator.jobs.Labels;
import io.shadowflow.operator.runtime.OperatorOptions;
import io.shadowflow.operator.runtime.ShadowflowOperator;
import io.shadowflow.operator.shadow.ShadowSummaries;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import org.awaitility.Awaitility;
import picocli.CommandLine;

/**
 * A Fabric8 mock API server in CRUD mode with our CRDs, a fresh schema in the real PostgreSQL, and
 * the operator started exactly as its main class starts it (server-side apply is off in the
 * operator's configuration, so the plain mock serves it).
 */
public final class OperatorHarness implements AutoCloseable {
  public static final String NAMESPACE = "apps";

  static {
    // The mock server logs every request at INFO through java.util.logging.
    java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(Level.WARNING);
  }

  /** Header on every request of the operator's own client, so a test can tell them apart. */
  public static final String CLIENT_HEADER = "X-Shadowflow-Test-Client";

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final KubernetesClient operatorClient;
  private final DatabaseConfig databaseConfig;
  private final Database database;
  private final List<String> flags;
  private ShadowflowOperator operator;
  private ShadowSummaries shadowResults = ShadowSummaries.NONE;

  /** Starts everything; {@code flags} are operator flags on top of the test's database. */
  public OperatorHarness(String... flags) {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            true);
    server.init();
    // The one thing CRUD mode cannot answer: the SDK asks RBAC whether it may use Leases before it
    // runs for leader. The answer is the one a Role granting Leases gives.
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .addNewResourceRule()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("create", "update", "get")
                .endResourceRule()
                .withIncomplete(false)
                .endStatus()
                .build())
        .always();
    client = server.createClient();
    operatorClient =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration())
                    .withCustomHeaders(Map.of(CLIENT_HEADER, "operator"))
                    .build())
            .build();
    for (String crd :
        List.of("workflows.shadowflow.io-v1.yml", "shadowruns.shadowflow.io-v1.yml")) {
      try (InputStream yaml = getClass().getResourceAsStream("/META-INF/fabric8/" + crd)) {
        client
            .resource(
                client.getKubernetesSerialization().unmarshal(yaml, CustomResourceDefinition.class))
            .create();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
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
    startOperator();
  }

  public void startOperator() {
    OperatorOptions options = new OperatorOptions();
    new CommandLine(options).parseArgs(flags.toArray(String[]::new));
    operator =
        ShadowflowOperator.start(options.toConfig(), operatorClient, dataSource -> shadowResults);
  }

  /** Results the ShadowRun reconciler reads from the next operator start on. */
  public void shadowResults(ShadowSummaries results) {
    this.shadowResults = results;
  }

  public void stopOperator() {
    operator.close();
  }

  public ShadowflowOperator operator() {
    return operator;
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

  /** Every request the mock server received since the last call, oldest first. */
  public List<RecordedRequest> takeRequests() {
    List<RecordedRequest> requests = new ArrayList<>();
    try {
      for (RecordedRequest r = server.takeRequest(0, TimeUnit.MILLISECONDS);
          r != null;
          r = server.takeRequest(0, TimeUnit.MILLISECONDS)) {
        requests.add(r);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return requests;
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
      operator.close();
    } finally {
      operatorClient.close();
      client.close();
      server.destroy();
      database.close();
    }
  }
}
