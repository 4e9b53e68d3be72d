package io.shadowflow.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A key of a Secret in the Workflow's namespace; the operator mounts it into engine pods as the
 * file {@code NAME/KEY} of the secrets folder.
 */
public class SecretKeyRefSpec {
  /** A DNS-1123 label: a Secret name that is also safe as a path segment and a volume name. */
  public static final String NAME_PATTERN = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";

  /** A Secret data key, as Kubernetes allows it, but never {@code .} or {@code ..}. */
  public static final String KEY_PATTERN = "^[-._a-zA-Z0-9]*[-_a-zA-Z0-9][-._a-zA-Z0-9]*$";

  @JsonPropertyDescription("Name of the Secret.")
  @Required
  @Size(min = 1, max = 63)
  @Pattern(NAME_PATTERN)
  public String name;

  @JsonPropertyDescription("Key within the Secret.")
  @Required
  @Size(min = 1, max = 253)
  @Pattern(KEY_PATTERN)
  public String key;
}
