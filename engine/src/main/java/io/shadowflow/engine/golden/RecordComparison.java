package io.shadowflow.engine.golden;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.json.Json;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares two records of a run step by step and finds where they first part: the first step whose
 * hash differs, else the outcome (success, error code, failed step), else the run's identity. Equal
 * workflow hashes agree: the hash covers every step's input and output.
 */
public final class RecordComparison {
  private RecordComparison() {}

  /** Where {@code actual} first departs from {@code expected}; empty when they agree. */
  public static Optional<Divergence> firstDivergence(GoldenRecord expected, GoldenRecord actual) {
    if (expected.workflowHash().equals(actual.workflowHash())) {
      return Optional.empty();
    }
    Optional<Divergence> step = firstDifferentStep(expected, actual);
    if (step.isPresent()) {
      return step;
    }
    if (expected.success() != actual.success()
        || !Objects.equals(expected.errorCode(), actual.errorCode())
        || !Objects.equals(expected.failedStep(), actual.failedStep())) {
      return Optional.of(
          divergence(
              Divergence.OUTCOME,
              Divergence.OUTCOME,
              expected.outcomeJson(),
              actual.outcomeJson(),
              expected,
              actual));
    }
    return Optional.of(
        divergence(
            Divergence.RUN,
            Divergence.RUN,
            expected.identityJson(),
            actual.identityJson(),
            expected,
            actual));
  }

  private static Optional<Divergence> firstDifferentStep(
      GoldenRecord expected, GoldenRecord actual) {
    List<GoldenStep> left = expected.steps();
    List<GoldenStep> right = actual.steps();
    for (int i = 0; i < Math.max(left.size(), right.size()); i++) {
      GoldenStep e = i < left.size() ? left.get(i) : null;
      GoldenStep a = i < right.size() ? right.get(i) : null;
      if (e == null || a == null || !e.stepHash().equals(a.stepHash())) {
        GoldenStep named = e == null ? a : e;
        return Optional.of(
            divergence(named.path(), named.name(), json(e), json(a), expected, actual));
      }
    }
    return Optional.empty();
  }

  private static JsonNode json(GoldenStep step) {
    return step == null ? Json.NODES.nullNode() : step.toJson();
  }

  private static Divergence divergence(
      String at,
      String name,
      JsonNode expectedJson,
      JsonNode actualJson,
      GoldenRecord expected,
      GoldenRecord actual) {
    return new Divergence(
        at, name, expectedJson, actualJson, expected.workflowHash(), actual.workflowHash());
  }
}
