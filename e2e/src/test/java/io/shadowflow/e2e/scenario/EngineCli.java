package io.shadowflow.e2e.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shadowflow.engine.testing.Cli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code shadowflow} CLI as a user runs it, in this JVM. */
final class EngineCli {
  private EngineCli() {}

  /**
   * The workflow hash {@code shadowflow run FILE --in-memory --output json} prints for a manifest:
   * what an uninterrupted run of it produces, with {@code more} options (say, {@code --signal}).
   */
  static String inMemoryHash(String manifest, String... more) {
    try {
      Path file = Files.createTempFile("workflow", ".yaml");
      try {
        Files.writeString(file, manifest);
        List<String> args =
            new ArrayList<>(List.of("run", file.toString(), "--in-memory", "--output", "json"));
        args.addAll(List.of(more));
        Cli.Outcome run = Cli.shadowflow(args.toArray(String[]::new));
        if (run.exitCode() != 0) {
          throw new IllegalStateException("shadowflow run failed: " + run.out() + run.err());
        }
        return new ObjectMapper().readTree(run.out()).path("workflow_hash").asText();
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
