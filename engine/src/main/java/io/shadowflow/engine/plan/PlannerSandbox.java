package io.shadowflow.engine.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.expr.Expression;
import io.shadowflow.engine.expr.ExpressionException;
import io.shadowflow.engine.expr.Expressions;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.json.CanonicalJson;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.manifest.WorkflowCompiler;
import io.shadowflow.engine.model.CompiledStep;
import io.shadowflow.engine.model.Problem;
import io.shadowflow.engine.model.Problems;
import io.shadowflow.engine.model.StepPath;
import io.shadowflow.engine.policy.PolicyEnforcer;
import io.shadowflow.engine.policy.PolicyEnforcer.Charge;
import io.shadowflow.engine.policy.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a plan before any of its steps runs, cheapest checks first so a hostile plan costs little:
 * its shape, step count and size, then each step's strings, name, nesting, expressions and schema,
 * and last the whole plan against the run's policy (kinds, step count, remaining budget). A
 * rejected plan fails with a VALIDATION code (PLAN_*) naming the plan step, the planned step and
 * the field.
 */
public final class PlannerSandbox {
  /** Fields holding free text or code, where line breaks and tabs are fine. */
  private static final Set<String> TEXT_FIELDS = Set.of("expr", "body", "message");

  /** Fields holding CEL expressions. */
  private static final Set<String> EXPRESSION_FIELDS = Set.of("expr", "body", "when", "items");

  private final WorkflowCompiler compiler;

  public PlannerSandbox(WorkflowCompiler compiler) {
    this.compiler = compiler;
  }

  /** What the sandbox needs to know of the run at the plan step. */
  public record Context(PlanLimits limits, Set<String> takenNames, PolicyEnforcer enforcer) {}

  /**
   * The planned steps, compiled, with paths under the plan step ({@code steps/3/steps/0}, ...).
   *
   * @throws WorkflowFailure with a PLAN_* code when the plan is rejected
   */
  public List<CompiledStep> admit(CompiledStep plan, JsonNode output, Context context) {
    String where = plan.path() + " (" + plan.name() + ")";
    JsonNode steps = output.path("steps");
    if (!output.isObject() || !steps.isArray()) {
      throw WorkflowFailure.of(
          FailureCode.PLAN_MALFORMED,
          Map.of("step", where, "detail", "got " + abbreviate(output.toString())));
    }
    PlanLimits limits = context.limits();
    if (steps.size() > limits.maxSteps()) {
      throw reject(
          FailureCode.PLAN_TOO_MANY_STEPS,
          where,
          "steps",
          "the plan has " + steps.size() + " steps, the limit is " + limits.maxSteps());
    }
    for (int i = 0; i < steps.size(); i++) {
      checkStrings(steps.get(i), "steps[" + i + "]", where, limits);
    }
    int size = CanonicalJson.of(output).length();
    if (size > limits.maxPlanChars()) {
      throw WorkflowFailure.of(
          FailureCode.PLAN_PAYLOAD_TOO_LARGE,
          Map.of("step", where, "field", "the plan", "size", size, "limit", limits.maxPlanChars()));
    }
    int depth = depthOf(plan.path());
    Set<String> names = new HashSet<>(context.takenNames());
    List<CompiledStep> planned = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      planned.add(
          admitStep(
              steps.get(i),
              "steps[" + i + "]",
              StepPath.child(plan.path(), i),
              where,
              depth,
              names,
              limits));
    }
    checkPolicy(planned, where, context);
    return planned;
  }

  private CompiledStep admitStep(
      JsonNode node,
      String field,
      String path,
      String where,
      int depth,
      Set<String> names,
      PlanLimits limits) {
    if (!node.isObject()) {
      throw reject(FailureCode.PLAN_SCHEMA_INVALID, where, field, "expected a step object");
    }
    checkName(node.path("name"), field + ".name", where, names);
    checkStep(node, field, where, depth, limits, Set.of());
    Problems problems = new Problems();
    CompiledStep step = compiler.compileStep(node, field, path, problems);
    if (!problems.isEmpty()) {
      Problem first = problems.list().get(0);
      throw reject(FailureCode.PLAN_SCHEMA_INVALID, where, first.path(), first.message());
    }
    if (step.spec().cost != null && step.spec().cost < step.kind().defaultCost()) {
      throw reject(
          FailureCode.PLAN_SCHEMA_INVALID,
          where,
          field + ".cost",
          "a plan cannot make a step cheaper than its kind's cost of " + step.kind().defaultCost());
    }
    return step;
  }

  /** Rejects strings over the size limit, and control characters outside free text. */
  /**
   * The sandbox's checks of one planned step and of the steps it holds (the branches of a parallel
   * step, the body of a forEach step), so nothing nested escapes them.
   */
  private static void checkStep(
      JsonNode node,
      String field,
      String where,
      int depth,
      PlanLimits limits,
      Set<String> variables) {
    if (!node.isObject()) {
      throw reject(FailureCode.PLAN_SCHEMA_INVALID, where, field, "expected a step object");
    }
    if (!limits.allowHttp()) {
      checkNoHttp(node, field, where);
    }
    if ("plan".equals(node.path("kind").asText())) {
      checkNestedPlan(node, field, where, depth, limits);
    }
    for (String expressionField : EXPRESSION_FIELDS) {
      checkExpression(
          node.path(expressionField), field + "." + expressionField, where, limits, variables);
    }
    checkExpression(
        node.path("planner").path("body"), field + ".planner.body", where, limits, variables);
    JsonNode branches = node.path("branches");
    for (int b = 0; b < branches.size(); b++) {
      JsonNode steps = branches.get(b).path("steps");
      for (int i = 0; i < steps.size(); i++) {
        String at = field + ".branches[" + b + "].steps[" + i + "]";
        checkStep(steps.get(i), at, where, depth, limits, variables);
      }
    }
    JsonNode body = node.path("steps");
    Set<String> inLoop = new HashSet<>(variables);
    inLoop.add(node.path("as").asText("item"));
    inLoop.add("index");
    for (int i = 0; i < body.size(); i++) {
      checkStep(body.get(i), field + ".steps[" + i + "]", where, depth, limits, Set.copyOf(inLoop));
    }
  }

  private static void checkStrings(JsonNode node, String field, String where, PlanLimits limits) {
    if (node.isTextual()) {
      String text = node.textValue();
      if (text.length() > limits.maxFieldChars()) {
        throw WorkflowFailure.of(
            FailureCode.PLAN_PAYLOAD_TOO_LARGE,
            Map.of(
                "step",
                where,
                "field",
                field,
                "size",
                text.length(),
                "limit",
                limits.maxFieldChars()));
      }
      String leaf = field.substring(field.lastIndexOf('.') + 1);
      int bad = firstControl(text, TEXT_FIELDS.contains(leaf));
      if (bad >= 0) {
        FailureCode code =
            leaf.equals("name") ? FailureCode.PLAN_NAME_REJECTED : FailureCode.PLAN_SCHEMA_INVALID;
        throw reject(code, where, field, "contains the control character " + codePoint(bad));
      }
      return;
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        checkStrings(node.get(i), field + "[" + i + "]", where, limits);
      }
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      checkStrings(Json.NODES.textNode(entry.getKey()), field + ".(key)", where, limits);
      checkStrings(entry.getValue(), field + "." + entry.getKey(), where, limits);
    }
  }

  private static void checkName(JsonNode name, String field, String where, Set<String> names) {
    if (!name.isTextual() || !WorkflowCompiler.isStepName(name.textValue())) {
      throw reject(
          FailureCode.PLAN_NAME_REJECTED,
          where,
          field,
          "'"
              + abbreviate(name.asText())
              + "' is not a step name: a letter or '_', then letters, digits, '_' or '-', at most"
              + " 63 characters");
    }
    if (!names.add(name.textValue())) {
      throw reject(
          FailureCode.PLAN_NAME_REJECTED,
          where,
          field,
          "'" + name.textValue() + "' is already the name of a step of this run");
    }
  }

  /** A planner is untrusted: it may not make the engine call out unless the manifest says so. */
  private static void checkNoHttp(JsonNode node, String field, String where) {
    boolean httpStep = "http".equals(node.path("kind").asText());
    if (httpStep || "http".equals(node.path("planner").path("type").asText())) {
      throw reject(
          FailureCode.PLAN_KIND_DENIED,
          where,
          field + (httpStep ? ".kind" : ".planner.type"),
          "planned steps may not make http calls; set planner.allowHttp: true on the manifest's"
              + " plan step to allow them");
    }
  }

  private static void checkNestedPlan(
      JsonNode node, String field, String where, int depth, PlanLimits limits) {
    if (depth + 1 > limits.maxDepth()) {
      throw WorkflowFailure.of(
          FailureCode.PLAN_TOO_DEEP,
          Map.of(
              "step",
              where,
              "field",
              field + ".kind",
              "count",
              depth + 1,
              "limit",
              limits.maxDepth()));
    }
    JsonNode planner = node.path("planner");
    for (String limit : List.of("maxSteps", "maxDepth")) {
      if (planner.has(limit)) {
        throw reject(
            FailureCode.PLAN_SCHEMA_INVALID,
            where,
            field + ".planner." + limit,
            "a planned plan step inherits its limits from the manifest; remove " + limit);
      }
    }
  }

  private static void checkExpression(
      JsonNode source, String field, String where, PlanLimits limits, Set<String> variables) {
    if (!source.isTextual()) {
      return; // absent, or the schema check names the wrong type
    }
    Expression expression;
    try {
      expression = Expressions.compile(source.textValue(), variables);
    } catch (ExpressionException e) {
      throw reject(
          FailureCode.PLAN_EXPRESSION_REJECTED,
          where,
          field,
          "does not compile: " + e.getMessage());
    }
    if (expression.cost().nodes() > limits.maxExpressionNodes()) {
      throw reject(
          FailureCode.PLAN_EXPRESSION_REJECTED,
          where,
          field,
          "has "
              + expression.cost().nodes()
              + " syntax nodes, a planned expression may have "
              + limits.maxExpressionNodes());
    }
    if (expression.cost().loopDepth() > limits.maxLoopDepth()) {
      throw reject(
          FailureCode.PLAN_EXPRESSION_REJECTED,
          where,
          field,
          "nests comprehensions "
              + expression.cost().loopDepth()
              + " deep, a planned expression may nest them "
              + limits.maxLoopDepth()
              + " deep");
    }
  }

  /** The whole plan against the policy: kinds, step count and budget, as if it ran now. */
  private static void checkPolicy(List<CompiledStep> planned, String where, Context context) {
    List<Charge> charges = new ArrayList<>();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < planned.size(); i++) {
      CompiledStep step = planned.get(i);
      charges.add(Charge.of(step.path(), step.kind(), step.spec()));
      index.put(step.path(), i);
    }
    context
        .enforcer()
        .checkAhead(charges)
        .ifPresent(
            violation -> {
              throw planFailure(violation, where, "steps[" + index.get(violation.path()) + "]");
            });
  }

  private static WorkflowFailure planFailure(Violation violation, String where, String field) {
    String detail = violation.toFailure().getMessage();
    return switch (violation.code()) {
      case POLICY_KIND_DENIED, POLICY_KIND_NOT_ALLOWED ->
          reject(FailureCode.PLAN_KIND_DENIED, where, field + ".kind", detail);
      case POLICY_BUDGET -> reject(FailureCode.PLAN_OVER_BUDGET, where, field + ".cost", detail);
      default -> reject(FailureCode.PLAN_TOO_MANY_STEPS, where, field, detail);
    };
  }

  private static WorkflowFailure reject(
      FailureCode code, String where, String field, String detail) {
    return WorkflowFailure.of(code, Map.of("step", where, "field", field, "detail", detail));
  }

  /**
   * How deeply the plan step at {@code path} nests in plans: {@code steps/3} is 1, {@code
   * steps/3/steps/0} (a step of its plan) 2; the steps of branches and loop bodies add nothing.
   */
  private static int depthOf(String path) {
    String[] segments = path.split("/");
    int depth = 1;
    for (int i = 2; i < segments.length; i++) {
      boolean inBlock = segments[i - 2].equals("branches") || segments[i - 2].equals("items");
      if (segments[i].equals("steps") && !inBlock) {
        depth++;
      }
    }
    return depth;
  }

  private static int firstControl(String text, boolean freeText) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean layout = c == '\n' || c == '\r' || c == '\t';
      boolean control = Character.isISOControl(c) || Character.getType(c) == Character.FORMAT;
      if (control && !(freeText && layout)) {
        return c;
      }
    }
    return -1;
  }

  private static String codePoint(int c) {
    return String.format("U+%04X", c);
  }

  /** At most 80 characters of {@code text}, control characters spelled out. */
  private static String abbreviate(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .limit(80)
        .forEach(c -> out.append(Character.isISOControl(c) ? codePoint(c) : Character.toString(c)));
    return text.length() > 80 ? out + "..." : out.toString();
  }
}
