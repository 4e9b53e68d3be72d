package io.shadowflow.engine.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.secret.SecretDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs a container step's {@code command} as a local process, for the CLI and {@code shadowflow
 * dev}: there is no container runtime, so the image is not pulled and the command must be on this
 * machine. The process sees the step's variables and the two file variables, not the engine's
 * environment, and runs in a folder of its own that is removed afterwards.
 */
public final class LocalContainers implements ContainerRunner {
  public static final LocalContainers INSTANCE = new LocalContainers();

  /** Host variables a local command needs to be found and to start. */
  private static final List<String> HOST_VARIABLES = List.of("PATH", "HOME", "TMPDIR", "JAVA_HOME");

  private static final int LOG_TAIL_BYTES = 2000;

  private LocalContainers() {}

  @Override
  public JsonNode run(ContainerRequest request, SecretDirectory secrets)
      throws InterruptedException {
    if (request.command().isEmpty()) {
      throw new WorkflowFailure(
          FailureCode.CONTAINER_IMAGE_MISSING,
          request.label()
              + ": a local run needs the step's command; the image's entrypoint is known only to a"
              + " container runtime");
    }
    Path folder = createFolder();
    try {
      Path input = folder.resolve("input.json");
      Path output = folder.resolve("output.json");
      Path log = folder.resolve("container.log");
      Files.writeString(input, Json.write(request.input()), StandardCharsets.UTF_8);
      ProcessBuilder builder =
          new ProcessBuilder(commandLine(request))
              .directory(folder.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      setEnvironment(builder.environment(), request, secrets, input, output);
      int exitCode = runToEnd(start(builder, request));
      return ContainerOutcome.of(request.label(), exitCode, readCapped(output), tail(log));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteFolder(folder);
    }
  }

  private static List<String> commandLine(ContainerRequest request) {
    List<String> line = new ArrayList<>(request.command());
    line.addAll(request.args());
    return line;
  }

  private static void setEnvironment(
      Map<String, String> environment,
      ContainerRequest request,
      SecretDirectory secrets,
      Path input,
      Path output) {
    Map<String, String> host = Map.copyOf(environment);
    environment.clear();
    HOST_VARIABLES.stream()
        .filter(host::containsKey)
        .forEach(name -> environment.put(name, host.get(name)));
    for (ContainerEnv variable : request.env()) {
      environment.put(
          variable.name(),
          variable.secret() == null
              ? variable.value()
              : secrets.read(variable.secret(), request.label()).reveal());
    }
    environment.put(INPUT_ENV, input.toString());
    environment.put(OUTPUT_ENV, output.toString());
  }

  private static Process start(ProcessBuilder builder, ContainerRequest request) {
    try {
      return builder.start();
    } catch (IOException e) {
      throw new WorkflowFailure(
          FailureCode.CONTAINER_IMAGE_MISSING,
          request.label()
              + ": the command '"
              + builder.command().get(0)
              + "' cannot be started here: "
              + e.getMessage());
    }
  }

  /** Waits for the process; an interrupt (the attempt's timeout, a cancel) kills it and its own. */
  private static int runToEnd(Process process) throws InterruptedException {
    try {
      return process.waitFor();
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  /** The output file's bytes, one past the limit at most; null when there is none. */
  private static byte[] readCapped(Path output) throws IOException {
    if (!Files.isRegularFile(output)) {
      return null;
    }
    try (InputStream in = Files.newInputStream(output)) {
      return in.readNBytes(ContainerOutcome.MAX_OUTPUT_BYTES + 1);
    }
  }

  /** The log's last bytes, however long the log grew. */
  private static String tail(Path log) throws IOException {
    try (SeekableByteChannel channel = Files.newByteChannel(log)) {
      long start = Math.max(0, channel.size() - LOG_TAIL_BYTES);
      ByteBuffer buffer = ByteBuffer.allocate((int) (channel.size() - start));
      channel.position(start);
      while (buffer.hasRemaining() && channel.read(buffer) > 0) {
        // reads until the buffer is full
      }
      return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
    }
  }

  private static Path createFolder() {
    try {
      return Files.createTempDirectory("shadowflow-container-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteFolder(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary folder is harmless; the step's outcome stands.
    }
  }
}
