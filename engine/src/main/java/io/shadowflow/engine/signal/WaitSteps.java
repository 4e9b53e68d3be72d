package io.shadowflow.engine.signal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The wait steps of a workflow's spec, at any depth (branches, loops, cleanup steps). */
public final class WaitSteps {
  private WaitSteps() {}

  /** Every wait step of {@code spec}, as written. */
  public static List<JsonNode> of(JsonNode spec) {
    List<JsonNode> waits = new ArrayList<>();
    collect(spec, waits);
    return waits;
  }

  /** The names of the signals {@code spec}'s wait steps wait for. */
  public static Set<String> signals(JsonNode spec) {
    Set<String> names = new TreeSet<>();
    of(spec).forEach(wait -> names.add(wait.path("signal").asText()));
    return names;
  }

  private static void collect(JsonNode node, List<JsonNode> waits) {
    if (node.isObject() && "wait".equals(node.path("kind").asText())) {
      waits.add(node);
    }
    node.forEach(child -> collect(child, waits));
  }
}
