package io.shadowflow.engine.checkpoint;

/**
 * Where the engine's tables live.
 *
 * @param user null to take it from the URL
 * @param password null to take it from the URL
 */
public record DatabaseConfig(
    String jdbcUrl, String user, String password, String schema, int poolSize) {
  /** The schema the engine's tables live in unless told otherwise. */
  public static final String DEFAULT_SCHEMA = "shadowflow";

  public static DatabaseConfig of(String jdbcUrl) {
    return new DatabaseConfig(jdbcUrl, null, null, DEFAULT_SCHEMA, 4);
  }

  public DatabaseConfig withSchema(String newSchema) {
    return new DatabaseConfig(jdbcUrl, user, password, newSchema, poolSize);
  }

  public DatabaseConfig withPoolSize(int newPoolSize) {
    return new DatabaseConfig(jdbcUrl, user, password, schema, newPoolSize);
  }
}
