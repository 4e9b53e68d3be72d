package io.shadowflow.engine.failure;

/** The five kinds of failure; the category decides whether a retry can help. */
public enum Category {
  /** Passing trouble (network, overload): a retry is likely to succeed. */
  TRANSIENT,
  /** The same input will fail the same way: retrying is pointless. */
  PERMANENT,
  /** Something ran out (memory, disk, pool, budget). */
  RESOURCE,
  /** The caller is not allowed: credentials or policy. */
  PERMISSION,
  /** The input is wrong: a manifest, a plan, a response that breaks its schema. */
  VALIDATION
}
