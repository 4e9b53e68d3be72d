package io.shadowflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** Golden records: the recorded runs that replays are compared against. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GoldenSpec {
  @JsonPropertyDescription("Record a golden record of every run.")
  public Boolean record;

  @JsonPropertyDescription("How long golden records are kept, e.g. 720h.")
  @Size(max = ManifestLimits.DURATION_CHARS)
  @Pattern(ManifestLimits.DURATION_PATTERN)
  public String maxAge;

  @JsonPropertyDescription("How many golden records of this workflow are kept at most.")
  public Integer maxCount;
}
