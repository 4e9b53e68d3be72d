package io.shadowflow.engine.policy;

import io.shadowflow.api.PolicySpec;
import io.shadowflow.api.StepSpec;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.model.Durations;
import io.shadowflow.engine.model.StepKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps one run inside its {@link PolicySpec}: step count, budget, run timeout and step kinds. It
 * counts every step the run admits or restores (so a resumed run counts what it counted before) and
 * is asked before every step, and for a plan before any planned step runs. Steps of concurrent
 * branches share it.
 */
public final class PolicyEnforcer {
  /** One step as the policy sees it: its path and name, its kind, and its budget cost. */
  public record Charge(String path, String name, StepKind kind, int cost) {
    /** The charge of a step with this spec: its declared cost, or its kind's. */
    public static Charge of(String path, StepKind kind, StepSpec spec) {
      return new Charge(path, spec.name, kind, spec.cost == null ? kind.defaultCost() : spec.cost);
    }

    /** How messages name the step, e.g. {@code steps/3 (notify)}. */
    public String label() {
      return path + " (" + name + ")";
    }
  }

  private final PolicySpec policy;
  private final Instant startedAt;
  private final Clock wallClock;
  private final Duration timeout;
  private int steps;
  private long spent;

  /**
   * @param startedAt the run's recorded start: the run timeout counts from it, across resumes
   */
  public PolicyEnforcer(PolicySpec policy, Instant startedAt, Clock wallClock) {
    this.policy = policy == null ? new PolicySpec() : policy;
    this.startedAt = startedAt;
    this.wallClock = wallClock;
    this.timeout = this.policy.timeout == null ? null : Durations.parse(this.policy.timeout);
  }

  /**
   * Admits a step about to run and counts it, or throws the violation running it now would be. One
   * check-and-count, so steps of concurrent branches cannot together pass a limit.
   */
  public synchronized void admit(Charge step) {
    checkTime(step.label());
    Optional<Violation> violation = check(step, steps, spent);
    if (violation.isPresent()) {
      throw violation.get().toFailure();
    }
    count(step);
  }

  /** Counts a step restored from its checkpoint, which was admitted when it ran. */
  public synchronized void restored(Charge step) {
    count(step);
  }

  private void count(Charge step) {
    steps++;
    spent += step.cost();
  }

  /**
   * The first violation among {@code ahead}, were they to run one after another after the steps
   * counted so far.
   */
  public synchronized Optional<Violation> checkAhead(List<Charge> ahead) {
    int count = steps;
    long cost = spent;
    for (Charge step : ahead) {
      Optional<Violation> violation = check(step, count, cost);
      if (violation.isPresent()) {
        return violation;
      }
      count++;
      cost += step.cost();
    }
    return Optional.empty();
  }

  /** Throws POLICY_RUN_TIMEOUT when the run's time is up. */
  public void checkTime(String step) {
    if (timeout != null && !wallClock.instant().isBefore(deadline())) {
      throw timeoutFailure(step);
    }
  }

  /** The failure of a run whose time is up at {@code step}. */
  public WorkflowFailure timeoutFailure(String step) {
    Duration elapsed = Duration.between(startedAt, wallClock.instant());
    return WorkflowFailure.of(
        FailureCode.POLICY_RUN_TIMEOUT,
        Map.of("step", step, "limit", policy.timeout, "elapsed", elapsed.toMillis() + "ms"));
  }

  /** When the run's time is up, if the policy sets a timeout. */
  public Optional<Instant> runDeadline() {
    return timeout == null ? Optional.empty() : Optional.of(deadline());
  }

  private Instant deadline() {
    return startedAt.plus(timeout);
  }

  private Optional<Violation> check(Charge step, int stepsBefore, long spentBefore) {
    String kind = step.kind().name();
    if (policy.deniedKinds != null && policy.deniedKinds.contains(kind)) {
      return violation(
          FailureCode.POLICY_KIND_DENIED, step, Map.of("step", step.label(), "kind", kind));
    }
    if (policy.allowedKinds != null && !policy.allowedKinds.contains(kind)) {
      return violation(
          FailureCode.POLICY_KIND_NOT_ALLOWED,
          step,
          Map.of("step", step.label(), "kind", kind, "allowed", policy.allowedKinds));
    }
    if (policy.maxSteps != null && stepsBefore + 1 > policy.maxSteps) {
      return violation(
          FailureCode.POLICY_MAX_STEPS,
          step,
          Map.of("step", step.label(), "limit", policy.maxSteps, "count", stepsBefore + 1));
    }
    if (policy.budget != null && spentBefore + step.cost() > policy.budget) {
      return violation(
          FailureCode.POLICY_BUDGET,
          step,
          Map.of(
              "step",
              step.label(),
              "limit",
              policy.budget,
              "spent",
              spentBefore,
              "cost",
              step.cost()));
    }
    return Optional.empty();
  }

  private static Optional<Violation> violation(
      FailureCode code, Charge step, Map<String, Object> values) {
    return Optional.of(new Violation(code, step.path(), values));
  }
}
