package io.shadowflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

/** What a container step's pod asks for and may use, as Kubernetes quantities. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ContainerResourcesSpec {
  @JsonPropertyDescription("Requested cpu, memory and ephemeral-storage, e.g. {cpu: 250m}.")
  @Size(max = 3)
  @ValueSize(max = ManifestLimits.WORD_CHARS)
  public Map<String, String> requests;

  @JsonPropertyDescription("Limits of cpu, memory and ephemeral-storage, e.g. {memory: 256Mi}.")
  @Size(max = 3)
  @ValueSize(max = ManifestLimits.WORD_CHARS)
  public Map<String, String> limits;
}
