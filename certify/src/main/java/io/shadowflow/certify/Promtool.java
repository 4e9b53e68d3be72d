package io.shadowflow.certify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prometheus' promtool, which evaluates the alert rules on series in its unit tests: the PATH's,
 * else the repository's .tools/bin (where scripts/lib/tools.sh installs Debian's).
 */
final class Promtool {
  private Promtool() {}

  record Result(int exitCode, String output) {}

  static Result run(Path root, Path directory, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(binary(root)));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), output);
  }

  private static String binary(Path root) {
    Path tools = root.resolve(".tools/bin/promtool");
    return tools.toFile().canExecute() ? tools.toString() : "promtool";
  }
}
