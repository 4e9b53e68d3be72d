package io.shadowflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** The seeds a ShadowRun replays: {@code count} consecutive seeds starting at {@code from}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SeedRange {
  @JsonPropertyDescription("First seed.")
  @Default("0")
  public Long from;

  @JsonPropertyDescription("How many seeds, at least 1.")
  @Required
  @Min(1)
  public Long count;
}
