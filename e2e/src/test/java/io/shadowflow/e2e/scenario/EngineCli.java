package io.shadowflow.e2e.scenario;

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
   * what an uninterrupted run of it produces, with {@code more} options (say, {@code --signal}).
   */
  static String inMemoryHash(String manifest, String... more) {
    try {
      Path file = Files.createTempFile("workflow", ".yaml");
      try {
        Files.writeString(file, manifest);
        return Cli.inMemoryHash(file, more);
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
