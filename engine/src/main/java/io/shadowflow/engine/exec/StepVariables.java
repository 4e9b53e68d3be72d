package io.shadowflow.engine.exec;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.expr.CelValues;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The variables expressions see: {@code input}, {@code steps.<name>.output} of the steps run before
 * in this scope and the scopes around it, and what a scope adds (a loop's item and index, the run's
 * outcome in cleanup steps).
 */
final class StepVariables {
  private final Map<String, Object> steps;
  private final Map<String, Object> variables;

  StepVariables(JsonNode input) {
    this(new HashMap<>(), Map.of("input", CelValues.toCel(input)));
  }

  private StepVariables(Map<String, Object> steps, Map<String, Object> others) {
    this.steps = steps;
    Map<String, Object> all = new HashMap<>(others);
    all.put("steps", Collections.unmodifiableMap(steps));
    this.variables = Collections.unmodifiableMap(all);
  }

  /** A scope inside this one: it sees what this one has now, and adds {@code bindings}. */
  StepVariables child(Map<String, JsonNode> bindings) {
    Map<String, Object> others = new HashMap<>(variables);
    others.remove("steps");
    bindings.forEach((name, value) -> others.put(name, CelValues.toCel(value)));
    return new StepVariables(new HashMap<>(steps), others);
  }

  void add(String stepName, JsonNode output) {
    steps.put(stepName, Map.of("output", CelValues.toCel(output)));
  }

  Map<String, Object> asMap() {
    return variables;
  }
}
