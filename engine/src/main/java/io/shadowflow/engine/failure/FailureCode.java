package io.shadowflow.engine.failure;

import static io.shadowflow.engine.failure.Category.PERMANENT;
import static io.shadowflow.engine.failure.Category.PERMISSION;
import static io.shadowflow.engine.failure.Category.RESOURCE;
import static io.shadowflow.engine.failure.Category.TRANSIENT;
import static io.shadowflow.engine.failure.Category.VALIDATION;
import static io.shadowflow.engine.failure.RecoveryMode.FAIL_RUN;
import static io.shadowflow.engine.failure.RecoveryMode.NEEDS_OPERATOR;
import static io.shadowflow.engine.failure.RecoveryMode.RESUME_FROM_CHECKPOINT;
import static io.shadowflow.engine.failure.RecoveryMode.RETRY_WITH_BACKOFF;

import java.util.Optional;

/**
 * The failure catalog: every failure the engine reports carries one of these codes. The code's name
 * is stable: it enters workflow hashes and alerts.
 */
public enum FailureCode {
  MANIFEST_INVALID(
      VALIDATION,
      FAIL_RUN,
      "the workflow manifest is invalid",
      "fix the fields named in the message and apply the manifest again"),
  EXPRESSION_INVALID(
      VALIDATION,
      FAIL_RUN,
      "an expression does not compile",
      "fix the CEL expression; `input` and `steps.<name>.output` are the variables"),
  EXPRESSION_FAILED(
      PERMANENT,
      FAIL_RUN,
      "an expression failed while evaluating",
      "check that the fields the expression reads exist and have the types it expects"),
  HTTP_400(
      PERMANENT,
      FAIL_RUN,
      "the server rejected the request as malformed",
      "check the step's url, headers and body"),
  HTTP_401(
      PERMISSION,
      FAIL_RUN,
      "the server asks for authentication",
      "give the step valid credentials"),
  HTTP_403(
      PERMISSION,
      FAIL_RUN,
      "the server refuses the request",
      "grant the caller access, or call another endpoint"),
  HTTP_404(PERMANENT, FAIL_RUN, "the URL does not exist", "check the step's url"),
  HTTP_409(
      PERMANENT,
      FAIL_RUN,
      "the request conflicts with the server's state",
      "check whether the call was already made with another idempotency key"),
  HTTP_429(
      RESOURCE,
      RETRY_WITH_BACKOFF,
      "the server is rate limiting",
      "lower the call rate or raise the server's limit"),
  HTTP_4XX(
      PERMANENT,
      FAIL_RUN,
      "the server rejected the request",
      "read the response status and fix the request"),
  HTTP_500(TRANSIENT, RETRY_WITH_BACKOFF, "the server failed", "check the server's logs"),
  HTTP_502(
      TRANSIENT,
      RETRY_WITH_BACKOFF,
      "a gateway got a bad answer upstream",
      "check the server behind the gateway"),
  HTTP_503(
      TRANSIENT,
      RETRY_WITH_BACKOFF,
      "the server is unavailable",
      "wait for the server to come back; retries with backoff do that"),
  HTTP_504(
      TRANSIENT, RETRY_WITH_BACKOFF, "a gateway timed out upstream", "check the server's latency"),
  HTTP_5XX(TRANSIENT, RETRY_WITH_BACKOFF, "the server failed", "check the server's logs"),
  TIMEOUT(
      TRANSIENT,
      RETRY_WITH_BACKOFF,
      "a call took longer than its timeout",
      "raise the step's timeout or speed up the server"),
  CONNECTION_REFUSED(
      TRANSIENT,
      RETRY_WITH_BACKOFF,
      "nothing listens at the address",
      "check the url's host and port and that the server runs"),
  CONNECTION_RESET(
      TRANSIENT,
      RETRY_WITH_BACKOFF,
      "the connection was cut",
      "usually passing; retries with backoff cover it"),
  UNKNOWN_HOST(PERMANENT, FAIL_RUN, "the host name does not resolve", "check the url's host"),
  DETERMINISM_VIOLATION(
      PERMANENT,
      NEEDS_OPERATOR,
      "a step produced a different result than the one already checkpointed",
      "a step is not deterministic: find what it reads outside the run context"),
  CHECKPOINT_WRITE_FAILED(
      TRANSIENT,
      RESUME_FROM_CHECKPOINT,
      "a checkpoint could not be written",
      "check the database; the run resumes from its last checkpoint"),
  DATABASE_UNAVAILABLE(
      TRANSIENT,
      RESUME_FROM_CHECKPOINT,
      "the database cannot be reached",
      "check the database server and the JDBC URL"),
  STEP_FAILED(PERMANENT, FAIL_RUN, "a step failed on purpose", "see the step's message"),
  INTERNAL_ERROR(
      PERMANENT,
      NEEDS_OPERATOR,
      "the engine met an unexpected error",
      "report it with the run id and the engine log");

  private final Category category;
  private final RecoveryMode recovery;
  private final String summary;
  private final String hint;

  FailureCode(Category category, RecoveryMode recovery, String summary, String hint) {
    this.category = category;
    this.recovery = recovery;
    this.summary = summary;
    this.hint = hint;
  }

  public Category category() {
    return category;
  }

  public RecoveryMode recovery() {
    return recovery;
  }

  public String summary() {
    return summary;
  }

  public String hint() {
    return hint;
  }

  /** The catalog's default retry policy: backoff for what may pass, none for the rest. */
  public RetryPolicy defaultRetry() {
    return switch (recovery) {
      case RETRY, RETRY_WITH_BACKOFF ->
          category == RESOURCE ? RetryPolicy.SLOW : RetryPolicy.STANDARD;
      default -> RetryPolicy.NONE;
    };
  }

  /** The code for an HTTP response status that is not a success. */
  public static FailureCode forHttpStatus(int status) {
    return lookup("HTTP_" + status).orElse(status >= 500 ? HTTP_5XX : HTTP_4XX);
  }

  /** The code of that name, if the catalog has it. */
  public static Optional<FailureCode> lookup(String name) {
    try {
      return Optional.of(valueOf(name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
