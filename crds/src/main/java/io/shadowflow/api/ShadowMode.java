package io.shadowflow.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a ShadowRun compares. */
public enum ShadowMode {
  /** Each seed on different workers must hash the same. */
  @JsonProperty("crossWorker")
  CROSS_WORKER,
  /** Each seed must hash as its golden record. */
  @JsonProperty("replay")
  REPLAY,
  /** Both comparisons. */
  @JsonProperty("both")
  BOTH;

  /** The name users write in the spec and the CLI takes. */
  public String wireName() {
    return switch (this) {
      case CROSS_WORKER -> "crossWorker";
      case REPLAY -> "replay";
      case BOTH -> "both";
    };
  }
}
