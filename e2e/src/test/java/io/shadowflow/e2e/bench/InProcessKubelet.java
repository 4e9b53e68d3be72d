package io.shadowflow.e2e.bench;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.shadowflow.engine.cli.Main;
import io.shadowflow.operator.jobs.Labels;
import io.shadowflow.testkit.KubeApiServer;
import io.shadowflow.testkit.LocalPodRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in kubelet and Job controller for the operator's engine Jobs, for benchmarks of thousands
 * of runs: it watches the engine Jobs of a namespace and runs each one's engine container on a
 * bounded pool of threads of this JVM ({@link Main}, the image's entrypoint, with the container's
 * arguments and environment), where {@link LocalPodRunner} starts a JVM per pod (a second or two of
 * CPU each). It writes the Job's status as the Job controller would (active while the engine runs;
 * Complete, or Failed per the pod failure policy and backoff limit) and records when it saw each
 * Job and when its engine started and ended.
 *
 * <p>Status writes go through two threads of their own, in order per Job: an engine never waits for
 * one. No Pod objects are made. A thread cannot be killed as a pod is: a Job deleted while its
 * engine runs lets that engine finish (the operator deletes a parked run's Job after its engine
 * parked).
 */
final class InProcessKubelet implements AutoCloseable {
  private static final Duration INITIAL_BACKOFF = Duration.ofMillis(200);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

  private final KubernetesClient client;
  private final ExecutorService engines;
  private final ExecutorService statusWriters =
      Executors.newFixedThreadPool(2, daemon("job-status"));
  private final JobEnvironment environment;
  private final Set<String> taken = ConcurrentHashMap.newKeySet();
  private final Map<String, List<EngineRun>> runsByWorkflow = new ConcurrentHashMap<>();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger started = new AtomicInteger();
  private final Queue<String> failures = new ConcurrentLinkedQueue<>();
  private SharedIndexInformer<Secret> secrets;
  private SharedIndexInformer<Job> jobs;

  /** One engine Job as this kubelet saw and ran it; times from {@link System#nanoTime()}. */
  static final class EngineRun {
    final String jobName;
    final String jobUid;
    final long seenNanos;
    private volatile long startedNanos;
    private volatile long endedNanos;
    private volatile Integer exitCode;

    EngineRun(String jobName, String jobUid, long seenNanos) {
      this.jobName = jobName;
      this.jobUid = jobUid;
      this.seenNanos = seenNanos;
    }

    long startedNanos() {
      return startedNanos;
    }

    long endedNanos() {
      return endedNanos;
    }

    /** The last exit code of its engine; null while it has none, -1 when it could not start. */
    Integer exitCode() {
      return exitCode;
    }
  }

  private InProcessKubelet(KubernetesClient client, int threads) {
    this.client = client;
    this.engines = Executors.newFixedThreadPool(threads, daemon("engine"));
    this.environment = new JobEnvironment(this::secret);
  }

  /**
   * Starts watching the engine Jobs of {@code namespace}, running up to {@code threads} at once.
   */
  static InProcessKubelet start(KubeApiServer api, String namespace, int threads) {
    InProcessKubelet kubelet = new InProcessKubelet(api.newClient(namespace), threads);
    kubelet.secrets = kubelet.client.secrets().inNamespace(namespace).inform();
    kubelet.jobs =
        kubelet
            .client
            .batch()
            .v1()
            .jobs()
            .inNamespace(namespace)
            .withLabel(Labels.MANAGED_BY, Labels.OPERATOR)
            .withLabel(Labels.COMPONENT, Labels.ENGINE)
            .inform(kubelet.handler(), 0);
    return kubelet;
  }

  /** Its engine, if one runs, finishes when its Job is deleted: see the class comment. */
  private ResourceEventHandler<Job> handler() {
    return new OnAddOrUpdate<>(this::consider);
  }

  /** Runs the Job's engine once, when it is neither suspended nor finished. */
  private void consider(Job job) {
    if (Boolean.TRUE.equals(job.getSpec().getSuspend())
        || finished(job)
        || !taken.add(job.getMetadata().getUid())) {
      return;
    }
    EngineRun run =
        new EngineRun(job.getMetadata().getName(), job.getMetadata().getUid(), System.nanoTime());
    runsByWorkflow.computeIfAbsent(workflowOf(job), w -> new CopyOnWriteArrayList<>()).add(run);
    engines.execute(() -> execute(job, run));
  }

  private void execute(Job job, EngineRun run) {
    running.incrementAndGet();
    started.incrementAndGet();
    run.startedNanos = System.nanoTime();
    String name = job.getMetadata().getName();
    try {
      Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
      if (container.getCommand() != null && !container.getCommand().isEmpty()) {
        throw new IllegalStateException("an engine container runs the image's entrypoint");
      }
      String[] args =
          EngineArgs.of(
                  container.getArgs() == null ? List.of() : container.getArgs(),
                  environment.resolve(job.getMetadata().getNamespace(), container))
              .toArray(String[]::new);
      CompletableFuture<Void> status = writeStatus(job, EngineJobStatus.running(Instant.now()));
      int failedPods = 0;
      while (true) {
        StringWriter output = new StringWriter();
        int exit;
        try (PrintWriter out = new PrintWriter(output)) {
          exit = Main.execute(out, out, args);
        }
        run.exitCode = exit;
        if (exit == 0) {
          writeStatus(status, job, EngineJobStatus.succeeded(Instant.now()));
          return;
        }
        failedPods++;
        failures.add(name + ": the engine exited with " + exit + ": " + output.toString().strip());
        if (EngineJobStatus.failsJob(job, exit)) {
          writeStatus(
              status,
              job,
              EngineJobStatus.failed(
                  failedPods,
                  "PodFailurePolicy",
                  "Container engine for pod " + name + " failed with exit code " + exit,
                  Instant.now()));
          return;
        }
        if (failedPods > EngineJobStatus.backoffLimit(job)) {
          writeStatus(
              status,
              job,
              EngineJobStatus.failed(
                  failedPods,
                  "BackoffLimitExceeded",
                  "Job has reached the specified backoff limit",
                  Instant.now()));
          return;
        }
        Thread.sleep(backoff(failedPods).toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // As a CreateContainerConfigError: the engine never started.
      run.exitCode = -1;
      failures.add(name + ": " + e);
    } finally {
      run.endedNanos = System.nanoTime();
      running.decrementAndGet();
    }
  }

  /** Writes the first status of a Job's run. */
  private CompletableFuture<Void> writeStatus(Job job, String patch) {
    return CompletableFuture.runAsync(() -> patchStatus(job, patch), statusWriters);
  }

  /** Writes a status after {@code earlier}, so a Job's statuses arrive in order. */
  private void writeStatus(CompletableFuture<Void> earlier, Job job, String patch) {
    earlier.handleAsync((done, failed) -> patchStatus(job, patch), statusWriters);
  }

  private Void patchStatus(Job job, String patch) {
    try {
      client
          .resource(job)
          .subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    } catch (KubernetesClientException e) {
      // Not found: the operator deleted the Job of a run that parked, nobody is left to tell.
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        failures.add(job.getMetadata().getName() + ": status not written: " + e.getMessage());
      }
    }
    return null;
  }

  private Secret secret(String namespace, String name) {
    Secret cached = secrets.getStore().getByKey(namespace + "/" + name);
    // Just created, the Secret may not have reached the watch yet.
    return cached != null ? cached : client.secrets().inNamespace(namespace).withName(name).get();
  }

  private static Duration backoff(int failures) {
    Duration delay = INITIAL_BACKOFF.multipliedBy(1L << Math.min(failures - 1, 20));
    return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger number = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static boolean finished(Job job) {
    return job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(
                c ->
                    ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                        && "True".equals(c.getStatus()));
  }

  private static String workflowOf(Job job) {
    return job.getMetadata().getLabels().getOrDefault(Labels.WORKFLOW, "");
  }

  /** Engines running now: the pods that would be running. */
  int running() {
    return running.get();
  }

  /** Engines started so far. */
  int started() {
    return started.get();
  }

  /** Jobs seen whose engine waits for a free thread: pods that would be starting. */
  int queued() {
    return taken.size() - started.get();
  }

  /**
   * Engine Jobs its watch has seen and not seen deleted. An upper bound: the stand-in API server's
   * WebSocket watches ignore {@code resourceVersion}, so deletions while a watch reconnects are
   * missed and those Jobs stay here; ask the API server for the real count.
   */
  int jobs() {
    return jobs.getStore().list().size();
  }

  /** The Jobs of a Workflow, in the order this kubelet saw them. */
  List<EngineRun> runsOf(String workflow) {
    return runsByWorkflow.getOrDefault(workflow, List.of());
  }

  /** Each engine that exited other than 0, or could not start, with what it printed. */
  List<String> failures() {
    return List.copyOf(failures);
  }

  @Override
  public void close() throws InterruptedException {
    jobs.close();
    secrets.close();
    for (ExecutorService pool : List.of(engines, statusWriters)) {
      pool.shutdown();
      if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    }
    client.close();
  }
}
