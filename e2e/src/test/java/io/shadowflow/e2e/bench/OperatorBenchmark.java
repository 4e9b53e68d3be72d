package io.shadowflow.e2e.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.shadowflow.api.Workflow;
import io.shadowflow.e2e.LocalControlPlane;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.operator.jobs.Labels;
import io.shadowflow.testkit.KubeApiServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Creates N Workflows at once against the dev control plane's API server, with the operator in a
 * JVM of its own (its heap capped by {@code -Xmx}, as a pod's would be), and prints how long until
 * every Workflow has its engine Job and a status, the reconcile rate, the operator's heap after a
 * full GC, and the CPU time of each process: what limits the run. No engine pod runs: the figure is
 * the operator's. Run it with scripts/bench-operator.sh; it is a command, not a test.
 */
public final class OperatorBenchmark {
  private static final String NAMESPACE = "bench";

  private OperatorBenchmark() {}

  /** {@code OperatorBenchmark N OPERATOR_MAX_HEAP LOG_FILE}. */
  public static void main(String[] args) throws Exception {
    int count = Integer.parseInt(args[0]);
    String maxHeap = args[1];
    Path log = Path.of(args[2]);
    try (BenchSchema schema = new BenchSchema();
        KubeApiServer api = KubeApiServer.start()) {
      LocalControlPlane.applyCrds(api.client(), Path.of("crds/generated"));
      LocalControlPlane.createNamespace(api.client(), NAMESPACE);
      try (BenchOperator operator =
          BenchOperator.start(api, NAMESPACE, schema.config(), maxHeap, log, Map.of())) {
        run(api.client(), count, operator, maxHeap);
      }
    }
  }

  private static void run(
      KubernetesClient client, int count, BenchOperator operator, String maxHeap) throws Exception {
    double apiCpuBefore = CpuTime.ofThisProcess();
    double operatorCpuBefore = operator.cpuSeconds();
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
        operator.metric("operator_sdk_controllers_execution_reconcile_seconds_count");
    System.out.printf("workflows created:              %,d in %.1f s%n", count, created);
    System.out.printf("all with engine Job and status: %.1f s after the first create%n", converged);
    System.out.printf(
        "reconciles:                     %,.0f (%.0f per second)%n",
        reconciles, reconciles / converged);
    System.out.printf(
        "CPU seconds:                    operator %.1f, API server and this client %.1f (of %.0f"
            + " wall seconds on %d cores)%n",
        operator.cpuSeconds() - operatorCpuBefore,
        CpuTime.ofThisProcess() - apiCpuBefore,
        converged,
        Runtime.getRuntime().availableProcessors());
    System.out.printf(
        "operator heap after a full GC:  %.1f MiB (its -Xmx: %s)%n",
        operator.heapAfterGcMiB(), maxHeap);
    System.out.println("largest classes on the operator's heap:");
    operator
        .jcmd("GC.class_histogram")
        .lines()
        .skip(3)
        .limit(Integer.getInteger("histogram.lines", 12))
        .forEach(line -> System.out.println("  " + line));
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

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
