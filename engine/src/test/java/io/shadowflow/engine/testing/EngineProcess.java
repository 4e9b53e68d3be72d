package io.shadowflow.engine.testing;

import io.shadowflow.engine.checkpoint.DatabaseConfig;
import io.shadowflow.engine.cli.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The engine's {@code run} command as a real child process, for tests that SIGKILL it. */
public final class EngineProcess {
  private EngineProcess() {}

  /**
   * Starts {@code run MANIFEST --seed SEED --output json} against {@code config}'s database; its
   * standard output is the run's JSON summary, its errors are appended to {@link #errors}.
   */
  public static Process run(Path manifest, DatabaseConfig config, long seed) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(
        List.of(
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path")));
    command.add(Main.class.getName());
    command.addAll(
        List.of(
            "run",
            manifest.toString(),
            "--seed",
            Long.toString(seed),
            "--output",
            "json",
            "--jdbc-url",
            config.jdbcUrl(),
            "--db-schema",
            config.schema()));
    try {
      return new ProcessBuilder(command)
          .redirectError(ProcessBuilder.Redirect.appendTo(errorLog(manifest).toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the engines started on {@code manifest} wrote to their standard error, for a failure. */
  public static String errors(Path manifest) {
    try {
      Path log = errorLog(manifest);
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path errorLog(Path manifest) {
    return manifest.resolveSibling(manifest.getFileName() + ".errors.log");
  }
}
