package io.shadowflow.engine.retry;

import static io.shadowflow.engine.testing.Manifests.compileYaml;
import static io.shadowflow.engine.testing.Manifests.workflowYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shadowflow.api.RetrierSpec;
import io.shadowflow.api.RetrySpec;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.RetryPolicy;
import io.shadowflow.engine.model.InvalidManifestException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryRulesTest {
  private static RetrierSpec retrier(List<String> errors, int maxAttempts) {
    RetrierSpec retrier = new RetrierSpec();
    retrier.errors = errors;
    retrier.maxAttempts = maxAttempts;
    return retrier;
  }

  @Test
  void withoutRulesTheCatalogDefaultApplies() {
    RetryRules rules = RetryRules.of(null, null);
    assertThat(rules.policyFor(FailureCode.HTTP_503)).isEqualTo(RetryPolicy.STANDARD);
    assertThat(rules.policyFor(FailureCode.HTTP_429)).isEqualTo(RetryPolicy.SLOW);
    assertThat(rules.policyFor(FailureCode.HTTP_404)).isEqualTo(RetryPolicy.NONE);
  }

  @Test
  void firstMatchingRetrierWinsByCodeOrCategory() {
    RetryRules rules =
        RetryRules.of(
            List.of(
                retrier(List.of("HTTP_503"), 2),
                retrier(List.of("TRANSIENT"), 3),
                retrier(List.of(), 4)),
            null);
    assertThat(rules.policyFor(FailureCode.HTTP_503).maxAttempts()).isEqualTo(2);
    assertThat(rules.policyFor(FailureCode.CONNECTION_RESET).maxAttempts()).isEqualTo(3);
    assertThat(rules.policyFor(FailureCode.HTTP_404).maxAttempts()).isEqualTo(4);
  }

  @Test
  void permissionAndValidationAreRetriedOnlyWhenARetrierNamesThem() {
    RetryRules catchAll = RetryRules.of(List.of(retrier(null, 4)), null);
    assertThat(catchAll.policyFor(FailureCode.HTTP_403)).isEqualTo(RetryPolicy.NONE);
    assertThat(catchAll.policyFor(FailureCode.PLAN_SCHEMA_INVALID)).isEqualTo(RetryPolicy.NONE);

    RetryRules named =
        RetryRules.of(
            List.of(retrier(List.of("PERMISSION"), 2), retrier(List.of("PLAN_MALFORMED"), 3)),
            null);
    assertThat(named.policyFor(FailureCode.HTTP_401).maxAttempts()).isEqualTo(2);
    assertThat(named.policyFor(FailureCode.PLAN_MALFORMED).maxAttempts()).isEqualTo(3);
    assertThat(named.policyFor(FailureCode.PLAN_TOO_DEEP)).isEqualTo(RetryPolicy.NONE);
  }

  @Test
  void stepRetriersOverWorkflowDefaultsOverCatalogDefaults() {
    RetrySpec defaults = new RetrySpec();
    defaults.initialInterval = "200ms";
    defaults.maxAttempts = 7;
    RetrierSpec step = retrier(List.of("HTTP_503"), 3);

    RetryPolicy stepPolicy = RetryRules.of(List.of(step), defaults).policyFor(FailureCode.HTTP_503);
    assertThat(stepPolicy.maxAttempts()).isEqualTo(3); // the step's
    assertThat(stepPolicy.initialInterval()).isEqualTo(Duration.ofMillis(200)); // the workflow's
    assertThat(stepPolicy.maxInterval()).isEqualTo(Duration.ofMinutes(1)); // the catalog's

    RetryPolicy workflowPolicy =
        RetryRules.of(List.of(step), defaults).policyFor(FailureCode.TIMEOUT);
    assertThat(workflowPolicy.maxAttempts()).isEqualTo(7);
    // Workflow defaults reshape the catalog's retries; they do not make permanent failures retry.
    assertThat(RetryRules.of(null, defaults).policyFor(FailureCode.HTTP_404))
        .isEqualTo(RetryPolicy.NONE);
  }

  @Test
  void jitterIsDrawnFromTheRunsSeedSoEveryReplayWaitsTheSame() {
    RetryPolicy policy = RetryPolicy.STANDARD;
    Duration first = Backoff.after(policy, 42, "steps/2", 3);
    assertThat(Backoff.after(policy, 42, "steps/2", 3)).isEqualTo(first);
    assertThat(first).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(Backoff.after(policy, 43, "steps/2", 3)).isNotEqualTo(first);
  }

  @Test
  void retrySettingsPastTheirBoundsAreRejectedNamingTheField() {
    String yaml =
        workflowYaml(
                "unbounded",
                """
                - name: call
                  kind: fail
                  code: HTTP_503
                  retry: [{maxAttempts: 2147483647, initialInterval: 1ms, backoffCoefficient: 11}]
                """)
            .replace(
                "  steps:",
                "  retry: {maxAttempts: 100, initialInterval: 25h, maxInterval: 24h1ms}\n  steps:");
    InvalidManifestException e =
        catchThrowableOfType(InvalidManifestException.class, () -> compileYaml(yaml));
    assertThat(e.getMessage())
        .contains("spec.steps[0].retry[0].maxAttempts: must be at most 100, got 2147483647")
        .contains("spec.steps[0].retry[0].backoffCoefficient: must be between 1.0 and 10.0, got 11")
        .contains("spec.retry.initialInterval: must be at most 24h, got 25h")
        .contains("spec.retry.maxInterval: must be at most 24h, got 24h1ms")
        .doesNotContain("spec.retry.maxAttempts");
  }
}
