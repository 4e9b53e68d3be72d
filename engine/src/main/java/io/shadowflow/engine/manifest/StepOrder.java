package io.shadowflow.engine.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.api.StepSpec;
import io.shadowflow.engine.model.Problems;
import io.shadowflow.engine.model.Values;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that every expression reads only steps that have run before it: {@code steps.X.output}
 * naming a step that does not exist, the step itself or a later one would otherwise fail only when
 * the run gets there. A static plan's steps read the steps before the plan and the plan's own
 * earlier steps. After a planner whose steps are known only at run time, a name no step of the
 * manifest has may be one of them, and is let through.
 */
final class StepOrder {
  private final Problems problems;
  private final Set<String> readable = new LinkedHashSet<>();
  private boolean namesFromAPlanner;

  private StepOrder(Problems problems) {
    this.problems = problems;
  }

  /**
   * @param specs the manifest's steps by index, null where a step could not be read
   */
  static void check(List<StepSpec> specs, Problems problems) {
    Map<String, String> paths = new HashMap<>();
    for (int i = 0; i < specs.size(); i++) {
      if (specs.get(i) != null && specs.get(i).name != null) {
        paths.putIfAbsent(specs.get(i).name, "spec.steps[" + i + "]");
      }
    }
    StepOrder order = new StepOrder(problems);
    for (int i = 0; i < specs.size(); i++) {
      if (specs.get(i) != null) {
        order.step(specs.get(i), "spec.steps[" + i + "]", paths);
      }
    }
  }

  private void step(StepSpec spec, String path, Map<String, String> laterOrSelf) {
    String plan = path + ".planner.steps";
    problems.stepReadsUnder(path).entrySet().stream()
        .filter(read -> !read.getKey().startsWith(plan))
        .forEach(read -> checkReads(read.getKey(), read.getValue(), laterOrSelf));
    if (spec.planner != null && "static".equals(spec.planner.type) && spec.planner.steps != null) {
      staticPlan(spec.planner.steps, plan, laterOrSelf);
    } else if (spec.planner != null) {
      namesFromAPlanner = true;
    }
    readable.add(spec.name);
  }

  private void staticPlan(
      List<JsonNode> steps, String listPath, Map<String, String> laterInTheManifest) {
    Map<String, String> planned = new HashMap<>(laterInTheManifest);
    for (int j = 0; j < steps.size(); j++) {
      String name = steps.get(j) == null ? null : steps.get(j).path("name").asText(null);
      if (name != null) {
        planned.put(name, listPath + "[" + j + "]");
      }
    }
    for (int j = 0; j < steps.size(); j++) {
      String path = listPath + "[" + j + "]";
      problems.stepReadsUnder(path).forEach((at, names) -> checkReads(at, names, planned));
      if (steps.get(j) != null) {
        readable.add(steps.get(j).path("name").asText(null));
      }
    }
  }

  /**
   * @param notYet where each step that has not run at this point is, by name
   */
  private void checkReads(String at, Set<String> names, Map<String, String> notYet) {
    for (String name : names) {
      if (readable.contains(name)) {
        continue;
      }
      String where = notYet.get(name);
      if (where != null) {
        problems.add(
            at,
            "reads steps."
                + Values.cut(name)
                + ", which has not run yet at this point ("
                + where
                + "); a step reads only the steps before it");
      } else if (!namesFromAPlanner) {
        problems.add(
            at,
            "reads steps."
                + Values.cut(name)
                + ", but no step before this one has that name; it may read "
                + (readable.isEmpty()
                    ? "no step (none runs before it)"
                    : Values.cut(String.join(", ", readable))));
      }
    }
  }
}
