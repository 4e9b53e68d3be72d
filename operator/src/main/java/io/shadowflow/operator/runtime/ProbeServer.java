package io.shadowflow.operator.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.shadowflow.engine.net.HttpServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * Serves /healthz (liveness: the operator runs), /readyz (readiness: every event source is healthy,
 * the PostgreSQL listener included) and /metrics (Prometheus text format).
 */
public final class ProbeServer implements AutoCloseable {
  private final HttpServer server;

  private ProbeServer(HttpServer server) {
    this.server = server;
  }

  public static ProbeServer start(int port, RuntimeInfo runtime, PrometheusMeterRegistry registry) {
    HttpServer server;
    try {
      server = HttpServers.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port, e);
    }
    server.createContext(
        "/healthz",
        exchange -> answer(exchange, runtime.isStarted() ? 200 : 503, "text/plain", "ok"));
    server.createContext(
        "/readyz",
        exchange -> {
          boolean ready = runtime.isStarted() && runtime.allEventSourcesAreHealthy();
          String body = ready ? "ok" : "unhealthy: " + runtime.unhealthyEventSources();
          answer(exchange, ready ? 200 : 503, "text/plain", body);
        });
    server.createContext(
        "/metrics",
        exchange ->
            answer(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
    return new ProbeServer(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void answer(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(1);
  }
}
