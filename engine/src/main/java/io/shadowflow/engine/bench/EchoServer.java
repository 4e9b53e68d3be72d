package io.shadowflow.engine.bench;

import com.sun.net.httpserver.HttpServer;
import io.shadowflow.engine.net.HttpServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The service the durable benchmark's calls go to: on loopback, it answers every request with
 * {@code {"echo": <the request's body>}} at once, so what is measured is the engine's side.
 */
final class EchoServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  EchoServer(int port) throws IOException {
    server = HttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
    server.createContext(
        "/",
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          String text =
              "{\"echo\":"
                  + (body.length == 0 ? "null" : new String(body, StandardCharsets.UTF_8))
                  + "}";
          byte[] answer = text.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    server.setExecutor(threads);
    server.start();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
