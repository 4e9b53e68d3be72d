package io.shadowflow.engine.step.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.api.StepSpec;
import io.shadowflow.engine.egress.LiteralUrlRule;
import io.shadowflow.engine.expr.Expression;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.manifest.ExpressionFields;
import io.shadowflow.engine.model.Durations;
import io.shadowflow.engine.model.Problems;
import io.shadowflow.engine.model.Step;
import io.shadowflow.engine.model.StepContext;
import io.shadowflow.engine.model.StepKind;
import io.shadowflow.engine.model.StepResult;
import io.shadowflow.engine.secret.SecretParams;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code http}: a real HTTP call. Its response is committed with the step, so a resumed run never
 * makes a committed call again, and recorded as the step's external result, so a replay makes none;
 * a call repeated before its commit (a retry, a resumed process) carries the same {@code
 * Idempotency-Key} header, derived from run and step only.
 */
public final class HttpStep implements StepKind {
  /** Timeout of one call, and of the step's attempt, when the step sets none. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

  @Override
  public String name() {
    return "http";
  }

  @Override
  public Set<String> fields() {
    return Set.of("method", "url", "headers", "body", "secrets");
  }

  @Override
  public int defaultCost() {
    return 5;
  }

  /** A call needs no row: the run's lock keeps other processes from making it meanwhile. */
  @Override
  public boolean needsStoredRun(StepSpec spec) {
    return false;
  }

  @Override
  public Duration defaultTimeout(StepSpec spec) {
    return DEFAULT_TIMEOUT;
  }

  @Override
  public Step compile(StepSpec spec, String path, Problems problems) {
    String method = spec.method == null ? "GET" : spec.method.toUpperCase(Locale.ROOT);
    boolean methodKnown = METHODS.contains(method);
    if (!methodKnown) {
      problems.add(path + ".method", "'" + spec.method + "' is not one of " + METHODS);
    }
    URI url = parseUrl(spec.url, path + ".url", problems);
    Expression body = ExpressionFields.compile(spec.body, path + ".body", false, problems);
    Duration timeout =
        spec.timeout == null
            ? DEFAULT_TIMEOUT
            : Durations.parsePositive(spec.timeout, path + ".timeout", problems);
    boolean bodyFine = spec.body == null || body != null;
    SecretParams secrets = SecretParams.compile(spec.secrets, path + ".secrets", problems);
    HeaderNames.check(spec.headers, path + ".headers", problems);
    if (!methodKnown || url == null || timeout == null || !bodyFine || secrets == null) {
      return null;
    }
    Map<String, String> headers = spec.headers == null ? Map.of() : new TreeMap<>(spec.headers);
    return context -> call(context, method, url, headers, body, secrets, timeout, path);
  }

  /** Parses a required absolute http(s) URL field, reporting a problem at {@code path}. */
  static URI parseUrl(String text, String path, Problems problems) {
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
      LiteralUrlRule.check(url, path, problems);
      return url;
    } catch (IllegalArgumentException e) {
      problems.add(path, "'" + text + "' is not a URL: " + e.getMessage());
      return null;
    }
  }

  /** Adds the secret references to a step's input; nothing when it has none, as before secrets. */
  static void recordReferences(ObjectNode input, SecretParams secrets) {
    if (!secrets.isEmpty()) {
      input.set("secrets", secrets.references());
    }
  }

  private static StepResult call(
      StepContext context,
      String method,
      URI url,
      Map<String, String> headers,
      Expression bodyExpr,
      SecretParams secrets,
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
    recordReferences(input, secrets);
    JsonHttp.Answer answer = JsonHttp.call(context, method, url, headers, body, secrets, timeout);
    ObjectNode output = Json.object().put("status", answer.status());
    output.set("body", answer.body());
    return new StepResult(input, output);
  }
}
