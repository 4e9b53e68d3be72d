package io.shadowflow.certify;

import com.sun.net.httpserver.HttpServer;
import io.shadowflow.engine.net.HttpServers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An endpoint on loopback whose every answer differs: an http step that calls it makes a
 * deliberately non-deterministic workflow, whose replays a ShadowRun must catch.
 */
final class DriftServer implements AutoCloseable {
  private final HttpServer server;

  private DriftServer(HttpServer server) {
    this.server = server;
  }

  static DriftServer start() throws IOException {
    HttpServer server =
        HttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicLong calls = new AtomicLong();
    server.createContext(
        "/drift",
        exchange -> {
          byte[] body =
              ("{\"call\":" + calls.incrementAndGet() + "}").getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return new DriftServer(server);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/drift";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
