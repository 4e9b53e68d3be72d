package io.shadowflow.engine.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.shadowflow.engine.net.HttpServers;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real HTTP server on loopback that answers every request with {@code {"echo": <body>}} (a
 * deterministic answer) or a body set by the test, and remembers what it was asked. {@link #hold}
 * keeps calls in flight until the test {@link #release}s them: a step that cannot end early.
 */
public final class LocalHttpServer implements AutoCloseable, AfterEachCallback {
  /** One request as received; {@code query} is the raw query string or null. */
  public record Request(
      String method,
      String path,
      String idempotencyKey,
      String body,
      String query,
      Map<String, List<String>> headers) {
    /** The first value of header {@code name} (any case), or null. */
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(h -> h.getKey().equalsIgnoreCase(name))
          .map(h -> h.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String fixedBody;
  private final Queue<Integer> nextStatuses = new ConcurrentLinkedQueue<>();
  private final Queue<Duration> nextDelays = new ConcurrentLinkedQueue<>();
  private volatile long streamedBytes = -1;
  private volatile Duration pausePerByte = Duration.ZERO;
  private volatile CountDownLatch held = new CountDownLatch(0);

  public LocalHttpServer() throws IOException {
    server = HttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    // Held calls each keep a thread: the pool grows with them.
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  /**
   * A server for one test, closed after it: {@code @RegisterExtension final LocalHttpServer server
   * = LocalHttpServer.start();}.
   */
  public static LocalHttpServer start() {
    try {
      return new LocalHttpServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(
        new Request(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders().getFirst("Idempotency-Key"),
            body,
            exchange.getRequestURI().getRawQuery(),
            Map.copyOf(exchange.getRequestHeaders())));
    awaitRelease();
    Duration delay = nextDelays.poll();
    try {
      if (delay != null) {
        Thread.sleep(delay.toMillis());
      }
      Integer next = nextStatuses.poll();
      int code = next != null ? next : status;
      if (streamedBytes >= 0) {
        stream(exchange, code);
        return;
      }
      String text =
          fixedBody != null ? fixedBody : "{\"echo\":" + (body.isEmpty() ? "null" : body) + "}";
      byte[] answer = text.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(code, answer.length);
      exchange.getResponseBody().write(answer);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
    }
  }

  /** A text body of {@link #streamedBytes} bytes, written in chunks as the client reads it. */
  private void stream(HttpExchange exchange, int code) throws IOException, InterruptedException {
    exchange.getResponseHeaders().set("Content-Type", "text/plain");
    exchange.sendResponseHeaders(code, 0); // chunked: the client cannot know the size up front
    boolean trickle = !pausePerByte.isZero();
    byte[] chunk = new byte[trickle ? 1 : 64 * 1024];
    Arrays.fill(chunk, (byte) 'x');
    OutputStream out = exchange.getResponseBody();
    for (long left = streamedBytes; left > 0; left -= chunk.length) {
      out.write(chunk, 0, (int) Math.min(chunk.length, left));
      if (trickle) {
        out.flush();
        Thread.sleep(pausePerByte.toMillis());
      }
    }
  }

  private void awaitRelease() throws IOException {
    try {
      held.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while held", e);
    }
  }

  /** Every following call is received, then held unanswered until {@link #release}. */
  public void hold() {
    held = new CountDownLatch(1);
  }

  /** Answers the held calls and every later one. */
  public void release() {
    held.countDown();
  }

  /** The status every following answer carries. */
  public void answerWith(int newStatus) {
    status = newStatus;
  }

  /** The statuses of the next answers, in order; then {@link #answerWith}'s again. */
  public void answerNext(Integer... statuses) {
    nextStatuses.addAll(List.of(statuses));
  }

  /** Delays before the next answers, in order; later answers come at once. */
  public void delayNext(Duration... delays) {
    nextDelays.addAll(List.of(delays));
  }

  /**
   * Every following answer is a text body of {@code bytes} bytes that the server generates as it
   * sends, pausing {@code pause} after each byte when it is not zero: a huge or a trickled reply.
   */
  public void answerStreamed(long bytes, Duration pause) {
    pausePerByte = pause;
    streamedBytes = bytes;
  }

  /** The body of every following answer, instead of the echo. */
  public void answerBody(String body) {
    fixedBody = body;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Requests that carried this idempotency key. */
  public List<Request> requestsWithKey(String key) {
    return requests.stream().filter(r -> key.equals(r.idempotencyKey())).toList();
  }

  public List<Request> requestsTo(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }
}
