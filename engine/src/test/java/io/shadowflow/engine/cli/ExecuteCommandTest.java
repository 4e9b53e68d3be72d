package io.shadowflow.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.PostgresCheckpointStore;
import io.shadowflow.engine.exec.ExecutionListener;
import io.shadowflow.engine.exec.RunDefinitions;
import io.shadowflow.engine.exec.RunOptions;
import io.shadowflow.engine.exec.WorkflowExecutor;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.engine.testing.TestDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExecuteCommandTest {
  private static final String LINEAGE = "restart/run-0123456789abcdef0123456789abcdef/label";
  private final Database database = TestDatabase.fresh();

  @AfterEach
  void close() {
    database.close();
  }

  private int execute(
      String runId, String lineage, StringWriter out, StringWriter err, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "execute",
                "--run-id",
                runId,
                "--lineage",
                lineage,
                "--jdbc-url",
                TestDatabase.JDBC_URL,
                "--db-schema",
                database.config().schema()));
    args.addAll(List.of(more));
    return Main.execute(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
  }

  @Test
  void executesAnAllocatedRunFromItsStoredDefinitionWithTheHashOfALocalRun() throws Exception {
    CompiledWorkflow workflow = Manifests.compileExample("reference-workflow.yaml");
    RunOptions restart = new RunOptions(LINEAGE);
    var store = new PostgresCheckpointStore(database.dataSource());
    String runId = store.createRun(RunDefinitions.of(workflow, restart, Instant.now())).runId();

    StringWriter out = new StringWriter();
    assertThat(execute(runId, LINEAGE, out, new StringWriter())).isZero();

    String expected =
        new WorkflowExecutor(store).run(workflow, restart, ExecutionListener.NONE).workflowHash();
    assertThat(out.toString()).contains("run " + runId).contains("workflow hash: " + expected);
  }

  @Test
  void aLineageThatIsNotOneTheOperatorWritesIsRefusedWithoutPrintingItOrTheCredentials() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    // What Kubernetes would have made of $(SHADOWFLOW_DB_PASSWORD) in an unescaped argument.
    int code =
        execute("run-nope", "pw-4f2a9c", out, err, "--db-password", "pw-4f2a9c", "--db-user", "u");
    assertThat(code).isEqualTo(Main.INVALID_INPUT);
    assertThat(err.toString()).contains("--lineage: not a lineage the operator writes");
    assertThat(out.toString() + err).doesNotContain("pw-4f2a9c");
  }

  @Test
  void anUnknownRunIdIsInvalidInput() {
    StringWriter err = new StringWriter();
    assertThat(execute("run-nope", "", new StringWriter(), err)).isEqualTo(Main.INVALID_INPUT);
    assertThat(err.toString()).contains("--run-id: no run run-nope in the database");
  }

  @Test
  void aLineageThatDoesNotMakeTheRunIdIsRefused() {
    CompiledWorkflow workflow = Manifests.compileExample("reference-workflow.yaml");
    var store = new PostgresCheckpointStore(database.dataSource());
    String runId =
        store.createRun(RunDefinitions.of(workflow, RunOptions.DEFAULT, Instant.now())).runId();
    StringWriter err = new StringWriter();
    assertThat(execute(runId, LINEAGE, new StringWriter(), err)).isEqualTo(Main.CANNOT_CONTINUE);
    assertThat(err.toString()).contains("INTERNAL_ERROR").contains("compiles to run id");
  }

  @Test
  void servesCheckpointLatencyToPrometheusWhileTheRunGoesOn() throws Exception {
    CompiledWorkflow workflow =
        Manifests.compileYaml(
            Manifests.workflowYaml(
                "slow",
                """
                - {name: a, kind: transform, expr: '1'}
                - {name: b, kind: transform, expr: '2'}
                - {name: pause, kind: sleep, duration: 3s}
                - {name: c, kind: transform, expr: '3'}
                """));
    String runId =
        new PostgresCheckpointStore(database.dataSource())
            .createRun(RunDefinitions.of(workflow, RunOptions.DEFAULT, Instant.now()))
            .runId();
    int port = freePort();
    URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");

    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                execute(
                    runId,
                    "",
                    new StringWriter(),
                    new StringWriter(),
                    "--metrics-port",
                    "" + port));
    // The endpoint opens once the command has started: until then a scrape is refused. The run's
    // open is its first commit; a and b are held until the sleep's result commits, 3 s later.
    String scrape =
        await()
            .ignoreException(ConnectException.class)
            .until(() -> get(metrics), body -> commits(body) >= 1);

    assertThat(scrape)
        .contains("shadowflow_checkpoint_commit_seconds_bucket{le=")
        .contains("shadowflow_checkpoint_batch_count");
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    assertThatThrownBy(() -> get(metrics)).isInstanceOf(ConnectException.class);
  }

  @Test
  void aMetricsPortInUseIsAWarningAndTheRunGoesOn() throws Exception {
    CompiledWorkflow workflow = Manifests.compileExample("reference-workflow.yaml");
    String runId =
        new PostgresCheckpointStore(database.dataSource())
            .createRun(RunDefinitions.of(workflow, RunOptions.DEFAULT, Instant.now()))
            .runId();
    try (ServerSocket taken = new ServerSocket(0)) {
      StringWriter err = new StringWriter();
      int code =
          execute(runId, "", new StringWriter(), err, "--metrics-port", "" + taken.getLocalPort());
      assertThat(code).isZero();
      assertThat(err.toString())
          .contains("warning: cannot serve metrics on port " + taken.getLocalPort());
    }
  }

  @Test
  void anEngineStartedWhileTheDatabaseIsDownGivesTheCatalogCode() throws IOException {
    String closed = "jdbc:postgresql://127.0.0.1:" + freePort() + "/test?user=postgres";
    StringWriter err = new StringWriter();
    int code = executeUnallocatedRun(err, "--jdbc-url", closed);
    assertThat(code).isEqualTo(Main.CANNOT_CONTINUE);
    assertThat(err.toString())
        .startsWith("error DATABASE_UNAVAILABLE")
        .doesNotContain("INTERNAL_ERROR")
        .doesNotContain("PoolInitializationException");
  }

  @Test
  void executeRunsNoDdl() {
    // A schema nobody migrated: execute must report it missing rather than create it.
    String schema = TestDatabase.freshConfig().schema();
    StringWriter err = new StringWriter();
    int code =
        executeUnallocatedRun(err, "--jdbc-url", TestDatabase.JDBC_URL, "--db-schema", schema);
    assertThat(code).isEqualTo(Main.CANNOT_CONTINUE);
    assertThat(err.toString()).startsWith("error DB_SCHEMA_MISMATCH");
    assertThat(TestDatabase.schemaExists(schema)).isFalse();
  }

  /** {@code execute} of a run nobody allocated, against the database {@code connection} names. */
  private static int executeUnallocatedRun(StringWriter err, String... connection) {
    List<String> args = new ArrayList<>(List.of("execute", "--run-id", "r-1"));
    args.addAll(List.of(connection));
    args.addAll(List.of("--metrics-port", "0"));
    return Main.execute(
        new PrintWriter(new StringWriter()), new PrintWriter(err), args.toArray(String[]::new));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String get(URI uri) throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The count of checkpoint commits in a scrape. */
  private static double commits(String scrape) {
    Matcher count =
        Pattern.compile("(?m)^shadowflow_checkpoint_commit_seconds_count (\\S+)$").matcher(scrape);
    return count.find() ? Double.parseDouble(count.group(1)) : 0;
  }
}
