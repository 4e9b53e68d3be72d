package io.shadowflow.engine.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One committed step in the append-only step log.
 *
 * @param seq position in the run, from 0
 * @param path the step's address, e.g. {@code steps/3}
 * @param durationMs how long it took; volatile, never hashed
 * @param attempts attempts it took; volatile, never hashed
 * @param external the recorded results of its external calls by key, null when it made none; a
 *     replay is served these instead of calling (see {@code StepContext.external})
 * @param plugin the plugin that brought the step's kind (its jar, SHA-256 and version); null for a
 *     kind built into the engine. Never hashed.
 */
public record StepRecord(
    int seq,
    String path,
    String name,
    String kind,
    JsonNode input,
    JsonNode output,
    String stepHash,
    long durationMs,
    int attempts,
    JsonNode external,
    String plugin) {

  /** A step of a kind built into the engine. */
  public StepRecord(
      int seq,
      String path,
      String name,
      String kind,
      JsonNode input,
      JsonNode output,
      String stepHash,
      long durationMs,
      int attempts,
      JsonNode external) {
    this(seq, path, name, kind, input, output, stepHash, durationMs, attempts, external, null);
  }
}
