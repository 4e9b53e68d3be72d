package io.shadowflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * One request parameter whose value is a Secret's key: a header, a URL query parameter or a
 * top-level body field. Only the reference is stored and hashed; the value is read at call time.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretParamSpec {
  @JsonPropertyDescription("Where the value goes: header, query or body.")
  @Required
  @Size(max = 6)
  @Pattern("^(header|query|body)$")
  public String in;

  @JsonPropertyDescription("Name of the header, query parameter or top-level body field.")
  @Required
  @Size(min = 1, max = 128)
  @Pattern("^[A-Za-z0-9][A-Za-z0-9_.-]*$")
  public String name;

  @JsonPropertyDescription("Text put before the value, e.g. 'Bearer '.")
  @Size(max = 64)
  public String prefix;

  @JsonPropertyDescription("The Secret key holding the value.")
  @Required
  public SecretValueFrom valueFrom;
}
