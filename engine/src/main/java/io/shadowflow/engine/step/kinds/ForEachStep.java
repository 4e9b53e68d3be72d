package io.shadowflow.engine.step.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.shadowflow.api.ManifestLimits;
import io.shadowflow.api.StepSpec;
import io.shadowflow.engine.expr.Expression;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.manifest.ExpressionFields;
import io.shadowflow.engine.manifest.WorkflowCompiler;
import io.shadowflow.engine.model.CompiledStep;
import io.shadowflow.engine.model.ComposedKind;
import io.shadowflow.engine.model.Problems;
import io.shadowflow.engine.model.Step;
import io.shadowflow.engine.model.StepBlock;
import io.shadowflow.engine.model.StepContext;
import io.shadowflow.engine.model.StepPath;
import io.shadowflow.engine.model.StepResult;
import io.shadowflow.engine.model.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code forEach}: runs its steps once per item of a list, several iterations at once. An
 * iteration's steps read the item under {@code as} (default {@code item}) and its position as
 * {@code index}. Its output is the list of each iteration's last output, in item order.
 */
public final class ForEachStep implements ComposedKind {
  /** How many iterations run at once when the step does not say. */
  static final int DEFAULT_MAX_PARALLEL = 8;

  private static final Set<String> TAKEN = Set.of("input", "steps", "index", "run");

  /** What a compiled forEach step runs with: its items expression and its item's name. */
  private record Loop(Expression items, String as) implements Step {
    @Override
    public StepResult execute(StepContext context) throws InterruptedException {
      return RUN_BY_ITS_CHILDREN.execute(context);
    }
  }

  @Override
  public String name() {
    return "forEach";
  }

  @Override
  public Set<String> fields() {
    return Set.of("items", "as", "steps", "maxParallel", "failFast");
  }

  @Override
  public int defaultCost() {
    return 0;
  }

  @Override
  public Step compile(StepSpec spec, String path, Problems problems) {
    Expression items = ExpressionFields.compile(spec.items, path + ".items", true, problems);
    String as = itemName(spec);
    boolean valid = Composition.checkMaxParallel(spec, path, problems) && items != null;
    if (!WorkflowCompiler.isStepName(as) || as.contains("-") || TAKEN.contains(as)) {
      problems.add(
          path + ".as",
          "must be a name of letters, digits and '_' other than "
              + TAKEN
              + ", got "
              + Values.quote(as));
      valid = false;
    }
    if (spec.steps == null || spec.steps.isEmpty()) {
      problems.add(path + ".steps", "required: the steps of one iteration, at least one");
      valid = false;
    }
    return valid ? new Loop(items, as) : null;
  }

  private static String itemName(StepSpec spec) {
    return spec.as == null ? "item" : spec.as;
  }

  @Override
  public List<ChildList> childLists(StepSpec spec, String path) {
    return List.of(
        new ChildList(
            StepPath.ANY_ITEM,
            "steps",
            StepPath.item(path, StepPath.ANY_ITEM),
            spec.steps,
            Set.of(itemName(spec), "index")));
  }

  @Override
  public List<ChildRun> runs(CompiledStep step, Map<String, Object> variables) {
    Loop loop = (Loop) step.step();
    String label = step.path() + " (" + step.name() + ") items";
    JsonNode items = TransformStep.evaluate(loop.items(), variables, label);
    if (!items.isArray()) {
      throw new WorkflowFailure(
          FailureCode.ITEMS_NOT_A_LIST,
          FailureCode.ITEMS_NOT_A_LIST.withDetail(label + " gave " + Values.cut(items.toString())));
    }
    if (items.size() > ManifestLimits.FOREACH_ITEMS) {
      throw WorkflowFailure.of(
          FailureCode.TOO_MANY_ITEMS,
          Map.of("step", label, "count", items.size(), "limit", ManifestLimits.FOREACH_ITEMS));
    }
    StepBlock body = step.blocks().get(0);
    List<ChildRun> runs = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      String start = StepPath.item(step.path(), Integer.toString(i));
      List<CompiledStep> steps =
          body.steps().stream().map(s -> s.moved(body.start(), start)).toList();
      runs.add(
          new ChildRun(
              Integer.toString(i),
              steps,
              Map.of(loop.as(), items.get(i), "index", IntNode.valueOf(i))));
    }
    return runs;
  }

  @Override
  public JsonNode input(CompiledStep step, List<ChildRun> runs) {
    return Json.object().put("items", runs.size());
  }

  @Override
  public JsonNode output(List<ChildRun> runs, List<JsonNode> lastOutputs) {
    ArrayNode output = Json.NODES.arrayNode();
    lastOutputs.forEach(output::add);
    return output;
  }

  @Override
  public int maxParallel(StepSpec spec) {
    return spec.maxParallel == null ? DEFAULT_MAX_PARALLEL : spec.maxParallel;
  }
}
