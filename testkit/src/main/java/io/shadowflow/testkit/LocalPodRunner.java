package io.shadowflow.testkit;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.shadowflow.testkit.pods.JobController;
import io.shadowflow.testkit.pods.Kubelet;
import io.shadowflow.testkit.pods.PodProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The test "kubelet" (and Job controller): runs the pods of batch/v1 Jobs, and bare pods of chosen
 * labels, as real local processes with the pod's own command lines and environment (init containers
 * first, one after the other), and reports Pod and Job status back to the API.
 *
 * <p>It lists Jobs (filtered by a label selector) and their pods every {@code tick} instead of
 * watching them: each decision then sees its own earlier writes, which a watch cache would only
 * give with the Job controller's "expectations" bookkeeping. All decisions run on one thread.
 */
public final class LocalPodRunner implements AutoCloseable, PodLogSource {
  private static final Logger LOG = LoggerFactory.getLogger(LocalPodRunner.class);
  private static final String JOB_UID_LABEL = "batch.kubernetes.io/controller-uid";
  private static final List<String> HOST_VARIABLES =
      List.of("PATH", "HOME", "USER", "LANG", "LC_ALL", "TZ", "TMPDIR", "JAVA_HOME");

  private final KubernetesClient client;
  private final String namespace;
  private final Map<String, String> jobSelector;
  private final Map<String, String> podSelector;
  private final Kubelet kubelet;
  private final JobController jobs;
  private final Duration tick;
  private final Duration maxGrace;
  private final ScheduledExecutorService loop;
  private final ScheduledExecutorService timer;
  private final AtomicBoolean syncQueued = new AtomicBoolean();
  private final Thread shutdownHook;
  private volatile boolean closed;

  private LocalPodRunner(Builder builder) {
    this.client = builder.client;
    this.namespace = builder.namespace;
    this.jobSelector = Map.copyOf(builder.jobSelector);
    this.podSelector = builder.podSelector == null ? null : Map.copyOf(builder.podSelector);
    this.tick = builder.tick;
    this.maxGrace = builder.maxGrace;
    ScheduledThreadPoolExecutor loopExecutor =
        new ScheduledThreadPoolExecutor(1, daemon("local-pod-runner"));
    // close() must not wait for a backoff's delayed wake-up.
    loopExecutor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.loop = loopExecutor;
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("local-pod-runner-timer"));
    this.kubelet =
        new Kubelet(
            client,
            builder.images,
            hostEnvironment(client),
            builder.workingDirectory,
            builder.logDirectory,
            builder.maxGrace,
            timer);
    this.jobs =
        new JobController(client, kubelet::isRunning, builder.initialBackoff, builder.maxBackoff);
    // Processes must not outlive the JVM, even when a test forgets close() or the build is killed.
    this.shutdownHook =
        new Thread(() -> kubelet.processes().forEach(PodProcess::kill), "local-pod-runner-kill");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  public static Builder builder(KubernetesClient client) {
    return new Builder(client);
  }

  /** SIGKILLs the process of a pod (in any namespace); false when no such process runs. */
  public boolean killProcess(String podName) {
    return kubelet.kill(null, podName);
  }

  /** The process of a running pod, to watch it from a test. */
  public Optional<ProcessHandle> process(String podName) {
    return kubelet.processes().stream()
        .filter(p -> p.podName().equals(podName))
        .findFirst()
        .flatMap(p -> ProcessHandle.of(p.pid()));
  }

  /** The names of the pods whose processes run now. */
  public Set<String> runningPods() {
    return kubelet.processes().stream()
        .filter(PodProcess::isAlive)
        .map(PodProcess::podName)
        .collect(Collectors.toSet());
  }

  /** Where a pod's stdout and stderr go (kept after the pod is gone). */
  public Path logFile(String namespace, String podName) {
    return kubelet.logFile(namespace, podName);
  }

  @Override
  public Optional<Path> podLog(String namespace, String podName, String container) {
    return Optional.of(kubelet.logFile(namespace, podName, container));
  }

  /** Asks for a sync now rather than at the next tick. */
  public void wakeUp() {
    if (!closed && syncQueued.compareAndSet(false, true)) {
      onLoop(this::sync);
    }
  }

  private void onLoop(Runnable task) {
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      // closing: nothing more to do
    }
  }

  private void start() {
    loop.scheduleWithFixedDelay(this::wakeUp, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void sync() {
    syncQueued.set(false);
    if (closed) {
      return;
    }
    try {
      List<Job> jobList =
          (namespace == null
                  ? client.batch().v1().jobs().inAnyNamespace().withLabels(jobSelector)
                  : client.batch().v1().jobs().inNamespace(namespace).withLabels(jobSelector))
              .list()
              .getItems();
      Set<String> jobUids = new HashSet<>();
      jobList.forEach(job -> jobUids.add(job.getMetadata().getUid()));
      jobs.retainOnly(jobUids);
      Map<String, List<Pod>> podsByJob = new LinkedHashMap<>();
      List<Pod> pods = podsOf(jobUids);
      pods.forEach(pod -> podsByJob.computeIfAbsent(jobUid(pod), k -> new ArrayList<>()).add(pod));
      kubelet.sync(pods, this::exited);
      for (Job job : jobList) {
        reconcile(job, podsByJob.getOrDefault(job.getMetadata().getUid(), List.of()));
      }
      // Pods just created start now, not a tick later.
      if (!jobList.isEmpty() || podSelector != null) {
        kubelet.sync(podsOf(jobUids), this::exited);
      }
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.warn("sync failed, retrying at the next tick: {}", e.toString(), e);
      }
    }
  }

  // One Job's failure (say, deleted since the list) must not hold back the others until a tick.
  private void reconcile(Job job, List<Pod> pods) {
    try {
      jobs.reconcile(job, pods).ifPresent(this::wakeUpAt);
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.warn(
            "job {}/{}: reconcile failed, retrying at the next tick: {}",
            job.getMetadata().getNamespace(),
            job.getMetadata().getName(),
            e.toString());
      }
    }
  }

  /**
   * The pods this runner looks after: those of the selected Jobs, deleted pods still held by the
   * process finalizer whose Job is gone (garbage collection reached them after their Job), and the
   * selected bare pods.
   */
  private List<Pod> podsOf(Set<String> jobUids) {
    List<Pod> pods =
        new ArrayList<>(
            (namespace == null
                    ? client.pods().inAnyNamespace().withLabel(JOB_UID_LABEL)
                    : client.pods().inNamespace(namespace).withLabel(JOB_UID_LABEL))
                .list().getItems().stream()
                    .filter(
                        pod ->
                            jobUids.contains(jobUid(pod))
                                || (pod.getMetadata().getDeletionTimestamp() != null
                                    && pod.getMetadata()
                                        .getFinalizers()
                                        .contains(Kubelet.PROCESS_FINALIZER)))
                    .toList());
    if (podSelector != null) {
      pods.addAll(
          (namespace == null
                  ? client.pods().inAnyNamespace().withLabels(podSelector)
                  : client.pods().inNamespace(namespace).withLabels(podSelector))
              .list()
              .getItems());
    }
    return pods;
  }

  private static String jobUid(Pod pod) {
    return pod.getMetadata().getLabels().get(JOB_UID_LABEL);
  }

  private void wakeUpAt(Instant at) {
    long delay = Math.max(1, Duration.between(Instant.now(), at).toMillis() + 1);
    loop.schedule(this::wakeUp, delay, TimeUnit.MILLISECONDS);
  }

  // Called on whatever thread saw the process end; the work happens on the loop thread.
  private void exited(PodProcess process, int exitCode) {
    if (closed) {
      return;
    }
    onLoop(
        () -> {
          try {
            if (exitCode != 0 && !process.isStopping()) {
              Pod pod =
                  client.pods().inNamespace(process.namespace()).withName(process.podName()).get();
              if (pod != null && jobUid(pod) != null) {
                jobs.podFailed(jobUid(pod));
              }
            }
            kubelet.exited(process, exitCode, this::exited);
          } catch (RuntimeException e) {
            LOG.warn("pod {}: reporting its end failed: {}", process.podName(), e.toString());
          }
          wakeUp();
        });
  }

  /** Stops syncing and stops every process (SIGTERM, then SIGKILL after the grace period). */
  @Override
  public void close() {
    closed = true;
    loop.shutdown();
    try {
      loop.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    kubelet.stopAll(maxGrace);
    timer.shutdownNow();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down; the hook runs anyway
    }
  }

  private static Map<String, String> hostEnvironment(KubernetesClient client) {
    Map<String, String> env = new LinkedHashMap<>();
    HOST_VARIABLES.forEach(
        name -> {
          String value = System.getenv(name);
          if (value != null) {
            env.put(name, value);
          }
        });
    // In-cluster clients find the API through these, as in a real pod.
    URI api = URI.create(client.getConfiguration().getMasterUrl());
    env.put("KUBERNETES_SERVICE_HOST", api.getHost());
    env.put("KUBERNETES_SERVICE_PORT", String.valueOf(api.getPort()));
    return env;
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Settings of a {@link LocalPodRunner}; {@link #start()} makes one and starts it. */
  public static final class Builder {
    private final KubernetesClient client;
    private String namespace;
    private Map<String, String> jobSelector = Map.of();
    private Map<String, String> podSelector;
    private ImageCommands images = new ImageCommands();
    private Path workingDirectory = Path.of("").toAbsolutePath();
    private Path logDirectory;
    private Duration tick = Duration.ofMillis(200);
    private Duration maxGrace = Duration.ofSeconds(5);
    private Duration initialBackoff = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(2);

    private Builder(KubernetesClient client) {
      this.client = client;
    }

    /** Only Jobs in this namespace; all namespaces when not set. */
    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    /** Only Jobs with these labels. */
    public Builder jobSelector(Map<String, String> labels) {
      this.jobSelector = labels;
      return this;
    }

    /** Also runs pods with these labels that no Job owns; none by default. */
    public Builder podSelector(Map<String, String> labels) {
      this.podSelector = labels;
      return this;
    }

    public Builder images(ImageCommands images) {
      this.images = images;
      return this;
    }

    /** The processes' working directory; the JVM's own by default. */
    public Builder workingDirectory(Path directory) {
      this.workingDirectory = directory;
      return this;
    }

    /** Where each pod's log goes, as {@code NAMESPACE/POD.log}; a temporary folder by default. */
    public Builder logDirectory(Path directory) {
      this.logDirectory = directory;
      return this;
    }

    /** How often Jobs and pods are listed. */
    public Builder tick(Duration tick) {
      this.tick = tick;
      return this;
    }

    /** The longest wait between SIGTERM and SIGKILL (a pod's own grace period may be shorter). */
    public Builder maxGracePeriod(Duration grace) {
      this.maxGrace = grace;
      return this;
    }

    /** The delay before a failed pod is replaced: doubled per failure, up to {@code max}. */
    public Builder backoff(Duration initial, Duration max) {
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    public LocalPodRunner start() {
      if (logDirectory == null) {
        try {
          logDirectory = Files.createTempDirectory("local-pod-runner");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      LocalPodRunner runner = new LocalPodRunner(this);
      runner.start();
      return runner;
    }
  }
}
