package io.shadowflow.engine.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.shadowflow.engine.net.HttpServers;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Serves the engine's meters (everything registered on Micrometer's global registry: failures,
 * checkpoint commit latency and batch sizes) on {@code /metrics} for Prometheus, while a command of
 * an engine pod runs.
 */
public final class PrometheusEndpoint implements AutoCloseable {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final HttpServer server;

  private PrometheusEndpoint(int port) throws IOException {
    server = HttpServers.create(new InetSocketAddress(port), 0);
    server.createContext("/metrics", this::scrape);
    Metrics.addRegistry(registry);
    server.start();
  }

  /**
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static PrometheusEndpoint start(int port) {
    try {
      return new PrometheusEndpoint(port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve metrics on port " + port, e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void scrape(HttpExchange exchange) throws IOException {
    byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    Metrics.removeRegistry(registry);
    registry.close();
  }
}
