package io.shadowflow.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prometheus' promtool, which checks alert rules and evaluates them on series in its unit tests:
 * the PATH's, else the repository's .tools/bin (where scripts/lib/tools.sh installs Debian's). The
 * operator's rule tests and the certification's alert items both run it.
 */
public final class Promtool {
  private Promtool() {}

  /** Its exit code and what it printed, both streams together. */
  public record Result(int exitCode, String output) {}

  /**
   * Runs {@code promtool ARGS} in {@code directory}.
   *
   * @param root a checkout whose .tools/bin may hold promtool
   */
  public static Result run(Path root, Path directory, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(binary(root)));
    command.addAll(List.of(args));
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new IOException(
          "promtool is missing: scripts/test.sh and ./shadowflow certify install it into"
              + " .tools/bin (Debian's prometheus package)",
          e);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), output);
  }

  private static String binary(Path root) {
    Path tools = root.resolve(".tools/bin/promtool");
    return tools.toFile().canExecute() ? tools.toString() : "promtool";
  }
}
