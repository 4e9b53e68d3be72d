package io.shadowflow.engine.retry;

import io.shadowflow.api.RetrierSpec;
import io.shadowflow.api.RetrySpec;
import io.shadowflow.engine.failure.Category;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.RetryPolicy;
import io.shadowflow.engine.model.Durations;
import java.time.Duration;
import java.util.List;

/**
 * Decides how a failed step is retried, in the spirit of AWS Step Functions' Retry blocks.
 *
 * <ol>
 *   <li>The step's retriers, in order: the first whose {@code errors} names the code or its
 *       category wins. A retrier without {@code errors} matches every failure except PERMISSION and
 *       VALIDATION ones, which are retried only when a retrier names them.
 *   <li>Otherwise, a failure the catalog retries by default is retried with the workflow's {@code
 *       spec.retry} over the catalog's default policy; any other failure is not retried.
 * </ol>
 *
 * Each field a matching retrier leaves out comes from {@code spec.retry}, then from the code's
 * catalog default (or {@link RetryPolicy#STANDARD} when the catalog does not retry the code).
 */
public final class RetryRules {
  private final List<RetrierSpec> retriers;
  private final RetrySpec defaults;

  private RetryRules(List<RetrierSpec> retriers, RetrySpec defaults) {
    this.retriers = retriers == null ? List.of() : retriers;
    this.defaults = defaults;
  }

  /** The rules of a step with these retriers in a workflow with these defaults (either null). */
  public static RetryRules of(List<RetrierSpec> stepRetriers, RetrySpec workflowDefaults) {
    return new RetryRules(stepRetriers, workflowDefaults);
  }

  /** The policy a failure with {@code code} is retried under. */
  public RetryPolicy policyFor(FailureCode code) {
    RetryPolicy catalog = code.defaultRetry();
    RetryPolicy base = catalog.maxAttempts() > 1 ? catalog : RetryPolicy.STANDARD;
    for (RetrierSpec retrier : retriers) {
      if (matches(retrier, code)) {
        return layer(retrier, layer(defaults, base));
      }
    }
    return catalog.maxAttempts() > 1 ? layer(defaults, catalog) : RetryPolicy.NONE;
  }

  private static boolean matches(RetrierSpec retrier, FailureCode code) {
    if (retrier.errors == null || retrier.errors.isEmpty()) {
      return code.category() != Category.PERMISSION && code.category() != Category.VALIDATION;
    }
    return retrier.errors.contains(code.name()) || retrier.errors.contains(code.category().name());
  }

  /** {@code spec}'s fields over {@code base}'s; the manifest compiler validated them. */
  private static RetryPolicy layer(RetrySpec spec, RetryPolicy base) {
    if (spec == null) {
      return base;
    }
    return new RetryPolicy(
        spec.maxAttempts == null ? base.maxAttempts() : spec.maxAttempts,
        duration(spec.initialInterval, base.initialInterval()),
        spec.backoffCoefficient == null ? base.backoffCoefficient() : spec.backoffCoefficient,
        duration(spec.maxInterval, base.maxInterval()));
  }

  private static Duration duration(String text, Duration fallback) {
    return text == null ? fallback : Durations.parse(text);
  }
}
