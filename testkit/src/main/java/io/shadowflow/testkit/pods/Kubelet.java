package io.shadowflow.testkit.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.shadowflow.engine.cli.TerminationLog;
import io.shadowflow.engine.failure.ExitReport;
import io.shadowflow.testkit.ImageCommands;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent: runs each pod bound to this node as a local process, reports the pod's status,
 * and stops the process when the pod is deleted. A finalizer keeps a deleted pod visible (as
 * Terminating) until its process is really gone, which is what a real kubelet's graceful deletion
 * shows.
 *
 * <p>Not thread-safe: the runner calls it from its one loop thread.
 */
public final class Kubelet {
  /** Keeps a pod in the API while its local process still runs. */
  public static final String PROCESS_FINALIZER = "e2e.shadowflow.io/local-process";

  private static final Logger LOG = LoggerFactory.getLogger(Kubelet.class);
  private static final long DEFAULT_GRACE_SECONDS = 30;

  private final KubernetesClient client;
  private final ImageCommands images;
  private final ContainerEnvironment environment;
  private final PodVolumes volumes;
  private final Path workingDirectory;
  private final Path logDirectory;
  private final Duration maxGrace;
  private final ScheduledExecutorService timer;
  // pod uid -> process; read from other threads (killProcess, logs), written by the loop thread.
  private final Map<String, PodProcess> processes = new ConcurrentHashMap<>();

  public Kubelet(
      KubernetesClient client,
      ImageCommands images,
      Map<String, String> hostEnvironment,
      Path workingDirectory,
      Path logDirectory,
      Duration maxGrace,
      ScheduledExecutorService timer) {
    this.client = client;
    this.images = images;
    this.environment = new ContainerEnvironment(client, hostEnvironment);
    // A folder no namespace can be named like, so it never meets NAMESPACE/POD.log.
    this.volumes = new PodVolumes(environment, logDirectory.resolve(".volumes"));
    this.workingDirectory = workingDirectory;
    this.logDirectory = logDirectory;
    this.maxGrace = maxGrace;
    this.timer = timer;
  }

  public Collection<PodProcess> processes() {
    return processes.values();
  }

  public boolean isRunning(Pod pod) {
    PodProcess process = processes.get(pod.getMetadata().getUid());
    return process != null && process.isAlive();
  }

  /** The log of the pod's main container. */
  public Path logFile(String namespace, String podName) {
    return logDirectory.resolve(namespace).resolve(podName + ".log");
  }

  /** The log of one of the pod's containers: an init container's is a file of its own. */
  public Path logFile(String namespace, String podName, String container) {
    Path own = logDirectory.resolve(namespace).resolve(podName + "." + container + ".log");
    return container == null || !Files.exists(own) ? logFile(namespace, podName) : own;
  }

  /**
   * The file that stands in for the container's {@code terminationMessagePath}: a process cannot be
   * given a mount, so the engine is told its name in {@link TerminationLog#VARIABLE}.
   */
  private Path terminationLog(String namespace, String podName) {
    return logDirectory.resolve(namespace).resolve(podName + ".termination-log");
  }

  /** What the process left as its termination message, cut where the kubelet cuts it. */
  private String terminationMessage(PodProcess process) {
    Path file = terminationLog(process.namespace(), process.podName());
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(ExitReport.MAX_BYTES), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      LOG.warn("pod {}: unreadable termination message: {}", process.podName(), e.toString());
      return null;
    }
  }

  /**
   * Brings the node in line with its pods: starts what should run, stops what was deleted.
   *
   * @param onExit called on the loop thread, through the runner, when a process ends
   */
  public void sync(List<Pod> pods, BiConsumer<PodProcess, Integer> onExit) {
    Map<String, Pod> byUid =
        pods.stream().collect(Collectors.toMap(p -> p.getMetadata().getUid(), p -> p, (a, b) -> a));
    for (PodProcess process : processes.values()) {
      Pod pod = byUid.get(process.podUid());
      if ((pod == null || pod.getMetadata().getDeletionTimestamp() != null)
          && !process.isStopping()) {
        LOG.info(
            "pod {}/{}: deleted, stopping pid {}",
            process.namespace(),
            process.podName(),
            process.pid());
        process.stop(grace(pod), timer);
      }
    }
    for (Pod pod : pods) {
      String uid = pod.getMetadata().getUid();
      boolean deleted = pod.getMetadata().getDeletionTimestamp() != null;
      PodProcess known = processes.get(uid);
      if (known != null) {
        reportRunning(pod, known);
        continue;
      }
      if (deleted) {
        volumes.release(uid);
        releaseFinalizer(pod);
      } else if (PodStatuses.phase(pod).equals("Pending")) {
        start(pod, onExit);
      } else if (PodStatuses.phase(pod).equals("Running")) {
        // Running here but unknown to us: its process belonged to an earlier runner and is gone.
        writeStatus(pod, PodStatuses.terminated(pod, Instant.now(), 137, null));
        releaseFinalizer(pod);
      }
    }
  }

  /**
   * A pod still Pending whose main container runs lost the status write of its start (a failed
   * request): the kubelet reports what runs, as its status manager does, or the pod stays Pending.
   * A process being stopped (its pod deleted) is not reported: it is on its way out.
   */
  private void reportRunning(Pod pod, PodProcess process) {
    boolean main = process.containerIndex() == PodStatuses.initContainers(pod).size();
    boolean running = process.isAlive() && !process.isStopping();
    if (main && running && PodStatuses.phase(pod).equals("Pending")) {
      writeStatus(pod, PodStatuses.running(pod, process.startedAt()));
    }
  }

  /**
   * The runner reports a process's end here, on its loop thread. An init container that exited 0
   * hands over to the pod's next container; any other end is the pod's.
   */
  public void exited(PodProcess process, int exitCode, BiConsumer<PodProcess, Integer> onExit) {
    processes.remove(process.podUid());
    Pod pod = client.pods().inNamespace(process.namespace()).withName(process.podName()).get();
    boolean current = pod != null && pod.getMetadata().getUid().equals(process.podUid());
    boolean ending = !current || pod.getMetadata().getDeletionTimestamp() != null;
    int index = process.containerIndex();
    boolean initContainer = current && index < PodStatuses.initContainers(pod).size();
    if (!ending && !process.isStopping() && initContainer && exitCode == 0) {
      startContainer(pod, index + 1, onExit);
      return;
    }
    volumes.release(process.podUid());
    if (!current) {
      return;
    }
    LOG.info(
        "pod {}/{}: pid {} exited with {}",
        process.namespace(),
        process.podName(),
        process.pid(),
        exitCode);
    if (!ending && !process.isStopping()) {
      writeStatus(
          pod,
          initContainer
              ? PodStatuses.initFailed(pod, index, process.startedAt(), exitCode)
              : PodStatuses.terminated(
                  pod, process.startedAt(), exitCode, terminationMessage(process)));
    }
    releaseFinalizer(pod);
  }

  /** SIGKILL to a pod's process, as the OOM killer or a node failure would do it. */
  public boolean kill(String namespace, String podName) {
    Optional<PodProcess> process =
        processes.values().stream()
            .filter(
                p ->
                    p.podName().equals(podName)
                        && (namespace == null || p.namespace().equals(namespace)))
            .findFirst();
    process.ifPresent(PodProcess::kill);
    return process.isPresent();
  }

  /** Stops every process: SIGTERM, then SIGKILL to what is left after the grace period. */
  public void stopAll(Duration grace) {
    processes.values().forEach(p -> p.stop(grace, timer));
    Instant deadline = Instant.now().plus(grace).plusSeconds(1);
    for (PodProcess process : processes.values()) {
      while (process.isAlive() && Instant.now().isBefore(deadline)) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      process.kill();
    }
    processes.clear();
  }

  private void start(Pod pod, BiConsumer<PodProcess, Integer> onExit) {
    if (pod.getSpec().getContainers().size() != 1) {
      writeWaiting(
          pod,
          0,
          "Unsupported",
          "the local pod runner runs pods of exactly one container (after their init containers)");
      return;
    }
    // Init containers that ended well are not run again, as a kubelet keeps them done.
    startContainer(pod, PodStatuses.initsEnded(pod), onExit);
  }

  /** Starts container {@code index}: the pod's init containers in order, then its main one. */
  private void startContainer(Pod pod, int index, BiConsumer<PodProcess, Integer> onExit) {
    List<Container> inits = PodStatuses.initContainers(pod);
    boolean init = index < inits.size();
    Container container = init ? inits.get(index) : pod.getSpec().getContainers().get(0);
    Map<String, String> env;
    Map<String, Path> mounts;
    try {
      mounts = volumes.materialise(pod, container);
      env = mapped(environment.resolve(pod, container), mounts);
    } catch (ContainerEnvironment.ConfigException e) {
      // An earlier volume may already be written; the next sync writes them afresh.
      volumes.release(pod.getMetadata().getUid());
      writeWaiting(pod, index, "CreateContainerConfigError", e.getMessage());
      return;
    }
    List<String> command =
        images
            .commandLine(
                container.getImage(),
                expanded(container.getCommand(), env, mounts),
                expanded(container.getArgs(), env, mounts))
            .orElse(null);
    if (command == null) {
      // No process will release the volumes; the next sync writes them afresh.
      volumes.release(pod.getMetadata().getUid());
      writeWaiting(
          pod,
          index,
          "ErrImagePull",
          "no local command is mapped to image "
              + container.getImage()
              + " (mapped: "
              + images
              + ")");
      return;
    }
    String namespace = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    PodProcess process;
    try {
      Path terminationLog = terminationLog(namespace, name);
      Files.createDirectories(terminationLog.getParent());
      Files.deleteIfExists(terminationLog);
      env = new HashMap<>(env);
      env.put(TerminationLog.VARIABLE, terminationLog.toString());
      process =
          PodProcess.start(
              namespace,
              name,
              pod.getMetadata().getUid(),
              index,
              command,
              env,
              workingDirectory,
              init
                  ? logDirectory
                      .resolve(namespace)
                      .resolve(name + "." + container.getName() + ".log")
                  : logFile(namespace, name));
    } catch (IOException e) {
      volumes.release(pod.getMetadata().getUid());
      writeWaiting(pod, index, "RunContainerError", e.getMessage());
      return;
    }
    processes.put(pod.getMetadata().getUid(), process);
    process.exit().thenAccept(code -> onExit.accept(process, code));
    writeStatus(
        pod,
        init
            ? PodStatuses.initializing(pod, index, process.startedAt())
            : PodStatuses.running(pod, process.startedAt()));
  }

  /** The environment with values under a mount point pointed at the local folder. */
  private static Map<String, String> mapped(Map<String, String> env, Map<String, Path> mounts) {
    Map<String, String> mapped = new HashMap<>();
    env.forEach((name, value) -> mapped.put(name, PodVolumes.mapPath(value, mounts)));
    return mapped;
  }

  /** With {@code $(VAR)} expanded and paths under a ConfigMap volume's mount point mapped. */
  private static List<String> expanded(
      List<String> values, Map<String, String> env, Map<String, Path> mounts) {
    return values == null
        ? List.of()
        : values.stream()
            .map(v -> PodVolumes.mapPath(ContainerEnvironment.expand(v, env), mounts))
            .toList();
  }

  private void writeWaiting(Pod pod, int index, String reason, String message) {
    ContainerState state = PodStatuses.stateOf(pod, index);
    boolean same =
        state != null
            && state.getWaiting() != null
            && reason.equals(state.getWaiting().getReason())
            && message.equals(state.getWaiting().getMessage());
    if (!same) {
      LOG.warn(
          "pod {}/{}: cannot start: {}: {}",
          pod.getMetadata().getNamespace(),
          pod.getMetadata().getName(),
          reason,
          message);
      writeStatus(pod, PodStatuses.waiting(pod, index, reason, message));
    }
  }

  private void writeStatus(Pod pod, PodStatus status) {
    StatusPatch.write(client, pod, pod.getStatus(), status);
  }

  private void releaseFinalizer(Pod pod) {
    List<String> finalizers = pod.getMetadata().getFinalizers();
    if (finalizers == null || !finalizers.contains(PROCESS_FINALIZER)) {
      return;
    }
    int index = finalizers.indexOf(PROCESS_FINALIZER);
    // A JSON patch with a test: only this finalizer goes, whatever else changed meanwhile.
    String patch =
        "[{\"op\":\"test\",\"path\":\"/metadata/finalizers/%d\",\"value\":\"%s\"},{\"op\":\"remove\",\"path\":\"/metadata/finalizers/%d\"}]"
            .formatted(index, PROCESS_FINALIZER, index);
    try {
      client.resource(pod).patch(PatchContext.of(PatchType.JSON), patch);
    } catch (RuntimeException e) {
      LOG.debug("pod {}: finalizer already gone: {}", pod.getMetadata().getName(), e.toString());
    }
  }

  private Duration grace(Pod pod) {
    Long seconds = pod == null ? null : pod.getSpec().getTerminationGracePeriodSeconds();
    Duration grace = Duration.ofSeconds(seconds == null ? DEFAULT_GRACE_SECONDS : seconds);
    return grace.compareTo(maxGrace) > 0 ? maxGrace : grace;
  }
}
