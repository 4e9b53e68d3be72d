package io.shadowflow.engine.step.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.api.PlannerSpec;
import io.shadowflow.api.StepSpec;
import io.shadowflow.engine.expr.Expression;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.manifest.ExpressionFields;
import io.shadowflow.engine.model.Durations;
import io.shadowflow.engine.model.Problems;
import io.shadowflow.engine.model.Step;
import io.shadowflow.engine.model.StepKind;
import io.shadowflow.engine.model.StepResult;
import io.shadowflow.engine.plan.PlanLimits;
import io.shadowflow.engine.secret.SecretParams;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code plan}: obtains steps from a planner, given in the spec ({@code static}) or asked of a
 * service ({@code http}, e.g. an LLM agent). Its output is the plan, {@code {"steps": [...]}}; the
 * executor has the planner sandbox check it before it is committed, then runs the planned steps
 * under the plan step's path. The committed plan is what a resumed or replayed run uses: the
 * planner is never asked twice.
 */
public final class PlanStep implements StepKind {
  private static final String DEFAULT_REQUEST = "{\"input\": input}";

  @Override
  public String name() {
    return "plan";
  }

  @Override
  public Set<String> fields() {
    return Set.of("planner");
  }

  /** A static plan is the manifest's own; an http planner's answer comes from outside the run. */
  @Override
  public boolean recomputable(StepSpec spec) {
    return "static".equals(spec.planner.type);
  }

  /** An http planner's call needs no row, as an http step's does not. */
  @Override
  public boolean needsStoredRun(StepSpec spec) {
    return false;
  }

  @Override
  public boolean yieldsSteps() {
    return true;
  }

  @Override
  public Duration defaultTimeout(StepSpec spec) {
    return HttpStep.DEFAULT_TIMEOUT;
  }

  @Override
  public Step compile(StepSpec spec, String path, Problems problems) {
    PlannerSpec planner = spec.planner;
    String at = path + ".planner";
    if (planner == null) {
      problems.add(at, "required: {type: static, steps: [...]} or {type: http, url: ...}");
      return null;
    }
    checkLimit(planner.maxSteps, PlanLimits.MAX_STEPS_CAP, at + ".maxSteps", problems);
    checkLimit(planner.maxDepth, PlanLimits.MAX_DEPTH_CAP, at + ".maxDepth", problems);
    if ("static".equals(planner.type)) {
      return staticPlan(planner, at, problems);
    }
    if ("http".equals(planner.type)) {
      return httpPlan(planner, spec, path, problems);
    }
    problems.add(at + ".type", "expected static or http, got " + planner.type);
    return null;
  }

  private static void checkLimit(Integer value, int cap, String path, Problems problems) {
    if (value != null && (value < 1 || value > cap)) {
      problems.add(path, "must be between 1 and " + cap + ", got " + value);
    }
  }

  private static Step staticPlan(PlannerSpec planner, String at, Problems problems) {
    if (planner.steps == null) {
      problems.add(at + ".steps", "required for a static planner: the planned steps");
    }
    if (planner.url != null
        || planner.headers != null
        || planner.body != null
        || planner.secrets != null) {
      problems.add(
          at, "url, headers, body and secrets belong to an http planner, not a static one");
    }
    if (planner.steps == null) {
      return null;
    }
    ObjectNode plan = Json.object();
    plan.putArray("steps").addAll(planner.steps);
    ObjectNode input = Json.object().put("planner", "static");
    return context -> new StepResult(input, plan.deepCopy());
  }

  private static Step httpPlan(PlannerSpec planner, StepSpec spec, String path, Problems problems) {
    String at = path + ".planner";
    if (planner.steps != null) {
      problems.add(at + ".steps", "belongs to a static planner; an http planner answers them");
    }
    URI url = HttpStep.parseUrl(planner.url, at + ".url", problems);
    Expression request =
        ExpressionFields.compile(
            planner.body == null ? DEFAULT_REQUEST : planner.body, at + ".body", true, problems);
    Duration timeout =
        spec.timeout == null
            ? HttpStep.DEFAULT_TIMEOUT
            : Durations.parsePositive(spec.timeout, path + ".timeout", problems);
    SecretParams secrets = SecretParams.compile(planner.secrets, at + ".secrets", problems);
    HeaderNames.check(planner.headers, at + ".headers", problems);
    if (url == null
        || request == null
        || timeout == null
        || planner.steps != null
        || secrets == null) {
      return null;
    }
    Map<String, String> headers =
        planner.headers == null ? Map.of() : new TreeMap<>(planner.headers);
    return context -> {
      JsonNode body = TransformStep.evaluate(request, context.variables(), at + ".body");
      ObjectNode input = Json.object().put("planner", "http").put("url", url.toString());
      input.set("headers", Json.MAPPER.valueToTree(headers));
      input.set("body", body);
      HttpStep.recordReferences(input, secrets);
      JsonHttp.Answer answer = JsonHttp.call(context, "POST", url, headers, body, secrets, timeout);
      return new StepResult(input, answer.body());
    };
  }
}
