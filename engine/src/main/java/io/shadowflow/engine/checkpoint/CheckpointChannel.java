package io.shadowflow.engine.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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
   * The channel of the statement's schema, an SQL expression: a session's {@code current_schema()}
   * is the schema its pool was set to. {@code md5} keeps the name within PostgreSQL's 63 bytes.
   */
  public static final String OF_CURRENT_SCHEMA = "'" + PREFIX + "' || md5(current_schema())";

  private CheckpointChannel() {}

  /**
   * The channel of {@code schema}, as LISTEN names it: the value {@link #OF_CURRENT_SCHEMA} has.
   */
  public static String of(String schema) {
    try {
      byte[] digest =
          MessageDigest.getInstance("MD5").digest(schema.getBytes(StandardCharsets.UTF_8));
      return PREFIX + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has MD5", e);
    }
  }
}
