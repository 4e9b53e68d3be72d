package io.shadowflow.e2e.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.shadowflow.api.Phase;
import io.shadowflow.api.Signal;
import io.shadowflow.api.SignalStatus;
import io.shadowflow.api.Workflow;
import io.shadowflow.e2e.LocalControlPlane;
import io.shadowflow.engine.testing.Cli;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.operator.jobs.Labels;
import io.shadowflow.testkit.KubeApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Parks N Workflows on a signal at once, leaves them idle, then signals them all, and prints what
 * waiting costs and how fast the runs wake: the time until all are {@code Waiting} with no engine
 * Job and no engine running; reconciles per second, the operator's CPU and its heap after a full GC
 * while they wait; the time until all have {@code Succeeded} after N Signals, and the latency from
 * a Signal to the Job of its run's wake (p50, p95). The operator runs in a JVM of its own, as in
 * {@link OperatorBenchmark}; engine Jobs really run, on threads of this JVM ({@link
 * InProcessKubelet}), against the real PostgreSQL. Every run must end with the hash of {@code
 * shadowflow run --signal} of its manifest, or the command fails. Run it with
 * scripts/bench-parked.sh; it is a command, not a test.
 */
public final class ParkedBenchmark {
  private static final String NAMESPACE = "bench";
  private static final String RECONCILES =
      "operator_sdk_controllers_execution_reconcile_seconds_count";
  private static final String PAYLOAD = "{\"ok\": true}";

  /** A price, a wait for approval, and a step that reads the answer. */
  private static final String STEPS =
      """
      - {name: price, kind: transform, expr: '{"price": input.qty * 3}'}
      """
          + Manifests.APPROVAL_STEPS;

  private final KubernetesClient client;
  private final BenchOperator operator;
  private final InProcessKubelet kubelet;
  private final WorkflowPhases phases;
  private final int count;
  private final String maxHeap;
  private final Duration stall = Duration.ofSeconds(Integer.getInteger("stall.seconds", 180));
  private final Map<String, Long> signalled = new ConcurrentHashMap<>();

  private ParkedBenchmark(
      KubernetesClient client,
      BenchOperator operator,
      InProcessKubelet kubelet,
      WorkflowPhases phases,
      int count,
      String maxHeap) {
    this.client = client;
    this.operator = operator;
    this.kubelet = kubelet;
    this.phases = phases;
    this.count = count;
    this.maxHeap = maxHeap;
  }

  /**
   * {@code ParkedBenchmark N OPERATOR_MAX_HEAP LOG_FILE}; system properties {@code idle.seconds}
   * (60, the operator's resync period: a periodic reconcile would show), {@code park.after} (the
   * operator's {@code --engine-park-after}, 0s), {@code engine.threads} (engines running at once,
   * 4), {@code stall.seconds} (180: give up when nothing moved that long), {@code verify.sample}
   * (100: runs whose hash is checked against {@code shadowflow run}).
   */
  public static void main(String[] args) throws Exception {
    int count = Integer.parseInt(args[0]);
    String maxHeap = args[1];
    Path log = Path.of(args[2]);
    Duration idle = Duration.ofSeconds(Integer.getInteger("idle.seconds", 60));
    String parkAfter = System.getProperty("park.after", "0s");
    int threads = Integer.getInteger("engine.threads", 4);
    System.out.printf(
        "%,d Workflows parked on a signal; operator -Xmx%s, --engine-park-after %s; engines on %d"
            + " threads of this JVM%n",
        count, maxHeap, parkAfter, threads);
    try (BenchSchema schema = new BenchSchema();
        KubeApiServer api = KubeApiServer.start()) {
      LocalControlPlane.applyCrds(api.client(), Path.of("crds/generated"));
      LocalControlPlane.createNamespace(api.client(), NAMESPACE);
      try (BenchOperator operator =
              BenchOperator.start(
                  api,
                  NAMESPACE,
                  schema.config(),
                  maxHeap,
                  log,
                  Map.of("--engine-park-after", parkAfter));
          InProcessKubelet kubelet = InProcessKubelet.start(api, NAMESPACE, threads);
          WorkflowPhases phases = new WorkflowPhases(api.client(), NAMESPACE)) {
        ParkedBenchmark benchmark =
            new ParkedBenchmark(api.client(), operator, kubelet, phases, count, maxHeap);
        benchmark.park();
        benchmark.idle(idle);
        benchmark.wake();
        benchmark.verify();
      }
    }
  }

  /** Phase 1: N Workflows until each is Waiting, with no engine Job and no engine running. */
  private void park() throws Exception {
    Usage usage = new Usage();
    long started = System.nanoTime();
    createAll(i -> workflow(name(i)), i -> {});
    double created = seconds(started);
    await(
        () ->
            // The list last: it costs the API server most, and is asked for only at the end.
            phases.count(Phase.Waiting) == count
                && kubelet.running() == 0
                && kubelet.queued() == 0
                && jobsInApi() == 0,
        started);
    double parked = seconds(started);
    System.out.println("phase 1: park");
    System.out.printf("  workflows created:                 %,d in %.1f s%n", count, created);
    System.out.printf(
        "  all Waiting, no Job, no engine:    %.1f s after the first create%n", parked);
    System.out.printf(
        "  engine Jobs, engines running:      %,d, %,d (target 0)%n",
        jobsInApi(), kubelet.running());
    System.out.printf(
        "  engines run:                       %,d (%,d failed), each %s%n",
        kubelet.started(), kubelet.failures().size(), engineTimes(0));
    usage.print(parked);
  }

  /** Idle: what N parked runs cost while nothing happens. */
  private void idle(Duration window) throws Exception {
    Usage usage = new Usage();
    int engines = kubelet.started();
    Thread.sleep(window.toMillis());
    System.out.printf("idle for %d s%n", window.toSeconds());
    System.out.printf(
        "  reconciles:                        %,.0f (%.2f per second)%n",
        usage.reconciles(), usage.reconciles() / window.toSeconds());
    System.out.printf(
        "  operator CPU:                      %.2f s (%.1f%% of a core)%n",
        usage.operatorCpu(), 100 * usage.operatorCpu() / window.toSeconds());
    System.out.printf(
        "  engines started, Jobs, running:    %,d, %,d, %,d (target 0)%n",
        kubelet.started() - engines, jobsInApi(), kubelet.running());
    System.out.printf(
        "  operator heap after a full GC:     %.1f MiB (its -Xmx: %s)%n",
        operator.heapAfterGcMiB(), maxHeap);
  }

  /** Phase 2: N Signals at once, until every Workflow has Succeeded. */
  private void wake() throws Exception {
    Usage usage = new Usage();
    long started = System.nanoTime();
    // A Signal's time is taken before its create request: what kubectl apply would start.
    createAll(i -> signal(name(i)), i -> signalled.put(name(i), System.nanoTime()));
    double created = seconds(started);
    await(() -> phases.count(Phase.Succeeded) == count, started);
    double done = seconds(started);
    List<Double> toWakeJob = new ArrayList<>();
    List<Double> toEngine = new ArrayList<>();
    List<Double> toSucceeded = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = name(i);
      long signal = signalled.get(name);
      List<InProcessKubelet.EngineRun> runs = kubelet.runsOf(name);
      if (runs.size() >= 2) {
        toWakeJob.add((runs.get(1).seenNanos - signal) / 1e9);
        toEngine.add((runs.get(1).startedNanos() - signal) / 1e9);
      }
      OptionalLong succeeded = phases.firstSeen(name, Phase.Succeeded);
      if (succeeded.isPresent()) {
        toSucceeded.add((succeeded.getAsLong() - signal) / 1e9);
      }
    }
    System.out.println("phase 2: signal");
    System.out.printf("  signals created:                   %,d in %.1f s%n", count, created);
    System.out.printf("  all Succeeded:                     %.1f s after the first Signal%n", done);
    System.out.printf("  signal to its wake Job created:    %s%n", Percentiles.describe(toWakeJob));
    System.out.printf("  signal to its engine started:      %s%n", Percentiles.describe(toEngine));
    System.out.printf(
        "  signal to Succeeded (seen):        %s%n", Percentiles.describe(toSucceeded));
    System.out.printf("  wake engines, each:                %s%n", engineTimes(1));
    usage.print(done);
    System.out.printf(
        "  operator heap after a full GC:     %.1f MiB (its -Xmx: %s)%n",
        operator.heapAfterGcMiB(), maxHeap);
  }

  /**
   * Fails loudly unless every Workflow succeeded with a hash of its own (the run id enters it), a
   * sample of them (every one up to {@code verify.sample}, 100) with the hash {@code shadowflow run
   * --signal} prints for its manifest, every Signal was delivered, and every run had two engines
   * (its start and its wake) that exited 0.
   */
  private void verify() throws Exception {
    long started = System.nanoTime();
    List<String> problems = new ArrayList<>();
    Set<String> hashes = new HashSet<>();
    for (Workflow workflow : phases.all()) {
      String name = workflow.getMetadata().getName();
      String hash = workflow.getStatus().workflowHash;
      if (workflow.getStatus().phase != Phase.Succeeded || hash == null || !hashes.add(hash)) {
        problems.add(name + ": " + workflow.getStatus().phase + " with hash " + hash);
      }
      List<InProcessKubelet.EngineRun> runs = kubelet.runsOf(name);
      if (runs.size() != 2
          || !runs.get(1).jobName.endsWith("-w1")
          || runs.stream().anyMatch(r -> !Objects.equals(r.exitCode(), 0))) {
        problems.add(
            name
                + ": engines "
                + runs.stream().map(r -> r.jobName + " exit " + r.exitCode()).toList());
      }
    }
    int sample = Math.min(count, Integer.getInteger("verify.sample", 100));
    for (int k = 0; k < sample; k++) {
      String name = name((int) ((long) k * count / sample));
      String expected = uninterruptedHash(name);
      Workflow workflow =
          phases.all().stream()
              .filter(w -> w.getMetadata().getName().equals(name))
              .findFirst()
              .orElseThrow();
      if (!expected.equals(workflow.getStatus().workflowHash)) {
        problems.add(
            name + ": hash " + workflow.getStatus().workflowHash + ", uninterrupted " + expected);
      }
    }
    long delivered =
        client.resources(Signal.class).inNamespace(NAMESPACE).list().getItems().stream()
            .filter(
                s -> s.getStatus() != null && SignalStatus.DELIVERED.equals(s.getStatus().phase))
            .count();
    if (phases.all().size() != count || delivered != count) {
      problems.add(phases.all().size() + " Workflows, " + delivered + " Signals delivered");
    }
    kubelet.failures().forEach(failure -> problems.add("engine " + failure));
    if (!problems.isEmpty()) {
      problems.stream().limit(20).forEach(p -> System.out.println("  PROBLEM " + p));
      throw new IllegalStateException(problems.size() + " problem(s)");
    }
    System.out.printf(
        "check: %,d Succeeded, each with a hash of its own; %,d of them checked against"
            + " shadowflow run --signal approve=%s of their manifest; %,d Signals Delivered; %,d"
            + " engines, all exited 0 (%.0f s)%n",
        count, sample, PAYLOAD, delivered, kubelet.started(), seconds(started));
  }

  /** The hash of an uninterrupted run of Workflow {@code name} given the benchmark's signal. */
  private static String uninterruptedHash(String name) throws IOException {
    Path manifest = Files.createTempFile("parked", ".yaml");
    try {
      Files.writeString(manifest, manifest(name));
      return Cli.inMemoryHash(manifest, "--signal", "approve=" + PAYLOAD);
    } finally {
      Files.delete(manifest);
    }
  }

  /** Waits until {@code done}, printing progress every 5 s; fails when nothing moves too long. */
  private void await(BooleanSupplier done, long since) throws InterruptedException {
    Supplier<String> progress =
        () ->
            String.format(
                "%,d Waiting, %,d Succeeded, %,d engine Jobs seen, %,d engines running, %,d"
                    + " starting",
                phases.count(Phase.Waiting),
                phases.count(Phase.Succeeded),
                kubelet.jobs(),
                kubelet.running(),
                kubelet.queued());
    String last = "";
    long lastChange = System.nanoTime();
    long lastPrint = System.nanoTime();
    while (!done.getAsBoolean()) {
      Thread.sleep(500);
      String now = progress.get();
      if (!now.equals(last)) {
        last = now;
        lastChange = System.nanoTime();
      }
      if (seconds(lastPrint) >= 5) {
        lastPrint = System.nanoTime();
        System.out.printf("  %5.0f s: %s%n", seconds(since), now);
      }
      if (phases.count(Phase.Failed) > 0 || seconds(lastChange) > stall.toSeconds()) {
        explainStop();
        throw new IllegalStateException("stopped at: " + now);
      }
    }
  }

  /**
   * The engine Jobs the API server holds. Not the kubelet's watch: the stand-in API server's
   * WebSocket watches ignore {@code resourceVersion}, so a watch that reconnects misses the
   * deletions in between, and its informer keeps those Jobs (docs/test-control-plane.md).
   */
  private int jobsInApi() {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NAMESPACE)
        .withLabel(Labels.MANAGED_BY, Labels.OPERATOR)
        .withLabel(Labels.COMPONENT, Labels.ENGINE)
        .list()
        .getItems()
        .size();
  }

  /** Prints what a stopped benchmark found: failed Workflows, failed engines, Jobs left over. */
  private void explainStop() {
    phases.all().stream()
        .filter(w -> w.getStatus() != null && w.getStatus().phase == Phase.Failed)
        .limit(5)
        .forEach(w -> System.out.println("  FAILED " + Serialization.asYaml(w.getStatus())));
    kubelet.failures().stream().limit(5).forEach(f -> System.out.println("  ENGINE " + f));
    List<Job> jobs = client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems();
    System.out.printf(
        "  %,d engines started; %,d Jobs in the API server, %,d in the kubelet's informer%n",
        kubelet.started(), jobs.size(), kubelet.jobs());
    jobs.stream()
        .limit(5)
        .forEach(
            job -> {
              String workflow = job.getMetadata().getLabels().get(Labels.WORKFLOW);
              System.out.printf(
                  "  JOB %s uid %s created %s deleted %s status %s; Workflow %s; kubelet ran %s%n",
                  job.getMetadata().getName(),
                  job.getMetadata().getUid(),
                  job.getMetadata().getCreationTimestamp(),
                  job.getMetadata().getDeletionTimestamp(),
                  Serialization.asJson(job.getStatus()),
                  phases.all().stream()
                      .filter(w -> w.getMetadata().getName().equals(workflow))
                      .map(w -> Serialization.asJson(w.getStatus()))
                      .findFirst()
                      .orElse("none"),
                  kubelet.runsOf(workflow).stream()
                      .map(r -> r.jobName + " " + r.jobUid + " exit " + r.exitCode())
                      .toList());
            });
  }

  /** Creates {@code resource(i)} for each i on 16 threads, {@code before(i)} just before it. */
  private void createAll(IntFunction<HasMetadata> resource, IntConsumer before) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> creations = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        HasMetadata item = resource.apply(i);
        int index = i;
        creations.add(
            pool.submit(
                () -> {
                  before.accept(index);
                  return client.resource(item).inNamespace(NAMESPACE).create();
                }));
      }
      for (Future<?> creation : creations) {
        creation.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /** How long the {@code index}-th engine of each run took, from its start to its end. */
  private String engineTimes(int index) {
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<InProcessKubelet.EngineRun> runs = kubelet.runsOf(name(i));
      if (runs.size() > index && runs.get(index).endedNanos() != 0) {
        times.add((runs.get(index).endedNanos() - runs.get(index).startedNanos()) / 1e9);
      }
    }
    return Percentiles.describe(times);
  }

  private static String name(int i) {
    return "parked-" + i;
  }

  /** All Workflows share a type and a spec; their names make their runs. */
  private static String manifest(String name) {
    return """
        apiVersion: shadowflow.io/v1alpha1
        kind: Workflow
        metadata: {name: %s, namespace: %s}
        spec:
          type: parked
          seed: 42
          input: {item: sku-7, qty: 3}
          steps:
        %s"""
        .formatted(name, NAMESPACE, STEPS.indent(4));
  }

  private static Workflow workflow(String name) {
    return Serialization.unmarshal(manifest(name), Workflow.class);
  }

  private static Signal signal(String workflow) {
    return Serialization.unmarshal(
        """
        apiVersion: shadowflow.io/v1alpha1
        kind: Signal
        metadata: {name: %s}
        spec: {workflowRef: {name: %s}, signal: approve, payload: %s}
        """
            .formatted(workflow, workflow, PAYLOAD),
        Signal.class);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  /** Reconciles and CPU seconds from its creation on. */
  private final class Usage {
    private final double reconciles;
    private final double operatorCpu;
    private final double ownCpu;
    private final double machineCpu;
    private final double postgresCpu;

    Usage() throws Exception {
      postgresCpu = CpuTime.ofPostgres();
      reconciles = operator.metric(RECONCILES);
      operatorCpu = operator.cpuSeconds();
      ownCpu = CpuTime.ofThisProcess();
      machineCpu = CpuTime.ofMachine();
    }

    double reconciles() throws Exception {
      return operator.metric(RECONCILES) - reconciles;
    }

    double operatorCpu() {
      return operator.cpuSeconds() - operatorCpu;
    }

    void print(double wallSeconds) throws Exception {
      double reconciled = reconciles();
      double operator = operatorCpu();
      double own = CpuTime.ofThisProcess() - ownCpu;
      double postgres = CpuTime.ofPostgres() - postgresCpu;
      double machine = CpuTime.ofMachine() - machineCpu;
      int cores = Runtime.getRuntime().availableProcessors();
      System.out.printf(
          "  reconciles:                        %,.0f (%.0f per second, %.1f per Workflow)%n",
          reconciled, reconciled / wallSeconds, reconciled / count);
      System.out.printf(
          "  operator CPU:                      %.1f s (%.0f ms per Workflow)%n",
          operator, 1000 * operator / count);
      System.out.printf(
          "  machine CPU:                       %.0f of %.0f core-seconds busy: operator %.0f, API"
              + " server with engines and this client %.0f, PostgreSQL %.0f, other processes"
              + " %.0f%n",
          machine,
          wallSeconds * cores,
          operator,
          own,
          postgres,
          machine - operator - own - postgres);
    }
  }
}
