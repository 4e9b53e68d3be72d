package io.shadowflow.engine.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.run.SeededRandom;
import java.util.List;
import java.util.Optional;

/**
 * Which faults a run injects, and how often: each attempt of each step draws once from the run's
 * seeded stream {@code <step path>/faults/<attempt>}; below {@code probability} it injects one of
 * {@code types}, chosen by a second draw. The same seed injects the same faults at the same
 * attempts, and a retried attempt draws anew.
 */
public record FaultPlan(List<FaultType> types, double probability) {
  /** No faults. */
  public static final FaultPlan NONE = new FaultPlan(List.of(), 0.0);

  public FaultPlan {
    types = List.copyOf(types);
    if (!(probability >= 0.0 && probability <= 1.0)) {
      throw new IllegalArgumentException(
          "fault probability must be between 0 and 1, got " + probability);
    }
  }

  /** Whether this plan can inject anything. */
  public boolean injects() {
    return !types.isEmpty() && probability > 0.0;
  }

  /**
   * The plan as golden records keep it, so a mismatch can be reproduced: {@code {types,
   * probability}}; null when it injects nothing.
   */
  public JsonNode toJson() {
    if (!injects()) {
      return null;
    }
    ObjectNode json = Json.object().put("probability", probability);
    types.forEach(type -> json.withArray("types").add(type.name()));
    return json;
  }

  /** The fault, if any, that attempt {@code attempt} of the step at {@code path} meets. */
  public Optional<FaultType> draw(long seed, String path, int attempt) {
    if (!injects()) {
      return Optional.empty();
    }
    SeededRandom random = new SeededRandom(seed, path + "/faults/" + attempt);
    if (random.nextDouble() >= probability) {
      return Optional.empty();
    }
    return Optional.of(types.get((int) random.nextLong(types.size())));
  }
}
