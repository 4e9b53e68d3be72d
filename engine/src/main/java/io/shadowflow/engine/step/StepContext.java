package io.shadowflow.engine.step;

import io.shadowflow.engine.run.SeededRandom;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The only door from a step to anything non-deterministic. What passes through it is seeded or
 * recorded, so a resumed or replayed run sees the same values.
 */
public interface StepContext {
  String runId();

  long seed();

  /** The step's address in the workflow, e.g. {@code steps/3}. */
  String path();

  /** The attempt being made, from 1; recorded, so a resumed attempt keeps its number. */
  int attempt();

  /** This step's own seeded random stream. */
  SeededRandom random();

  /** Deterministic time: the run's recorded start plus the recorded durations of its steps. */
  Instant now();

  /** Variables for expressions: {@code input} and {@code steps}, as CEL values. */
  Map<String, Object> variables();

  /** Waits on a durable timer: after a crash only the time left is waited. */
  void sleep(Duration duration) throws InterruptedException;

  /** The client for external calls. */
  HttpClient http();

  /** A key that is the same for every try of this attempt of this step, for idempotent calls. */
  String idempotencyKey();
}
