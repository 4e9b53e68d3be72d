package io.shadowflow.e2e.bench;

import io.shadowflow.e2e.LocalControlPlane;
import io.shadowflow.engine.checkpoint.DatabaseConfig;
import io.shadowflow.testkit.KubeApiServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator of a benchmark in a JVM of its own, as in a pod: its heap capped by {@code -Xmx},
 * the local control plane's flags, a kubeconfig pointing at the benchmark's API server, probes and
 * metrics on a free port. What the benchmarks read of it: Prometheus metrics, the heap after a full
 * GC, {@code jcmd} output, CPU time.
 */
final class BenchOperator implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Process process;
  private final int metricsPort;

  private BenchOperator(Process process, int metricsPort) {
    this.process = process;
    this.metricsPort = metricsPort;
  }

  /**
   * Starts the operator on {@code database}, watching the API server's resources as a client of
   * {@code namespace}, and waits for its readiness probe.
   *
   * @param maxHeap the operator's {@code -Xmx}
   * @param log where its output goes
   * @param flags operator flags that replace the local control plane's value, or are added
   */
  static BenchOperator start(
      KubeApiServer api,
      String namespace,
      DatabaseConfig database,
      String maxHeap,
      Path log,
      Map<String, String> flags)
      throws IOException, InterruptedException {
    int metricsPort = freePort();
    Path kubeconfig = api.writeKubeconfig(Files.createTempFile("bench-kubeconfig", ""), namespace);
    kubeconfig.toFile().deleteOnExit();
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
    command.addAll(withFlags(LocalControlPlane.operatorFlags(database, metricsPort), flags));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    BenchOperator operator = new BenchOperator(builder.start(), metricsPort);
    // Stopping the benchmark (Ctrl-C) stops its operator too.
    Runtime.getRuntime().addShutdownHook(new Thread(operator.process::destroyForcibly));
    try {
      operator.awaitReady();
    } catch (RuntimeException | InterruptedException e) {
      operator.close();
      throw e;
    }
    return operator;
  }

  /** {@code flags} with each of {@code overrides} replacing its value, or added at the end. */
  static List<String> withFlags(List<String> flags, Map<String, String> overrides) {
    List<String> result = new ArrayList<>(flags);
    overrides.forEach(
        (flag, value) -> {
          int at = result.indexOf(flag);
          if (at >= 0) {
            result.set(at + 1, value);
          } else {
            result.addAll(List.of(flag, value));
          }
        });
    return result;
  }

  /** Waits for the operator's readiness probe. */
  private void awaitReady() throws InterruptedException {
    for (int i = 0; i < 600 && process.isAlive(); i++) {
      try {
        if (get("/readyz").statusCode() == 200) {
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
  double metric(String name) throws IOException, InterruptedException {
    return get("/metrics")
        .body()
        .lines()
        .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The used heap after a full GC, from {@code jcmd}: the live set the operator holds. */
  double heapAfterGcMiB() throws IOException, InterruptedException {
    jcmd("GC.run");
    String info = jcmd("GC.heap_info");
    // e.g. " garbage-first heap   total 262144K, used 81234K [...": the first "used" is the heap's
    Matcher matcher = Pattern.compile("used (\\d+)K").matcher(info);
    if (!matcher.find()) {
      throw new IllegalStateException("jcmd GC.heap_info printed no heap: " + info);
    }
    return Long.parseLong(matcher.group(1)) / 1024.0;
  }

  /** What {@code jcmd PID command} prints for the operator, e.g. {@code GC.class_histogram}. */
  String jcmd(String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process jcmdProcess =
        new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), command).start();
    String out = new String(jcmdProcess.getInputStream().readAllBytes());
    jcmdProcess.waitFor();
    return out;
  }

  /** CPU seconds the operator's process has used so far. */
  double cpuSeconds() {
    return CpuTime.of(process);
  }

  /**
   * SIGTERM, and SIGKILL if the operator has not stopped in 30 s: one whose heap filled up may
   * never finish its shutdown, and would go on loading the machine.
   */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
