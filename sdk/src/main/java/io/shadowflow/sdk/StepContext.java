package io.shadowflow.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * The only door from a step to anything that could differ between two runs. What passes through it
 * is seeded or recorded, so a resumed, replayed or shadow run sees the same values.
 */
public interface StepContext {
  /** The run's id. */
  String runId();

  /** The step's path in the run, e.g. {@code steps/3}. */
  String path();

  /** The attempt being made, from 1. */
  int attempt();

  /** The run's input. */
  JsonNode input();

  /**
   * The output of an earlier step this step can read (as {@code steps.<name>.output} in an
   * expression); a missing node for any other name.
   */
  JsonNode output(String step);

  /** The run's deterministic clock: its recorded start plus the recorded durations before. */
  Instant now();

  /** This step's own random stream, seeded by the run's seed and the step's path. */
  RandomGenerator random();

  /**
   * The result of a call outside the run: a live run makes it and records the result with the step;
   * a replay serves the recorded result and never calls.
   *
   * @param key names the call within the step, e.g. {@code quote}
   */
  JsonNode external(String key, ExternalCall call) throws StepFailure, InterruptedException;

  /**
   * A key that is the same for every attempt of this step in every process of the run: send it to a
   * server so that it sees a retried call as the same call.
   */
  String idempotencyKey();

  /** Where the step logs; lines go to the engine's log, never into the step's record. */
  System.Logger logger();
}
