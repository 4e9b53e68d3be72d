package io.shadowflow.engine.step.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.api.ApiGroup;
import io.shadowflow.api.ManifestLimits;
import io.shadowflow.api.StepSpec;
import io.shadowflow.engine.child.ChildWorkflow;
import io.shadowflow.engine.expr.Expression;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.manifest.ExpressionFields;
import io.shadowflow.engine.manifest.WorkflowCompiler;
import io.shadowflow.engine.model.InvalidManifestException;
import io.shadowflow.engine.model.Problem;
import io.shadowflow.engine.model.Problems;
import io.shadowflow.engine.model.Step;
import io.shadowflow.engine.model.StepContext;
import io.shadowflow.engine.model.StepKind;
import io.shadowflow.engine.model.StepResult;
import io.shadowflow.engine.model.Values;
import java.time.Duration;
import java.util.Set;

/**
 * {@code workflow}: starts a child workflow of the step's {@code steps}, with the input its {@code
 * input} expression gives, and outputs how the child ended: {@code {outcome, workflowHash,
 * errorCode, output}}, the output being its last step's. The child is a Workflow of its own, named
 * after the parent run and the step, so a resumed parent never starts two; the CLI runs it in its
 * own process, the operator as a Workflow resource owned by the parent. The outcome is the step's
 * recorded result: a replay is served it and starts no child.
 */
public final class WorkflowStep implements StepKind {
  @Override
  public String name() {
    return "workflow";
  }

  @Override
  public Set<String> fields() {
    return Set.of("steps", "workflowRef", "input");
  }

  @Override
  public Duration attemptTimeout(StepSpec spec) {
    // A child runs as long as its own policy lets it: the step waits for it, however long.
    return Duration.ofHours(ManifestLimits.DURATION_HOURS);
  }

  @Override
  public Step compile(StepSpec spec, String path, Problems problems) {
    int before = problems.list().size();
    Expression input =
        ExpressionFields.compile(
            spec.input == null ? "input" : spec.input, path + ".input", true, problems);
    boolean inline = spec.steps != null && !spec.steps.isEmpty();
    if (inline == (spec.workflowRef != null)) {
      problems.add(
          path + ".steps",
          "give the child's steps, or workflowRef: a Workflow of this namespace whose steps it runs"
              + " (one of the two)");
    } else if (inline) {
      checkChild(spec, path, problems);
    }
    if (problems.list().size() > before) {
      return null;
    }
    ArrayNode steps = inline ? Json.MAPPER.valueToTree(spec.steps) : null;
    String template = inline ? null : spec.workflowRef.name;
    String stepName = spec.name;
    return context -> {
      ObjectNode childInput = childInput(input, context, path);
      JsonNode outcome =
          context.external(
              "child",
              () ->
                  context
                      .children()
                      .run(
                          ChildWorkflow.of(
                              context.workflow(),
                              context.runId(),
                              context.seed(),
                              context.path(),
                              stepName,
                              steps != null
                                  ? steps.deepCopy()
                                  : templateSteps(context, template, path),
                              childInput),
                          context));
      String child = ChildWorkflow.name(context.workflow().name(), context.runId(), context.path());
      return new StepResult(Json.object().put("workflow", child), outcome);
    };
  }

  private static ObjectNode childInput(Expression input, StepContext context, String path) {
    JsonNode value = TransformStep.evaluate(input, context.variables(), path + ".input");
    if (!value.isObject()) {
      throw new WorkflowFailure(
          FailureCode.CHILD_INPUT_INVALID,
          path
              + ".input: the child's input must be an object, got "
              + Values.cut(value.toString()));
    }
    return (ObjectNode) value;
  }

  /**
   * The steps of the template Workflow, as its latest run recorded them: read inside the step's
   * external call, so a replay is served the child's outcome and never reads the template again.
   */
  private static ArrayNode templateSteps(StepContext context, String template, String path) {
    String namespace = context.workflow().namespace();
    return context
        .children()
        .templateSteps(namespace, template)
        .orElseThrow(
            () ->
                new WorkflowFailure(
                    FailureCode.CHILD_TEMPLATE_NOT_FOUND,
                    path
                        + ".workflowRef: no Workflow "
                        + template
                        + " of namespace "
                        + namespace
                        + " has a run in this database"));
  }

  /** Compiles the child's steps now, so a mistake in them is the parent's manifest's. */
  private static void checkChild(StepSpec spec, String path, Problems problems) {
    ObjectNode manifest = Json.object();
    manifest.put("apiVersion", ApiGroup.API_VERSION).put("kind", "Workflow");
    manifest.putObject("metadata").put("name", "child");
    ObjectNode childSpec = manifest.putObject("spec").put("type", "child");
    childSpec.set("steps", Json.MAPPER.valueToTree(spec.steps));
    try {
      new WorkflowCompiler().compile(manifest);
    } catch (InvalidManifestException e) {
      for (Problem problem : e.problems()) {
        problems.add(path + problem.path().substring("spec".length()), problem.message());
      }
    }
  }
}
