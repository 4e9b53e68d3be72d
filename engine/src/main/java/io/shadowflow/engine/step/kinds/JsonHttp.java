package io.shadowflow.engine.step.kinds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.json.CanonicalJson;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.StepContext;
import io.shadowflow.engine.secret.SecretParams;
import io.shadowflow.engine.secret.UrlQueries;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;
import javax.net.ssl.SSLException;

/**
 * One HTTP call with a JSON body, as the {@code http} and {@code plan} steps make it: every way it
 * can fail maps to a catalog code, and its answer is JSON (or text) ready to be committed.
 */
final class JsonHttp {
  /** Largest response body a checkpoint may hold; larger answers fail with RESPONSE_TOO_LARGE. */
  static final int MAX_RESPONSE_BYTES = 1 << 20;

  /** A successful answer. */
  record Answer(int status, JsonNode body) {}

  private JsonHttp() {}

  /**
   * Calls {@code url} with the step's idempotency key and secret parameters; messages name the step
   * by its path and the URL without its query, never a secret.
   *
   * @throws WorkflowFailure with the catalog code of whatever went wrong
   */
  static Answer call(
      StepContext context,
      String method,
      URI url,
      Map<String, String> headers,
      JsonNode body,
      SecretParams secrets,
      Duration timeout)
      throws InterruptedException {
    // The answer is the step's external result: a replay is served it and sends nothing.
    JsonNode answer =
        context.external(
            "response", () -> exchange(context, method, url, headers, body, secrets, timeout));
    return new Answer(answer.path("status").asInt(), answer.get("body"));
  }

  private static JsonNode exchange(
      StepContext context,
      String method,
      URI url,
      Map<String, String> headers,
      JsonNode body,
      SecretParams secrets,
      Duration timeout)
      throws InterruptedException {
    String where = context.path();
    // Secret values exist only in the request sent: the recorded input holds their references.
    SecretParams.Values values = secrets.resolve(context.secrets(), where);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(UrlQueries.with(url, values.query())).timeout(timeout);
    headers.forEach(request::header);
    values.headers().forEach(request::header);
    body = SecretParams.withFields(body, values.body(), where);
    request.header("Idempotency-Key", context.idempotencyKey());
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(CanonicalJson.of(body)));
    }
    String call = method + " " + UrlQueries.withoutQuery(url);
    HttpResponse<byte[]> response = send(context, request.build(), where, call);
    if (response.statusCode() >= 400) {
      FailureCode code = FailureCode.forHttpStatus(response.statusCode());
      throw new WorkflowFailure(
          code, code.withDetail(where + ": " + call + " answered " + response.statusCode()));
    }
    String text = values.redact(new String(response.body(), StandardCharsets.UTF_8));
    ObjectNode answer = Json.object().put("status", response.statusCode());
    answer.set("body", parseBody(text, isJson(response), where, call));
    return answer;
  }

  /** Sends the request; the body of an error status is discarded, any other read to its cap. */
  private static HttpResponse<byte[]> send(
      StepContext context, HttpRequest request, String where, String call)
      throws InterruptedException {
    String what = where + ": " + call;
    try {
      return context
          .http()
          .send(
              request,
              info ->
                  info.statusCode() >= 400
                      ? HttpResponse.BodySubscribers.replacing(null)
                      : new CappedBody(MAX_RESPONSE_BYTES));
    } catch (HttpTimeoutException e) {
      throw failure(FailureCode.TIMEOUT, what + " timed out", e);
    } catch (IOException e) {
      if (causedBy(e, CappedBody.TooLarge.class)) {
        throw WorkflowFailure.of(
            FailureCode.RESPONSE_TOO_LARGE, Map.of("step", where, "limit", MAX_RESPONSE_BYTES));
      }
      throw connectionFailure(what, e);
    }
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The code of a call that broke. The cause decides before the exception's type: the JDK client
   * reports a host that does not resolve as a ConnectException caused by an
   * UnresolvedAddressException, which is no refused connection and no use retrying.
   */
  private static WorkflowFailure connectionFailure(String call, IOException e) {
    Throwable root = rootCause(e);
    if (root instanceof UnknownHostException || root instanceof UnresolvedAddressException) {
      return failure(FailureCode.UNKNOWN_HOST, call + ": the host does not resolve", e);
    }
    if (root instanceof SSLException) {
      return failure(FailureCode.TLS_FAILED, call + ": " + root.getMessage(), e);
    }
    if (e instanceof ConnectException) {
      return failure(FailureCode.CONNECTION_REFUSED, call + ": connection refused", e);
    }
    return failure(FailureCode.CONNECTION_RESET, call + ": " + e, e);
  }

  private static WorkflowFailure failure(FailureCode code, String detail, Throwable cause) {
    return new WorkflowFailure(code, code.withDetail(UrlQueries.strip(detail)), cause);
  }

  private static Throwable rootCause(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static boolean isJson(HttpResponse<?> response) {
    for (Entry<String, java.util.List<String>> header : response.headers().map().entrySet()) {
      if (header.getKey().equalsIgnoreCase("content-type")) {
        return header.getValue().stream()
            .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("json"));
      }
    }
    return false;
  }

  /**
   * JSON bodies are kept as JSON, anything else as text; a body that says it is JSON and is not is
   * RESPONSE_MALFORMED, since whatever reads it would read garbage.
   */
  private static JsonNode parseBody(String body, boolean declaredJson, String where, String call) {
    if (body == null || body.isEmpty()) {
      return Json.NODES.nullNode();
    }
    try {
      JsonNode json = Json.MAPPER.readTree(body);
      CanonicalJson.of(json); // numbers JSON cannot carry exactly fail here, not at commit
      return json;
    } catch (JsonProcessingException notJson) {
      if (declaredJson) {
        throw failure(
            FailureCode.RESPONSE_MALFORMED,
            where + ": " + call + ": " + notJson.getOriginalMessage(),
            notJson);
      }
      return Json.NODES.textNode(body);
    } catch (IllegalArgumentException unrepresentable) {
      throw failure(
          FailureCode.RESPONSE_SCHEMA_VIOLATION,
          where + ": " + call + ": " + unrepresentable.getMessage(),
          unrepresentable);
    }
  }
}
