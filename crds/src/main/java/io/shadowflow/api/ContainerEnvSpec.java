package io.shadowflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One environment variable of a container step: a plain value, or a Secret's key. */
@ValidationRule(
    value = "has(self.value) != has(self.valueFrom)",
    message = "an env variable has either value or valueFrom")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ContainerEnvSpec {
  /** An environment variable name as Kubernetes allows it. */
  public static final String NAME_PATTERN = "^[-._a-zA-Z][-._a-zA-Z0-9]*$";

  @JsonPropertyDescription("Name of the variable.")
  @Required
  @Size(min = 1, max = 128)
  @Pattern(NAME_PATTERN)
  public String name;

  @JsonPropertyDescription("The value, recorded with the step and part of the workflow hash.")
  @Size(max = ManifestLimits.HEADER_VALUE_CHARS)
  public String value;

  @JsonPropertyDescription(
      "A Secret key the value comes from: only the reference is recorded, never the value.")
  public SecretValueFrom valueFrom;
}
