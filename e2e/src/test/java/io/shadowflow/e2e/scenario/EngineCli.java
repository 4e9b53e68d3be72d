package io.shadowflow.e2e.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shadowflow.engine.testing.Cli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code shadowflow} CLI as a user runs it, in this JVM. */
final class EngineCli {
  private EngineCli() {}

  /**
   * The workflow hash {@code shadowflow run FILE --in-memory --output json} prints for a manifest:
   * what an uninterrupted run of it produces.
   */
  static String inMemoryHash(String manifest) {
    try {
      Path file = Files.createTempFile("workflow", ".yaml");
      try {
        Files.writeString(file, manifest);
        Cli.Outcome run = Cli.shadowflow("run", file.toString(), "--in-memory", "--output", "json");
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
