package io.shadowflow.api;

/**
 * Every bound a Workflow manifest must stay within, chosen once: the CRD's schema annotations and
 * the engine's validator both read these constants, and docs/manifest-limits.md lists them.
 */
public final class ManifestLimits {
  /** Largest manifest file; checked before the YAML parser sees a byte. */
  public static final int FILE_BYTES = 256 * 1024;

  /** Deepest nesting of objects and lists, counted from the document root. */
  public static final int DEPTH = 64;

  /** Most values (objects, lists and scalars together) in one manifest. */
  public static final int VALUES = 20_000;

  /** Longest number literal; a longer one is no number JSON can carry exactly. */
  public static final int NUMBER_CHARS = 100;

  /** Longest string anywhere in a manifest (input values included). */
  public static final int STRING_CHARS = 65_536;

  /** Most steps one Workflow may list; it also bounds the cost of the CRD's CEL rules. */
  public static final int STEPS = 256;

  /** Longest step or Kubernetes object name. */
  public static final int NAME_CHARS = 63;

  /** Longest workflow type. */
  public static final int TYPE_CHARS = 253;

  /** Longest CEL expression (transform expr, http body). */
  public static final int EXPRESSION_CHARS = 8192;

  /** Longest URL. */
  public static final int URL_CHARS = 2048;

  /** Longest container image reference. */
  public static final int IMAGE_CHARS = 512;

  /** What an image reference looks like: registry/repository[:tag][@sha256:digest]. */
  public static final String IMAGE_PATTERN = "^[a-z0-9][A-Za-z0-9._/:@-]*$";

  /** Longest header name. */
  public static final int HEADER_NAME_CHARS = 256;

  /** Longest header value. */
  public static final int HEADER_VALUE_CHARS = 8192;

  /** Most headers of one request. */
  public static final int HEADERS = 64;

  /** Longest duration text ({@code 1m30s}). */
  public static final int DURATION_CHARS = 32;

  /** What a duration looks like (Go's format, as Kubernetes writes it): 500ms, 1m30s, 24h. */
  public static final String DURATION_PATTERN = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";

  /** Longest duration, in hours (one year). */
  public static final long DURATION_HOURS = 8760;

  /** Longest short word: step kind, method, planner type, failure code or category. */
  public static final int WORD_CHARS = 64;

  /** Longest failure message of a fail step. */
  public static final int MESSAGE_CHARS = 4096;

  /** Most entries of a short list: step kinds of a policy, errors of a retrier, retriers. */
  public static final int LIST_ITEMS = 64;

  /** Most values a random step may choose from. */
  public static final int CHOICES = 1024;

  /** Most steps listed statically in a planner (a plan's own maximum is 1000). */
  public static final int PLANNED_STEPS = 1000;

  /** Most branches of one parallel step. */
  public static final int BRANCHES = 32;

  /** Most items one forEach step may loop over; checked when its items are known. */
  public static final int FOREACH_ITEMS = 10_000;

  /** Most branches or iterations one parallel or forEach step may run at once. */
  public static final int MAX_PARALLEL = 256;

  /** Deepest nesting of parallel and forEach steps inside one another, the outermost counting 1. */
  public static final int NESTING = 4;

  private ManifestLimits() {}
}
