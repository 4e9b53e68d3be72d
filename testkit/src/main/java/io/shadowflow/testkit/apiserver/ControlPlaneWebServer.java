package io.shadowflow.testkit.apiserver;

import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.HttpServerRequestHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The mock's web server, able to stream: a watch asked for without a WebSocket upgrade ({@code
 * kubectl get -w}, {@code kubectl wait}) is answered as kube-apiserver does, with a chunked
 * response of one JSON event per line, open until the client leaves or {@code timeoutSeconds}
 * passes. {@link MockWebServer} answers each request with one finished body, so this class starts
 * the Vert.x server itself, with the same options, and hands every other request (WebSocket watches
 * included) to the mock's own request handling.
 */
public final class ControlPlaneWebServer extends MockWebServer {
  private static final List<String> WEBSOCKET_PROTOCOLS =
      List.of("v1.channel.k8s.io", "v2.channel.k8s.io", "v3.channel.k8s.io", "v4.channel.k8s.io");

  // The superclass builds a Vert.x of its own too, never started: it holds one idle daemon thread
  // (the blocked-thread checker) and cannot be closed from here.
  private final Vertx vertx = Vertx.vertx();
  // Null unless asked for: a dev control plane runs for hours and must not keep every request.
  private final BlockingQueue<RecordedRequest> recorded;
  private volatile Dispatcher dispatcher;
  private HttpServer server;

  /** A server that keeps no requests. */
  public ControlPlaneWebServer() {
    this(false);
  }

  /**
   * @param recording whether requests are kept for {@link #takeRequest(long, TimeUnit)}
   */
  public ControlPlaneWebServer(boolean recording) {
    this.recorded = recording ? new LinkedBlockingQueue<>() : null;
  }

  /** The oldest request not taken yet, waiting up to {@code timeout}; null if none came. */
  @Override
  public RecordedRequest takeRequest(long timeout, TimeUnit unit) throws InterruptedException {
    if (recorded == null) {
      throw new IllegalStateException("this server was started without recording requests");
    }
    return recorded.poll(timeout, unit);
  }

  private void record(RecordedRequest request) {
    if (recorded != null) {
      recorded.add(request);
    }
  }

  @Override
  public void setDispatcher(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
    super.setDispatcher(dispatcher);
  }

  @Override
  public synchronized void start(InetAddress address, int port) {
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(address.getHostAddress())
            .setPort(port)
            .setWebSocketSubProtocols(WEBSOCKET_PROTOCOLS)
            .setHandle100ContinueAutomatically(true);
    HttpServerRequestHandler mock =
        new HttpServerRequestHandler(vertx) {
          @Override
          protected MockResponse onHttpRequest(RecordedRequest request) {
            record(request);
            return dispatcher.dispatch(request);
          }
        };
    server =
        vertx
            .createHttpServer(options)
            .requestHandler(
                request -> {
                  if (isPlainWatch(request)) {
                    watch(request);
                  } else {
                    mock.handle(request);
                  }
                });
    server = await(server.listen());
  }

  private static boolean isPlainWatch(HttpServerRequest request) {
    String watch = request.getParam("watch");
    return request.method() == io.vertx.core.http.HttpMethod.GET
        && ("true".equals(watch) || "1".equals(watch))
        && !"websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
  }

  private void watch(HttpServerRequest request) {
    Headers headers = Headers.builder().addAll(request.headers()).build();
    RecordedRequest recordedRequest =
        new RecordedRequest("HTTP/1.1", HttpMethod.GET, request.uri(), headers, new Buffer());
    record(recordedRequest);
    MockResponse answer = dispatcher.dispatch(recordedRequest);
    HttpServerResponse response = request.response().setStatusCode(answer.code());
    answer.getHeaders().toMultimap().forEach(response.headers()::add);
    if (!(answer instanceof WatchResponse watching)) {
      response.end(io.vertx.core.buffer.Buffer.buffer(answer.getBody().getBytes()));
      return;
    }
    HttpWatch watch = watching.watch();
    response.setChunked(true);
    // Headers now, as a real server does: clients wait for them before they read events.
    response.writeHead();
    response.closeHandler(closed -> watch.close());
    if (watching.timeoutSeconds() > 0) {
      vertx.setTimer(TimeUnit.SECONDS.toMillis(watching.timeoutSeconds()), id -> watch.close());
    }
    watch.open(
        new HttpWatch.Stream() {
          @Override
          public void write(String line) {
            response.write(line);
          }

          @Override
          public void end() {
            if (!response.ended() && !response.closed()) {
              response.end();
            }
          }
        });
  }

  @Override
  public int getPort() {
    return server.actualPort();
  }

  @Override
  public String getHostName() {
    return "localhost";
  }

  @Override
  public synchronized void shutdown() {
    if (server != null) {
      dispatcher.shutdown();
      await(server.close());
      await(vertx.close());
      server = null;
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the API server's HTTP server did not answer in time", e);
    }
  }
}
