package io.shadowflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** Exponential backoff: attempts, first interval, growth and cap. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetrySpec {
  @JsonPropertyDescription("Attempts in all, the first included; 1 means no retry.")
  public Integer maxAttempts;

  @JsonPropertyDescription("Wait before the first retry, e.g. 1s.")
  @Size(max = ManifestLimits.DURATION_CHARS)
  @Pattern(ManifestLimits.DURATION_PATTERN)
  public String initialInterval;

  @JsonPropertyDescription("Factor by which each wait grows, at least 1.0.")
  public Double backoffCoefficient;

  @JsonPropertyDescription("Longest wait between two attempts, e.g. 1m.")
  @Size(max = ManifestLimits.DURATION_CHARS)
  @Pattern(ManifestLimits.DURATION_PATTERN)
  public String maxInterval;
}
