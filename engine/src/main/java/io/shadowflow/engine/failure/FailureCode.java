package io.shadowflow.engine.failure;

import static io.shadowflow.engine.failure.Category.PERMANENT;
import static io.shadowflow.engine.failure.Category.PERMISSION;
import static io.shadowflow.engine.failure.Category.RESOURCE;
import static io.shadowflow.engine.failure.Category.TRANSIENT;
import static io.shadowflow.engine.failure.Category.VALIDATION;
import static io.shadowflow.engine.failure.RecoveryMode.FAIL_RUN;
import static io.shadowflow.engine.failure.RecoveryMode.NEEDS_OPERATOR;
import static io.shadowflow.engine.failure.RecoveryMode.RESUME_FROM_CHECKPOINT;
import static io.shadowflow.engine.failure.RecoveryMode.RETRY;
import static io.shadowflow.engine.failure.RecoveryMode.RETRY_WITH_BACKOFF;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The failure catalog: every failure the engine reports carries one of these codes. The code's name
 * is stable: it enters workflow hashes and alerts. {@code docs/failure-catalog.md} is generated
 * from this enum ({@code shadowflow catalog --markdown}).
 *
 * <p>A template holds {@code {placeholders}}; {@code {detail}} is what the raising site knows (the
 * step, the call, the database's words), the others are named in the template.
 */
public enum FailureCode {
  // ---- TRANSIENT: passing trouble, a retry is likely to succeed ----
  HTTP_408(
      TRANSIENT,
      RETRY_WITH_BACKOFF,
      "the server timed out waiting for the request",
      "usually passing; if it persists, check the network between engine and server"),
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
  CONTAINER_RETRYABLE(
      TRANSIENT,
      RETRY_WITH_BACKOFF,
      "a container step exited with code 75 (EX_TEMPFAIL): another attempt could succeed",
      "nothing if a retry succeeds; otherwise see the container's last lines in the message"),
  CHECKPOINT_WRITE_FAILED(
      TRANSIENT,
      RESUME_FROM_CHECKPOINT,
      "a checkpoint could not be written",
      "check the database; the run resumes from its last checkpoint"),
  DATABASE_UNAVAILABLE(
      TRANSIENT,
      RESUME_FROM_CHECKPOINT,
      "the database cannot be reached",
      "check the database server and the JDBC URL; the run resumes from its last checkpoint"),
  DB_CONNECTION_LOST(
      TRANSIENT,
      RETRY_WITH_BACKOFF,
      "the database connection broke during a statement",
      "usually a restart or failover of the database; writes are idempotent and retried"),
  DB_SERIALIZATION_FAILURE(
      TRANSIENT,
      RETRY,
      "the database aborted a transaction that conflicted with another",
      "nothing to do: the statement is retried at once"),
  DB_STATEMENT_TIMEOUT(
      TRANSIENT,
      RETRY_WITH_BACKOFF,
      "a database statement was cancelled by its timeout",
      "check the database's load and locks"),
  STEP_TIMEOUT(
      TRANSIENT,
      RETRY_WITH_BACKOFF,
      "a step attempt took longer than its timeout",
      "{step}: the attempt ran longer than the step's timeout of {limit}",
      "raise the step's `timeout`, or make the step faster"),
  RUN_INTERRUPTED(
      TRANSIENT,
      RESUME_FROM_CHECKPOINT,
      "the engine was stopped while the run went on",
      "start the run again: it resumes from its last checkpoint"),
  RUN_OWNED_ELSEWHERE(
      TRANSIENT,
      RESUME_FROM_CHECKPOINT,
      "the run is owned by another process, or has ended",
      "try later: another engine process executes this run (an old pod still terminating?); "
          + "once it stops, starting the run again resumes from its last checkpoint"),
  RUN_ROW_MISSING(
      TRANSIENT,
      RESUME_FROM_CHECKPOINT,
      "the run's row is missing from the database",
      "start the run again: opening it writes the row anew and the run resumes from its last"
          + " checkpoint"),

  // ---- PERMANENT: the same input fails the same way ----
  EXPRESSION_FAILED(
      PERMANENT,
      FAIL_RUN,
      "an expression failed while evaluating",
      "check that the fields the expression reads exist and have the types it expects"),
  CONDITION_NOT_BOOLEAN(
      PERMANENT,
      FAIL_RUN,
      "a step's when condition gave a value that is not true or false",
      "make the condition a boolean, e.g. 'steps.lines.output.size() > 0'"),
  ITEMS_NOT_A_LIST(
      PERMANENT,
      FAIL_RUN,
      "a forEach step's items expression gave a value that is not a list",
      "make items a list, e.g. 'input.orders' or 'steps.quotes.output.lines'"),
  TOO_MANY_ITEMS(
      PERMANENT,
      FAIL_RUN,
      "a forEach step's items are more than one loop may run",
      "{step}: {count} items, more than the limit of {limit}",
      "split the list over several forEach steps or runs"),
  RUN_SUPERSEDED(
      PERMANENT,
      FAIL_RUN,
      "the run goes on as the run of its Workflow's edited spec",
      "nothing to do: the Workflow's status names the run that continues it"),
  BRANCH_CANCELLED(
      PERMANENT,
      FAIL_RUN,
      "a branch or iteration was cancelled because another one failed (failFast)",
      "see the failure that cancelled it; set failFast: false to let every branch finish"),
  HTTP_400(
      PERMANENT,
      FAIL_RUN,
      "the server rejected the request as malformed",
      "check the step's url, headers and body"),
  HTTP_404(PERMANENT, FAIL_RUN, "the URL does not exist", "check the step's url"),
  HTTP_405(
      PERMANENT,
      FAIL_RUN,
      "the server does not allow this method at the URL",
      "check the step's method"),
  HTTP_409(
      PERMANENT,
      FAIL_RUN,
      "the request conflicts with the server's state",
      "check whether the call was already made with another idempotency key"),
  HTTP_410(
      PERMANENT, FAIL_RUN, "the URL is gone for good", "point the step at the resource's new URL"),
  HTTP_4XX(
      PERMANENT,
      FAIL_RUN,
      "the server rejected the request",
      "read the response status and fix the request"),
  HTTP_501(
      PERMANENT,
      FAIL_RUN,
      "the server does not implement the request",
      "check the step's method and url"),
  UNKNOWN_HOST(PERMANENT, FAIL_RUN, "the host name does not resolve", "check the url's host"),
  TLS_FAILED(
      PERMANENT,
      FAIL_RUN,
      "the TLS handshake failed",
      "check the server's certificate and that the engine trusts its issuer"),
  DETERMINISM_VIOLATION(
      PERMANENT,
      NEEDS_OPERATOR,
      "a step produced a different result than the one already checkpointed",
      "a step is not deterministic: find what it reads outside the run context"),
  STEP_FAILED(PERMANENT, FAIL_RUN, "a step failed on purpose", "see the step's message"),
  JAVA_STEP_FAILED(
      PERMANENT,
      FAIL_RUN,
      "a Java step failed and said another attempt would fail too",
      "see the step's message; fix the step's fields or the data it reads"),
  JAVA_STEP_RETRYABLE(
      TRANSIENT,
      RETRY_WITH_BACKOFF,
      "a Java step failed and said another attempt could succeed",
      "nothing if a retry succeeds; otherwise see the step's message"),
  JAVA_STEP_CRASHED(
      PERMANENT,
      FAIL_RUN,
      "a Java step threw an exception it did not declare",
      "fix the plugin: the message names the exception and the step"),
  SIGNAL_TIMEOUT(
      PERMANENT,
      FAIL_RUN,
      "no signal came within the wait step's timeout",
      "deliver the signal in time, or give the step a `default` to go on without it"),
  CHILD_WORKFLOWS_UNAVAILABLE(
      PERMANENT,
      FAIL_RUN,
      "a workflow step ran where no child workflow can run (a shadow run's live side)",
      "run the workflow with `shadowflow run` or under the operator"),
  CHILD_TEMPLATE_NOT_FOUND(
      PERMANENT,
      FAIL_RUN,
      "the Workflow a workflow step names as its template has no run in this database",
      "create that Workflow in the step's namespace first (scaled to 0 it runs nothing), or"
          + " write the child's steps under the step"),
  CONTAINER_FAILED(
      PERMANENT,
      FAIL_RUN,
      "a container step exited with a code other than 0 or 75",
      "see the container's last lines in the message, and its log"),
  CONTAINER_IMAGE_MISSING(
      PERMANENT,
      FAIL_RUN,
      "a container step's image cannot be pulled, or its command cannot be started",
      "check the image's name and tag and the namespace's pull secrets; run locally, check that"
          + " the command is on PATH"),
  CONTAINER_OUTPUT_INVALID(
      PERMANENT,
      FAIL_RUN,
      "a container step wrote no output, or output that is not one JSON document",
      "write one JSON document to the file $SHADOWFLOW_OUTPUT names; log to stdout or stderr"),
  DB_QUERY_FAILED(
      PERMANENT,
      NEEDS_OPERATOR,
      "the database rejected a statement",
      "report it with the engine log: the engine's SQL and the schema disagree"),
  DB_SCHEMA_MISMATCH(
      PERMANENT,
      RESUME_FROM_CHECKPOINT,
      "the database schema is missing or not the engine's version",
      "start the operator, which migrates the schema (locally: --migrate), or fix --db-schema"),
  DB_DATA_CORRUPTED(
      PERMANENT,
      NEEDS_OPERATOR,
      "the database reports corrupted data",
      "restore the database from a backup; the step log's hashes tell which rows are intact"),
  RUN_NOT_FOUND(
      PERMANENT,
      FAIL_RUN,
      "the run does not exist",
      "check the manifest, seed and database: the run id derives from them"),
  INTERNAL_ERROR(
      PERMANENT,
      NEEDS_OPERATOR,
      "the engine met an unexpected error",
      "report it with the run id and the engine log"),

  // ---- RESOURCE: something ran out ----
  HTTP_429(
      RESOURCE,
      RETRY_WITH_BACKOFF,
      "the server is rate limiting",
      "lower the call rate or raise the server's limit"),
  DB_POOL_EXHAUSTED(
      RESOURCE,
      RETRY_WITH_BACKOFF,
      "no database connection was free in time",
      "raise the pool size or lower the number of concurrent runs"),
  DB_TOO_MANY_CONNECTIONS(
      RESOURCE,
      RETRY_WITH_BACKOFF,
      "the database refuses more connections",
      "raise max_connections or lower the pool sizes of the engines"),
  DB_DISK_FULL(
      RESOURCE,
      RESUME_FROM_CHECKPOINT,
      "the database's disk is full",
      "free or add disk space, prune old runs, then start the run again: it resumes"),
  DB_OUT_OF_MEMORY(
      RESOURCE,
      RETRY_WITH_BACKOFF,
      "the database ran out of memory",
      "check the database's memory settings and load"),
  OUT_OF_MEMORY(
      RESOURCE,
      RESUME_FROM_CHECKPOINT,
      "the engine ran out of memory",
      "give the engine more memory (or shrink the step's data), then start the run again"),
  CONTAINER_KILLED(
      RESOURCE,
      FAIL_RUN,
      "a container step was killed: out of memory, or by a signal",
      "raise the step's resources.limits.memory, or find what sends the signal"),
  CONTAINER_INPUT_TOO_LARGE(
      RESOURCE,
      FAIL_RUN,
      "a container step's input is larger than a pod may be given (1,000,000 bytes)",
      "give the step less: keep large data elsewhere and pass a reference to it"),
  CONTAINER_OUTPUT_TOO_LARGE(
      RESOURCE,
      FAIL_RUN,
      "a container step's output is larger than 1 MiB",
      "output less: keep large data elsewhere and output a reference to it"),
  RESPONSE_TOO_LARGE(
      RESOURCE,
      FAIL_RUN,
      "a response is larger than a checkpoint may hold",
      "{step}: the response is larger than the limit of {limit} bytes; reading stopped there",
      "have the server answer with less, e.g. a reference instead of the data"),
  STEP_OUTPUT_TOO_LARGE(
      RESOURCE,
      FAIL_RUN,
      "a step's output is larger than a checkpoint may hold",
      "{step}: the output takes {size} bytes, more than the limit of {limit}",
      "have the step produce less, e.g. only the fields later steps read"),
  RUN_TOO_LARGE(
      RESOURCE,
      FAIL_RUN,
      "the run's step outputs together are larger than a run may hold",
      "{step}: the outputs would take {size} bytes, more than the run's limit of {limit}",
      "split the work over several runs, or keep less in each step's output"),
  EXPRESSION_TOO_COSTLY(
      RESOURCE,
      FAIL_RUN,
      "an expression ran past its iteration limit",
      "iterate over less data, or split the work over several steps"),
  POLICY_MAX_STEPS(
      RESOURCE,
      FAIL_RUN,
      "the run reached its policy's step limit",
      "{step}: policy maxSteps allows {limit} steps and this would be step {count}",
      "raise spec.policy.maxSteps or run fewer steps"),
  POLICY_BUDGET(
      RESOURCE,
      FAIL_RUN,
      "the run would spend more than its policy's budget",
      "{step}: policy budget is {limit}, {spent} is spent and the step costs {cost}",
      "raise spec.policy.budget, or lower the steps' cost"),
  POLICY_RUN_TIMEOUT(
      RESOURCE,
      FAIL_RUN,
      "the run took longer than its policy's timeout",
      "{step}: policy timeout is {limit} and the run started {elapsed} ago",
      "raise spec.policy.timeout or speed the steps up"),

  // ---- PERMISSION: credentials or policy forbid it ----
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
  HTTP_407(
      PERMISSION,
      FAIL_RUN,
      "the proxy asks for authentication",
      "configure the proxy's credentials for the engine"),
  POLICY_KIND_DENIED(
      PERMISSION,
      FAIL_RUN,
      "the step's kind is denied by the policy",
      "{step}: policy deniedKinds forbids kind {kind}",
      "remove the step, or take its kind out of spec.policy.deniedKinds"),
  POLICY_KIND_NOT_ALLOWED(
      PERMISSION,
      FAIL_RUN,
      "the step's kind is not among the policy's allowed kinds",
      "{step}: policy allowedKinds {allowed} does not list kind {kind}",
      "add the kind to spec.policy.allowedKinds, or remove the step"),
  EGRESS_DENIED(
      PERMISSION,
      FAIL_RUN,
      "the egress policy forbids calling this destination",
      "{host} is refused by {rule}; nothing was sent",
      "call another host; a platform admin may allow a cluster range in engine.egress.allow"),
  DB_PERMISSION_DENIED(
      PERMISSION,
      RESUME_FROM_CHECKPOINT,
      "the database user may not touch the engine's tables",
      "grant the engine's user rights on its schema, then start the run again"),
  DB_AUTH_FAILED(
      PERMISSION,
      RESUME_FROM_CHECKPOINT,
      "the database rejected the engine's credentials",
      "fix the database user and password (--db-user, --db-password), then start again"),
  SECRET_NOT_FOUND(
      PERMISSION,
      FAIL_RUN,
      "a Secret key the step references is not there",
      "{step}: Secret {name} key {key}: {where}",
      "create the Secret's key in the Workflow's namespace; for the CLI, the file NAME/KEY under"
          + " --secrets-dir"),

  // ---- VALIDATION: the input is wrong ----
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
  INPUT_INVALID(
      VALIDATION,
      FAIL_RUN,
      "a command-line option or input file is invalid",
      "fix the option named in the message; `shadowflow help COMMAND` lists them"),
  HTTP_413(VALIDATION, FAIL_RUN, "the server finds the request too large", "send a smaller body"),
  HTTP_415(
      VALIDATION,
      FAIL_RUN,
      "the server does not accept the request's content type",
      "set the Content-Type header the server expects"),
  HTTP_422(
      VALIDATION,
      FAIL_RUN,
      "the server cannot process the request's content",
      "fix the body's fields as the server's answer says"),
  CHILD_INPUT_INVALID(
      VALIDATION,
      FAIL_RUN,
      "a workflow step's input is not a JSON object",
      "make the step's `input` expression give an object, e.g. '{\"qty\": input.qty}'"),
  SIGNAL_PAYLOAD_INVALID(
      VALIDATION,
      FAIL_RUN,
      "a signal's payload is not what the wait step accepts",
      "send a payload its `accepts` allows: the message names each field that is wrong"),
  RESPONSE_MALFORMED(
      VALIDATION,
      FAIL_RUN,
      "a response says it is JSON but does not parse",
      "fix the server's response, or have it answer with another content type"),
  RESPONSE_SCHEMA_VIOLATION(
      VALIDATION,
      FAIL_RUN,
      "a response does not have the shape the engine expects",
      "fix the server's response to match what the step reads"),
  PLAN_MALFORMED(
      VALIDATION,
      FAIL_RUN,
      "the planner's answer is not a plan",
      "{step}: the planner must answer a JSON object {\"steps\": [...]}; {detail}",
      "fix the planner service's response"),
  PLAN_SCHEMA_INVALID(
      VALIDATION,
      FAIL_RUN,
      "a planned step is not a valid step",
      "{step}: plan {field}: {detail}",
      "fix the planner so each step has the fields of its kind"),
  PLAN_KIND_DENIED(
      VALIDATION,
      FAIL_RUN,
      "a planned step's kind is forbidden by the policy",
      "{step}: plan {field}: {detail}",
      "have the planner use only kinds the policy allows"),
  PLAN_TOO_MANY_STEPS(
      VALIDATION,
      FAIL_RUN,
      "the plan has more steps than allowed",
      "{step}: plan {field}: {detail}",
      "have the planner plan fewer steps, or raise planner.maxSteps / spec.policy.maxSteps"),
  PLAN_TOO_DEEP(
      VALIDATION,
      FAIL_RUN,
      "the plan nests plan steps deeper than allowed",
      "{step}: plan step {field} would nest plans {count} deep, the limit is {limit}",
      "flatten the plan"),
  PLAN_OVER_BUDGET(
      VALIDATION,
      FAIL_RUN,
      "the plan would cost more than the run's budget has left",
      "{step}: plan {field}: {detail}",
      "have the planner plan cheaper steps, or raise spec.policy.budget"),
  PLAN_EXPRESSION_REJECTED(
      VALIDATION,
      FAIL_RUN,
      "a planned expression does not compile or is too costly",
      "{step}: plan {field}: {detail}",
      "keep planned expressions small: no nested comprehensions, few nodes"),
  PLAN_PAYLOAD_TOO_LARGE(
      VALIDATION,
      FAIL_RUN,
      "the plan or one of its fields is too large",
      "{step}: {field} has {size} characters, the limit is {limit}",
      "have the planner send smaller steps"),
  PLAN_NAME_REJECTED(
      VALIDATION,
      FAIL_RUN,
      "a planned step's name is not a safe step name",
      "{step}: plan {field}: {detail}",
      "planned names must be letters, digits, '_' or '-', and unique in the run");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)\\}");

  private final Category category;
  private final RecoveryMode recovery;
  private final String summary;
  private final String template;
  private final String hint;

  FailureCode(Category category, RecoveryMode recovery, String summary, String hint) {
    this(category, recovery, summary, summary + ": {detail}", hint);
  }

  FailureCode(
      Category category, RecoveryMode recovery, String summary, String template, String hint) {
    this.category = category;
    this.recovery = recovery;
    this.summary = summary;
    this.template = template;
    this.hint = hint;
  }

  public Category category() {
    return category;
  }

  public RecoveryMode recovery() {
    return recovery;
  }

  /** What went wrong, in a few words, without placeholders. */
  public String summary() {
    return summary;
  }

  /** The message's shape, with {@code {placeholders}}. */
  public String template() {
    return template;
  }

  public String hint() {
    return hint;
  }

  /**
   * The message: the template with each placeholder replaced by its value; a placeholder without a
   * value stays visible, so a message never silently loses a part.
   */
  public String format(Map<String, ?> values) {
    Matcher placeholder = PLACEHOLDER.matcher(template);
    StringBuilder message = new StringBuilder();
    while (placeholder.find()) {
      Object value = values.get(placeholder.group(1));
      placeholder.appendReplacement(
          message,
          Matcher.quoteReplacement(value == null ? placeholder.group() : value.toString()));
    }
    placeholder.appendTail(message);
    return message.toString();
  }

  /** The message of the default template: the summary and what the raising site knows. */
  public String withDetail(String detail) {
    return format(Map.of("detail", detail));
  }

  /** The catalog's default retry policy: backoff for what may pass, none for the rest. */
  public RetryPolicy defaultRetry() {
    return switch (recovery) {
      case RETRY -> RetryPolicy.QUICK;
      case RETRY_WITH_BACKOFF -> category == RESOURCE ? RetryPolicy.SLOW : RetryPolicy.STANDARD;
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
