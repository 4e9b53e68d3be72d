package io.shadowflow.e2e.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shadowflow.e2e.LocalControlPlane;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The {@code shadowflow} CLI as a user runs it, on the test class path. */
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
        List<String> command = new ArrayList<>(LocalControlPlane.engineOnThisClasspath());
        command.addAll(List.of("run", file.toString(), "--in-memory", "--output", "json"));
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
          throw new IllegalStateException("shadowflow run failed: " + out);
        }
        return new ObjectMapper().readTree(out).path("workflow_hash").asText();
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
