package io.shadowflow.operator.bench;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.micrometer.core.instrument.Timer;
import io.shadowflow.api.Workflow;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.operator.jobs.Labels;
import io.shadowflow.operator.testing.OperatorHarness;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Creates many Workflows at once against the Fabric8 mock API server and the real PostgreSQL, and
 * prints how long until every one has its engine Job and a status, the reconcile rate, and the
 * heap. Run it with scripts/bench-operator.sh; it is a command, not a test.
 */
public final class OperatorBenchmark {
  private OperatorBenchmark() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    try (OperatorHarness harness = new OperatorHarness("--resync", "10m")) {
      long heapBefore = usedHeapAfterGc();
      long started = System.nanoTime();
      createAll(harness, count);
      double created = seconds(started);

      int withJob = 0;
      int withStatus = 0;
      while (withJob < count || withStatus < count) {
        // The figure is good to 0.2 s; listing 1,000 Jobs more often would load the run itself.
        Thread.sleep(200);
        withJob = jobs(harness);
        withStatus = statuses(harness);
      }
      double converged = seconds(started);
      Timer reconciles =
          harness
              .operator()
              .registry()
              .find("operator.sdk.controllers.execution.reconcile")
              .timer();
      long reconcileCount = reconciles == null ? 0 : reconciles.count();
      long heapAfter = usedHeapAfterGc();

      System.out.printf("workflows created:              %d in %.2f s%n", count, created);
      System.out.printf(
          "all with engine Job and status: %.2f s after the first create%n", converged);
      System.out.printf(
          "reconciles:                     %d (%.0f per second), mean %.1f ms, max %.0f ms%n",
          reconcileCount,
          reconcileCount / converged,
          reconciles == null ? 0 : reconciles.mean(java.util.concurrent.TimeUnit.MILLISECONDS),
          reconciles == null ? 0 : reconciles.max(java.util.concurrent.TimeUnit.MILLISECONDS));
      System.out.printf(
          "heap after GC:                  %.1f MiB before, %.1f MiB after (operator, mock API server"
              + " holding %d Workflows and Jobs, and client, in one JVM)%n",
          heapBefore / 1048576.0, heapAfter / 1048576.0, count);
    }
  }

  private static void createAll(OperatorHarness harness, int count) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> creations = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String name = "bench-" + i;
        creations.add(
            pool.submit(
                () ->
                    harness.create(
                        Manifests.workflowYaml(
                            name,
                            """
                            - {name: price, kind: transform, expr: '{"price": input.qty * 3}'}
                            - {name: pick, kind: random, choice: [red, green, blue]}
                            """))));
      }
      for (Future<?> creation : creations) {
        creation.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static int jobs(OperatorHarness harness) {
    List<Job> jobs =
        harness
            .client()
            .batch()
            .v1()
            .jobs()
            .inNamespace(OperatorHarness.NAMESPACE)
            .withLabel(Labels.COMPONENT, Labels.ENGINE)
            .list()
            .getItems();
    return jobs.size();
  }

  private static int statuses(OperatorHarness harness) {
    return (int)
        harness
            .client()
            .resources(Workflow.class)
            .inNamespace(OperatorHarness.NAMESPACE)
            .list()
            .getItems()
            .stream()
            .filter(w -> w.getStatus() != null && w.getStatus().phase != null)
            .count();
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static long usedHeapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
