package io.shadowflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A retry policy that applies to the failures it names (codes or categories). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetrierSpec extends RetrySpec {
  @JsonPropertyDescription(
      "Failure codes (HTTP_503) or categories (TRANSIENT) this retrier matches; empty matches all.")
  @Size(max = ManifestLimits.LIST_ITEMS)
  @ValueSize(max = ManifestLimits.WORD_CHARS)
  public List<String> errors;
}
