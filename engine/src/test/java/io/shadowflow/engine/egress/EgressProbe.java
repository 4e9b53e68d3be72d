package io.shadowflow.engine.egress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.shadowflow.engine.checkpoint.InMemoryCheckpointStore;
import io.shadowflow.engine.exec.ExecutionListener;
import io.shadowflow.engine.exec.RunResult;
import io.shadowflow.engine.exec.WorkflowExecutor;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.testing.Workflows;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs inside a network namespace of its own (see {@link EgressInOwnNetworkNamespaceTest}): starts
 * a server on every address of the namespace, runs one workflow calling each URL given ({@code
 * PORT} replaced by the server's port) with the engine's default client, and prints one JSON line
 * per URL: the outcome and the Host headers the server received. A URL prefixed {@code client:} is
 * sent by the engine's client directly (past {@code validate}); {@code raw:} by a plain JDK client,
 * to show the address would answer if nothing stopped the call.
 */
public final class EgressProbe {
  private EgressProbe() {}

  public static void main(String[] urls) throws Exception {
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, e) -> {
          e.printStackTrace();
          System.exit(1); // the server's thread would keep the process alive
        });
    List<String> hosts = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(0), 0);
    server.createContext(
        "/",
        exchange -> {
          hosts.add(exchange.getRequestHeaders().getFirst("Host"));
          byte[] body = "{\"echo\": {\"p\": 1}}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    String port = String.valueOf(server.getAddress().getPort());
    for (String template : urls) {
      ObjectNode line = Json.object().put("url", template);
      hosts.clear();
      try {
        call(template.replace("PORT", port), line);
      } catch (WorkflowFailure failure) { // InvalidManifestException from validate, too
        line.put("success", false).put("code", failure.code().name());
        line.put("message", failure.getMessage());
      }
      line.set("hosts", Json.MAPPER.valueToTree(List.copyOf(hosts)));
      System.out.println(Json.write(line));
    }
    server.stop(0);
    System.exit(0);
  }

  private static void call(String url, ObjectNode line) throws Exception {
    if (url.startsWith("client:") || url.startsWith("raw:")) {
      HttpClient client =
          url.startsWith("raw:")
              ? HttpClient.newHttpClient()
              : WorkflowExecutor.defaultHttpClient();
      URI target = URI.create(url.substring(url.indexOf(':') + 1));
      HttpRequest request = HttpRequest.newBuilder(target).build();
      line.put("success", client.send(request, BodyHandlers.discarding()).statusCode() == 200);
      return;
    }
    RunResult result =
        new WorkflowExecutor(new InMemoryCheckpointStore())
            .run(Workflows.calling(url), ExecutionListener.NONE);
    line.put("success", result.success());
    line.put("code", result.errorCode());
    line.put("message", result.errorMessage());
  }
}
