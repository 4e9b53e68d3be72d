package io.shadowflow.testkit.pods;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local process that stands in for a pod's container. It runs in a session of its own, so a
 * stop ends everything it started, as a container's end would; stdout and stderr go to one log
 * file, as {@code kubectl logs} shows them.
 */
public final class PodProcess {
  private static final Logger LOG = LoggerFactory.getLogger(PodProcess.class);
  private static final boolean HAS_SETSID = new File("/usr/bin/setsid").canExecute();

  private final String namespace;
  private final String podName;
  private final String podUid;
  private final int containerIndex;
  private final Path logFile;
  private final Process process;
  private final Instant startedAt;
  private volatile boolean stopping;

  private PodProcess(
      String namespace,
      String podName,
      String podUid,
      int containerIndex,
      Path logFile,
      Process process) {
    this.namespace = namespace;
    this.podName = podName;
    this.podUid = podUid;
    this.containerIndex = containerIndex;
    this.logFile = logFile;
    this.process = process;
    this.startedAt = Instant.now();
  }

  /**
   * Starts the command with exactly {@code environment} (nothing else is inherited).
   *
   * @param containerIndex which of the pod's containers it is: its init containers in order, then
   *     its main one
   */
  static PodProcess start(
      String namespace,
      String podName,
      String podUid,
      int containerIndex,
      List<String> commandLine,
      Map<String, String> environment,
      Path workingDirectory,
      Path logFile)
      throws IOException {
    Files.createDirectories(logFile.getParent());
    List<String> command = new ArrayList<>();
    if (HAS_SETSID) {
      command.add("/usr/bin/setsid");
    }
    command.addAll(commandLine);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process = builder.start();
    LOG.info("pod {}/{}: started pid {}: {}", namespace, podName, process.pid(), commandLine);
    return new PodProcess(namespace, podName, podUid, containerIndex, logFile, process);
  }

  public String namespace() {
    return namespace;
  }

  public String podName() {
    return podName;
  }

  public String podUid() {
    return podUid;
  }

  /** Which of the pod's containers it runs: its init containers in order, then its main one. */
  public int containerIndex() {
    return containerIndex;
  }

  public Path logFile() {
    return logFile;
  }

  public long pid() {
    return process.pid();
  }

  public Instant startedAt() {
    return startedAt;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** True once the runner decided to stop it: its exit is then not the pod's outcome. */
  public boolean isStopping() {
    return stopping;
  }

  /** Completes with the exit code (128 + signal for a killed process, as in containerStatuses). */
  public CompletableFuture<Integer> exit() {
    return process.onExit().thenApply(Process::exitValue);
  }

  /**
   * Stops it as the kubelet stops a container: SIGTERM to the main process, then SIGKILL to the
   * whole session after the grace period.
   */
  public void stop(Duration grace, ScheduledExecutorService timer) {
    stopping = true;
    if (!process.isAlive()) {
      killSession();
      return;
    }
    process.destroy();
    timer.schedule(this::kill, grace.toMillis(), TimeUnit.MILLISECONDS);
    // A container's other processes die with its main one; so do these.
    process.onExit().thenRun(this::killSession);
  }

  /** SIGKILL now, to the main process and everything in its session. */
  public void kill() {
    killSession();
    process.destroyForcibly();
  }

  private void killSession() {
    if (HAS_SETSID) {
      try {
        // setsid exec'd the command in place, so its pid is the session's process group id.
        new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start()
            .waitFor(5, TimeUnit.SECONDS);
      } catch (IOException e) {
        LOG.warn(
            "pod {}/{}: cannot signal its process group: {}", namespace, podName, e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
  }
}
