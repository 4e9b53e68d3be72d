package io.shadowflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Which run a Signal is for, its name, and its payload. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SignalSpec {
  @JsonPropertyDescription("The Workflow whose current run waits for the signal.")
  @Required
  public WorkflowRef workflowRef;

  @JsonPropertyDescription("The signal's name, as the wait step's `signal` gives it.")
  @Required
  @Size(max = ManifestLimits.NAME_CHARS)
  @Pattern("^[A-Za-z][A-Za-z0-9_.-]{0,62}$")
  public String signal;

  @JsonPropertyDescription(
      "The payload, any JSON the wait step's `accepts` allows; it becomes the step's output."
          + " Default: null.")
  public JsonNode payload;
}
