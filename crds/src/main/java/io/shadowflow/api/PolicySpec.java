package io.shadowflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Limits a run must obey; a violation fails the run with a catalog code naming the policy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PolicySpec {
  @JsonPropertyDescription("Most steps the run may execute, planned steps included.")
  public Integer maxSteps;

  @JsonPropertyDescription("Total cost the run may spend; each step kind has a cost.")
  public Integer budget;

  @JsonPropertyDescription("Longest the whole run may take, e.g. 10m.")
  @Size(max = ManifestLimits.DURATION_CHARS)
  @Pattern(ManifestLimits.DURATION_PATTERN)
  public String timeout;

  @JsonPropertyDescription("If set, only these step kinds may run.")
  @Size(max = ManifestLimits.LIST_ITEMS)
  @ValueSize(max = ManifestLimits.WORD_CHARS)
  public List<String> allowedKinds;

  @JsonPropertyDescription("These step kinds may never run.")
  @Size(max = ManifestLimits.LIST_ITEMS)
  @ValueSize(max = ManifestLimits.WORD_CHARS)
  public List<String> deniedKinds;
}
