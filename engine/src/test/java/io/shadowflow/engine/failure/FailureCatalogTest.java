package io.shadowflow.engine.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.engine.testing.Manifests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailureCatalogTest {
  @Test
  void catalogHasAtLeastFiftyCodesAcrossAllFiveCategories() {
    assertThat(FailureCode.values()).hasSizeGreaterThanOrEqualTo(50);
    assertThat(Arrays.stream(FailureCode.values()).map(FailureCode::category).distinct())
        .containsExactlyInAnyOrder(Category.values());
  }

  @Test
  void everyCodeHasATemplateAHintAndARetryPolicyThatFitsItsRecovery() {
    for (FailureCode code : FailureCode.values()) {
      assertThat(code.template()).as("%s template", code).isNotBlank().contains("{");
      assertThat(code.hint()).as("%s hint", code).isNotBlank();
      boolean retries =
          code.recovery() == RecoveryMode.RETRY
              || code.recovery() == RecoveryMode.RETRY_WITH_BACKOFF;
      assertThat(code.defaultRetry().maxAttempts() > 1).as("%s retries", code).isEqualTo(retries);
    }
  }

  @Test
  void permissionAndValidationCodesAreNeverRetriedByDefault() {
    Arrays.stream(FailureCode.values())
        .filter(c -> c.category() == Category.PERMISSION || c.category() == Category.VALIDATION)
        .forEach(c -> assertThat(c.defaultRetry()).as("%s", c).isEqualTo(RetryPolicy.NONE));
  }

  @Test
  void templatesFillTheirPlaceholdersAndKeepUnknownOnesVisible() {
    assertThat(
            FailureCode.POLICY_MAX_STEPS.format(
                Map.of("step", "steps/3 (notify)", "limit", 3, "count", 4)))
        .isEqualTo("steps/3 (notify): policy maxSteps allows 3 steps and this would be step 4");
    assertThat(FailureCode.POLICY_BUDGET.format(Map.of("limit", 10)))
        .contains("budget is 10", "{spent}");
    assertThat(FailureCode.HTTP_503.withDetail("GET http://x answered 503"))
        .isEqualTo("the server is unavailable: GET http://x answered 503");
  }

  @Test
  void httpStatusesMapToTheirOwnCodeOrTheirClass() {
    assertThat(FailureCode.forHttpStatus(503)).isEqualTo(FailureCode.HTTP_503);
    assertThat(FailureCode.forHttpStatus(422)).isEqualTo(FailureCode.HTTP_422);
    assertThat(FailureCode.forHttpStatus(418)).isEqualTo(FailureCode.HTTP_4XX);
    assertThat(FailureCode.forHttpStatus(599)).isEqualTo(FailureCode.HTTP_5XX);
  }

  @Test
  void backoffGrowsExponentiallyUpToTheCapWithJitterBetweenHalfAndAll() {
    RetryPolicy policy = new RetryPolicy(6, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(5));
    assertThat(policy.interval(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.interval(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(policy.interval(5)).isEqualTo(Duration.ofSeconds(5));
    assertThat(policy.delay(3, 0.0)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.delay(3, 0.5)).isEqualTo(Duration.ofSeconds(3));
    assertThat(policy.allowsAnotherAfter(5)).isTrue();
    assertThat(policy.allowsAnotherAfter(6)).isFalse();
  }

  @Test
  void committedCatalogPageIsGeneratedFromTheCode() throws Exception {
    Path page = Manifests.repositoryRoot().resolve(CatalogMarkdown.PATH);
    assertThat(page).exists();
    assertThat(Files.readString(page))
        .as("%s is stale: regenerate it with ./shadowflow catalog --markdown > %s", page, page)
        .isEqualTo(CatalogMarkdown.render());
  }
}
