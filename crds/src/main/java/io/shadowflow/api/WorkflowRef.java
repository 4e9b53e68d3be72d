package io.shadowflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Names a Workflow in the namespace of the resource that refers to it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkflowRef {
  @JsonPropertyDescription("Name of a Workflow in the same namespace.")
  @Required
  @Size(max = ManifestLimits.NAME_CHARS)
  public String name;
}
