package io.shadowflow.engine.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Prometheus' promtool (Debian's prometheus package; scripts/lib/tools.sh installs it). */
public final class Promtool {
  /** The repository's alert rules and their unit tests. */
  public static final Path MONITORING = Manifests.repositoryRoot().resolve("monitoring");

  private Promtool() {}

  /** Its exit code and what it printed, both streams together. */
  public record Result(int exitCode, String output) {}

  /** Runs {@code promtool ARGS} in {@code directory}. */
  public static Result run(Path directory, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new AssertionError(
          "promtool is missing: run scripts/test.sh (it installs Debian's prometheus package)", e);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), output);
  }
}
