package io.shadowflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Failures injected into replays, drawn from the run's seeded source so they replay too. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FaultSpec {
  @JsonPropertyDescription(
      "Fault names to inject, e.g. HTTP_503, DISK_FULL (docs/fault-injection.md lists each).")
  @Size(max = ManifestLimits.LIST_ITEMS)
  public List<FaultName> types;

  @JsonPropertyDescription("Chance that a step gets a fault, from 0 to 1.")
  @Min(0)
  @Max(1)
  public Double probability;
}
