package io.shadowflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A replay whose hash differed from the expected one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Mismatch {
  @JsonPropertyDescription("Seed of the diverging replay.")
  public Long seed;

  @JsonPropertyDescription("Workflow hash the replay should have produced.")
  public String expectedHash;

  @JsonPropertyDescription("Workflow hash the replay produced.")
  public String actualHash;

  @JsonPropertyDescription(
      "Path of the first step whose hash differed, such as steps/1 (the second step of the"
          + " run); the expected and actual step records are in the shadow_mismatches table.")
  public String firstDivergingStep;
}
