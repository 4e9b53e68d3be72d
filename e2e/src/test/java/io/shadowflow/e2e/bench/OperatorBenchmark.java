package io.shadowflow.e2e.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.shadowflow.api.Workflow;
import io.shadowflow.e2e.LocalControlPlane;
import io.shadowflow.engine.checkpoint.DatabaseConfig;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.engine.testing.TestDatabase;
import io.shadowflow.operator.jobs.Labels;
import io.shadowflow.testkit.KubeApiServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates N Workflows at once against the dev control plane's API server, with the operator in a
 * JVM of its own (its heap capped by {@code -Xmx}, as a pod's would be), and prints how long until
 * every Workflow has its engine Job and a status, the reconcile rate, the operator's heap after a
 * full GC, and the CPU time of each process: what limits the run. No engine pod runs: the figure is
 * the operator's. Run it with scripts/bench-operator.sh; it is a command, not a test.
 */
public final class OperatorBenchmark {
  private static final String NAMESPACE = "bench";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private OperatorBenchmark() {}

  /** {@code OperatorBenchmark N OPERATOR_MAX_HEAP LOG_FILE}. */
  public static void main(String[] args) throws Exception {
    int count = Integer.parseInt(args[0]);
    String maxHeap = args[1];
    Path log = Path.of(args[2]);
    DatabaseConfig database = TestDatabase.freshConfig();
    try (KubeApiServer api = KubeApiServer.start()) {
      LocalControlPlane.applyCrds(api.client(), Path.of("crds/generated"));
      LocalControlPlane.createNamespace(api.client(), NAMESPACE);
      int metricsPort = freePort();
      Process operator = startOperator(api, database, maxHeap, metricsPort, log);
      // Stopping this benchmark (Ctrl-C) stops its operator too.
      Runtime.getRuntime().addShutdownHook(new Thread(operator::destroyForcibly));
      try {
        awaitReady(operator, metricsPort);
        run(api.client(), count, operator, metricsPort, maxHeap);
      } finally {
        stop(operator);
      }
    } finally {
      dropSchema(database);
    }
  }

  private static void run(
      KubernetesClient client, int count, Process operator, int metricsPort, String maxHeap)
      throws Exception {
    double apiCpuBefore = ownCpuSeconds();
    double operatorCpuBefore = cpuSeconds(operator);
    long started = System.nanoTime();
    createAll(client, count);
    double created = seconds(started);
    int withJob = 0;
    int withStatus = 0;
    // A second per 1,000 Workflows: listing them all more often would load the API server the
    // run is measuring.
    Duration poll = Duration.ofSeconds(Math.max(1, count / 1000));
    while (withJob < count || withStatus < count) {
      Thread.sleep(poll.toMillis());
      withJob = jobs(client);
      withStatus = statuses(client);
      System.out.printf(
          "  %5.0f s: %,d with a Job, %,d with a status%n", seconds(started), withJob, withStatus);
    }
    double converged = seconds(started);
    double reconciles =
        metric(metricsPort, "operator_sdk_controllers_execution_reconcile_seconds_count");
    System.out.printf("workflows created:              %,d in %.1f s%n", count, created);
    System.out.printf("all with engine Job and status: %.1f s after the first create%n", converged);
    System.out.printf(
        "reconciles:                     %,.0f (%.0f per second)%n",
        reconciles, reconciles / converged);
    System.out.printf(
        "CPU seconds:                    operator %.1f, API server and this client %.1f (of %.0f"
            + " wall seconds on %d cores)%n",
        cpuSeconds(operator) - operatorCpuBefore,
        ownCpuSeconds() - apiCpuBefore,
        converged,
        Runtime.getRuntime().availableProcessors());
    System.out.printf(
        "operator heap after a full GC:  %.1f MiB (its -Xmx: %s)%n",
        heapAfterGcMiB(operator), maxHeap);
    System.out.println("largest classes on the operator's heap:");
    jcmd(Long.toString(operator.pid()), "GC.class_histogram")
        .lines()
        .skip(3)
        .limit(Integer.getInteger("histogram.lines", 12))
        .forEach(line -> System.out.println("  " + line));
  }

  private static Process startOperator(
      KubeApiServer api, DatabaseConfig database, String maxHeap, int metricsPort, Path log)
      throws IOException {
    Path kubeconfig = api.writeKubeconfig(Files.createTempFile("bench-kubeconfig", ""), NAMESPACE);
    List<String> command =
        new ArrayList<>(
            List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx" + maxHeap));
    // e.g. OPERATOR_JAVA_OPTS=-XX:StartFlightRecording=filename=operator.jfr to profile it
    String javaOpts = System.getenv().getOrDefault("OPERATOR_JAVA_OPTS", "").strip();
    if (!javaOpts.isEmpty()) {
      command.addAll(List.of(javaOpts.split("\\s+")));
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "io.shadowflow.operator.runtime.OperatorMain"));
    command.addAll(LocalControlPlane.operatorFlags(database, metricsPort));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    return builder.start();
  }

  private static void createAll(KubernetesClient client, int count) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> creations = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Workflow workflow =
            Serialization.unmarshal(
                Manifests.workflowYaml(
                    "bench-" + i,
                    """
                    - {name: price, kind: transform, expr: '{"price": input.qty * 3}'}
                    - {name: pick, kind: random, choice: [red, green, blue]}
                    """),
                Workflow.class);
        creations.add(
            pool.submit(
                () ->
                    client
                        .resources(Workflow.class)
                        .inNamespace(NAMESPACE)
                        .resource(workflow)
                        .create()));
      }
      for (Future<?> creation : creations) {
        creation.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static int jobs(KubernetesClient client) {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NAMESPACE)
        .withLabel(Labels.COMPONENT, Labels.ENGINE)
        .list()
        .getItems()
        .size();
  }

  private static int statuses(KubernetesClient client) {
    return (int)
        client.resources(Workflow.class).inNamespace(NAMESPACE).list().getItems().stream()
            .filter(w -> w.getStatus() != null && w.getStatus().phase != null)
            .count();
  }

  /**
   * SIGTERM, and SIGKILL if the operator has not stopped in 30 s: one whose heap filled up may
   * never finish its shutdown, and would go on loading the machine.
   */
  private static void stop(Process operator) throws InterruptedException {
    operator.destroy();
    if (!operator.waitFor(30, TimeUnit.SECONDS)) {
      operator.destroyForcibly().waitFor();
    }
  }

  /** Waits for the operator's readiness probe. */
  private static void awaitReady(Process operator, int port) throws InterruptedException {
    for (int i = 0; i < 600 && operator.isAlive(); i++) {
      try {
        if (get(port, "/readyz").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // the operator is still starting
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the operator did not get ready in 60 s: see its log");
  }

  /** The sum of every series of {@code name} on the operator's Prometheus endpoint. */
  private static double metric(int port, String name) throws IOException, InterruptedException {
    return get(port, "/metrics")
        .body()
        .lines()
        .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static HttpResponse<String> get(int port, String path)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The used heap after a full GC, from {@code jcmd}: the live set the operator holds. */
  private static double heapAfterGcMiB(Process process) throws IOException, InterruptedException {
    String pid = Long.toString(process.pid());
    jcmd(pid, "GC.run");
    String info = jcmd(pid, "GC.heap_info");
    // e.g. " garbage-first heap   total 262144K, used 81234K [...": the first "used" is the heap's
    Matcher matcher = Pattern.compile("used (\\d+)K").matcher(info);
    if (!matcher.find()) {
      throw new IllegalStateException("jcmd GC.heap_info printed no heap: " + info);
    }
    return Long.parseLong(matcher.group(1)) / 1024.0;
  }

  private static String jcmd(String pid, String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process process = new ProcessBuilder(jcmd.toString(), pid, command).start();
    String out = new String(process.getInputStream().readAllBytes());
    process.waitFor();
    return out;
  }

  private static double cpuSeconds(Process process) {
    return process.info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN);
  }

  private static double ownCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static void dropSchema(DatabaseConfig database) throws Exception {
    try (var connection = DriverManager.getConnection(TestDatabase.JDBC_URL)) {
      connection
          .createStatement()
          .execute("DROP SCHEMA IF EXISTS " + database.schema() + " CASCADE");
    }
  }
}
