package io.shadowflow.engine.step.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.api.StepSpec;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.Problems;
import io.shadowflow.engine.model.Step;
import io.shadowflow.engine.model.StepKind;
import io.shadowflow.engine.model.StepResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code random}: one draw from the step's seeded stream: a choice, an integer, or a UUID. */
public final class RandomStep implements StepKind {
  @Override
  public String name() {
    return "random";
  }

  /** Seeded by the run's seed and the step's path: recomputing it draws the same. */
  @Override
  public boolean recomputable(StepSpec spec) {
    return true;
  }

  @Override
  public boolean waits(StepSpec spec) {
    return false;
  }

  @Override
  public Set<String> fields() {
    return Set.of("choice", "min", "max", "uuid");
  }

  @Override
  public Step compile(StepSpec spec, String path, Problems problems) {
    List<String> modes = new ArrayList<>();
    if (spec.choice != null) {
      modes.add("choice");
    }
    if (spec.min != null || spec.max != null) {
      modes.add("min/max");
    }
    if (Boolean.TRUE.equals(spec.uuid)) {
      modes.add("uuid");
    }
    if (modes.size() != 1) {
      problems.add(
          path,
          "a random step needs exactly one of choice, min with max, or uuid: true; found "
              + (modes.isEmpty() ? "none" : String.join(" and ", modes)));
      return null;
    }
    return switch (modes.get(0)) {
      case "choice" -> choice(spec.choice, path, problems);
      case "uuid" -> uuid();
      default -> between(spec.min, spec.max, path, problems);
    };
  }

  private static Step choice(List<JsonNode> choices, String path, Problems problems) {
    if (choices.isEmpty()) {
      problems.add(path + ".choice", "must list at least one value");
      return null;
    }
    var input = Json.object();
    input.putArray("choice").addAll(choices);
    List<JsonNode> values = List.copyOf(choices);
    return context ->
        new StepResult(input, values.get((int) context.random().nextLong(values.size())));
  }

  private static Step between(Long min, Long max, String path, Problems problems) {
    if (min == null || max == null) {
      problems.add(
          path + (min == null ? ".min" : ".max"), "required together with the other bound");
      return null;
    }
    if (min > max || !spanFits(min, max)) {
      problems.add(path + ".max", "must be at least min, and max - min below 2^63 - 1");
      return null;
    }
    var input = Json.object().put("min", min).put("max", max);
    return context ->
        new StepResult(input, Json.NODES.numberNode(context.random().between(min, max)));
  }

  private static boolean spanFits(long min, long max) {
    try {
      return Math.subtractExact(max, min) < Long.MAX_VALUE;
    } catch (ArithmeticException overflow) {
      return false;
    }
  }

  private static Step uuid() {
    var input = Json.object().put("uuid", true);
    return context ->
        new StepResult(input, Json.NODES.textNode(context.random().nextUuid().toString()));
  }
}
