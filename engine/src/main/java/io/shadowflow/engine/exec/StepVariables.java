package io.shadowflow.engine.exec;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.expr.CelValues;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The variables expressions see: {@code input}, and {@code steps.<name>.output} of earlier steps.
 */
final class StepVariables {
  private final Map<String, Object> steps = new HashMap<>();
  private final Map<String, Object> variables;

  StepVariables(JsonNode input) {
    variables =
        Map.of("input", CelValues.toCel(input), "steps", Collections.unmodifiableMap(steps));
  }

  void add(String stepName, JsonNode output) {
    steps.put(stepName, Map.of("output", CelValues.toCel(output)));
  }

  Map<String, Object> asMap() {
    return variables;
  }
}
