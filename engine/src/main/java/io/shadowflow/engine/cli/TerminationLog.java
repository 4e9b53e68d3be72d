package io.shadowflow.engine.cli;

import io.shadowflow.engine.failure.ExitReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The file Kubernetes reads a container's termination message from: {@code /dev/termination-log},
 * which the kubelet mounts into every container, or the file {@value #VARIABLE} names (the local
 * pod runner, which runs pods as plain processes, cannot mount one). Outside a pod neither exists,
 * and nothing is written.
 */
public final class TerminationLog {
  public static final String VARIABLE = "SHADOWFLOW_TERMINATION_LOG";
  private static final Path KUBERNETES = Path.of("/dev/termination-log");

  private final Optional<Path> file;

  TerminationLog(Map<String, String> environment) {
    String named = environment.get(VARIABLE);
    if (named != null && !named.isBlank()) {
      file = Optional.of(Path.of(named));
    } else {
      file = Files.isWritable(KUBERNETES) ? Optional.of(KUBERNETES) : Optional.empty();
    }
  }

  /** Leaves the report for the pod's status; a file that cannot be written costs only that. */
  void write(ExitReport report) {
    file.ifPresent(
        path -> {
          try {
            Files.writeString(path, report.json(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            System.err.println("could not write the termination message to " + path + ": " + e);
          }
        });
  }
}
