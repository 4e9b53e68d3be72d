package io.shadowflow.engine.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.model.Problems;
import io.shadowflow.engine.model.Values;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Checks that every expression reads only steps that have run before it: {@code steps.X.output}
 * naming a step that does not exist, the step itself or a later one would otherwise fail only when
 * the run gets there.
 *
 * <p>A list of steps inside a step (a parallel branch, a forEach body, a static plan) reads the
 * steps before the holding step and its own earlier steps; a branch does not see another branch.
 * After the holding step, the steps of a plan are readable; those of a branch or loop body are not
 * (their results are in the holding step's output). A step may not take the name of a step it can
 * read. After a planner whose steps are known only at run time, a name no step of the manifest has
 * may be one of them, and is let through. The {@code finally} steps read every step of the run and
 * their own earlier steps.
 */
final class StepOrder {
  /** The fields under a step that hold lists of steps, each checked in a scope of its own. */
  private static final Set<String> CHILD_FIELDS = Set.of(".branches[", ".steps[", ".planner.steps");

  private final Problems problems;
  private boolean namesFromAPlanner;

  private StepOrder(Problems problems) {
    this.problems = problems;
  }

  /**
   * @param steps the manifest's steps, as written
   * @param cleanup its {@code finally} steps, if any
   */
  static void check(JsonNode steps, JsonNode cleanup, Problems problems) {
    if (steps == null || !steps.isArray()) {
      return;
    }
    StepOrder order = new StepOrder(problems);
    Set<String> afterSteps = order.list(steps, "spec.steps", Set.of(), Map.of());
    if (cleanup != null && cleanup.isArray()) {
      order.list(cleanup, "spec.finally", afterSteps, Map.of());
    }
  }

  /**
   * Checks one list of steps.
   *
   * @param before the steps that have run when the list starts
   * @param laterOutside the steps after the list's holder that have not run yet, by name
   * @return the steps readable after the list: {@code before} and the list's own
   */
  private Set<String> list(
      JsonNode steps, String listPath, Set<String> before, Map<String, String> laterOutside) {
    Map<String, String> notYet = new HashMap<>(laterOutside);
    for (int i = 0; i < steps.size(); i++) {
      String name = steps.get(i).path("name").asText(null);
      if (name != null) {
        notYet.putIfAbsent(name, listPath + "[" + i + "]");
      }
    }
    Set<String> readable = new LinkedHashSet<>(before);
    for (int i = 0; i < steps.size(); i++) {
      JsonNode step = steps.get(i);
      String path = listPath + "[" + i + "]";
      String name = step.path("name").asText(null);
      if (name != null && before.contains(name)) {
        problems.add(
            path + ".name",
            Values.quote(name)
                + " is already the name of a step this one can read; give it another name");
      }
      problems.stepReadsUnder(path).entrySet().stream()
          .filter(read -> !insideAChildList(read.getKey(), path))
          .forEach(read -> checkReads(read.getKey(), read.getValue(), readable, notYet));
      children(step, path, readable, notYet);
      notYet.remove(name);
      readable.add(name);
    }
    return readable;
  }

  /** Checks the lists of steps the step at {@code path} holds; a plan's become readable after. */
  private void children(
      JsonNode step, String path, Set<String> readable, Map<String, String> notYet) {
    JsonNode branches = step.path("branches");
    for (int b = 0; b < branches.size(); b++) {
      JsonNode steps = branches.get(b).path("steps");
      if (steps.isArray()) {
        list(steps, path + ".branches[" + b + "].steps", Set.copyOf(readable), notYet);
      }
    }
    if (step.path("steps").isArray()) {
      list(step.get("steps"), path + ".steps", Set.copyOf(readable), notYet);
    }
    JsonNode planner = step.path("planner");
    if ("static".equals(planner.path("type").asText()) && planner.path("steps").isArray()) {
      readable.addAll(list(planner.get("steps"), path + ".planner.steps", readable, notYet));
    } else if (!planner.isMissingNode()) {
      namesFromAPlanner = true;
    }
  }

  private static boolean insideAChildList(String at, String stepPath) {
    String below = at.substring(stepPath.length());
    return CHILD_FIELDS.stream().anyMatch(below::startsWith);
  }

  /**
   * @param notYet where each step that has not run at this point is, by name
   */
  private void checkReads(
      String at, Set<String> names, Set<String> readable, Map<String, String> notYet) {
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
