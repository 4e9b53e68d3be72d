package io.shadowflow.engine.signal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The wait steps of a workflow's spec, at any depth of its step tree (branches, loops, cleanup
 * steps, a static plan). Not those of a child workflow's steps, which wait in the child's own run,
 * nor anything in data shaped like a step (an input, a default value).
 */
public final class WaitSteps {
  private WaitSteps() {}

  /** Every wait step of {@code spec}, as written. */
  public static List<JsonNode> of(JsonNode spec) {
    List<JsonNode> waits = new ArrayList<>();
    collect(spec.path("steps"), waits);
    collect(spec.path("finally"), waits);
    return waits;
  }

  /** The names of the signals {@code spec}'s wait steps wait for. */
  public static Set<String> signals(JsonNode spec) {
    Set<String> names = new TreeSet<>();
    of(spec).forEach(wait -> names.add(wait.path("signal").asText()));
    return names;
  }

  /** Collects the wait steps of a list of steps and of the lists its steps hold. */
  private static void collect(JsonNode steps, List<JsonNode> waits) {
    for (JsonNode step : steps) {
      switch (step.path("kind").asText()) {
        case "wait" -> waits.add(step);
        case "workflow" -> {} // a child's steps belong to the child's run
        default -> {
          collect(step.path("steps"), waits);
          step.path("branches").forEach(branch -> collect(branch.path("steps"), waits));
          collect(step.path("planner").path("steps"), waits);
        }
      }
    }
  }
}
