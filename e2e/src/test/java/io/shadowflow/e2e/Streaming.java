package io.shadowflow.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A kubectl running in the background ({@code get -w}, {@code wait}), whose output lines a test
 * waits for one by one; closing it kills the process.
 */
public final class Streaming implements AutoCloseable {
  private final Process process;
  private final BlockingQueue<String> out = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> err = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  Streaming(Process process) throws IOException {
    this.process = process;
    process.getOutputStream().close();
    follow(process.getInputStream(), out);
    follow(process.getErrorStream(), err);
  }

  /** Waits for the next stdout line that {@code wanted} accepts; skips (and remembers) others. */
  public String awaitLine(Predicate<String> wanted, Duration timeout) {
    return await(out, wanted, timeout, "stdout");
  }

  /** The same on stderr, where {@code -v} logs go. */
  public String awaitErrorLine(Predicate<String> wanted, Duration timeout) {
    return await(err, wanted, timeout, "stderr");
  }

  /** Waits for kubectl to end and returns its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("kubectl still running after " + timeout + "; printed " + seen);
    }
    return process.exitValue();
  }

  private String await(
      BlockingQueue<String> lines, Predicate<String> wanted, Duration timeout, String stream) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (line == null) {
          throw new AssertionError(
              "no such line on kubectl's %s after %s; it printed %s"
                  .formatted(stream, timeout, seen));
        }
        seen.add(line);
        if (wanted.test(line)) {
          return line;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void follow(InputStream stream, BlockingQueue<String> lines) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the process was killed: its output simply ends
              }
            },
            "kubectl-stream");
    reader.setDaemon(true);
    reader.start();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
