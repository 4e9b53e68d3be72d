package io.shadowflow.operator.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.shadowflow.api.Phase;
import io.shadowflow.api.ShadowRun;
import io.shadowflow.api.Workflow;
import io.shadowflow.engine.cli.Main;
import io.shadowflow.engine.testing.LocalHttpServer;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.operator.jobs.SecretVolumes;
import io.shadowflow.operator.testing.EnginePod;
import io.shadowflow.operator.testing.OperatorHarness;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Runs that use secrets in a header, a query parameter and a body field, one succeeding and one
 * failing, through the operator and the engine; then every row of every table, every log line and
 * every resource the runs left behind is searched for the secrets' values.
 */
class SecretValuesStayOutTest {
  private static final Map<String, String> VALUES =
      Map.of(
          "token", "hdr-5f1c0e9a77",
          "query-key", "qry-8b2d4c6e11",
          "password", "bdy-3a9f7d2c55");

  @RegisterExtension final LocalHttpServer server = LocalHttpServer.start();
  @TempDir Path secrets;
  @TempDir Path files;
  private final OperatorHarness harness = new OperatorHarness();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final StringBuilder podLogs = new StringBuilder();

  @AfterEach
  void close() {
    root().detachAppender(logs);
    harness.close();
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  private String keyedSteps(String path) {
    return Manifests.callWithSecrets(server.url(path + "?page=1"))
        + "- {name: after, kind: transform, expr: 'steps.call.output.status'}\n";
  }

  @Test
  void noSecretValueReachesTheDatabaseLogsOrResources() throws Exception {
    logs.start();
    root().addAppender(logs);
    writeSecrets();

    runThroughTheOperator("keyed-ok", Phase.Succeeded);
    server.answerWith(401);
    Workflow failed = runThroughTheOperator("keyed-fail", Phase.Failed);
    assertThat(failed.getStatus().error.code).isEqualTo("HTTP_401");
    server.answerWith(200);
    runWithGoldenRecordThroughTheCli();
    harness.createShadowRun(
        """
        apiVersion: shadowflow.io/v1alpha1
        kind: ShadowRun
        metadata: {name: replay-keyed}
        spec: {workflowRef: {name: keyed-ok}, seeds: {from: 0, count: 2}, workers: 1}
        """);
    Job worker =
        await().until(() -> harness.workerJobs("replay-keyed"), jobs -> !jobs.isEmpty()).get(0);

    // The server got every value: the runs really used them.
    assertThat(server.requests()).isNotEmpty();
    assertThat(server.requests().get(0).header("Authorization"))
        .isEqualTo("Bearer " + VALUES.get("token"));
    assertThat(SecretVolumes.referenced(harness.workflow("keyed-ok").getSpec()))
        .hasToString("{api=[query-key, token], db=[password]}");
    assertThat(worker.getSpec().getTemplate().getSpec().getVolumes())
        .extracting(v -> v.getSecret() == null ? null : v.getSecret().getSecretName())
        .contains("api", "db");

    Map<String, String> places = new TreeMap<>(databaseRows());
    places.put("operator log", operatorLog());
    places.put("engine pod output", podLogs.toString());
    places.putAll(resources());
    assertThat(places.get("table runs")).contains("api").contains("query-key");
    assertThat(places.get("table golden_records")).contains("secret");
    assertThat(places).containsKeys("table step_log", "table failures", "configmaps", "events");
    for (Map.Entry<String, String> place : places.entrySet()) {
      for (String value : VALUES.values()) {
        assertThat(place.getValue()).as(place.getKey()).doesNotContain(value);
      }
    }
    // A plain query string is the author's to write into the spec; messages still never show it.
    assertThat(failed.getStatus().error.message).contains("answered 401").doesNotContain("page=1");
    for (String message : List.of("events", "operator log", "table failures")) {
      assertThat(places.get(message)).as(message).doesNotContain("page=1");
    }
  }

  private void writeSecrets() throws IOException {
    Files.createDirectories(secrets.resolve("api"));
    Files.createDirectories(secrets.resolve("db"));
    Files.writeString(secrets.resolve("api/token"), VALUES.get("token"));
    Files.writeString(secrets.resolve("api/query-key"), VALUES.get("query-key"));
    Files.writeString(secrets.resolve("db/password"), VALUES.get("password") + "\n");
  }

  private Workflow runThroughTheOperator(String name, Phase outcome) {
    harness.create(Manifests.workflowYaml(name, keyedSteps("/" + name)));
    Job job = harness.awaitJob(name, j -> true);
    EnginePod.Exit exit =
        EnginePod.run(
            job, harness.database().config().jdbcUrl(), "--secrets-dir", secrets.toString());
    podLogs.append(exit.out()).append(exit.err());
    return harness.awaitWorkflow(name, w -> w.getStatus().phase == outcome);
  }

  private void runWithGoldenRecordThroughTheCli() throws IOException {
    Path manifest = files.resolve("golden.yaml");
    Files.writeString(
        manifest,
        Manifests.workflowYaml("keyed-golden", keyedSteps("/golden"))
            .replace("  seed: 42\n", "  seed: 42\n  golden: {record: true}\n"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(out),
            new PrintWriter(err),
            "run",
            manifest.toString(),
            "--jdbc-url",
            harness.database().config().jdbcUrl(),
            "--db-schema",
            harness.database().config().schema(),
            "--secrets-dir",
            secrets.toString());
    podLogs.append(out).append(err);
    assertThat(code).as(err.toString()).isZero();
  }

  /** Every row of every table of the engine's schema, as text, by table. */
  private Map<String, String> databaseRows() throws SQLException {
    Map<String, String> rows = new TreeMap<>();
    String schema = harness.database().config().schema();
    try (Connection connection = harness.database().dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet result =
          statement.executeQuery(
              "SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                  + schema
                  + "' AND table_type = 'BASE TABLE'")) {
        while (result.next()) {
          tables.add(result.getString(1));
        }
      }
      for (String table : tables) {
        StringBuilder text = new StringBuilder();
        try (ResultSet result =
            statement.executeQuery("SELECT t::text FROM \"" + schema + "\".\"" + table + "\" t")) {
          while (result.next()) {
            text.append(result.getString(1)).append('\n');
          }
        }
        rows.put("table " + table, text.toString());
      }
    }
    return rows;
  }

  private String operatorLog() {
    StringBuilder text = new StringBuilder();
    for (ILoggingEvent event : logs.list) {
      text.append(event.getFormattedMessage()).append(event.getMDCPropertyMap()).append('\n');
      if (event.getThrowableProxy() != null) {
        text.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
      }
    }
    return text.toString();
  }

  /** Workflows, ShadowRuns, events, ConfigMaps and Jobs of the namespace, as JSON. */
  private Map<String, String> resources() {
    var client = harness.client();
    var json = client.getKubernetesSerialization();
    String ns = OperatorHarness.NAMESPACE;
    return Map.of(
        "workflows", json.asJson(client.resources(Workflow.class).inNamespace(ns).list()),
        "shadowruns", json.asJson(client.resources(ShadowRun.class).inNamespace(ns).list()),
        "events", json.asJson(client.v1().events().inNamespace(ns).list()),
        "configmaps", json.asJson(client.configMaps().inNamespace(ns).list()),
        "jobs", json.asJson(client.batch().v1().jobs().inNamespace(ns).list()));
  }
}
