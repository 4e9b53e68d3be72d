package io.shadowflow.engine.golden;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.StepPath;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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

  /**
   * The first step, in the step tree's order, that one record lacks or that differs: branches that
   * committed in another order are the same run.
   */
  private static Optional<Divergence> firstDifferentStep(
      GoldenRecord expected, GoldenRecord actual) {
    Map<String, GoldenStep> left = byPath(expected);
    Map<String, GoldenStep> right = byPath(actual);
    Set<String> paths = new TreeSet<>(StepPath.TREE_ORDER);
    paths.addAll(left.keySet());
    paths.addAll(right.keySet());
    for (String path : paths) {
      GoldenStep e = left.get(path);
      GoldenStep a = right.get(path);
      if (e == null || a == null || !e.stepHash().equals(a.stepHash())) {
        GoldenStep named = e == null ? a : e;
        return Optional.of(
            divergence(named.path(), named.name(), json(e), json(a), expected, actual));
      }
    }
    return Optional.empty();
  }

  private static Map<String, GoldenStep> byPath(GoldenRecord record) {
    Map<String, GoldenStep> steps = new HashMap<>();
    record.steps().forEach(step -> steps.put(step.path(), step));
    return steps;
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
