package io.shadowflow.engine.step.kinds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.api.StepSpec;
import io.shadowflow.engine.expr.Expression;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.json.CanonicalJson;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.manifest.Durations;
import io.shadowflow.engine.manifest.Problems;
import io.shadowflow.engine.step.Step;
import io.shadowflow.engine.step.StepContext;
import io.shadowflow.engine.step.StepKind;
import io.shadowflow.engine.step.StepResult;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code http}: a real HTTP call. Its response is committed with the step, so a resumed run never
 * makes a committed call again, and recorded as the step's external result, so a replay makes none;
 * a call interrupted before its commit is repeated with the same {@code Idempotency-Key} header,
 * derived from run, step and attempt.
 */
public final class HttpStep implements StepKind {
  /** Timeout of one call when the step sets none. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

  @Override
  public String name() {
    return "http";
  }

  @Override
  public Set<String> fields() {
    return Set.of("method", "url", "headers", "body");
  }

  @Override
  public int defaultCost() {
    return 5;
  }

  @Override
  public Step compile(StepSpec spec, String path, Problems problems) {
    String method = spec.method == null ? "GET" : spec.method.toUpperCase(Locale.ROOT);
    boolean methodKnown = METHODS.contains(method);
    if (!methodKnown) {
      problems.add(path + ".method", "'" + spec.method + "' is not one of " + METHODS);
    }
    URI url = parseUrl(spec.url, path + ".url", problems);
    Expression body = TransformStep.compileExpression(spec.body, path + ".body", false, problems);
    Duration timeout =
        spec.timeout == null
            ? DEFAULT_TIMEOUT
            : Durations.parse(spec.timeout, path + ".timeout", problems);
    boolean bodyFine = spec.body == null || body != null;
    if (!methodKnown || url == null || timeout == null || !bodyFine) {
      return null;
    }
    Map<String, String> headers = spec.headers == null ? Map.of() : new TreeMap<>(spec.headers);
    return context -> call(context, method, url, headers, body, timeout, path);
  }

  private static URI parseUrl(String text, String path, Problems problems) {
    if (text == null) {
      problems.add(path, "required: an absolute http or https URL");
      return null;
    }
    try {
      URI url = URI.create(text);
      if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
          || url.getHost() == null) {
        problems.add(path, "'" + text + "' is not an absolute http or https URL");
        return null;
      }
      return url;
    } catch (IllegalArgumentException e) {
      problems.add(path, "'" + text + "' is not a URL: " + e.getMessage());
      return null;
    }
  }

  private static StepResult call(
      StepContext context,
      String method,
      URI url,
      Map<String, String> headers,
      Expression bodyExpr,
      Duration timeout,
      String path)
      throws InterruptedException {
    JsonNode body =
        bodyExpr == null
            ? null
            : TransformStep.evaluate(bodyExpr, context.variables(), path + ".body");
    ObjectNode input = Json.object().put("method", method).put("url", url.toString());
    input.set("headers", Json.MAPPER.valueToTree(headers));
    input.set("body", body == null ? Json.NODES.nullNode() : body);

    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout);
    headers.forEach(request::header);
    request.header("Idempotency-Key", context.idempotencyKey());
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(CanonicalJson.of(body)));
    }
    // The response is the step's external result: a replay is served it and sends nothing.
    JsonNode response =
        context.external("response", () -> responseJson(send(context, request.build(), url)));
    int status = response.path("status").asInt();
    if (status >= 400) {
      throw new WorkflowFailure(
          FailureCode.forHttpStatus(status),
          path + ": " + method + " " + url + " answered " + status);
    }
    return new StepResult(input, response);
  }

  private static JsonNode responseJson(HttpResponse<String> response) {
    ObjectNode json = Json.object().put("status", response.statusCode());
    json.set("body", parseBody(response.body()));
    return json;
  }

  private static HttpResponse<String> send(StepContext context, HttpRequest request, URI url)
      throws InterruptedException {
    try {
      return context.http().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new WorkflowFailure(
          FailureCode.TIMEOUT, request.method() + " " + url + " timed out", e);
    } catch (ConnectException e) {
      throw new WorkflowFailure(FailureCode.CONNECTION_REFUSED, "cannot connect to " + url, e);
    } catch (IOException e) {
      if (rootCause(e) instanceof UnknownHostException) {
        throw new WorkflowFailure(FailureCode.UNKNOWN_HOST, "unknown host in " + url, e);
      }
      throw new WorkflowFailure(
          FailureCode.CONNECTION_RESET, request.method() + " " + url + ": " + e, e);
    }
  }

  private static Throwable rootCause(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  /** JSON bodies are kept as JSON, anything else as text. */
  private static JsonNode parseBody(String body) {
    if (body == null || body.isEmpty()) {
      return Json.NODES.nullNode();
    }
    try {
      return Json.MAPPER.readTree(body);
    } catch (JsonProcessingException notJson) {
      return Json.NODES.textNode(body);
    }
  }
}
