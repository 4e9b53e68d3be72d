package io.shadowflow.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a status's conditions in the Kubernetes style from the previous ones: a condition's {@code
 * lastTransitionTime} moves only when its status moves, so a status whose facts did not change is
 * written identically.
 */
public final class Conditions {
  private final List<Condition> previous;
  private final long generation;
  private final Instant now;
  private final List<Condition> built = new ArrayList<>();

  public Conditions(List<Condition> previous, Long generation, Instant now) {
    this.previous = previous == null ? List.of() : previous;
    this.generation = generation == null ? 0 : generation;
    this.now = now;
  }

  /** Adds condition {@code type}; {@code reason} is one CamelCase word. */
  public Conditions set(String type, boolean status, String reason, String message) {
    return add(type, status ? "True" : "False", reason, message);
  }

  /** Adds condition {@code type} with status Unknown, for facts the operator cannot see yet. */
  public Conditions unknown(String type, String reason, String message) {
    return add(type, "Unknown", reason, message);
  }

  private Conditions add(String type, String value, String reason, String message) {
    String since =
        previous.stream()
            .filter(c -> c.getType().equals(type) && Objects.equals(c.getStatus(), value))
            .map(Condition::getLastTransitionTime)
            .filter(Objects::nonNull)
            .findFirst()
            .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
    built.add(
        new ConditionBuilder()
            .withType(type)
            .withStatus(value)
            .withReason(reason)
            .withMessage(message)
            .withObservedGeneration(generation)
            .withLastTransitionTime(since)
            .build());
    return this;
  }

  public List<Condition> build() {
    return List.copyOf(built);
  }

  /** The condition of {@code type} in {@code conditions}, or null. */
  public static Condition find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }
}
