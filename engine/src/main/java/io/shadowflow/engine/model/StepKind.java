package io.shadowflow.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.api.StepSpec;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A kind of step. Adding a kind is one class implementing this, listed in {@code
 * META-INF/services/io.shadowflow.engine.model.StepKind}.
 */
public interface StepKind {
  /** The name users write in {@code kind:}. */
  String name();

  /**
   * The plugin that brought this kind: its jar, the jar's SHA-256 and its version; null for a kind
   * built into the engine. Golden records keep it with each step.
   */
  default String plugin() {
    return null;
  }

  /** The kind-specific {@link StepSpec} fields this kind reads; any other is an error. */
  Set<String> fields();

  /**
   * A list of child steps a step of this kind holds, for the compiler to compile with it.
   *
   * @param key the branch name, or {@link StepPath#ANY_ITEM} for a loop body
   * @param field the list's field under the step, e.g. {@code branches[1].steps}
   * @param start the path its steps' paths start with, under the step's own path
   * @param variables the variables its steps' expressions may read besides input and steps
   */
  record ChildList(
      String key, String field, String start, List<JsonNode> steps, Set<String> variables) {}

  /**
   * The lists of child steps a step holds: none, except for the kinds made of child steps.
   *
   * @param spec the step, as bound from the manifest
   * @param path the step's own path, under which the children's paths start
   */
  default List<ChildList> childLists(StepSpec spec, String path) {
    return List.of();
  }

  /**
   * Whether the committed output of a step of this kind yields steps that run right after it, in
   * its scope and under its path (a plan's steps).
   */
  default boolean yieldsSteps() {
    return false;
  }

  /** Budget cost of one step of this kind, unless the step declares its own. */
  default int defaultCost() {
    return 1;
  }

  /**
   * Whether an attempt of {@code spec} may wait on something outside the process (a call, a timer).
   * Only such attempts get a time limit, whose alarm costs a thread wake-up: an attempt that only
   * computes cannot be interrupted, and is bounded by its own cost limits instead.
   *
   * @param spec the step, compiled without problems
   */
  default boolean waits(StepSpec spec) {
    return true;
  }

  /**
   * Whether the engine recomputes a step of {@code spec} bit for bit from the run's committed
   * state: its result depends on nothing outside the run (no call, no clock, no timer that must
   * outlive the process). Such a step's record is not committed on its own: it goes with the run's
   * next commit that cannot be recomputed, or with the run's end, and a crash before then loses
   * only what the resumed run computes again.
   *
   * @param spec the step, compiled without problems
   */
  default boolean recomputable(StepSpec spec) {
    return false;
  }

  /**
   * Whether something outside this process may look for the run while a step of {@code spec} runs:
   * a signal's sender, the operator asked for the step's pod or child. The engine stores a new
   * run's row before such a step starts; other steps leave it to the run's first commit.
   *
   * @param spec the step, compiled without problems
   */
  default boolean needsStoredRun(StepSpec spec) {
    return !recomputable(spec);
  }

  /**
   * How long one attempt may take when the step sets no {@code timeout}: every attempt has a limit,
   * so no call, however slowly it answers, holds a run forever.
   *
   * @param spec the step, compiled without problems
   */
  default Duration defaultTimeout(StepSpec spec) {
    return Duration.ofMinutes(5);
  }

  /**
   * How long one attempt may take: the step's {@code timeout}, else {@link #defaultTimeout}. A kind
   * that reads {@code timeout} as something else (how long a wait step waits for its signal) gives
   * a limit of its own.
   *
   * @param spec the step, compiled without problems
   */
  default Duration attemptTimeout(StepSpec spec) {
    return spec.timeout == null ? defaultTimeout(spec) : Durations.parse(spec.timeout);
  }

  /**
   * Checks the step's fields and prepares it to run.
   *
   * @param path the step's field path for messages, e.g. {@code spec.steps[2]}
   * @return the runnable step, or null when a problem was reported
   */
  Step compile(StepSpec spec, String path, Problems problems);
}
