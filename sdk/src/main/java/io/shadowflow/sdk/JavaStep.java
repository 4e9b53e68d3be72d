package io.shadowflow.sdk;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A step kind written in Java. A manifest uses it as {@code kind: <kind()>} with its own fields
 * under {@code with:}. Implementations are found by {@link java.util.ServiceLoader}: list the class
 * in {@code META-INF/services/io.shadowflow.sdk.JavaStep} of the plugin's jar.
 *
 * <p>A step may run again after a crash, and a replay or a shadow run runs it again and compares:
 * given the same {@code with} and the same context, {@link #run} must give the same output. Reach
 * anything that could differ (time, randomness, the network, files, the host) only through the
 * {@link StepContext}; {@code shadowflow lint JAR} finds what goes around it.
 */
public interface JavaStep {
  /** The name manifests write in {@code kind:}: letters and digits, starting with a letter. */
  String kind();

  /**
   * Checks the step's {@code with:} fields when the manifest is compiled, before anything runs.
   * Report each problem at its field, relative to {@code with} ({@code limit}, {@code
   * rules[2].to}).
   *
   * @param with the step's fields; an empty object when it has none
   */
  default void validate(JsonNode with, FieldProblems problems) {}

  /**
   * Whether the step only computes from its fields, the run's input and earlier outputs: no {@link
   * StepContext#external} call. Such a step costs least: its attempts need no timer, and the engine
   * may compute it again after a crash instead of committing it on its own (as it does
   * expressions). A step that says so and then calls out fails ({@code JAVA_STEP_CRASHED}).
   */
  default boolean onlyComputes() {
    return false;
  }

  /**
   * Runs one attempt of the step.
   *
   * @param with the step's fields, as validated
   * @return the step's output: any JSON value; it enters the step hash
   * @throws StepFailure when the attempt fails; say whether another attempt could succeed
   */
  JsonNode run(JsonNode with, StepContext context) throws StepFailure, InterruptedException;
}
