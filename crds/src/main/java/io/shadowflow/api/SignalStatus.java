package io.shadowflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * What came of a Signal: delivered to a run, or refused with the reason. Set once; a Signal is
 * never delivered twice, and a change to its spec afterwards changes nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SignalStatus {
  /** Delivered to the run, which takes it at its wait step. */
  public static final String DELIVERED = "Delivered";

  /** Refused: the reason says why; nothing changed. */
  public static final String REJECTED = "Rejected";

  @JsonPropertyDescription("Delivered or Rejected.")
  public String phase;

  @JsonPropertyDescription("The run the signal was delivered to, or meant for.")
  public String runId;

  @JsonPropertyDescription("Why the signal was refused, or where it went.")
  public String reason;

  @JsonPropertyDescription("When the operator decided.")
  public String decidedAt;

  @JsonPropertyDescription("The metadata.generation this status describes.")
  public Long observedGeneration;
}
