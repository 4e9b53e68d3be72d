package io.shadowflow.engine.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real HTTP server on loopback that answers every request with {@code {"echo": <body>}} (a
 * deterministic answer) or a body set by the test, and remembers what it was asked.
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
            exchange.getRequestURI().getRawQuery(),
            Map.copyOf(exchange.getRequestHeaders())));
    String text =
        fixedBody != null ? fixedBody : "{\"echo\":" + (body.isEmpty() ? "null" : body) + "}";
    byte[] answer = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    Integer next = nextStatuses.poll();
    exchange.sendResponseHeaders(next != null ? next : status, answer.length);
    exchange.getResponseBody().write(answer);
    exchange.close();
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
