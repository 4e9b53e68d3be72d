package io.shadowflow.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Where a secret parameter's value comes from. */
public class SecretValueFrom {
  @JsonPropertyDescription("A key of a Secret in the Workflow's namespace.")
  @Required
  public SecretKeyRefSpec secretKeyRef;
}
