package io.shadowflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.testkit.KubeApiServer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs the real kubectl against a {@link KubeApiServer}, through a kubeconfig of its own and a
 * discovery cache of its own: to completion ({@link #run}), or in the background for commands that
 * stream ({@link #start}, for {@code kubectl get -w} and {@code kubectl wait}).
 */
public final class Kubectl {
  /** What a kubectl run printed and returned. */
  public record Result(int exitCode, String out, String err) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  private final Path binary;
  private final Path kubeconfig;
  private final Path cacheDir;

  public Kubectl(KubeApiServer api, Path workDir, String namespace) {
    this.binary = binary();
    this.kubeconfig = api.writeKubeconfig(workDir.resolve("kubeconfig"), namespace);
    this.cacheDir = workDir.resolve("kube-cache");
  }

  /** kubectl from PATH, else from the repository's {@code .tools/} (see scripts/lib/tools.sh). */
  public static Path binary() {
    return find()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "kubectl is neither on PATH nor in .tools/: run ./scripts/test.sh, which"
                        + " installs it"));
  }

  private static Optional<Path> find() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "kubectl");
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(".tools/bin/kubectl");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  public Result run(String... args) {
    return runWithInput(null, args);
  }

  /** Runs kubectl with {@code input} on its stdin (for {@code -f -}). */
  public Result runWithInput(String input, String... args) {
    ProcessBuilder builder = processBuilder(args);
    List<String> command = builder.command();
    try {
      Process process = builder.start();
      CompletableFuture<String> out = read(process.getInputStream());
      CompletableFuture<String> err = read(process.getErrorStream());
      try (var stdin = process.getOutputStream()) {
        if (input != null) {
          stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("kubectl timed out: " + command);
      }
      return new Result(process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts kubectl in the background, for a command that keeps printing until it is stopped. */
  public Streaming start(String... args) {
    try {
      return new Streaming(processBuilder(args).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ProcessBuilder processBuilder(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("KUBECACHEDIR", cacheDir.toString());
    return builder;
  }

  /** Runs kubectl, expects success, and returns what it printed on stdout. */
  public String ok(String... args) {
    Result result = run(args);
    assertThat(result.exitCode())
        .as(
            "kubectl %s\nstdout: %s\nstderr: %s",
            String.join(" ", args), result.out(), result.err())
        .isZero();
    return result.out();
  }

  /** {@code kubectl apply -f -}, which the server validates ({@code fieldValidation=Strict}). */
  public String apply(String yaml, String... extraArgs) {
    List<String> args = new ArrayList<>(List.of("apply", "-f", "-"));
    args.addAll(Arrays.asList(extraArgs));
    Result result = runWithInput(yaml, args.toArray(String[]::new));
    assertThat(result.exitCode()).as("kubectl apply\n%s\nstderr: %s", yaml, result.err()).isZero();
    return result.out();
  }

  /**
   * {@code kubectl patch RESOURCE NAME --subresource=status --type=merge}, status given as JSON.
   */
  public String patchStatus(String resource, String name, String statusJson) {
    return ok(
        "patch",
        resource,
        name,
        "--subresource=status",
        "--type=merge",
        "-p",
        "{\"status\":" + statusJson + "}");
  }

  /** {@code kubectl get RESOURCE NAME -o jsonpath=EXPRESSION}. */
  public String jsonpath(String resource, String name, String expression) {
    return ok("get", resource, name, "-o", "jsonpath=" + expression);
  }

  /**
   * Polls {@code kubectl get -o jsonpath} until the value satisfies {@code condition}; an empty
   * {@code name} lists the resource type.
   */
  public String await(
      String resource,
      String name,
      String expression,
      Predicate<String> condition,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Result last;
    do {
      last =
          name.isEmpty()
              ? run("get", resource, "-o", "jsonpath=" + expression)
              : run("get", resource, name, "-o", "jsonpath=" + expression);
      if (last.ok() && condition.test(last.out())) {
        return last.out();
      }
      sleep(Duration.ofMillis(200));
    } while (System.nanoTime() < deadline);
    throw new AssertionError(
        "kubectl get %s %s -o jsonpath=%s: still %s after %s"
            .formatted(
                resource,
                name,
                expression,
                last.ok() ? "'" + last.out() + "'" : last.err(),
                timeout));
  }

  /** Polls until the jsonpath value equals {@code expected}. */
  public String awaitValue(
      String resource, String name, String expression, String expected, Duration timeout) {
    return await(resource, name, expression, expected::equals, timeout);
  }

  private static CompletableFuture<String> read(java.io.InputStream stream) {
    // A thread each: the common pool may have one thread, and both pipes must drain at once.
    CompletableFuture<String> text = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                text.completeExceptionally(e);
              }
            },
            "kubectl-output");
    reader.setDaemon(true);
    reader.start();
    return text;
  }

  public static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
