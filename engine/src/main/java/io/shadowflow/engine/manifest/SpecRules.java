package io.shadowflow.engine.manifest;

import io.shadowflow.api.GoldenSpec;
import io.shadowflow.api.PolicySpec;
import io.shadowflow.api.RetrierSpec;
import io.shadowflow.api.RetrySpec;
import io.shadowflow.engine.failure.Category;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.model.Durations;
import io.shadowflow.engine.model.Problems;
import io.shadowflow.engine.step.StepKinds;
import java.time.Duration;
import java.util.List;

/** Rules on the policy, retry and golden settings that their types alone cannot say. */
final class SpecRules {
  /**
   * Bounds of retry settings: beyond them a retry loop writes failure rows by the thousand (or
   * waits for ever) instead of recovering.
   */
  static final int MAX_ATTEMPTS = 100;

  static final double MAX_BACKOFF_COEFFICIENT = 10.0;
  static final Duration MAX_RETRY_INTERVAL = Duration.ofHours(24);

  private SpecRules() {}

  static void checkPolicy(PolicySpec policy, StepKinds kinds, Problems problems) {
    if (policy == null) {
      return;
    }
    atLeast(policy.maxSteps, 1, "spec.policy.maxSteps", problems);
    atLeast(policy.budget, 0, "spec.policy.budget", problems);
    Durations.parsePositive(policy.timeout, "spec.policy.timeout", problems);
    checkKinds(policy.allowedKinds, "spec.policy.allowedKinds", kinds, problems);
    checkKinds(policy.deniedKinds, "spec.policy.deniedKinds", kinds, problems);
  }

  static void checkRetry(RetrySpec retry, String path, Problems problems) {
    if (retry == null) {
      return;
    }
    atLeast(retry.maxAttempts, 1, path + ".maxAttempts", problems);
    if (retry.maxAttempts != null && retry.maxAttempts > MAX_ATTEMPTS) {
      problems.add(
          path + ".maxAttempts", "must be at most " + MAX_ATTEMPTS + ", got " + retry.maxAttempts);
    }
    checkInterval(retry.initialInterval, path + ".initialInterval", problems);
    checkInterval(retry.maxInterval, path + ".maxInterval", problems);
    Double coefficient = retry.backoffCoefficient;
    if (coefficient != null && !(coefficient >= 1.0 && coefficient <= MAX_BACKOFF_COEFFICIENT)) {
      problems.add(
          path + ".backoffCoefficient",
          "must be between 1.0 and " + MAX_BACKOFF_COEFFICIENT + ", got " + coefficient);
    }
  }

  private static void checkInterval(String text, String path, Problems problems) {
    Duration interval = Durations.parse(text, path, problems);
    if (interval != null && interval.compareTo(MAX_RETRY_INTERVAL) > 0) {
      problems.add(path, "must be at most 24h, got " + text);
    }
  }

  static void checkRetriers(List<RetrierSpec> retriers, String path, Problems problems) {
    if (retriers == null) {
      return;
    }
    for (int i = 0; i < retriers.size(); i++) {
      RetrierSpec retrier = retriers.get(i);
      String at = path + "[" + i + "]";
      checkRetry(retrier, at, problems);
      List<String> errors = retrier.errors == null ? List.of() : retrier.errors;
      for (int e = 0; e < errors.size(); e++) {
        String name = errors.get(e);
        if (FailureCode.lookup(name).isEmpty() && !isCategory(name)) {
          problems.add(
              at + ".errors[" + e + "]",
              "'"
                  + name
                  + "' is neither a failure code nor a category (TRANSIENT, PERMANENT, RESOURCE, PERMISSION, VALIDATION)");
        }
      }
    }
  }

  static void checkGolden(GoldenSpec golden, Problems problems) {
    if (golden == null) {
      return;
    }
    Durations.parsePositive(golden.maxAge, "spec.golden.maxAge", problems);
    atLeast(golden.maxCount, 1, "spec.golden.maxCount", problems);
  }

  static void atLeast(Integer value, int min, String path, Problems problems) {
    if (value != null && value < min) {
      problems.add(path, "must be at least " + min + ", got " + value);
    }
  }

  private static void checkKinds(
      List<String> names, String path, StepKinds kinds, Problems problems) {
    if (names == null) {
      return;
    }
    for (int i = 0; i < names.size(); i++) {
      if (kinds.find(names.get(i)).isEmpty()) {
        problems.add(
            path + "[" + i + "]",
            "unknown step kind '" + names.get(i) + "'; known kinds: " + kinds.names());
      }
    }
  }

  private static boolean isCategory(String name) {
    for (Category category : Category.values()) {
      if (category.name().equals(name)) {
        return true;
      }
    }
    return false;
  }
}
