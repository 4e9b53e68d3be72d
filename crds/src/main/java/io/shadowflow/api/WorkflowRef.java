package io.shadowflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Names a Workflow in the ShadowRun's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkflowRef {
  @JsonPropertyDescription("Name of the Workflow whose definition is replayed.")
  @Required
  @Size(max = ManifestLimits.NAME_CHARS)
  public String name;
}
