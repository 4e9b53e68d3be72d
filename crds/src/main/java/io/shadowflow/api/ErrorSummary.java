package io.shadowflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Why a run failed, in the failure catalog's terms. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ErrorSummary {
  @JsonPropertyDescription("Failure catalog code, e.g. HTTP_503 or MANIFEST_INVALID.")
  public String code;

  @JsonPropertyDescription(
      "Category of the code: TRANSIENT, PERMANENT, RESOURCE, PERMISSION or VALIDATION.")
  public String category;

  @JsonPropertyDescription("What happened, for people.")
  public String message;

  @JsonPropertyDescription(
      "What recovers from it: RETRY, RETRY_WITH_BACKOFF, RESUME_FROM_CHECKPOINT, FAIL_RUN or NEEDS_OPERATOR.")
  public String recoveryMode;

  public ErrorSummary() {}

  public ErrorSummary(String code, String category, String message, String recoveryMode) {
    this.code = code;
    this.category = category;
    this.message = message;
    this.recoveryMode = recoveryMode;
  }
}
