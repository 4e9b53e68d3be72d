package io.shadowflow.engine.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real HTTP server on loopback that answers every request with {@code {"echo": <body>}} (a
 * deterministic answer) or a body set by the test, and remembers what it was asked.
 */
public final class LocalHttpServer implements AutoCloseable, AfterEachCallback {
  /** One request as received. */
  public record Request(
      String method, String path, String idempotencyKey, String body, Instant receivedAt) {}

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String fixedBody;
  private final Queue<Integer> nextStatuses = new ConcurrentLinkedQueue<>();
  private volatile CountDownLatch gate;

  public LocalHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
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
            Instant.now()));
    awaitGate();
    String text =
        fixedBody != null ? fixedBody : "{\"echo\":" + (body.isEmpty() ? "null" : body) + "}";
    byte[] answer = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    Integer next = nextStatuses.poll();
    exchange.sendResponseHeaders(next != null ? next : status, answer.length);
    exchange.getResponseBody().write(answer);
    exchange.close();
  }

  /**
   * Holds every answer until {@code open} is counted down (at most a minute): keeps a caller in its
   * call for as long as a test needs.
   */
  public void holdAnswersUntil(CountDownLatch open) {
    gate = open;
  }

  private void awaitGate() {
    CountDownLatch waitFor = gate;
    if (waitFor == null) {
      return;
    }
    try {
      waitFor.await(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The status every following answer carries. */
  public void answerWith(int newStatus) {
    status = newStatus;
  }

  /** The statuses of the next answers, in order; then {@link #answerWith}'s again. */
  public void answerNext(Integer... statuses) {
    nextStatuses.addAll(List.of(statuses));
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
    server.stop(0);
  }
}
