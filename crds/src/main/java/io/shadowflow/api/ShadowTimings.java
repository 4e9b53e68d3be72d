package io.shadowflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** When the ShadowRun started and cycled, and how long replays take. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ShadowTimings {
  @JsonPropertyDescription("When the first cycle started (RFC 3339).")
  public String startedAt;

  @JsonPropertyDescription("When the current or last cycle started (RFC 3339).")
  public String cycleStartedAt;

  @JsonPropertyDescription("When the last cycle finished (RFC 3339).")
  public String cycleFinishedAt;

  @JsonPropertyDescription("Median time of one replay, in milliseconds.")
  public Double replayP50Millis;

  @JsonPropertyDescription("99th percentile time of one replay, in milliseconds.")
  public Double replayP99Millis;
}
