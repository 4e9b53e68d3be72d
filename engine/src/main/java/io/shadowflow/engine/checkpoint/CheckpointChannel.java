package io.shadowflow.engine.checkpoint;

import io.shadowflow.engine.hash.Sha256;

/**
 * The PostgreSQL NOTIFY channel the engine sends on when a run changes: a checkpoint, a failed
 * attempt, a park, a signal or a child recorded, the run's end. A channel spans the whole database,
 * so each schema (each installation) has its own, named after a digest of the schema's name: two
 * installations sharing a database never hear each other.
 *
 * <p>The payload is {@code {"runId": ID}} and nothing else: any role connected to the database may
 * LISTEN on any channel, a tenant's too, so a notification names nothing another namespace could
 * read (no namespace, workflow, step or signal name). The operator looks the run's Workflow up
 * itself.
 */
public final class CheckpointChannel {
  private static final String PREFIX = "shadowflow_";

  /**
   * Hex digits of the schema's SHA-256 in the name: within PostgreSQL's 63 bytes with the prefix.
   */
  private static final int DIGITS = 40;

  /**
   * The channel of the statement's schema, an SQL expression: a session's {@code current_schema()}
   * is the schema its pool was set to. Migration V16's triggers compute the same of their table's.
   */
  public static final String OF_CURRENT_SCHEMA =
      "'%s' || left(encode(sha256(convert_to(current_schema(), 'UTF8')), 'hex'), %d)"
          .formatted(PREFIX, DIGITS);

  private CheckpointChannel() {}

  /**
   * The channel of {@code schema}, as LISTEN names it: the value {@link #OF_CURRENT_SCHEMA} has.
   */
  public static String of(String schema) {
    return PREFIX + Sha256.hex(schema).substring(0, DIGITS);
  }
}
